/**
 * Reopens the Chrome trace JSON that PoolScope wrote (chrome-trace.ts): the header from the
 * `poolscope_trace` metadata event, tasks from their slices and instants, workers, printed lines
 * and resizes from their instants. Each event is validated where it is read, so a message names
 * the event ("traceEvents[12].ts: expected number, got "soon""). A Chrome trace from elsewhere has
 * no PoolScope header and is refused with a message that says so.
 */
import * as v from 'valibot';
import type { Trace, TraceOutput, TraceTask, TraceWorker } from '../trace';
import { CHROME_HEADER_EVENT, WORKER_EXITED, WORKER_SPAWNED } from './chrome-trace';
import {
  FileProblem,
  JsonValueSchema,
  SerializedErrorSchema,
  TaskStatusSchema,
  MAX_TRACE_TASKS,
  TraceHeaderSchema,
  checkFormat,
  checkTimes,
  finite,
  isObject,
  parseAt,
  pidSchema,
  readTraceText,
  taskIdSchema,
  tasksById,
  type ParseResult,
} from './trace-schema';

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
  let taskEvents = 0;
  for (const e of traceEvents) if (isObject(e) && e.cat === 'task') taskEvents++;
  if (taskEvents > MAX_TRACE_TASKS) {
    throw new FileProblem(
      `it holds ${taskEvents.toLocaleString('en-US')} calls; PoolScope opens at most ${MAX_TRACE_TASKS.toLocaleString('en-US')}`,
    );
  }

  const tasks: TraceTask[] = [];
  const workers: TraceWorker[] = [];
  const output: TraceOutput[] = [];
  const marks: Trace['marks'] = [];
  /** Each PID's latest spawn, so an exit finds its worker in one look-up. */
  const latest = new Map<number, TraceWorker>();
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
        if (e.name === WORKER_SPAWNED) {
          const w: TraceWorker = { pid: e.tid, spawnedAt: ms(e.ts) };
          workers.push(w);
          latest.set(w.pid, w);
        } else if (e.name === WORKER_EXITED) {
          const w = latest.get(e.tid);
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
  const trace: Trace = { ...header, tasks: tasksById(tasks, 'tasks'), workers, output, marks };
  checkTimes(trace);
  return trace;
}
