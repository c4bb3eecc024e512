/**
 * Chrome Trace Event Format (the JSON object form), for Perfetto and chrome://tracing.
 *
 * Layout: one process, the master (pid = master PID), named "PoolScope: <workload>"; one thread
 * track per worker, tid = the worker's PID, named "PID n" and sorted in spawn order (the chart's
 * lanes), so Perfetto shows the whole pool as one expandable group. The master's own track
 * (tid = master PID) holds the tasks that never ran (cancelled, failed before starting, pending)
 * as instants; max_workers changes are process-wide instants.
 *
 * - A task that ran is a complete `X` event: ts/dur in integer microseconds, from the earliest
 *   moment in the trace (so never negative). Perfetto ignores custom colours, so the status is in
 *   the slice name ("slow_add ✕ failed"); the call, the arguments, the submission time and the
 *   result or error are in `args`. A task still running is a `B` event with no end.
 * - Slices on one track never overlap: a worker runs one task at a time, but a malformed trace
 *   could claim otherwise, so a slice that starts before the previous one ended is clamped to
 *   start at that end.
 * - Worker spawns and exits and printed lines are thread instants on the worker's track.
 * - A `poolscope_trace` metadata event carries the trace header, so `chromeJsonToTrace`
 *   (chrome-reopen.ts) can rebuild the trace. Times come back rounded to the microsecond; nothing else is lost.
 */
import { formatCall } from '../catalog';
import { lanesFor } from '../chart/geometry';
import type { JsonValue } from '../json';
import { STATUS_STYLE } from '../palette';
import { tasksOf, type Trace, type TraceOutput, type TraceTask, type TraceWorker } from '../trace';

/** The name of the metadata event that carries the PoolScope header. */
export const CHROME_HEADER_EVENT = 'poolscope_trace';
/** The names of the worker instants, which the reader goes by. */
export const WORKER_SPAWNED = 'worker spawned';
export const WORKER_EXITED = 'worker exited';

export interface ChromeEvent {
  name: string;
  ph: 'M' | 'X' | 'B' | 'i';
  cat?: string;
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  /** Instant scope: thread or process. */
  s?: 't' | 'p';
  args?: { [key: string]: JsonValue };
}

type Category = 'task' | 'worker' | 'output' | 'resize';

const us = (ms: number) => Math.round(ms * 1000);

/** A task's slice on its worker's track, in µs from time zero; no end while it runs. */
interface Slice {
  task: TraceTask;
  start: number;
  end?: number;
}

export function traceToChromeJson(trace: Trace): string {
  const tasks = tasksOf(trace);
  const origin = originOf(trace, tasks);
  const master = trace.masterPid;
  const events: ChromeEvent[] = [];
  const meta = (name: string, tid: number, args: ChromeEvent['args']) =>
    events.push({ name, ph: 'M', pid: master, tid, args });
  const instant = (
    cat: Category,
    name: string,
    tid: number,
    t: number,
    args: ChromeEvent['args'],
  ) =>
    events.push({
      name,
      ph: 'i',
      s: cat === 'resize' ? 'p' : 't',
      cat,
      pid: master,
      tid,
      ts: us(t) - origin,
      args,
    });

  meta(CHROME_HEADER_EVENT, master, headerArgs(trace, origin));
  meta('process_name', master, { name: `PoolScope: ${trace.name}` });
  meta('process_labels', master, {
    labels: `max_workers=${trace.maxWorkers}, ${trace.cpuCount} CPUs, master PID ${master}`,
  });
  meta('process_sort_index', master, { sort_index: 0 });
  const lanes = lanesFor(trace);
  for (const lane of lanes) {
    meta('thread_name', lane.pid, { name: lane.label });
    meta('thread_sort_index', lane.pid, { sort_index: lane.index });
  }
  meta('thread_name', master, { name: `master PID ${master} (not run)` });
  meta('thread_sort_index', master, { sort_index: lanes.length });

  for (const w of trace.workers) {
    instant('worker', WORKER_SPAWNED, w.pid, w.spawnedAt, {});
    if (w.exitedAt !== undefined) instant('worker', WORKER_EXITED, w.pid, w.exitedAt, exitArgs(w));
  }
  for (const slices of slicesByPid(tasks, origin).values()) {
    for (const { task, start, end } of slices) {
      const args = taskArgs(task);
      args.wait_us = start + origin - us(task.submittedAt);
      const base = { name: sliceName(task), cat: 'task', pid: master, tid: task.pid!, ts: start };
      events.push(
        end === undefined
          ? { ...base, ph: 'B', args }
          : { ...base, ph: 'X', dur: end - start, args },
      );
    }
  }
  for (const task of tasks) {
    if (task.startedAt !== undefined && task.pid !== undefined) continue;
    instant('task', sliceName(task), master, task.finishedAt ?? task.submittedAt, taskArgs(task));
  }
  for (const line of trace.output)
    instant('output', outputName(line), line.pid, line.t, outputArgs(line));
  for (const mark of trace.marks) {
    instant('resize', `max_workers = ${mark.maxWorkers}`, master, mark.t, {
      max_workers: mark.maxWorkers,
    });
  }
  return JSON.stringify({ traceEvents: events, displayTimeUnit: 'ms' });
}

