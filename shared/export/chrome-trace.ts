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
 * - A `poolscope_trace` metadata event carries the trace header, so `chromeJsonToTrace` can
 *   rebuild the trace. Times come back rounded to the microsecond; nothing else is lost.
 */
import * as v from 'valibot';
import { formatCall } from '../catalog';
import { lanesFor } from '../chart/geometry';
import type { JsonValue } from '../json';
import { STATUS_STYLE } from '../palette';
import { tasksOf, type Trace, type TraceOutput, type TraceTask, type TraceWorker } from '../trace';
import {
  FileProblem,
  JsonValueSchema,
  SerializedErrorSchema,
  TaskStatusSchema,
  TraceHeaderSchema,
  checkFormat,
  finite,
  isObject,
  parseAt,
  pidSchema,
  readTraceText,
  taskIdSchema,
  tasksById,
  type ParseResult,
} from './trace-schema';

/** The name of the metadata event that carries the PoolScope header. */
export const CHROME_HEADER_EVENT = 'poolscope_trace';

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
    instant('worker', 'worker spawned', w.pid, w.spawnedAt, {});
    if (w.exitedAt !== undefined)
      instant('worker', 'worker exited', w.pid, w.exitedAt, exitArgs(w));
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
  for (const w of trace.workers) earliest = Math.min(earliest, w.spawnedAt);
  for (const o of trace.output) earliest = Math.min(earliest, o.t);
  for (const m of trace.marks) earliest = Math.min(earliest, m.t);
  for (const task of tasks) earliest = Math.min(earliest, task.submittedAt, task.startedAt ?? 0);
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

// ---- reopening ----

/** Reopens a Chrome trace that PoolScope wrote. */
export function chromeJsonToTrace(text: string): ParseResult {
  return readTraceText(text, (value) => ({ trace: chromeObjectToTrace(value), source: 'chrome' }));
}

const integer = v.pipe(v.number(), v.integer());
const nonNegative = v.pipe(finite, v.minValue(0));

const EventSchema = v.object({
  ph: v.string(),
  name: v.string(),
  cat: v.string(),
  pid: integer,
  tid: pidSchema,
  ts: nonNegative,
  dur: v.optional(nonNegative),
  args: v.optional(v.record(v.string(), v.unknown()), {}),
});

const HeaderArgsSchema = v.object({ ...TraceHeaderSchema.entries, tsOriginUs: integer });

const TaskArgsSchema = v.object({
  task_id: taskIdSchema,
  function: v.string(),
  args: v.array(JsonValueSchema),
  status: TaskStatusSchema,
  submitted_us: integer,
  result: v.optional(JsonValueSchema),
  error: v.optional(SerializedErrorSchema),
});

const ExitArgsSchema = v.object({
  code: v.optional(v.nullable(integer)),
  signal: v.optional(v.nullable(v.string())),
});

const OutputArgsSchema = v.object({
  stream: v.picklist(['stdout', 'stderr']),
  line: v.string(),
  task_id: v.optional(taskIdSchema),
});

const ResizeArgsSchema = v.object({ max_workers: v.pipe(integer, v.minValue(1)) });

/** The trace in a parsed Chrome trace that PoolScope wrote; a FileProblem otherwise. */
export function chromeObjectToTrace(value: unknown): Trace {
  if (Array.isArray(value)) {
    throw new FileProblem(
      'a Chrome trace in array form: PoolScope reopens only the Chrome traces it wrote (object form, with a "poolscope_trace" metadata event)',
    );
  }
  const { traceEvents } = parseAt(v.object({ traceEvents: v.array(v.unknown()) }), value, '');
  const headerAt = traceEvents.findIndex(
    (e) => isObject(e) && e.ph === 'M' && e.name === CHROME_HEADER_EVENT,
  );
  if (headerAt < 0) {
    throw new FileProblem(
      `a Chrome trace, but not one PoolScope wrote: it has no "${CHROME_HEADER_EVENT}" metadata event, so there is no run to reopen`,
    );
  }
  const headerEvent = traceEvents[headerAt] as Record<string, unknown>;
  const rawHeader = isObject(headerEvent.args) ? headerEvent.args : {};
  checkFormat(rawHeader);
  const { tsOriginUs, ...header } = parseAt(
    HeaderArgsSchema,
    rawHeader,
    `traceEvents[${headerAt}].args`,
  );
  const ms = (ts: number) => (ts + tsOriginUs) / 1000;

  const tasks: TraceTask[] = [];
  const workers: TraceWorker[] = [];
  const output: TraceOutput[] = [];
  const marks: Trace['marks'] = [];
  traceEvents.forEach((raw, i) => {
    if (!isObject(raw) || raw.ph === 'M' || typeof raw.cat !== 'string') return;
    const path = `traceEvents[${i}]`;
    const e = parseAt(EventSchema, raw, path);
    switch (e.cat) {
      case 'task': {
        const a = parseAt(TaskArgsSchema, e.args, `${path}.args`);
        const task: TraceTask = {
          id: a.task_id,
          fn: a.function,
          args: a.args,
          status: a.status,
          submittedAt: a.submitted_us / 1000,
        };
        if (e.ph === 'X' || e.ph === 'B') {
          task.startedAt = ms(e.ts);
          task.pid = e.tid;
          if (e.ph === 'X') task.finishedAt = ms(e.ts + (e.dur ?? 0));
        } else if (a.status !== 'pending') {
          task.finishedAt = ms(e.ts);
        }
        if (a.result !== undefined) task.result = a.result;
        if (a.error) task.error = a.error;
        tasks.push(task);
        return;
      }
      case 'worker':
        if (e.name === 'worker spawned') {
          workers.push({ pid: e.tid, spawnedAt: ms(e.ts) });
        } else if (e.name === 'worker exited') {
          const w = workers.findLast((w) => w.pid === e.tid);
          if (!w) throw new FileProblem(`${path}: PID ${e.tid} exits before it was spawned`);
          const a = parseAt(ExitArgsSchema, e.args, `${path}.args`);
          w.exitedAt = ms(e.ts);
          if (a.code !== undefined) w.exitCode = a.code;
          if (a.signal !== undefined) w.signal = a.signal;
        }
        return;
      case 'output': {
        const a = parseAt(OutputArgsSchema, e.args, `${path}.args`);
        const line: TraceOutput = { t: ms(e.ts), pid: e.tid, stream: a.stream, line: a.line };
        if (a.task_id !== undefined) line.taskId = a.task_id;
        output.push(line);
        return;
      }
      case 'resize': {
        const a = parseAt(ResizeArgsSchema, e.args, `${path}.args`);
        marks.push({ t: ms(e.ts), kind: 'resize', maxWorkers: a.max_workers });
        return;
      }
    }
  });
  tasks.sort((a, b) => a.id - b.id);
  tasks.forEach((task, i) => {
    if (i > 0 && tasks[i - 1]!.id === task.id) {
      throw new FileProblem(`traceEvents: task ${task.id} appears more than once`);
    }
  });
  return { ...header, tasks: tasksById(tasks, 'tasks'), workers, output, marks };
}
