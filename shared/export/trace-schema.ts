/**
 * The valibot schema of a saved trace (shared/trace.ts `Trace`, version 1) and the helpers both
 * reopen paths use to turn a file into a `Trace` with messages that name what is wrong.
 */
import * as v from 'valibot';
import { JsonValueSchema } from '../json';
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
  result: v.optional(JsonValueSchema),
  error: v.optional(SerializedErrorSchema),
});

export const TraceWorkerSchema = v.object({
  pid: pidSchema,
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

/** "tasks[3].startedAt: expected number, got "soon"" from a valibot issue. */
export function describeIssue(issue: v.BaseIssue<unknown>, prefix = ''): string {
  let path = prefix;
  for (const item of issue.path ?? []) {
    const key = item.key;
    path += typeof key === 'number' ? `[${key}]` : path ? `.${String(key)}` : String(key);
  }
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
 * Parses `text` as JSON and hands it to `read`, turning bad JSON and every FileProblem `read`
 * throws into `{ ok: false, error }`. Anything else thrown is a bug, and is rethrown.
 */
export function readTraceText(
  text: string,
  read: (value: unknown) => { trace: Trace; source: TraceSource },
): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `not JSON: ${(e as Error).message}` };
  }
  try {
    return { ok: true, ...read(value) };
  } catch (e) {
    if (e instanceof FileProblem) return { ok: false, error: e.message };
    throw e;
  }
}
