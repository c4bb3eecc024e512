/**
 * Chrome Trace Event Format (the JSON object form), for Perfetto, chrome://tracing and speedscope.
 *
 * Layout: one process, the master (pid = master PID), named "PoolScope: <workload>"; one thread
 * track per worker, tid = the worker's PID, named "PID n" and sorted in spawn order (the chart's
 * lanes), so Perfetto shows the whole pool as one expandable group. The master's own track
 * (tid = master PID) holds the tasks that never ran (cancelled, failed before starting, pending);
 * max_workers changes are process-wide instants.
 *
 * - Time zero is the run's start (trace time 0), as in the app: ts/dur are integer microseconds
 *   from it. A worker spawned before the run (the app's pool outlives runs) is put at 0.
 * - A task that ran is a complete `X` event; a task still running is a `B` event with no end.
 *   Names are the same for every call of a function and status ("slow_add", "broken_function ✕
 *   failed": Perfetto ignores custom colours), so aggregate views (speedscope's left heavy,
 *   Perfetto's slice tables) group the calls; what varies per call (the call, its arguments, the
 *   submission time, the result or error) is in `args`.
 * - speedscope shows only slices, not instants, so what must be seen there is a slice too: a call
 *   that never ran is an `X` slice on the master's track over its time in the queue (cat
 *   "queue"), and a worker's death an `X` slice on its track from the death to the run's end
 *   (cat "death"); the instants the reader reopens stay beside them.
 * - Slices on one track never overlap: a worker runs one task at a time, but a malformed trace
 *   could claim otherwise, so a slice that starts before the previous one ended is clamped to
 *   start at that end. The master's queue slices nest instead (each ends by its parent's end).
 * - Worker spawns and exits and printed lines are thread instants on the worker's track.
 * - A `poolscope_trace` metadata event carries the trace header, so `chromeJsonToTrace`
 *   (chrome-reopen.ts) can rebuild the trace. Times come back rounded to the microsecond, and a
 *   spawn before the run at 0; nothing else is lost.
 */
import { formatCall } from '../catalog';
import { abnormalExit, lanesFor } from '../chart/geometry';
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

/** Slices only speedscope needs; the reader ignores their categories. */
const QUEUE = 'queue';
const DEATH = 'death';
/** A death at the run's very end still gets a slice this long, in µs, to be seen. */
const MIN_DEATH_US = 1000;

const us = (ms: number) => Math.round(ms * 1000);

/** A task's slice on its worker's track, in µs from time zero; no end while it runs. */
interface Slice {
  task: TraceTask;
  start: number;
  end?: number;
}

export function traceToChromeJson(trace: Trace): string {
  const tasks = tasksOf(trace);
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
      ts: Math.max(0, us(t)),
      args,
    });

  meta(CHROME_HEADER_EVENT, master, headerArgs(trace));
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
  const byPid = slicesByPid(tasks);
  for (const slices of byPid.values()) {
    for (const { task, start, end } of slices) {
      const args = taskArgs(task);
      args.wait_us = us(task.startedAt!) - us(task.submittedAt);
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
  for (const slice of queueSlices(tasks, trace.endedAt)) {
    const { task, start, end } = slice;
    const args = taskArgs(task);
    events.push({
      name: sliceName(task),
      ph: 'X',
      cat: QUEUE,
      pid: master,
      tid: master,
      ts: start,
      dur: end - start,
      args,
    });
  }
  const runEnd = us(trace.endedAt ?? endOf(tasks));
  for (const w of trace.workers) {
    if (w.exitedAt === undefined || !abnormalExit(w)) continue;
    // After the worker's last slice: the call it was running may be failed a moment after it died.
    const last = byPid.get(w.pid)?.at(-1);
    const ts = Math.max(0, us(w.exitedAt), last?.end ?? 0);
    events.push({
      name: `✕ worker died: ${abnormalExit(w)}`,
      ph: 'X',
      cat: DEATH,
      pid: master,
      tid: w.pid,
      ts,
      dur: Math.max(MIN_DEATH_US, runEnd - ts),
      args: exitArgs(w),
    });
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

function headerArgs(trace: Trace): ChromeEvent['args'] {
  const args: ChromeEvent['args'] = {
    format: trace.format,
    version: trace.version,
    name: trace.name,
    startedAt: trace.startedAt,
    maxWorkers: trace.maxWorkers,
    cpuCount: trace.cpuCount,
    masterPid: trace.masterPid,
    // Time zero is the run's start: ts + tsOriginUs is trace time, in µs.
    tsOriginUs: 0,
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

/** The same for every line of a stream: the line itself is in `args`. */
function outputName(line: TraceOutput): string {
  return `print (${line.stream})`;
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
function slicesByPid(tasks: readonly TraceTask[]): Map<number, Slice[]> {
  const byPid = new Map<number, Slice[]>();
  for (const task of tasks) {
    if (task.startedAt === undefined || task.pid === undefined) continue;
    const slice: Slice = { task, start: Math.max(0, us(task.startedAt)) };
    if (task.finishedAt !== undefined) slice.end = Math.max(0, us(task.finishedAt));
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

/**
 * The time in the queue of each call that never ran (submitted to cancelled or failed; to the
 * run's end while pending), as slices of the master's track that nest: sorted by start, each
 * ends by the end of the slice it starts inside, as speedscope requires of one track.
 */
function queueSlices(
  tasks: readonly TraceTask[],
  endedAt: number | undefined,
): { task: TraceTask; start: number; end: number }[] {
  const slices = tasks
    .filter((t) => t.startedAt === undefined || t.pid === undefined)
    .map((task) => {
      const start = Math.max(0, us(task.submittedAt));
      const until = task.finishedAt ?? endedAt ?? task.submittedAt;
      return { task, start, end: Math.max(start, us(until)) };
    })
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const open: number[] = [];
  for (const slice of slices) {
    while (open.length > 0 && open.at(-1)! <= slice.start) open.pop();
    if (open.length > 0) slice.end = Math.min(slice.end, open.at(-1)!);
    open.push(slice.end);
  }
  return slices;
}

/** The last moment a task of the trace was seen, in ms. */
function endOf(tasks: readonly TraceTask[]): number {
  let end = 0;
  for (const t of tasks) end = Math.max(end, t.finishedAt ?? t.startedAt ?? t.submittedAt);
  return end;
}
