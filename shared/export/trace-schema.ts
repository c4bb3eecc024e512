/**
 * The valibot schema of a saved trace (shared/trace.ts `Trace`, version 1) and the helpers both
 * reopen paths use to turn a file into a `Trace` with messages that name what is wrong.
 */
import * as v from 'valibot';
import { JsonValueSchema } from '../json';
import { jsonBoundsProblem, type JsonBounds } from '../json-bounds';
import { PythonInfoSchema } from '../python';
import { TRACE_FORMAT, TRACE_VERSION, type Trace, type TraceTask } from '../trace';
import { MAX_TASKS_PER_RUN, RUNTIMES } from '../workload';

const shortText = v.pipe(v.string(), v.maxLength(64));

export const finite = v.pipe(v.number(), v.finite('expected a finite number'));
export const pidSchema = v.pipe(v.number(), v.integer(), v.minValue(0));
export const taskIdSchema = v.pipe(
  v.number(),
  v.integer(),
  v.minValue(0),
  v.maxValue(MAX_TASKS_PER_RUN - 1),
);
const count = v.pipe(v.number(), v.integer(), v.minValue(1));

export { JsonValueSchema };

export const SerializedErrorSchema = v.object({
  name: v.string(),
  message: v.string(),
  stack: v.optional(v.string()),
});

export const TaskStatusSchema = v.picklist(['pending', 'running', 'done', 'failed', 'cancelled']);

export const TraceTaskSchema = v.object({
  id: taskIdSchema,
  fn: v.string(),
  args: v.array(JsonValueSchema),
  status: TaskStatusSchema,
  submittedAt: finite,
  queuedAt: v.optional(finite),
  startedAt: v.optional(finite),
  finishedAt: v.optional(finite),
  pid: v.optional(pidSchema),
  thread: v.optional(v.literal(true)),
  result: v.optional(JsonValueSchema),
  error: v.optional(SerializedErrorSchema),
});

export const TraceWorkerSchema = v.object({
  pid: pidSchema,
  thread: v.optional(v.pipe(v.string(), v.maxLength(200))),
  spawnedAt: finite,
  exitedAt: v.optional(finite),
  exitCode: v.optional(v.nullable(v.pipe(v.number(), v.integer()))),
  signal: v.optional(v.nullable(v.string())),
});

export const TraceOutputSchema = v.object({
  t: finite,
  pid: pidSchema,
  stream: v.picklist(['stdout', 'stderr']),
  line: v.string(),
  taskId: v.optional(taskIdSchema),
});

export const TraceMarkSchema = v.object({
  t: finite,
  kind: v.literal('resize'),
  maxWorkers: count,
});

export const TraceHeaderSchema = v.object({
  format: v.literal(TRACE_FORMAT),
  version: v.literal(TRACE_VERSION),
  name: v.string(),
  startedAt: finite,
  endedAt: v.optional(finite),
  maxWorkers: count,
  cpuCount: count,
  masterPid: pidSchema,
  // Where the calls ran: PoolScope's pool (node, python) or a traced script's own pool;
  // absent in traces from before the python runtime.
  runtime: v.optional(v.picklist([...RUNTIMES, 'python-script'])),
  python: v.optional(v.object({ ...PythonInfoSchema.entries, startMethod: v.optional(shortText) })),
  module: v.optional(v.pipe(v.string(), v.maxLength(4096))),
  script: v.optional(
    v.object({
      path: v.pipe(v.string(), v.maxLength(4096)),
      args: v.pipe(v.array(v.pipe(v.string(), v.maxLength(4096))), v.maxLength(1000)),
      maxWorkersFrom: v.picklist(['script', 'poolscope', 'forced']),
      exitCode: v.optional(v.nullable(v.number())),
      signal: v.optional(v.nullable(shortText)),
      pools: v.pipe(
        v.array(v.object({ kind: shortText, maxWorkers: v.number(), startMethod: shortText })),
        v.maxLength(1000),
      ),
      droppedOutput: v.number(),
      droppedEvents: v.number(),
    }),
  ),
});

