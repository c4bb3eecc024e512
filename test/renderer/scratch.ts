/** Checks that what the renderer keeps up to date as events arrive equals a from-scratch pass. */
import { expect } from 'vitest';
import { lanesFor, timeExtent } from '../../shared/chart/geometry';
import { functionsIn } from '../../shared/palette';
import { summarize, type TraceStats } from '../../shared/stats';
import type { Trace } from '../../shared/trace';
import type { TraceTally } from '../../renderer/src/lib/tally';

/** Sums are added up in another order than `summarize` does: equal to rounding. */
export function expectSameStats(actual: TraceStats, expected: TraceStats): void {
  const close = (x: number) => expect.closeTo(x, 9);
  expect(actual).toEqual({
    ...expected,
    totalTaskMs: close(expected.totalTaskMs),
    speedup: close(expected.speedup),
    meanWaitMs: close(expected.meanWaitMs),
    perWorker: expected.perWorker.map((w) => ({ ...w, busyMs: close(w.busyMs) })),
  });
}

/** Every answer of `tally` against the function it stands in for, on `trace` as it is. */
export function expectTallyOf(tally: TraceTally, trace: Trace, now: number | undefined): void {
  expectSameStats(tally.stats(now), summarize(trace, now));
  expect(tally.extent(now)).toEqual(timeExtent(trace, now));
  expect(tally.functions()).toEqual(functionsIn(trace.tasks));
  expect(tally.lanes()).toEqual(lanesFor(trace));
  expect(tally.unrun).toBe(
    trace.tasks.filter((t) => t.startedAt === undefined && t.finishedAt !== undefined).length,
  );
}
