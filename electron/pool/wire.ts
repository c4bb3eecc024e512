/**
 * The protocol's constants and the task-module helpers both sides need, free of the schemas:
 * the worker imports this, and so starts without loading valibot (docs/pool.md "Protocol").
 */
import type { JsonValue } from '../../shared/json';

/** A line longer than this (UTF-16 code units) is sent as several lines of at most this. */
export const MAX_LINE = 8192;
/** A worker sends its buffered events at the latest when the oldest is this old (ms)... */
export const FLUSH_MS = 1;
/** ...or when this many are buffered. */
export const MAX_REPORT_EVENTS = 256;

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