export const TraceSchema = v.object({
  ...TraceHeaderSchema.entries,
  tasks: v.array(TraceTaskSchema),
  workers: v.array(TraceWorkerSchema),
  output: v.array(TraceOutputSchema),
  marks: v.array(TraceMarkSchema),
});

/** A problem found while reading a file; caught at the top and returned as its message. */
export class FileProblem extends Error {
  override name = 'FileProblem';
}

/** `schema`'s output for `value`, or a FileProblem naming the first problem at `path`. */
export function parseAt<S extends v.GenericSchema>(
  schema: S,
  value: unknown,
  path: string,
): v.InferOutput<S> {
  const result = v.safeParse(schema, value);
  if (result.success) return result.output;
  throw new FileProblem(describeIssue(result.issues[0], path));
}

/**
 * "tasks[3].startedAt: expected number, got "soon"" from a valibot issue; `offset` is added to
 * the first index (the issue of a slice of a list names the place in the whole list).
 */
export function describeIssue(issue: v.BaseIssue<unknown>, prefix = '', offset = 0): string {
  let path = prefix;
  (issue.path ?? []).forEach((item, i) => {
    const key = i === 0 && typeof item.key === 'number' ? item.key + offset : item.key;
    path += typeof key === 'number' ? `[${key}]` : path ? `.${String(key)}` : String(key);
  });
  const what =
    issue.kind !== 'schema'
      ? issue.message
      : issue.received === 'undefined'
        ? 'missing'
        : `expected ${issue.expected}, got ${issue.received}`;
  return path ? `${path}: ${what}` : what;
}

/** Checks the format and version before anything else, so an old or new file says so plainly. */
export function checkFormat(value: Record<string, unknown>, where = ''): void {
  if (value.format !== TRACE_FORMAT) {
    throw new FileProblem(
      `not a PoolScope trace: ${where}format is ${JSON.stringify(value.format) ?? 'missing'}, expected "${TRACE_FORMAT}"`,
    );
  }
  if (value.version !== TRACE_VERSION) {
    throw new FileProblem(
      `${where}version ${JSON.stringify(value.version) ?? '(missing)'} is not supported (this PoolScope reads version ${TRACE_VERSION})`,
    );
  }
}

/**
 * Tasks listed by increasing id, placed at `tasks[id]` as the live trace holds them (ids are dense
 * per run, so there are no holes unless the writer had them).
 */
export function tasksById(list: readonly TraceTask[], path: string): TraceTask[] {
  const tasks: TraceTask[] = [];
  let previous = -1;
  list.forEach((task, i) => {
    if (task.id <= previous) {
      throw new FileProblem(
        `${path}[${i}].id: ${task.id} comes after id ${previous} (tasks are listed by increasing id)`,
      );
    }
    previous = task.id;
    tasks[task.id] = task;
  });
  return tasks;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export type TraceSource = 'poolscope' | 'chrome';

export type ParseResult =
  { ok: true; trace: Trace; source: TraceSource } | { ok: false; error: string };

/**
 * What a trace file may be, checked before it is parsed: the desktop Open dialog's cap, and a
 * nesting far beyond what PoolScope writes (a call's arguments and result, a few levels) yet
 * well within what the recursive schemas can walk.
 */
export const TRACE_TEXT_BOUNDS: JsonBounds = { maxChars: 256 * 1024 * 1024, maxDepth: 64 };

/** The most tasks a trace may hold: what one run may submit. */
export const MAX_TRACE_TASKS = MAX_TASKS_PER_RUN;

const OPEN_READS =
  'Open reads PoolScope trace JSON and the Chrome trace JSON that PoolScope exports';

/**
 * Checks the text's kind and bounds, parses it as JSON and hands it to `read`. Every problem,
 * FileProblem or not, becomes `{ ok: false, error }`: a file must never throw in the page.
 */
export function readTraceText(
  text: string,
  read: (value: unknown) => { trace: Trace; source: TraceSource },
): ParseResult {
  const kind = notJsonKind(text);
  if (kind) return { ok: false, error: `this is ${kind}, not a trace. ${OPEN_READS}.` };
  const tooBig = jsonBoundsProblem(text, TRACE_TEXT_BOUNDS);
  if (tooBig) return { ok: false, error: `refused unread: ${tooBig}` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `not JSON: ${(e as Error).message}. ${OPEN_READS}.` };
  }
  try {
    return { ok: true, ...read(value) };
  } catch (e) {
    if (e instanceof FileProblem) return { ok: false, error: e.message };
    return { ok: false, error: `PoolScope could not read it: ${String(e)}` };
  }
}

