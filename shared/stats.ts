import type { Trace, TraceTask } from './trace';

export interface WorkerStats {
  pid: number;
  /** Tasks that ran on this PID (finished, failed while running, or still running). */
  tasks: number;
  busyMs: number;
}

/** The answer to "how are the calls distributed across the pool?", in numbers. */
export interface TraceStats {
  tasks: number;
  done: number;
  failed: number;
  cancelled: number;
  pending: number;
  running: number;
  /** From the run's start (time zero, just before the first submit) to the last finish. */
  makespanMs: number;
  /** The sum of every task's run time (start to finish, on its worker). */
  totalTaskMs: number;
  /** totalTaskMs / makespanMs: how many workers were busy on average. */
  speedup: number;
  /** Mean submitted -> started wait, over tasks that started. */
  meanWaitMs: number;
  /** One row per PID that ran a task, in the submission order of its first task. */
  perWorker: WorkerStats[];
}

/** `now` (ms since start) closes still-running tasks, so a live run has live numbers. */
export function summarize(trace: Trace, now?: number): TraceStats {
  const stats: TraceStats = {
    tasks: 0,
    done: 0,
    failed: 0,
    cancelled: 0,
    pending: 0,
    running: 0,
    makespanMs: 0,
    totalTaskMs: 0,
    speedup: 0,
    meanWaitMs: 0,
    perWorker: [],
  };
  const perPid = new Map<number, WorkerStats>();
  let end = 0;
  let waited = 0;
  let started = 0;
  for (const task of trace.tasks as (TraceTask | undefined)[]) {
    if (!task) continue;
    stats.tasks++;
    stats[task.status]++;
    const finish = task.finishedAt ?? (task.status === 'running' ? now : undefined);
    if (finish !== undefined) end = Math.max(end, finish);
    if (task.startedAt === undefined || task.pid === undefined) continue;
    started++;
    waited += task.startedAt - task.submittedAt;
    const ran = finish === undefined ? 0 : Math.max(0, finish - task.startedAt);
    stats.totalTaskMs += ran;
    let w = perPid.get(task.pid);
    if (!w) {
      w = { pid: task.pid, tasks: 0, busyMs: 0 };
      perPid.set(task.pid, w);
    }
    w.tasks++;
    w.busyMs += ran;
  }
  stats.makespanMs = end;
  stats.speedup = stats.makespanMs > 0 ? stats.totalTaskMs / stats.makespanMs : 0;
  stats.meanWaitMs = started > 0 ? waited / started : 0;
  stats.perWorker = [...perPid.values()];
  return stats;
}
