/** The parts of CPython's Executor.map that are not about scheduling. */
import type { JsonValue } from '../../shared/json';
import type { Future } from './future';

/** Python's zip(*iterables): argument tuples, as long as the shortest iterable. */
export function zip(iterables: Iterable<JsonValue>[]): JsonValue[][] {
  if (iterables.length === 0) return [];
  const iterators = iterables.map((it) => it[Symbol.iterator]());
  const calls: JsonValue[][] = [];
  for (;;) {
    const args: JsonValue[] = [];
    for (const it of iterators) {
      const step = it.next();
      if (step.done) return calls;
      args.push(step.value);
    }
    calls.push(args);
  }
}

/**
 * The results of `futures` in order (each a list when `chunked`, flattened), each awaited no
 * later than `deadline` (performance.now() ms). Leaving early cancels what has not started.
 */
export async function* orderedResults(
  futures: Future[],
  chunked: boolean,
  deadline: number | undefined,
): AsyncGenerator<JsonValue> {
  try {
    for (const f of futures) {
      const left = deadline === undefined ? undefined : Math.max(0, deadline - performance.now());
      const value = await f.result(left);
      if (chunked) yield* value as JsonValue[];
      else yield value;
    }
  } finally {
    for (const f of futures) f.cancel();
  }
}