/** What a file that is plainly not JSON is ("a PNG image"), from its first characters; else null. */
export function notJsonKind(text: string): string | null {
  const head = text.slice(0, 4096).replace(/^\uFEFF/, '');
  if (/^(\x89|\uFFFD)PNG/.test(head)) return 'a PNG image';
  const start = head.trimStart();
  if (start.startsWith('<')) {
    if (/<svg[\s>]/i.test(head)) return 'an SVG image';
    if (/<(!doctype\s+)?html[\s>]/i.test(head)) return 'an HTML page';
    return 'an XML document';
  }
  if (hasControlCharacters(head)) return 'a binary file';
  const firstLine = start.split(/\r?\n/, 1)[0] ?? '';
  if (!/^[[{]/.test(start) && firstLine.includes(',')) return 'a CSV table';
  return null;
}

/** Control characters other than tab, LF, CR and form feed: text files have none. */
function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d) return true;
  }
  return false;
}

/** Refuses a list longer than `max` before any of its items is checked. */
export function checkLength(list: unknown, max: number, what: string): void {
  if (Array.isArray(list) && list.length > max) {
    throw new FileProblem(
      `it holds ${list.length.toLocaleString('en-US')} ${what}; PoolScope opens at most ${max.toLocaleString('en-US')}`,
    );
  }
}

/**
 * How far two processes' clocks may disagree: a task's start is stamped by its worker, its
 * submit (and the finish of a task whose worker was killed) by the parent.
 */
export const CLOCK_SLACK_MS = 50;

/**
 * Refuses times no run can have: a task submitted, started or finished before the run began,
 * or finished before it started; a worker that exited before it was spawned; an end before the
 * start; each beyond the clocks' slack. (A worker may predate the run: its spawn can be negative.)
 */
export function checkTimes(trace: Trace): void {
  const refuse = (where: string, what: string) => {
    throw new FileProblem(`${where}: ${what}, which no run can have`);
  };
  if (trace.endedAt !== undefined && trace.endedAt < -CLOCK_SLACK_MS) {
    refuse('endedAt', `the run ends ${-trace.endedAt} ms before it starts`);
  }
  for (const task of trace.tasks as (TraceTask | undefined)[]) {
    if (!task) continue;
    const where = `task ${task.id}`;
    for (const key of ['submittedAt', 'startedAt', 'finishedAt'] as const) {
      const t = task[key];
      if (t !== undefined && t < -CLOCK_SLACK_MS)
        refuse(where, `${key} is ${t} ms, before the run began`);
    }
    const { startedAt, finishedAt } = task;
    if (
      startedAt !== undefined &&
      finishedAt !== undefined &&
      finishedAt < startedAt - CLOCK_SLACK_MS
    ) {
      refuse(where, `it finishes (${finishedAt} ms) before it starts (${startedAt} ms)`);
    }
  }
  for (const w of trace.workers) {
    if (w.exitedAt !== undefined && w.exitedAt < w.spawnedAt - CLOCK_SLACK_MS) {
      refuse(
        `worker ${w.pid}`,
        `it exits (${w.exitedAt} ms) before it is spawned (${w.spawnedAt} ms)`,
      );
    }
  }
}
