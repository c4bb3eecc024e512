/**
 * The messages between the pool and its workers, as docs/pool.md "Protocol" describes them for
 * any worker (Node's here, CPython's in electron/python). Every message is a JSON object tagged
 * with `ps`, so a task module may use the same channel for messages of its own: anything
 * untagged is ignored. What a worker sends is checked against these schemas at the boundary;
 * hot messages are tuples, so thousands a second stay small.
 */
import * as v from 'valibot';
import type { OutputStream, SerializedError } from '../../shared/events';
import type { JsonValue } from '../../shared/json';
import { MAX_LINE, MAX_REPORT_EVENTS } from './wire';

export { CHUNK_FUNCTION, FLUSH_MS, MAX_LINE, MAX_REPORT_EVENTS, taskExports } from './wire';
export type { TaskFunction } from './wire';

const json = v.custom<JsonValue>(() => true);
const id = v.pipe(v.number(), v.integer(), v.minValue(0));
const stamp = v.pipe(v.number(), v.finite());
const stream = v.picklist(['stdout', 'stderr'] satisfies OutputStream[]);

const ErrorSchema = v.object({
  name: v.string(),
  message: v.string(),
  stack: v.optional(v.string()),
});
// The schema is the wire form of shared/events.ts's SerializedError.
void ((e: v.InferOutput<typeof ErrorSchema>): SerializedError => e);

/** One call: task id, function name, arguments. */
const CallSchema = v.tuple([id, v.string(), v.array(json)]);
export type TaskCall = v.InferOutput<typeof CallSchema>;

const InitializerSchema = v.object({ fn: v.string(), args: v.array(json) });
export type Initializer = v.InferOutput<typeof InitializerSchema>;

export const ToWorkerSchema = v.variant('ps', [
  /** Always the first message, once: what to load and run before any call. */
  v.object({
    ps: v.literal('init'),
    modules: v.array(v.string()),
    initializer: v.nullable(InitializerSchema),
    /** Epoch ms at the monotonic clock's zero: stamp events with monotonic ms + this. */
    clock: stamp,
  }),
  /**
   * Calls to append to the worker's queue; it runs them one at a time, in arrival order. With
   * `announce`, the start of a call with nothing queued behind it is sent before it runs.
   */
  v.object({ ps: v.literal('run'), calls: v.array(CallSchema), announce: v.boolean() }),
  /** Give back every call received and not begun (answered by a `revoked` event). */
  v.object({ ps: v.literal('revoke') }),
  /** Finish the queue, send what is buffered, exit with code 0. */
  v.object({ ps: v.literal('stop') }),
]);
export type ToWorker = v.InferOutput<typeof ToWorkerSchema>;

/** What happened in a worker, in the order it happened: a tuple tagged by its first item. */
const EVENT_SCHEMAS = {
  /** A call began (epoch ms, stamped in the worker). */
  start: v.tuple([v.literal('start'), id, stamp]),
  /** A line written to stdout or stderr, by call `id` (null: outside any call, e.g. at init). */
  out: v.tuple([
    v.literal('out'),
    v.nullable(id),
    stamp,
    stream,
    v.pipe(v.string(), v.maxLength(MAX_LINE)),
  ]),
  /** A call ended: began, ended, 1 and its result, or 0 and its error. */
  done: v.tuple([v.literal('done'), id, stamp, stamp, v.literal(1), json]),
  failed: v.tuple([v.literal('done'), id, stamp, stamp, v.literal(0), ErrorSchema]),
  /** The answer to `revoke`: the calls given back, in order (maybe none). */
  revoked: v.tuple([v.literal('revoked'), v.array(id)]),
};
const EventSchema = v.union(Object.values(EVENT_SCHEMAS));
export type WorkerEvent = v.InferOutput<typeof EventSchema>;
export type DoneEvent = Extract<WorkerEvent, ['done', ...unknown[]]>;

