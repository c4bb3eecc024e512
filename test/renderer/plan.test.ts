import { describe, expect, it } from 'vitest';
import type { Bar } from '../../shared/chart/geometry';
import type { TaskStatus } from '../../shared/trace';
import { LABEL_FROM_PX } from '../../shared/chart/labels';
import { GAP_FROM_PX, planBars, RUG_PX, visibleUnits } from '../../renderer/src/lib/gantt/plan';

/** A bar in units where 1 unit = 1 px (a = 1, b = 0) unless a test says otherwise. */
function bar(taskId: number, x0: number, x1: number, over: Partial<Bar> = {}): Bar {
  return {
    taskId,
    pid: 100,
    lane: 0,
    x0,
    x1,
    y: 10,
    height: 20,
    fn: 'slow_add',
    status: 'done',
    ...over,
  };
}
const identity = { a: 1, b: 0 };
const colorOf = (fn: string) => (fn === 'slow_add' ? '#88CCEE' : '#CC6677');
const rects = (flat: number[]) => {
  const out: number[][] = [];
  for (let i = 0; i < flat.length; i += 4) out.push(flat.slice(i, i + 4));
  return out;
};

describe('planBars', () => {
  it('draws a wide bar with a 1 px gap at its end, so back-to-back tasks read as two', () => {
    const plan = planBars([bar(0, 10, 60), bar(1, 60, 110)], identity, 800, 0, colorOf);
    expect(plan.fills).toHaveLength(1);
    expect(rects(plan.fills[0]!.rects)).toEqual([
      [10, 10, 49, 20],
      [60, 10, 49, 20],
    ]);
  });

  it('draws sub-pixel bars by the pixel column, merged into one rectangle per colour run', () => {
    const tiny = Array.from({ length: 1000 }, (_, i) => bar(i, i * 0.1, i * 0.1 + 0.05));
    const plan = planBars(tiny, identity, 800, 0, colorOf);
    expect(plan.fills.map((f) => rects(f.rects))).toEqual([[[0, 10, 101, 20]]]);
    expect(plan.marks.size).toBe(0);
    expect(plan.rugs.size).toBe(0);
  });

  it('gives a column the colour that covers most of its time, lane by lane', () => {
    const plan = planBars(
      [
        bar(0, 0.0, 0.6), // column 0: mostly slow_add
        bar(1, 0.6, 0.8, { fn: 'slow_diff' }),
        bar(2, 1.0, 1.1), // column 1: mostly slow_diff
        bar(3, 1.1, 1.9, { fn: 'slow_diff' }),
        bar(4, 0, 0.5, { lane: 1, y: 40 }),
      ],
      identity,
      800,
      0,
      colorOf,
    );
    const byColor = Object.fromEntries(plan.fills.map((f) => [f.color, rects(f.rects)]));
    expect(byColor).toEqual({
      '#88CCEE': [
        [0, 10, 1, 20],
        [0, 40, 1, 20],
      ],
      '#CC6677': [[1, 10, 1, 20]],
    });
  });

  it('marks sub-pixel failures with a rug over their columns, not by hatching the lane', () => {
    const tiny = Array.from({ length: 1000 }, (_, i) =>
      bar(i, i * 0.1, i * 0.1 + 0.05, { status: i >= 500 && i < 520 ? 'failed' : 'done' }),
    );
    const plan = planBars(tiny, identity, 800, 0, colorOf);
    expect(plan.marks.size).toBe(0);
    // Failures at 50.0 to 51.9 px, each drawn 1 px wide: columns 50 to 52.
    expect(rects(plan.rugs.get('failed')!)).toEqual([[50, 10, 3, RUG_PX]]);
  });

  it('maps units to pixels and culls nothing itself', () => {
    // 1000 units per ms, 0.1 px per ms: a 10 s task is 1000 px from x = 50.
    const toPx = { a: 0.1 / 1000, b: 50 };
    const plan = planBars([bar(0, 0, 10_000_000)], toPx, 2000, 0, colorOf);
    expect(rects(plan.fills[0]!.rects)).toEqual([[50, 10, 999, 20]]);
    expect(visibleUnits(toPx, 1000)).toEqual([-500_000, 9_500_000]);
  });

  it('grows running bars to now and marks them, and failed ones, not by colour alone', () => {
    const plan = planBars(
      [bar(0, 0, 1, { status: 'running' }), bar(1, 100, 140, { status: 'failed', lane: 1, y: 40 })],
      identity,
      800,
      80,
      colorOf,
    );
    const marks = Object.fromEntries([...plan.marks].map(([s, r]) => [s, rects(r)]));
    expect(marks).toEqual({ running: [[0, 10, 79, 20]], failed: [[100, 40, 39, 20]] });
    expect(plan.labels.map((l) => [l.taskId, l.glyph])).toEqual([
      [0, '▸'],
      [1, '✕'],
    ]);
  });

  it('draws a cancelled task hollow (a faint fill plus its dashed-outline mark)', () => {
    const plan = planBars(
      [bar(0, 0, 50, { status: 'cancelled', pid: -1 })],
      identity,
      800,
      0,
      colorOf,
    );
    expect(plan.fills[0]!.alpha).toBeLessThan(0.5);
    expect(plan.marks.has('cancelled' as TaskStatus)).toBe(true);
  });

  it('draws the queue wait as a thin line from submission to start, merged per lane', () => {
    const plan = planBars(
      [
        bar(0, 20, 40, { waitX0: 0 }),
        bar(1, 40, 60, { waitX0: 0 }),
        bar(2, 60, 80, { waitX0: 59.5 }),
      ],
      identity,
      800,
      0,
      colorOf,
    );
    const waits = rects(plan.waits);
    expect(waits).toHaveLength(1);
    expect(waits[0]![0]).toBe(0);
    expect(waits[0]![2]).toBe(40);
    expect(waits[0]![3]).toBeLessThan(3);
  });

  it('labels only the first of overlapping bars (the "not run" lane)', () => {
    const plan = planBars(
      [0, 1, 2].map((i) => bar(i, 0, 100, { status: 'cancelled', pid: -1 })),
      identity,
      800,
      0,
      colorOf,
    );
    expect(plan.labels.map((l) => l.taskId)).toEqual([0]);
  });

  it('labels only bars wide enough to carry a label', () => {
    const plan = planBars(
      [bar(0, 0, LABEL_FROM_PX - 1), bar(1, 100, 100 + LABEL_FROM_PX)],
      identity,
      800,
      0,
      colorOf,
    );
    expect(plan.labels.map((l) => l.taskId)).toEqual([1]);
  });

  it('clamps far off-screen bars to just outside the plot', () => {
    const plan = planBars([bar(0, -1e9, 1e9)], identity, 800, 0, colorOf);
    expect(rects(plan.fills[0]!.rects)).toEqual([[-2, 10, 804, 20]]);
    expect(GAP_FROM_PX).toBeGreaterThan(1);
  });
});
