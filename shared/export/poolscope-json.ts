/**
 * PoolScope's own trace file: shared/trace.ts `Trace` as JSON, with `format: "poolscope-trace"`
 * and `version: 1` first so any reader can tell what it holds. Header fields one per line, then
 * one task (worker, output line, mark) per line: readable, diffable, and compact at 100k tasks.
 *
 * `parseTraceFile` reopens it, and also the Chrome trace JSON that PoolScope writes.
 */
import { TRACE_FORMAT, TRACE_VERSION, tasksOf, type Trace } from '../trace';
import * as v from 'valibot';
import { jsonBoundsProblem } from '../json-bounds';
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
  notJsonKind,
  parseAt,
  readTraceText,
  TRACE_TEXT_BOUNDS,
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
    ...(trace.runtime && { runtime: trace.runtime }),
    ...(trace.python && { python: trace.python }),
    ...(trace.module && { module: trace.module }),
    ...(trace.script && { script: trace.script }),
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

/**
 * The trace in a PoolScope trace file's text, read and checked as an opened file is, awaiting
 * `pause()` between slices of the work: in traceToJson's layout (what the history writes) the
 * lists are parsed a slice of lines at a time, so not even JSON.parse holds the caller for the
 * whole file. Any other layout is parsed whole. Every problem is a FileProblem.
 */
export async function readTraceFileText(text: string, pause: () => Promise<void>): Promise<Trace> {
  const kind = notJsonKind(text);
  if (kind) throw new FileProblem(`this is ${kind}, not a trace`);
  const steps = layoutSteps(text);
  let value: unknown;
  for (;;) {
    const step = steps.next();
    if (step.done) {
      value = step.value;
      break;
    }
    await pause();
  }
  if (value === NOT_THE_LAYOUT) {
    const tooBig = jsonBoundsProblem(text, TRACE_TEXT_BOUNDS);
    if (tooBig) throw new FileProblem(`refused unread: ${tooBig}`);
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new FileProblem(`not JSON: ${(e as Error).message}`);
    }
  }
  return readPoolscopeTrace(value, pause);
}

const NOT_THE_LAYOUT = Symbol('not the layout');
const LIST_START = /^ {2}"(tasks|workers|output|marks)": \[$/;

/**
 * The parsed value of text in traceToJson's layout (header lines, then each list as one item a
 * line), a slice of items per step; NOT_THE_LAYOUT when the text is laid out otherwise.
 */
function* layoutSteps(text: string): Generator<void, unknown> {
  const { maxChars, maxDepth } = TRACE_TEXT_BOUNDS;
  if (text.length > maxChars)
    throw new FileProblem(`refused unread: ${jsonBoundsProblem(text, TRACE_TEXT_BOUNDS)}`);
  const lines = text.split('\n');
  const head: string[] = [];
  const lists = new Map<string, unknown[]>();
  // An item sits two levels down (the trace, its list); its slice is one level.
  const itemBounds = { maxChars, maxDepth: maxDepth - 1 };
  for (let i = 0; i < lines.length; i++) {
    const name = LIST_START.exec(lines[i]!)?.[1];
    if (!name) {
      head.push(lines[i]!);
      continue;
    }
    let end = i + 1;
    while (end < lines.length && lines[end] !== '  ]' && lines[end] !== '  ],') end++;
    if (end === lines.length) return NOT_THE_LAYOUT;
    const items: unknown[] = [];
    for (let k = i + 1; k < end; k += SLICE) {
      const chunk = lines.slice(k, Math.min(k + SLICE, end));
      if (!chunk.every((line) => line.startsWith('    '))) return NOT_THE_LAYOUT;
      const last = chunk.length - 1;
      chunk[last] = chunk[last]!.replace(/,$/, '');
      const json = `[${chunk.join('\n')}]`;
      const tooDeep = jsonBoundsProblem(json, itemBounds);
      if (tooDeep) throw new FileProblem(`refused unread: ${tooDeep}`);
      try {
        for (const item of JSON.parse(json) as unknown[]) items.push(item);
      } catch {
        return NOT_THE_LAYOUT;
      }
      yield;
    }
    lists.set(name, items);
    head.push(`  "${name}": []${lines[end]!.endsWith(',') ? ',' : ''}`);
    i = end;
  }
  const headText = head.join('\n');
  if (jsonBoundsProblem(headText, TRACE_TEXT_BOUNDS)) return NOT_THE_LAYOUT;
  let value: unknown;
  try {
    value = JSON.parse(headText);
  } catch {
    return NOT_THE_LAYOUT;
  }
  if (!isObject(value)) return NOT_THE_LAYOUT;
  for (const [name, items] of lists) value[name] = items;
  return value;
}

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
