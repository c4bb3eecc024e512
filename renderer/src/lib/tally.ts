/**
 * A trace's running totals, kept up to date event batch by event batch: the summary, the time
 * extent, the legend's functions and the chart's lanes then cost O(workers) per frame, where
 * `summarize`, `timeExtent`, `functionsIn` and `lanesFor` each walk every task (100k of them, 60
 * times a second, while a live run follows its clock). Each answer equals its from-scratch
 * counterpart; test/renderer/tally.test.ts checks them against each other batch by batch.
 *
 * It counts on how `applyEvents` changes a task: its status only moves forward, and its
 * `startedAt`, `finishedAt` and `pid` are set once (a task finishes on the worker that started it).
 */
import { EMPTY_EXTENT_MS, laneOf, type Lane } from '../../../shared/chart/geometry';
import type { PoolEvent } from '../../../shared/events';
import { functionsIn } from '../../../shared/palette';
import type { TraceStats, WorkerStats } from '../../../shared/stats';
import type { TaskStatus, Trace, TraceTask } from '../../../shared/trace';

/** What a task has been counted as so far. */
const SEEN = 1;
const STARTED = 2;
const FINISHED = 4;

interface PidTally {
  pid: number;
  /** The lowest id of its tasks: `summarize` lists workers in that order. */
  firstTask: number;
  /** When its first task started: `lanesFor` orders PIDs without a worker event by it. */
  firstAt: number;
  tasks: number;
  /** Run time of its finished tasks; running ones are added at `now`. */
  busyMs: number;
}

