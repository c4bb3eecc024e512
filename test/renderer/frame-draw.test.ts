import { describe, expect, it } from 'vitest';
import { FrameDraw } from '../../renderer/src/lib/gantt/frame-draw';
import type { Ticker } from '../../renderer/src/lib/run.svelte';

/** A frame loop run by hand. */
function frames() {
  const queued = new Map<number, () => void>();
  let next = 1;
  const ticker: Ticker = {
    now: () => 0,
    frame: (cb) => {
      queued.set(next, cb);
      return next++;
    },
    cancel: (h) => queued.delete(h),
  };
  const run = () => {
    const due = [...queued.values()];
    queued.clear();
    for (const cb of due) cb();
  };
  return { ticker, run, pending: () => queued.size };
}

describe('FrameDraw', () => {
  it('draws once per frame, with the latest request', () => {
    const f = frames();
    const drawn: string[] = [];
    const draw = new FrameDraw(f.ticker);
    for (const input of ['batch 1', 'batch 2', 'zoom']) draw.request(() => drawn.push(input));
    expect(drawn).toEqual([]);
    expect(f.pending()).toBe(1);
    f.run();
    expect(drawn).toEqual(['zoom']);
    f.run();
    expect(drawn).toEqual(['zoom']);
  });

  it('a request made while drawing waits for the next frame', () => {
    const f = frames();
    const drawn: number[] = [];
    const draw = new FrameDraw(f.ticker);
    draw.request(() => {
      drawn.push(1);
      draw.request(() => drawn.push(2));
    });
    f.run();
    expect(drawn).toEqual([1]);
    f.run();
    expect(drawn).toEqual([1, 2]);
  });

  it('cancel drops the pending draw', () => {
    const f = frames();
    const drawn: number[] = [];
    const draw = new FrameDraw(f.ticker);
    draw.request(() => drawn.push(1));
    draw.cancel();
    expect(f.pending()).toBe(0);
    f.run();
    expect(drawn).toEqual([]);
  });
});
