import type { SerializedError } from '../../shared/events';

/** The pool cannot run tasks any more: a worker died (CPython's BrokenProcessPool). */
export class BrokenProcessPool extends Error {
  override readonly name = 'BrokenProcessPool';
}

/** The future was cancelled before it ran. */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
}

/** A wait ran out of time, or a task exceeded the pool's per-task timeout. */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

/** An error as plain data, to cross the process boundary. Anything thrown is accepted. */
export function serializeError(thrown: unknown): SerializedError {
  if (thrown instanceof Error) {
    const out: SerializedError = { name: thrown.name, message: thrown.message };
    if (thrown.stack !== undefined) out.stack = thrown.stack;
    return out;
  }
  return { name: 'Error', message: `non-Error value thrown: ${String(thrown)}` };
}

/** The worker's error, rebuilt in the parent with its name, message and the worker's stack. */
export function rebuildError(e: SerializedError): Error {
  const error = new Error(e.message);
  error.name = e.name;
  error.stack = e.stack ?? `${e.name}: ${e.message}`;
  return error;
}