/** The earliest time in the trace in µs, or 0: it becomes ts 0 when it is negative. */
function originOf(trace: Trace, tasks: readonly TraceTask[]): number {
  let earliest = 0;
  for (const w of trace.workers) earliest = Math.min(earliest, w.spawnedAt, w.exitedAt ?? 0);
  for (const o of trace.output) earliest = Math.min(earliest, o.t);
  for (const m of trace.marks) earliest = Math.min(earliest, m.t);
  for (const t of tasks) {
    earliest = Math.min(earliest, t.submittedAt, t.startedAt ?? 0, t.finishedAt ?? 0);
  }
  return us(earliest);
}

function headerArgs(trace: Trace, origin: number): ChromeEvent['args'] {
  const args: ChromeEvent['args'] = {
    format: trace.format,
    version: trace.version,
    name: trace.name,
    startedAt: trace.startedAt,
    maxWorkers: trace.maxWorkers,
    cpuCount: trace.cpuCount,
    masterPid: trace.masterPid,
    tsOriginUs: origin,
  };
  if (trace.endedAt !== undefined) args.endedAt = us(trace.endedAt) / 1000;
  return args;
}

function sliceName(task: TraceTask): string {
  if (task.status === 'done') return task.fn;
  const { glyph, label } = STATUS_STYLE[task.status];
  return [task.fn, glyph, label].filter(Boolean).join(' ');
}

function taskArgs(task: TraceTask): { [key: string]: JsonValue } {
  const args: { [key: string]: JsonValue } = {
    task_id: task.id,
    function: task.fn,
    call: formatCall(task.fn, task.args),
    args: task.args,
    status: task.status,
    submitted_us: us(task.submittedAt),
  };
  if (task.result !== undefined) args.result = task.result;
  if (task.error) args.error = { ...task.error };
  return args;
}

function exitArgs(w: TraceWorker): { [key: string]: JsonValue } {
  const args: { [key: string]: JsonValue } = {};
  if (w.exitCode !== undefined) args.code = w.exitCode;
  if (w.signal !== undefined) args.signal = w.signal;
  return args;
}

const OUTPUT_NAME_CHARS = 80;

function outputName(line: TraceOutput): string {
  const text =
    line.line.length > OUTPUT_NAME_CHARS ? `${line.line.slice(0, OUTPUT_NAME_CHARS)}…` : line.line;
  return `${line.stream}: ${text}`;
}

function outputArgs(line: TraceOutput): { [key: string]: JsonValue } {
  const args: { [key: string]: JsonValue } = { stream: line.stream, line: line.line };
  if (line.taskId !== undefined) args.task_id = line.taskId;
  return args;
}

/**
 * The slices of the tasks that ran, per worker PID, sorted and never overlapping: a slice that
 * starts before the previous one ends starts at that end instead; a running slice followed by
 * another (impossible in a real trace) ends where the next begins.
 */
function slicesByPid(tasks: readonly TraceTask[], origin: number): Map<number, Slice[]> {
  const byPid = new Map<number, Slice[]>();
  for (const task of tasks) {
    if (task.startedAt === undefined || task.pid === undefined) continue;
    const slice: Slice = { task, start: us(task.startedAt) - origin };
    if (task.finishedAt !== undefined) slice.end = us(task.finishedAt) - origin;
    let slices = byPid.get(task.pid);
    if (!slices) byPid.set(task.pid, (slices = []));
    slices.push(slice);
  }
  for (const slices of byPid.values()) {
    slices.sort((a, b) => a.start - b.start);
    let previousEnd = -Infinity;
    slices.forEach((slice, i) => {
      slice.start = Math.max(slice.start, previousEnd);
      const next = slices[i + 1];
      if (slice.end === undefined && next) slice.end = next.start;
      if (slice.end !== undefined) slice.end = Math.max(slice.end, slice.start);
      previousEnd = slice.end ?? Infinity;
    });
  }
  return byPid;
}
