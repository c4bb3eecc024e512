/**
 * BarIndex is updated task by task as batches arrive; after every batch its lanes must hold the
 * bars `barsFor` and `unrunBarsFor` make from scratch, in the same order.
 */
import { describe, expect, it } from 'vitest';
import { BarIndex } from '../../shared/chart/bar-index';
import {
  barsFor,
  laneIndex,
  lanesFor,
  unrunBarsFor,
  type LaneLayout,
} from '../../shared/chart/geometry';
import type { PoolEvent } from '../../shared/events';
import { applyEvents, emptyTrace, type Trace } from '../../shared/trace';
import { growingRuns, inBatches, type EventAt } from './traces';

const layout: LaneLayout = { top: 10, laneHeight: 20, laneGap: 5 };
const x = (ms: number) => ms * 1000;
const header = { name: 'growing', startedAt: 0, maxWorkers: 3, cpuCount: 2, masterPid: 1 };

/** The lanes of the whole run, so the index need not be re-made as workers come. */
function finalLanes(events: readonly EventAt[]) {
  const trace = emptyTrace(header);
  for (const batch of inBatches(events, events.length)) applyEvents(trace, batch);
  return lanesFor(trace);
}

function fromScratch(trace: Trace, lanes: ReturnType<typeof lanesFor>, now: number) {
  return [
    ...barsFor(trace.tasks, laneIndex(lanes), x, layout, now),
    ...unrunBarsFor(trace.tasks, lanes.length, x, layout),
  ];
}

const taskIds = (batch: readonly PoolEvent[]) =>
  batch.flatMap((e) => ('taskId' in e && e.taskId !== undefined ? [e.taskId] : []));

describe('BarIndex', () => {
  describe.each(growingRuns())('$name', ({ events }) => {
    const lanes = finalLanes(events);

    it.each([
      { size: 1, now: 0 },
      { size: 3, now: 0 },
      { size: 7, now: 25 },
      { size: events.length, now: 25 },
    ])('$size events at a time, running bars to $now ms', ({ size, now }) => {
      const trace = emptyTrace(header);
      const options = { laneIndexByPid: laneIndex(lanes), unrunLane: lanes.length, x, layout, now };
      const index = new BarIndex(options);
      for (const batch of inBatches(events, size)) {
        applyEvents(trace, batch);
        index.update(trace.tasks, taskIds(batch));
        expect(index.lanes.flat()).toEqual(fromScratch(trace, lanes, now));
      }
      const fresh = new BarIndex(options);
      fresh.update(trace.tasks, trace.tasks.keys());
      expect(fresh.lanes).toEqual(index.lanes);
      expect(index.lanes).toHaveLength(lanes.length + 1);
    });
  });

  it('drops a bar whose task is gone, and takes ids it has no task for', () => {
    const [run] = growingRuns();
    const lanes = finalLanes(run!.events);
    const trace = emptyTrace(header);
    for (const batch of inBatches(run!.events, run!.events.length)) applyEvents(trace, batch);
    const index = new BarIndex({
      laneIndexByPid: laneIndex(lanes),
      unrunLane: lanes.length,
      x,
      layout,
      now: 0,
    });
    index.update(trace.tasks, trace.tasks.keys());
    const before = index.lanes.flat().length;
    const tasks = [...trace.tasks];
    delete tasks[0];
    index.update(tasks, [0, 99]);
    expect(index.lanes.flat().map((b) => b.taskId)).not.toContain(0);
    expect(index.lanes.flat()).toHaveLength(before - 1);
  });
});