export const FromWorkerSchema = v.variant('ps', [
  /** Init succeeded: the worker takes calls. Sent once, before any call event. */
  v.object({ ps: v.literal('ready') }),
  /** Loading a module or running the initializer failed; the worker exits (code 1) next. */
  v.object({ ps: v.literal('init-failed'), error: ErrorSchema }),
  /** Buffered events, oldest first. */
  v.object({
    ps: v.literal('report'),
    events: v.pipe(v.array(EventSchema), v.minLength(1), v.maxLength(MAX_REPORT_EVENTS)),
  }),
]);
export type FromWorker = v.InferOutput<typeof FromWorkerSchema>;

function tagOf(m: unknown): unknown {
  return typeof m === 'object' && m !== null ? (m as { ps?: unknown }).ps : undefined;
}

/**
 * A worker's message checked: the message, null for an untagged one (not ours), or an Error
 * saying what is wrong with a tagged one. Reports, thousands a second, take a fast path that
 * accepts only what the schema accepts and leaves anything else to the schema.
 */
export function parseFromWorker(m: unknown): FromWorker | null | Error {
  const tag = tagOf(m);
  if (tag === undefined) return null;
  if (tag === 'report' && isPlainReport(m as { events?: unknown })) return m as FromWorker;
  const parsed = v.safeParse(FromWorkerSchema, m);
  if (parsed.success) return parsed.output;
  return new Error(`sent a malformed ${JSON.stringify(tag)} message${problemIn(m, parsed.issues)}`);
}

/** Where and what: for a bad event, what its own tag's schema says, not the union's shrug. */
function problemIn(m: unknown, issues: [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]]): string {
  let issue = issues[0];
  let path = issue.path?.map((p) => String(p.key)) ?? [];
  const events = (m as { events?: unknown }).events;
  if (path[0] === 'events' && path.length === 2 && Array.isArray(events)) {
    const event: unknown = events[Number(path[1])];
    let tag: unknown = Array.isArray(event) ? event[0] : undefined;
    if (tag === 'done' && (event as unknown[])[4] === 0) tag = 'failed';
    if (typeof tag !== 'string' || !Object.hasOwn(EVENT_SCHEMAS, tag)) {
      return ` (at ${path.join('.')}): not an event (an array whose first item is its tag)`;
    }
    const schema: v.GenericSchema = EVENT_SCHEMAS[tag as keyof typeof EVENT_SCHEMAS];
    const inner = v.safeParse(schema, event);
    if (!inner.success) {
      issue = inner.issues[0];
      path = [...path, ...(issue.path?.map((p) => String(p.key)) ?? [])];
    }
  }
  return `${path.length ? ` (at ${path.join('.')})` : ''}: ${issue.message}`;
}

const isId = (x: unknown) => typeof x === 'number' && Number.isInteger(x) && x >= 0;
const isStamp = (x: unknown) => typeof x === 'number' && Number.isFinite(x);

function isError(x: unknown): boolean {
  if (typeof x !== 'object' || x === null) return false;
  const e = x as Record<string, unknown>;
  return (
    typeof e.name === 'string' &&
    typeof e.message === 'string' &&
    (e.stack === undefined || typeof e.stack === 'string')
  );
}

/** A report of start, out and done events exactly as the schema describes them. */
function isPlainReport({ events }: { events?: unknown }): boolean {
  if (!Array.isArray(events) || events.length === 0 || events.length > MAX_REPORT_EVENTS) {
    return false;
  }
  for (const e of events as unknown[][]) {
    if (!Array.isArray(e)) return false;
    switch (e[0]) {
      case 'start':
        if (e.length !== 3 || !isId(e[1]) || !isStamp(e[2])) return false;
        break;
      case 'out':
        if (e.length !== 5 || !(e[1] === null || isId(e[1])) || !isStamp(e[2])) return false;
        if (e[3] !== 'stdout' && e[3] !== 'stderr') return false;
        if (typeof e[4] !== 'string' || e[4].length > MAX_LINE) return false;
        break;
      case 'done':
        if (e.length !== 6 || !isId(e[1]) || !isStamp(e[2]) || !isStamp(e[3])) return false;
        if (!(e[4] === 1 || (e[4] === 0 && isError(e[5])))) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
