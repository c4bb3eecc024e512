import { describe, expect, it } from 'vitest';
import { emptyTrace } from '../../shared/trace';
import { ChartView } from '../../renderer/src/lib/chart-view.svelte';
import { EMPTY_EXTENT, END_PAD, extentOf } from '../../renderer/src/lib/extent';
import { RunStore, type Ticker } from '../../renderer/src/lib/run.svelte';

const T0 = 5_000_000;

/** A live run whose clock the test moves: `now` grows, and so does the chart's extent. */
function liveRun() {
  let time = T0;
  let frame: (() => void) | null = null;
  const ticker: Ticker = {
    now: () => time,
    frame: (cb) => ((frame = cb), 1),
    cancel: () => (frame = null),
  };
  const store = new RunStore(ticker);
  const trace = emptyTrace({ name: 'w', startedAt: T0, maxWorkers: 1, cpuCount: 1, masterPid: 1 });
  store.handle({ channel: 'run:started', payload: { runId: 'r', trace } });
  // A running task, so the extent follows `now`.
  store.handle({
    channel: 'run:events',
    payload: {
      runId: 'r',
      events: [
        { type: 'task-submitted', t: T0, taskId: 0, fn: 'slow_function', args: [9] },
        { type: 'task-started', t: T0 + 1, taskId: 0, pid: 9 },
      ],
    },
  });
  return {
    store,
    at(ms: number) {
      time = T0 + ms;
      const cb = frame;
      frame = null;
      cb?.();
    },
  };
}

const padded = (end: number) => end * (1 + END_PAD);

describe('ChartView', () => {
  it('shows an empty frame before any run', () => {
    const view = new ChartView(() => EMPTY_EXTENT);
    expect(view.domain).toEqual(EMPTY_EXTENT);
    expect(view.following).toBe(true);
  });

  it('follows the live edge of a run until the user zooms, and again after Fit', () => {
    const run = liveRun();
    const view = new ChartView(() => extentOf(run.store));
    view.width = 1000;
    run.at(1000);
    expect(view.domain[1]).toBeCloseTo(padded(1000));
    run.at(2000);
    expect(view.domain[1]).toBeCloseTo(padded(2000));

    view.zoom(2, 500);
    const zoomed = view.domain;
    expect(view.following).toBe(false);
    expect(zoomed[1] - zoomed[0]).toBeCloseTo(padded(2000) / 2);
    run.at(3000);
    expect(view.domain).toEqual(zoomed);

    view.fit();
    expect(view.following).toBe(true);
    expect(view.domain[1]).toBeCloseTo(padded(3000));
    run.store.dispose();
  });

  it('pans by pixels worth of time, kept within reach of the run', () => {
    const view = new ChartView(() => [0, 1000]);
    view.width = 500;
    view.zoom(4, 0);
    expect(view.domain).toEqual([0, 250]);
    view.pan(100); // 100 px of 500 = a fifth of 250 ms
    expect(view.domain).toEqual([50, 300]);
    view.pan(-1_000_000);
    expect(view.domain).toEqual([-125, 125]);
  });
});
