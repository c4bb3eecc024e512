/** The sweep plot's pure maths, table by table: rows and speedups, panel geometry, the reading. */
import { describe, expect, it } from 'vitest';
import {
  PANEL_GAP,
  PANEL_MARGIN,
  samples,
  sweepPlot,
  sweepReading,
  sweepRows,
  workerTicks,
  workersScale,
} from '../../shared/chart/sweep';
import { CPU_BOUND, SLEEPING, points, sweepOf } from './sweep-fixtures';

const SIZE = { width: 1000, height: 300 };

describe('sweepRows', () => {
  it.each([
    ['no points', [], [], null],
    [
      'sleeping tasks: speedup against 1 worker, total task time from the busy-workers figure',
      SLEEPING,
      [
        [1, 4000, 4000, 1],
        [2, 2000, 4000, 2],
        [3, 1500, 4000.05, 4000 / 1500],
        [4, 1000, 4000, 4],
      ],
      1,
    ],
    [
      'points out of order are sorted; the smallest worker count is the baseline',
      points([4, 1000, 3.6], [2, 1800, 2]),
      [
        [2, 1800, 3600, 1],
        [4, 1000, 3600, 1.8],
      ],
      2,
    ],
    [
      'a zero makespan has no speedup rather than an infinite one',
      points([1, 0, 0]),
      [[1, 0, 0, 0]],
      1,
    ],
  ] as const)('%s', (_, pts, expected, baseline) => {
    const out = sweepRows(pts);
    expect(out.baseline).toBe(baseline);
    expect(out.rows.map((r) => r.runId)).toEqual(expected.map(([n]) => `run-${n}`));
    out.rows.forEach((r, i) => {
      const [n, makespan, total, speedup] = expected[i]!;
      expect(r.maxWorkers).toBe(n);
      expect(r.makespanMs).toBe(makespan);
      expect(r.totalTaskMs).toBeCloseTo(total, 6);
      expect(r.speedup).toBeCloseTo(speedup, 9);
    });
  });
});

