/** What a run or a sweep comes to: the --json summary on stdout, and the same in words. */
import { formatCall } from '../../shared/catalog';
import { formatDuration } from '../../shared/chart/axis';
import { workerName, workerNoun } from '../../shared/chart/geometry';
import { speedupTitle, sweepRows } from '../../shared/chart/sweep';
import type { RunStatus, SweepRecord } from '../../shared/contract';
import { summarize } from '../../shared/stats';
import { tasksOf, type Trace, type TraceRuntime } from '../../shared/trace';

export interface RunSummaryJson {
  workload: string;
  /**
   * Where the calls ran: node, python, or python-script (a traced script's own pool); with
   * python, `python` is the interpreter's version.
   */
  runtime: TraceRuntime;
  python?: string;
  status: RunStatus;
  interrupted: boolean;
  maxWorkers: number;
  cpuCount: number;
  masterPid: number;
  calls: number;
  done: number;
  /** Calls that raised: still a completed run, as in Python. */
  failed: number;
  cancelled: number;
  makespanMs: number;
  totalTaskMs: number;
  /** Total task time / makespan: how many workers were busy on average. */
  speedup: number;
  /** One row per worker PID that ran a call, in the order of its first call. */
  workers: { pid: number; calls: number; busyMs: number }[];
  /** The files written. */
  outputs: string[];
  error?: string;
}

const ms = (x: number) => Math.round(x * 1000) / 1000;

export function runSummary(
  trace: Trace,
  status: RunStatus,
  extra: { interrupted: boolean; outputs: string[]; error?: string },
): RunSummaryJson {
  const s = summarize(trace);
  return {
    workload: trace.name,
    runtime: trace.runtime ?? 'node',
    ...(trace.python && { python: trace.python.version }),
    status,
    interrupted: extra.interrupted,
    maxWorkers: trace.maxWorkers,
    cpuCount: trace.cpuCount,
    masterPid: trace.masterPid,
    calls: s.tasks,
    done: s.done,
    failed: s.failed,
    cancelled: s.cancelled,
    makespanMs: ms(s.makespanMs),
    totalTaskMs: ms(s.totalTaskMs),
    speedup: Math.round(s.speedup * 1e4) / 1e4,
    workers: s.perWorker.map((w) => ({ pid: w.pid, calls: w.tasks, busyMs: ms(w.busyMs) })),
    outputs: extra.outputs,
    ...(extra.error && { error: extra.error }),
  };
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** The run in a few lines: totals, each worker's share, and each call that raised. */
export function runText(summary: RunSummaryJson, trace: Trace): string {
  const lines = [
    `${summary.workload} · max_workers = ${summary.maxWorkers}` +
      (summary.python ? ` · CPython ${summary.python}` : '') +
      ` · ${summary.status}: ` +
      `${plural(summary.calls, 'call')} on ` +
      `${plural(summary.workers.length, workerNoun(trace))} · ` +
      `makespan ${formatDuration(summary.makespanMs)} · speedup ${summary.speedup.toFixed(2)}×`,
  ];
  const threads = new Set(trace.workers.flatMap((w) => (w.thread === undefined ? [] : [w.pid])));
  for (const w of summary.workers) {
    const name = workerName(w.pid, threads.has(w.pid));
    lines.push(`  ${name}: ${plural(w.calls, 'call')}, busy ${formatDuration(w.busyMs)}`);
  }
  for (const task of tasksOf(trace)) {
    if (task.status !== 'failed' || !task.error) continue;
    const call = formatCall(task.fn, task.args);
    lines.push(`  ${call} raised ${task.error.name}: ${task.error.message}`);
  }
  if (summary.cancelled > 0)
    lines.push(`  ${plural(summary.cancelled, 'call')} cancelled before it ran`);
  return lines.join('\n');
}

/**
 * The sweep's points as its CSV and plot give them: each point is the median of its runs (with the
 * fastest and slowest), speedup is the makespan at the smallest worker count measured
 * (`baseline`) ÷ this makespan (shared/chart/sweep.ts says why), parallelism busy time ÷ makespan.
 */
export function sweepSummary(
  sweep: SweepRecord,
  extra: { interrupted: boolean; outputs: string[] },
) {
  const { rows, baseline } = sweepRows(sweep.points);
  return {
    workload: sweep.name,
    status: sweep.status,
    interrupted: extra.interrupted,
    from: sweep.from,
    to: sweep.to,
    repeats: sweep.repeats ?? 1,
    cpuCount: sweep.cpuCount,
    baseline,
    points: rows.map((r) => ({
      maxWorkers: r.maxWorkers,
      runs: r.runs,
      makespanMs: ms(r.makespanMs),
      makespanMinMs: ms(r.minMs),
      makespanMaxMs: ms(r.maxMs),
      speedup: Math.round(r.speedup * 1e4) / 1e4,
      parallelism: Math.round(r.parallelism * 1e4) / 1e4,
    })),
    outputs: extra.outputs,
  };
}

export function sweepText(sweep: SweepRecord): string {
  const repeats = sweep.repeats ?? 1;
  const lines = [
    `${sweep.name} · sweep of max_workers ${sweep.from}–${sweep.to}` +
      (repeats > 1 ? `, ${repeats} runs each` : '') +
      ` · ${sweep.status}: ${sweep.points.length} of ${sweep.to - sweep.from + 1} points`,
  ];
  const { rows, baseline } = sweepRows(sweep.points);
  for (const r of rows) {
    const spread =
      r.runs > 1
        ? ` (median of ${r.runs}: ${formatDuration(r.minMs)}–${formatDuration(r.maxMs)})`
        : '';
    lines.push(
      `  max_workers = ${r.maxWorkers}: makespan ${formatDuration(r.makespanMs)}${spread}, ` +
        `${speedupTitle(baseline ?? r.maxWorkers)} ${r.speedup.toFixed(2)}×`,
    );
  }
  return lines.join('\n');
}
