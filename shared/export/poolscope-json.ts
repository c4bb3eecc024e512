/**
 * PoolScope's own trace file: shared/trace.ts `Trace` as JSON, with `format: "poolscope-trace"`
 * and `version: 1` first so any reader can tell what it holds. Header fields one per line, then
 * one task (worker, output line, mark) per line: readable, diffable, and compact at 100k tasks.
 *
 * `parseTraceFile` reopens it, and also the Chrome trace JSON that PoolScope writes.
 */
import { TRACE_FORMAT, TRACE_VERSION, tasksOf, type Trace } from '../trace';
import { chromeObjectToTrace } from './chrome-reopen';
import {
  FileProblem,
  TraceSchema,
  readTraceText,
  checkFormat,
  isObject,
  parseAt,
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
  if (!isObject(value)) {
    throw new FileProblem(
      `not a PoolScope trace: expected a JSON object, got ${Array.isArray(value) ? 'an array' : JSON.stringify(value).slice(0, 40)}`,
    );
  }
  checkFormat(value);
  const trace = parseAt(TraceSchema, value, '');
  return { ...trace, tasks: tasksById(trace.tasks, 'tasks') };
}