describe('sweepPlot', () => {
  const plot = sweepPlot(sweepOf(SLEEPING), SIZE);
  const [makespan, speedup] = plot.panels;

  it('lays two panels side by side, each inside its margins', () => {
    const panelW = (SIZE.width - PANEL_GAP) / 2;
    expect(makespan.box).toEqual({
      left: PANEL_MARGIN.left,
      top: PANEL_MARGIN.top,
      right: panelW - PANEL_MARGIN.right,
      bottom: SIZE.height - PANEL_MARGIN.bottom,
    });
    expect(speedup.box.left).toBe(panelW + PANEL_GAP + PANEL_MARGIN.left);
    expect(speedup.box.top).toBe(makespan.box.top);
    expect([makespan.title, speedup.title]).toEqual(['makespan (s)', 'speedup vs 1 worker']);
  });

  it('stacks them when the space is too narrow for two', () => {
    const narrow = sweepPlot(sweepOf(SLEEPING), { width: 500, height: 600 });
    const [a, b] = narrow.panels;
    expect(b.box.left).toBe(a.box.left);
    expect(b.box.top).toBeGreaterThan(a.box.bottom);
    expect(b.box.bottom).toBeLessThanOrEqual(600);
  });

  it('places worker counts evenly, half a step inside the frame, the same in both panels', () => {
    const xs = makespan.points.map((p) => p.x - makespan.box.left);
    const step = (makespan.box.right - makespan.box.left) / 4;
    expect(xs).toEqual([0.5, 1.5, 2.5, 3.5].map((k) => k * step));
    expect(speedup.points.map((p) => p.x - speedup.box.left)).toEqual(xs);
    expect(makespan.xTicks.map((t) => t.label)).toEqual(['1', '2', '3', '4']);
    expect(makespan.xTicks.map((t) => t.at)).toEqual(makespan.points.map((p) => p.x));
  });

  it('puts values on a y axis from zero, larger values higher, with round labelled ticks', () => {
    expect(makespan.points.map((p) => p.value)).toEqual([4000, 2000, 1500, 1000]);
    const ys = makespan.points.map((p) => p.y);
    expect(ys).toEqual([...ys].sort((a, b) => a - b));
    expect(makespan.yTicks[0]).toEqual({ at: makespan.box.bottom, label: '0' });
    expect(makespan.yTicks.map((t) => t.label)).toEqual(['0', '1', '2', '3', '4', '5']);
    expect(speedup.yTicks.map((t) => t.label)).toEqual(['0×', '1×', '2×', '3×', '4×', '5×']);
    expect(makespan.yTicks.at(-1)!.at).toBeCloseTo(makespan.box.top, 6);
  });

  it('draws perfect scaling as the ideal, so perfect data lies on it', () => {
    // These sleeps scale perfectly at 1, 2 and 4 workers: those points are on the ideal lines.
    const onPath = (path: string, x: number, y: number) => {
      const r = (v: number) => Math.round(v * 100) / 100;
      return path.includes(`${r(x)} ${r(y)}`);
    };
    for (const panel of [makespan, speedup]) {
      for (const p of panel.points.filter((p) => p.maxWorkers !== 3)) {
        expect(onPath(panel.ideal, p.x, p.y), `${panel.kind} at ${p.maxWorkers}`).toBe(true);
      }
      expect(panel.line.match(/[ML]/g)).toHaveLength(4);
    }
  });

  it('marks the CPU count with a labelled line at its worker count', () => {
    for (const panel of plot.panels) {
      expect(panel.cpu).toEqual({ x: panel.points[1]!.x, label: 'CPU count = 2', anchor: 'start' });
    }
  });

  it.each([
    ['below the range', 1, 3, 6, null],
    ['above the range', 8, 1, 4, null],
    ['at the right edge of a narrow plot: the label goes left', 4, 1, 4, 'end'],
    ['at the left edge', 1, 1, 4, 'start'],
  ] as const)('the CPU count %s', (_, cpuCount, from, to, anchor) => {
    const p = sweepPlot(sweepOf([], { cpuCount, from, to }), { width: 660, height: 200 });
    expect(p.panels[0].cpu?.anchor ?? null).toBe(anchor);
  });

  it('a sweep with no point yet: an empty plot with the ideal speedup to aim at', () => {
    const empty = sweepPlot(sweepOf([], { status: 'running' }), SIZE);
    expect(empty.baseline).toBeNull();
    const [m, s] = empty.panels;
    expect([m.points, m.line, m.ideal]).toEqual([[], '', '']);
    expect(m.yTicks.map((t) => t.label)).toEqual(['0', '0.2', '0.4', '0.6', '0.8', '1', '1.2']);
    expect(s.points).toEqual([]);
    expect(s.ideal.match(/[ML]/g)).toHaveLength(4);
  });

  it('says each point in words', () => {
    expect(makespan.points[2]!.label).toBe('3 workers: makespan 1.500 s');
    expect(speedup.points[0]!.label).toBe('1 worker: speedup vs 1 worker 1.00×');
  });

  it('a sweep from 2 measures speedup against 2 workers', () => {
    const p = sweepPlot(sweepOf(points([2, 2000, 2], [4, 1000, 4]), { from: 2 }), SIZE);
    expect(p.baseline).toBe(2);
    expect(p.panels[1].title).toBe('speedup vs 2 workers');
    expect(p.panels[1].points.map((pt) => pt.value)).toEqual([1, 2]);
  });
});

describe('axis helpers', () => {
  const box = { left: 0, top: 0, right: 440, bottom: 100 };

  it.each([
    [1, 4, ['1', '2', '3', '4']],
    [3, 3, ['3']],
    [1, 64, ['5', '10', '15', '20', '25', '30', '35', '40', '45', '50', '55', '60']],
    [1, 16, ['2', '4', '6', '8', '10', '12', '14', '16']],
  ])('worker ticks from %i to %i are whole counts', (from, to, labels) => {
    expect(workerTicks(workersScale(from, to, box), box, from, to).map((t) => t.label)).toEqual(
      labels,
    );
  });

  it.each([
    [1, 4, [1, 2, 3, 4]],
    [5, 5, [5]],
    [3, 2, []],
    [1, 1000, 201],
  ])('samples(%i, %i)', (from, to, expected) => {
    const out = samples(from, to);
    if (typeof expected === 'number') {
      expect(out).toHaveLength(expected);
      expect([out[0], out.at(-1)]).toEqual([from, to]);
    } else {
      expect(out).toEqual(expected);
    }
  });
});

