/**
 * TraceTally is folded batch by batch as events arrive; after every batch each of its answers
 * must equal the from-scratch function it stands in for, on the same trace.
 */
import { describe, expect, it } from 'vitest';
import { applyEvents, emptyTrace } from '../../shared/trace';
import { TraceTally } from '../../renderer/src/lib/tally';
import { growingRuns, inBatches, sampleTrace } from '../shared/traces';
import { expectTallyOf } from './scratch';

const header = { name: 'growing', startedAt: 0, maxWorkers: 3, cpuCount: 2, masterPid: 1 };

describe('TraceTally', () => {
  describe.each(growingRuns())('$name', ({ events }) => {
    it.each([1, 3, 50, events.length])('folded %i events at a time', (size) => {
      const trace = emptyTrace(header);
      const tally = new TraceTally(trace);
      let checked = 0;
      for (const batch of inBatches(events, size)) {
        applyEvents(trace, batch);
        tally.fold(batch);
        const now = batch.at(-1)!.t + 7.5;
        expectTallyOf(tally, trace, now);
        expectTallyOf(tally, trace, undefined);
        checked++;
      }
      expect(checked).toBe(Math.ceil(events.length / size));
    });
  });

  it('tallies a trace it did not see grow (an opened file), its end included', () => {
    const trace = sampleTrace();
    expectTallyOf(new TraceTally(trace), trace, undefined);
    expect(new TraceTally(trace).extent()).toEqual([0, 1304.5]);
  });

  it('keeps the same lanes and functions arrays until they change', () => {
    const [first, ...rest] = inBatches(growingRuns()[0]!.events, 4);
    const trace = emptyTrace(header);
    const tally = new TraceTally(trace);
    applyEvents(trace, first!);
    tally.fold(first!);
    const lanes = tally.lanes();
    const functions = tally.functions();
    expect(tally.lanes()).toBe(lanes);
    expect(tally.functions()).toBe(functions);
    for (const batch of rest) {
      applyEvents(trace, batch);
      tally.fold(batch);
    }
    expect(tally.lanes()).not.toBe(lanes);
    expect(tally.functions()).not.toBe(functions);
  });
});
