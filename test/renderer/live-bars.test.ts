/**
 * The chart's bars through the whole chain a live run takes: RunStore folds batches and logs the
 * tasks they changed, LiveBars reads that log and updates its index. After every batch the bars
 * must be those `barsFor` and `unrunBarsFor` make from scratch.
 */
import { describe, expect, it } from 'vitest';
import {
  barsFor,
  laneIndex,
  unrunBarsFor,
  type Lane,
  type LaneLayout,
} from '../../shared/chart/geometry';
import type { AppEvent } from '../../shared/contract';
import { emptyTrace } from '../../shared/trace';
import { LiveBars } from '../../renderer/src/lib/gantt/live-bars';
import { RunStore, type Ticker, type TraceSnapshot } from '../../renderer/src/lib/run.svelte';
import { growingRuns, inBatches } from '../shared/traces';

const layout: LaneLayout = { top: 20, laneHeight: 30, laneGap: 6 };
const x = (ms: number) => ms * 1000;
const idle: Ticker = { now: () => 0, frame: () => 1, cancel: () => {} };

/** As the Gantt does: a new LiveBars when the lanes change, synced with each snapshot. */
function chartBars() {
  let lanes: Lane[] | null = null;
  let live: LiveBars | null = null;
  return (snapshot: TraceSnapshot) => {
    const current = snapshot.tally.lanes();
    if (!live || current !== lanes) {
      lanes = current;
      live = new LiveBars({
        laneIndexByPid: laneIndex(lanes),
        unrunLane: lanes.length,
        x,
        layout,
        now: 0,
      });
    }
    return { bars: live.sync(snapshot), lanes };
  };
}

function fromScratch({ trace }: TraceSnapshot, lanes: readonly Lane[]) {
  return [
    ...barsFor(trace.tasks, laneIndex(lanes), x, layout, 0),
    ...unrunBarsFor(trace.tasks, lanes.length, x, layout),
  ];
}

const started = (runId: string): AppEvent => ({
  channel: 'run:started',
  payload: {
    runId,
    trace: emptyTrace({ name: runId, startedAt: 0, maxWorkers: 2, cpuCount: 2, masterPid: 1 }),
  },
});

describe('LiveBars on a RunStore', () => {
  it.each(growingRuns())('$name, batch by batch', ({ events }) => {
    const store = new RunStore(idle);
    const bars = chartBars();
    store.handle(started('a'));
    for (const batch of inBatches(events, 2)) {
      store.handle({ channel: 'run:events', payload: { runId: 'a', events: batch } });
      const snapshot = store.snapshot!;
      const { bars: lanes, lanes: laneList } = bars(snapshot);
      expect(lanes.flat()).toEqual(fromScratch(snapshot, laneList));
    }
  });

  it('starts over for a new run, and reads every batch since it last looked', () => {
    const [first, second] = growingRuns();
    const lanes = [{ pid: 41201, index: 0, label: 'PID 41201', spawnedAt: 0 }];
    const store = new RunStore(idle);
    const live = new LiveBars({
      laneIndexByPid: laneIndex(lanes),
      unrunLane: 1,
      x,
      layout,
      now: 0,
    });
    const run = (runId: string, batches: AppEvent[]) => {
      store.handle(started(runId));
      for (const e of batches) store.handle(e);
    };
    const batchesOf = (runId: string, events: Parameters<typeof inBatches>[0]) =>
      inBatches(events, 5).map((batch): AppEvent => ({
        channel: 'run:events',
        payload: { runId, events: batch },
      }));

    const [b1, ...rest] = batchesOf('a', first!.events);
    run('a', [b1!]);
    live.sync(store.snapshot!);
    // Several batches before the next look: all of them are read.
    for (const e of rest) store.handle(e);
    expect(live.sync(store.snapshot!).flat()).toEqual(fromScratch(store.snapshot!, lanes));

    run('b', batchesOf('b', second!.events));
    const bars = live.sync(store.snapshot!).flat();
    expect(bars.map((b) => b.taskId)).toEqual([3]);
    expect(bars).toEqual(fromScratch(store.snapshot!, lanes));
  });
});
