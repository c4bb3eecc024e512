import { describe, expect, it } from 'vitest';
import { Batching, MAX_BATCH } from '../../electron/pool/batching';

/** A Batching that has seen tasks of these durations (ms). */
function seen(durations: number[], enabled = true): Batching {
  const b = new Batching(enabled);
  for (const ms of durations) b.observe(ms);
  return b;
}

describe('Batching', () => {
  it.each<[string, Batching, number, number, boolean, number]>([
    ['nothing measured yet: one at a time, announced', seen([]), 1000, 2, false, 1],
    ['long tasks: one at a time', seen([50]), 1000, 2, false, 1],
    ['short tasks, no backlog beyond the workers', seen([0.01]), 2, 2, true, 1],
    ['short tasks: an even share of the backlog', seen([0.1]), 30, 2, true, 15],
    ['short tasks: within the time budget', seen([0.1]), 1000, 2, true, 20],
    ['trivial tasks: at most MAX_BATCH', seen([0.0001]), 100_000, 2, true, MAX_BATCH],
    ['a long task makes the mean long at once', seen([0.01, 0.01, 100]), 1000, 2, false, 1],
    ['disabled (a task timeout needs every start)', seen([0.01], false), 1000, 2, false, 1],
  ])('%s', (_, batching, pending, workers, short, size) => {
    expect(batching.short).toBe(short);
    expect(batching.size(pending, workers)).toBe(size);
  });
});