describe('sweepReading', () => {
  it.each([
    [
      'sleeping tasks',
      sweepOf(SLEEPING),
      'The speedup kept rising past the 2 CPUs (2.00× at 2 workers, 4.00× at 4): these calls wait rather than compute, so extra workers overlap their waits.',
    ],
    [
      'CPU-bound tasks',
      sweepOf(CPU_BOUND),
      'The speedup flattens at the 2 CPUs (2.00× at 2 workers, 2.00× at 4): every core is already busy, so extra workers only take turns on them, and each call took 2.0× as long.',
    ],
    [
      'too few calls: 4 sleeps take two rounds on 3 workers as on 2',
      sweepOf(points([1, 800, 1], [2, 400, 2], [3, 400, 2]), { to: 3 }),
      'The speedup stopped rising (2.00× at 2 workers, 2.00× at 3), yet each call took as long as before: the cores were not the limit. There were too few calls to keep more workers busy; add calls and sweep again.',
    ],
    [
      'too few calls, counted in rounds when the call count is known',
      sweepOf(points([1, 800, 1], [2, 400, 2], [3, 400, 2]), { to: 3, calls: 4 }),
      'The speedup stopped rising (2.00× at 2 workers, 2.00× at 3), yet each call took as long as before: the cores were not the limit. 4 calls take 2 rounds on 3 workers, as on 2; add calls and sweep again.',
    ],
    [
      'fewer rounds, yet not faster: the time between calls',
      sweepOf(points([1, 800, 1], [2, 400, 2], [4, 380, 2.1]), { to: 4, calls: 8 }),
      'The speedup rose less than the extra workers allow (2.00× at 2 workers, 2.11× at 4), though 8 calls take 2 rounds on 4 workers against 4 rounds on 2 and each call took as long as before: the time between calls (dispatch, results, other work on this machine) held it back.',
    ],
    ['no point past the CPU count yet', sweepOf(SLEEPING.slice(0, 2)), null],
    ['no point at or below it', sweepOf(SLEEPING.slice(2), { from: 3 }), null],
    ['no points', sweepOf([]), null],
  ])('%s', (_, sweep, expected) => {
    expect(sweepReading(sweep)).toBe(expected);
  });

  it('states the start-up, measured apart, and a spread too wide to trust, quoting them', () => {
    const withRuns = (n: number, makespans: number[], startupMs: number) => ({
      maxWorkers: n,
      runId: `run-${n}-0`,
      makespanMs: [...makespans].sort((a, b) => a - b)[1]!,
      speedup: 1,
      repeats: makespans.map((makespanMs, i) => ({
        runId: `run-${n}-${i}`,
        makespanMs,
        busyMs: makespanMs,
        startupMs,
      })),
    });
    const sweep = sweepOf(
      [withRuns(1, [1000, 1010, 1020], 410), withRuns(2, [500, 520, 800], 620)],
      {
        to: 2,
        repeats: 3,
      },
    );
    expect(sweepReading(sweep)).toBe(
      "Starting the workers took 0.41 s to 0.62 s per pool; each run's clock started once they were ready, so the makespans measure scheduling only. " +
        'The runs of one point differed by up to 60% (0.50 s–0.80 s at 2 workers): other work on this machine; the medians are drawn, the spread as whiskers.',
    );
  });
});

describe('sweepRows with repeats', () => {
  it('the median, the spread and the speedup over the spread', () => {
    const runs = (n: number, ms: number[]) => ({
      maxWorkers: n,
      runId: `m-${n}`,
      makespanMs: [...ms].sort((a, b) => a - b)[1]!,
      speedup: 1.5,
      repeats: ms.map((makespanMs, i) => ({
        runId: `r-${n}-${i}`,
        makespanMs,
        busyMs: 0,
        startupMs: 100 * n,
      })),
    });
    const { rows } = sweepRows([runs(2, [600, 500, 400]), runs(1, [1000, 900, 1100])]);
    expect(
      rows.map((r) => [r.maxWorkers, r.makespanMs, r.minMs, r.maxMs, r.runs, r.startupMs]),
    ).toEqual([
      [1, 1000, 900, 1100, 3, 100],
      [2, 500, 400, 600, 3, 200],
    ]);
    expect(rows[1]).toMatchObject({
      speedup: 2,
      speedupLow: 1000 / 600,
      speedupHigh: 2.5,
      parallelism: 1.5,
    });
  });
});
