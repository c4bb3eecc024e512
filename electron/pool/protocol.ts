/**
 * The messages between the pool and its workers. Every message carries a `ps` tag, so a task
 * module may use the same IPC channel for messages of its own: anything untagged is ignored.
 * Tuples keep the hot messages small (thousands per second when tasks are short).
 */
import type { JsonValue } from '../../shared/json';
import type { OutputStream, SerializedError } from '../../shared/events';

/** One call: task id, function name, arguments. */
export type TaskCall = [id: number, fn: string, args: JsonValue[]];

/** What became of one call, with its start and finish stamped in the worker (epoch ms). */
export type TaskOutcome =
  | [id: number, startedAt: number, finishedAt: number, ok: 1, result: JsonValue]
  | [id: number, startedAt: number, finishedAt: number, ok: 0, error: SerializedError];

export interface Initializer {
  fn: string;
  args: JsonValue[];
}

export type ToWorker =
  /** Always the first message: what to load and run before any task. */
  | { ps: 'init'; modules: string[]; initializer: Initializer | null }
  /**
   * Calls to run in order. `announce` asks for a `started` message before each call, so the
   * parent knows it is running; short tasks go unannounced, in batches.
   */
  | { ps: 'run'; announce: boolean; calls: TaskCall[] };

export type FromWorker =
  | { ps: 'started'; id: number; t: number }
  /** The outcomes of one `run` message, in call order. */
  | { ps: 'done'; outcomes: TaskOutcome[] }
  | { ps: 'output'; t: number; stream: OutputStream; line: string; id?: number }
  /** Loading a task module or running the initializer failed; the worker exits next. */
  | { ps: 'init-failed'; error: SerializedError };

const TO_WORKER = new Set(['init', 'run']);
const FROM_WORKER = new Set(['started', 'done', 'output', 'init-failed']);

function tagOf(m: unknown): unknown {
  return typeof m === 'object' && m !== null ? (m as { ps?: unknown }).ps : undefined;
}

export function isToWorker(m: unknown): m is ToWorker {
  return TO_WORKER.has(tagOf(m) as string);
}

export function isFromWorker(m: unknown): m is FromWorker {
  return FROM_WORKER.has(tagOf(m) as string);
}

export type TaskFunction = (...args: JsonValue[]) => unknown;

/** Which exports of a task module are callable by name: its named functions. */
export function taskExports(mod: Record<string, unknown>): [string, TaskFunction][] {
  const out: [string, TaskFunction][] = [];
  for (const [name, value] of Object.entries(mod)) {
    if (name !== 'default' && typeof value === 'function') out.push([name, value as TaskFunction]);
  }
  return out;
}

/** The function a task runs inside a worker for `map(..., { chunksize })`, named as in CPython. */
export const CHUNK_FUNCTION = '_process_chunk';