export class TraceTally {
  readonly #trace: Trace;
  readonly #flags: number[] = [];
  readonly #status: TaskStatus[] = [];
  readonly #counts: Record<TaskStatus, number> = {
    pending: 0,
    running: 0,
    done: 0,
    failed: 0,
    cancelled: 0,
  };
  #tasks = 0;
  /** Ids of the running tasks: few (one per worker), so `now` is applied to them per frame. */
  readonly #running = new Set<number>();
  #lastFinish = 0;
  #lastMark = 0;
  #started = 0;
  #waitedMs = 0;
  #finishedMs = 0;
  #unrun = 0;
  readonly #pids = new Map<number, PidTally>();
  readonly #fns = new Set<string>();
  #functions: string[] | null = null;
  #lanes: Lane[] | null = null;

  /** Tallies `trace` as it stands; then `fold` each batch of events applied to it. */
  constructor(trace: Trace) {
    this.#trace = trace;
    for (let id = 0; id < trace.tasks.length; id++) this.#count(id);
    for (const mark of trace.marks) this.#lastMark = Math.max(this.#lastMark, mark.t);
  }

  /** Takes in a batch of events, after `applyEvents` has applied it to the trace. */
  fold(events: readonly PoolEvent[]): void {
    for (const e of events) {
      switch (e.type) {
        case 'worker-spawned':
        case 'worker-exited':
          this.#lanes = null;
          break;
        case 'resized':
          this.#lastMark = Math.max(this.#lastMark, e.t - this.#trace.startedAt);
          break;
        case 'worker-output':
        case 'script-header':
          break;
        default:
          this.#count(e.taskId);
      }
    }
  }

  /** Tasks that ended without running (cancelled, or failed before a worker took them). */
  get unrun(): number {
    return this.#unrun;
  }

  /** As `summarize(trace, now)`. */
  stats(now?: number): TraceStats {
    let end = this.#lastFinish;
    let totalTaskMs = this.#finishedMs;
    const busy = new Map<number, number>();
    if (now !== undefined && this.#running.size > 0) {
      end = Math.max(end, now);
      for (const id of this.#running) {
        const task = this.#trace.tasks[id];
        if (task?.startedAt === undefined || task.pid === undefined) continue;
        const ran = Math.max(0, now - task.startedAt);
        totalTaskMs += ran;
        busy.set(task.pid, (busy.get(task.pid) ?? 0) + ran);
      }
    }
    const perWorker: WorkerStats[] = [...this.#pids.values()]
      .sort((a, b) => a.firstTask - b.firstTask)
      .map((p) => ({ pid: p.pid, tasks: p.tasks, busyMs: p.busyMs + (busy.get(p.pid) ?? 0) }));
    return {
      tasks: this.#tasks,
      ...this.#counts,
      makespanMs: end,
      totalTaskMs,
      speedup: end > 0 ? totalTaskMs / end : 0,
      meanWaitMs: this.#started > 0 ? this.#waitedMs / this.#started : 0,
      perWorker,
    };
  }

  /** As `timeExtent(trace, now)`. */
  extent(now?: number): [number, number] {
    let end = Math.max(this.#trace.endedAt ?? 0, this.#lastFinish, this.#lastMark);
    if (now !== undefined && this.#running.size > 0) end = Math.max(end, now);
    return [0, end > 0 ? end : EMPTY_EXTENT_MS];
  }

  /** As `functionsIn(trace.tasks)`; the same array until a new function appears. */
  functions(): string[] {
    this.#functions ??= functionsIn([...this.#fns].map((fn) => ({ fn })));
    return this.#functions;
  }

  /** As `lanesFor(trace)`; the same array until a worker comes or goes or a new PID shows up. */
  lanes(): Lane[] {
    this.#lanes ??= this.#makeLanes();
    return this.#lanes;
  }

  #makeLanes(): Lane[] {
    const lanes: Lane[] = [];
    const seen = new Set<number>();
    for (const w of this.#trace.workers) {
      if (seen.has(w.pid)) continue;
      seen.add(w.pid);
      lanes.push(laneOf(lanes.length, w));
    }
    const taskOnly = [...this.#pids.values()]
      .filter((p) => !seen.has(p.pid))
      .sort((a, b) => a.firstAt - b.firstAt || a.firstTask - b.firstTask);
    for (const { pid, firstAt } of taskOnly) {
      lanes.push(laneOf(lanes.length, { pid, spawnedAt: firstAt }));
    }
    return lanes;
  }

  /** Brings task `id`'s share of the totals up to date with the task as it is now. */
  #count(id: number): void {
    const task = this.#trace.tasks[id];
    if (!task) return;
    const flags = this.#flags[id] ?? 0;
    if (!(flags & SEEN)) {
      this.#tasks++;
      if (!this.#fns.has(task.fn)) {
        this.#fns.add(task.fn);
        this.#functions = null;
      }
    } else {
      this.#counts[this.#status[id]!]--;
    }
    this.#counts[task.status]++;
    this.#status[id] = task.status;
    if (task.status === 'running') this.#running.add(id);
    else this.#running.delete(id);

    let next = flags | SEEN;
    if (!(flags & STARTED) && task.startedAt !== undefined && task.pid !== undefined) {
      next |= STARTED;
      this.#started++;
      this.#waitedMs += task.startedAt - task.submittedAt;
      this.#pidOf(task, id).tasks++;
    }
    if (!(flags & FINISHED) && task.finishedAt !== undefined) {
      next |= FINISHED;
      this.#lastFinish = Math.max(this.#lastFinish, task.finishedAt);
      if (next & STARTED) {
        const ran = Math.max(0, task.finishedAt - task.startedAt!);
        this.#finishedMs += ran;
        this.#pidOf(task, id).busyMs += ran;
      } else {
        this.#unrun++;
      }
    }
    this.#flags[id] = next;
  }

  /** The tally of the PID `task` ran on, made on its first task. */
  #pidOf(task: TraceTask, id: number): PidTally {
    const pid = task.pid!;
    const at = task.startedAt ?? task.submittedAt;
    let p = this.#pids.get(pid);
    if (!p) {
      p = { pid, firstTask: id, firstAt: at, tasks: 0, busyMs: 0 };
      this.#pids.set(pid, p);
      // A PID without a worker event (a file from elsewhere) gets a lane of its own.
      if (!this.#lanes?.some((lane) => lane.pid === pid)) this.#lanes = null;
    } else {
      p.firstTask = Math.min(p.firstTask, id);
      p.firstAt = Math.min(p.firstAt, at);
    }
    return p;
  }
}
