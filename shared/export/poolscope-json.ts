/**
 * PoolScope's own trace file: shared/trace.ts `Trace` as JSON, with `format: "poolscope-trace"`
 * and `version: 1` first so any reader can tell what it holds. Header fields one per line, then
 * one task (worker, output line, mark) per line: readable, diffable, and compact at 100k tasks.
 *
 * `parseTraceFile` reopens it, and also the Chrome trace JSON that PoolScope writes.
 */
import { TRACE_FORMAT, TRACE_VERSION, tasksOf, type Trace } from '../trace';
import * as v from 'valibot';
import { chromeObjectToTrace } from './chrome-reopen';
import {
  FileProblem,
  MAX_TRACE_TASKS,
  TraceOutputSchema,
  TraceSchema,
  TraceTaskSchema,
  checkFormat,
  checkLength,
  checkTimes,
  describeIssue,
  isObject,
  parseAt,
  readTraceText,
  tasksById,
  type ParseResult,
} from './trace-schema';

export type { ParseResult } from './trace-schema';

export function traceToJson(trace: Trace): string {
  const header = {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    name: trace.name,
    startedAt: trace.startedAt,
    endedAt: trace.endedAt,
    maxWorkers: trace.maxWorkers,
    cpuCount: trace.cpuCount,
    masterPid: trace.masterPid,
    runtime: trace.runtime,
    python: trace.python,
    module: trace.module,
  };
  const lists = [
    list('tasks', tasksOf(trace)),
    list('workers', trace.workers),
    list('output', trace.output),
    list('marks', trace.marks),
  ];
  const head = JSON.stringify(header, null, 2);
  return `${head.slice(0, -2)},\n${lists.join(',\n')}\n}\n`;
}

function list(name: string, items: readonly unknown[]): string {
  if (items.length === 0) return `  "${name}": []`;
  return `  "${name}": [\n    ${items.map((item) => JSON.stringify(item)).join(',\n    ')}\n  ]`;
}

/**
 * A trace from a file's text: PoolScope JSON, or the Chrome trace JSON PoolScope wrote. On
 * failure, one message naming what is wrong ("not JSON: ...", "version 7 is not supported ...",
 * "tasks[3].startedAt: expected number, got string").
 */
export function parseTraceFile(text: string): ParseResult {
  return readTraceText(text, (value) =>
    isChromeTrace(value)
      ? { trace: chromeObjectToTrace(value), source: 'chrome' }
      : { trace: poolscopeObjectToTrace(value), source: 'poolscope' },
  );
}

/** The object form (with traceEvents), or the array form: a list of events with phases. */
function isChromeTrace(value: unknown): boolean {
  if (Array.isArray(value)) return isObject(value[0]) && 'ph' in value[0];
  return isObject(value) && 'traceEvents' in value;
}

function poolscopeObjectToTrace(value: unknown): Trace {
  const steps = poolscopeTraceSteps(value);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The trace in a parsed PoolScope trace, checked exactly as an opened file is, with `pause()`
 * awaited between slices of the check: a caller that serves others (the history) yields to them
 * while it reads a 200k-call trace. A FileProblem names what is wrong.
 */
export async function readPoolscopeTrace(
  value: unknown,
  pause: () => Promise<void>,
): Promise<Trace> {
  const steps = poolscopeTraceSteps(value);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await pause();
  }
}

/** Items checked between two pauses: a few milliseconds of work. */
const SLICE = 5000;

/** The one check of a PoolScope trace, as steps: counts first, then the header, then the lists. */
function* poolscopeTraceSteps(value: unknown): Generator<void, Trace> {
  if (!isObject(value)) {
    throw new FileProblem(
      `not a PoolScope trace: expected a JSON object, got ${Array.isArray(value) ? 'an array' : JSON.stringify(value).slice(0, 40)}`,
    );
  }
  checkFormat(value);
  checkLength(value.tasks, MAX_TRACE_TASKS, 'calls');
  const { tasks, output, ...rest } = value;
  const header = parseAt(TraceSchema, { ...rest, tasks: [], output: [] }, '');
  const trace: Trace = {
    ...header,
    tasks: tasksById(yield* inSlices(TraceTaskSchema, tasks, 'tasks'), 'tasks'),
    output: yield* inSlices(TraceOutputSchema, output, 'output'),
  };
  checkTimes(trace);
  return trace;
}

/** `list` checked against `schema` item by item, a slice per step. */
function* inSlices<S extends v.GenericSchema>(
  schema: S,
  list: unknown,
  path: string,
): Generator<void, v.InferOutput<S>[]> {
  const slice = v.array(schema);
  if (!Array.isArray(list)) return parseAt(slice, list, path);
  const out: v.InferOutput<S>[] = [];
  for (let i = 0; i < list.length; i += SLICE) {
    const result = v.safeParse(slice, list.slice(i, i + SLICE));
    if (!result.success) throw new FileProblem(describeIssue(result.issues[0], path, i));
    for (const item of result.output) out.push(item);
    yield;
  }
  return out;
}
