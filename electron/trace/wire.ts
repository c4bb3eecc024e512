/**
 * The tracer's wire: one JSON object per line, from every traced process over its own socket
 * connection (electron/python/poolscope_trace). Every line is checked and bounded here; a line
 * that fails is counted and dropped, never trusted.
 */
import * as v from 'valibot';
import type { JsonValue } from '../../shared/json';
import { MAX_TASKS_PER_RUN } from '../../shared/workload';

/** The longest wire line accepted (the tracer clips values well below this). */
export const MAX_WIRE_LINE = 256 * 1024;

const t = v.pipe(v.number(), v.finite());
const pid = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(2 ** 31));
const id = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_TASKS_PER_RUN - 1));
const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const error = v.object({
  name: text(200),
  message: text(8000),
  stack: v.optional(text(40000)),
});
/** A value inside a line JSON.parse read: it is JSON by construction, bounded by the line's length. */
const json = v.custom<JsonValue>(() => true);
const count = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100_000));

export const WireEventSchema = v.variant('e', [
  v.object({ e: v.literal('hello'), pid, ppid: v.number(), t }),
  v.object({
    e: v.literal('master'),
    pid,
    python: text(40),
    executable: text(4096),
    startMethod: text(40),
    cpuCount: v.nullable(count),
    t,
  }),
  v.object({
    e: v.literal('pool'),
    kind: text(60),
    maxWorkers: count,
    asked: v.nullable(v.number()),
    startMethod: text(40),
    t,
  }),
  /** `thread`: a thread of the master (a ThreadPoolExecutor's worker), `pid` being its TID. */
  v.object({ e: v.literal('spawn'), pid, thread: v.optional(text(200)), t }),
  v.object({
    e: v.literal('exit'),
    pid,
    code: v.nullable(v.pipe(v.number(), v.integer())),
    signal: v.nullable(text(40)),
    t,
  }),
  v.object({ e: v.literal('submit'), id, fn: text(400), args: v.array(json), t }),
  v.object({ e: v.literal('queued'), id, t }),
  v.object({ e: v.literal('start'), id, pid, t }),
  v.object({ e: v.literal('finish'), id, pid, t, ok: v.literal(true), result: json }),
  v.object({ e: v.literal('finish'), id, pid, t, ok: v.literal(false), error }),
  v.object({
    e: v.literal('done'),
    id,
    t,
    cancelled: v.optional(v.boolean()),
    remote: v.optional(v.boolean()),
    error: v.optional(error),
  }),
  v.object({
    e: v.literal('out'),
    pid,
    stream: v.picklist(['stdout', 'stderr']),
    line: text(20000),
    id: v.optional(id),
    t,
  }),
]);

export type WireEvent = v.InferOutput<typeof WireEventSchema>;

/** The variant's options by event name: a line is checked against its own shape(s) only. */
const BY_NAME = new Map<string, v.GenericSchema<unknown, WireEvent>[]>();
for (const option of WireEventSchema.options) {
  const name = option.entries.e.literal;
  BY_NAME.set(name, [...(BY_NAME.get(name) ?? []), option as v.GenericSchema<unknown, WireEvent>]);
}

/** A wire line as an event, or null when it is not one (malformed, unknown, out of bounds). */
export function parseWireLine(line: string): WireEvent | null {
  if (line.length > MAX_WIRE_LINE) return null;
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return null;
  }
  const name = (json as { e?: unknown } | null)?.e;
  // The four events of every call (submit, queued, start, finish) skip valibot when they are
  // plainly well formed: at 40,000 events a run, its cost is most of PoolScope's side of tracing.
  if (isPlainHotEvent(json)) return json;
  const schemas = typeof name === 'string' ? BY_NAME.get(name) : undefined;
  for (const schema of schemas ?? []) {
    const parsed = v.safeParse(schema, json);
    if (parsed.success) return parsed.output;
  }
  return null;
}

const isId = (x: unknown): x is number =>
  typeof x === 'number' && Number.isInteger(x) && x >= 0 && x < MAX_TASKS_PER_RUN;
const isPid = (x: unknown): x is number =>
  typeof x === 'number' && Number.isInteger(x) && x >= 1 && x <= 2 ** 31;
const isTime = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/**
 * The same checks as the schemas above for the hot events in their usual shape (no extra keys,
 * a plain result); anything else, an error included, goes through the schemas.
 */
function isPlainHotEvent(json: unknown): json is WireEvent {
  const o = json as Record<string, unknown>;
  if (!isId(o.id) || !isTime(o.t)) return false;
  const keys = Object.keys(o).length;
  switch (o.e) {
    case 'queued':
      return keys === 3;
    case 'start':
      return keys === 4 && isPid(o.pid);
    case 'finish':
      return keys === 6 && isPid(o.pid) && o.ok === true && 'result' in o;
    case 'submit':
      return keys === 5 && typeof o.fn === 'string' && o.fn.length <= 400 && Array.isArray(o.args);
    default:
      return false;
  }
}
