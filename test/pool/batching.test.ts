import { describe, expect, it } from 'vitest';
import { Batching, SHORT_DEPTH } from '../../electron/pool/batching';

/** A Batching that has seen calls of these durations (ms). */
function seen(durations: number[], enabled = true): Batching {
  const b = new Batching(enabled);
  for (const ms of durations) b.observe(ms);
  return b;
}

describe('Batching', () => {
  it.each<[string, Batching, boolean, number]>([
    ['nothing measured yet: one call per worker', seen([]), false, 1],
    ['long calls: one per worker', seen([50]), false, 1],
    ['short calls: a few sent ahead', seen([0.01]), true, SHORT_DEPTH],
    ['a long call makes the mean long at once', seen([0.01, 0.01, 100]), false, 1],
    ['disabled (a task timeout needs a free worker for each call)', seen([0.01], false), false, 1],
  ])('%s', (_, batching, short, depth) => {
    expect(batching.short).toBe(short);
    expect(batching.depth).toBe(depth);
  });
});
