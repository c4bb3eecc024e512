import { describe, expect, it } from 'vitest';
import { aggregateBars, waitSpans } from '../../shared/chart/aggregate';
import { decimalsFor, formatDuration, formatSeconds, timeTicks } from '../../shared/chart/axis';
import { describeTask, taskDetails } from '../../shared/chart/describe';
import {
  EMPTY_EXTENT_MS,
  MIN_BAR_PX,
  barsFor,
  hitTest,
  laneIndex,
  laneTop,
  lanesFor,
  timeExtent,
  timeScale,
  unrunBarsFor,
  visibleBars,
  type Bar,
  type LaneLayout,
} from '../../shared/chart/geometry';
import type { Trace } from '../../shared/trace';
import { bigTrace, liveTrace, random, ran, sampleTrace, traceOf, type EventAt } from './traces';

const layout: LaneLayout = { top: 10, laneHeight: 20, laneGap: 5 };
/** 1 px per ms from x = 0, so expected positions read as times. */
const identity = (ms: number) => ms;

function barsOf(trace: Trace, now = 0, x = identity): Bar[] {
  return barsFor(trace.tasks, laneIndex(lanesFor(trace)), x, layout, now);
}

const spawned = (at: number, pid: number): EventAt => ({ type: 'worker-spawned', at, pid });

/** Bars as barsFor gives them (sorted by lane), grouped by lane as the chart keeps them. */
function byLane(bars: readonly Bar[]): Bar[][] {
  const lanes: Bar[][] = [];
  for (const bar of bars) (lanes[bar.lane] ??= []).push(bar);
  return Array.from(lanes, (lane) => lane ?? []);
}

describe('lanesFor', () => {
  it.each<{ name: string; events: EventAt[]; pids: number[] }>([
    { name: 'empty run', events: [], pids: [] },
    {
      name: 'spawn order',
      events: [spawned(1, 30), spawned(2, 10), spawned(3, 20)],
      pids: [30, 10, 20],
    },
    {
      name: 'PIDs seen only on tasks come after, by first start',
      events: [
        spawned(1, 7),
        ...ran(0, 'slow_function', [1], 9, [0, 50, 60]),
        ...ran(1, 'slow_function', [1], 8, [0, 20, 30]),
        ...ran(2, 'slow_function', [1], 7, [0, 5, 6]),
      ],
      pids: [7, 8, 9],
    },
    {
      name: 'a PID spawned twice gets one lane',
      events: [spawned(1, 5), spawned(2, 6), spawned(9, 5)],
      pids: [5, 6],
    },
  ])('$name', ({ events, pids }) => {
    const lanes = lanesFor(traceOf(events));
    expect(lanes.map((l) => l.pid)).toEqual(pids);
    expect(lanes.map((l) => l.index)).toEqual(pids.map((_, i) => i));
    expect(lanes.map((l) => l.label)).toEqual(pids.map((pid) => `PID ${pid}`));
  });

  it('carries spawn and exit times', () => {
    const lanes = lanesFor(sampleTrace());
    expect(lanes[0]).toEqual({
      pid: 41201,
      index: 0,
      label: 'PID 41201',
      spawnedAt: 2.125,
      exitedAt: 1300,
    });
    expect(lanes[3]).toMatchObject({ pid: 41204, spawnedAt: 523.5 });
  });
});

describe('timeExtent', () => {
  it.each<{ name: string; trace: Trace; now?: number; extent: [number, number] }>([
    { name: 'empty run', trace: traceOf([]), extent: [0, EMPTY_EXTENT_MS] },
    {
      name: 'only submissions at 0',
      trace: traceOf([
        { type: 'task-submitted', at: 0, taskId: 0, fn: 'slow_function', args: [1] },
      ]),
      extent: [0, EMPTY_EXTENT_MS],
    },
    {
      name: 'one task',
      trace: traceOf(ran(0, 'slow_function', [1], 5, [0, 3, 250])),
      extent: [0, 250],
    },
    { name: 'a running task reaches now', trace: liveTrace(), now: 4000, extent: [0, 4000] },
    { name: 'a running task without now', trace: liveTrace(), extent: [0, 1100] },
    { name: 'the run end and marks count', trace: sampleTrace(), extent: [0, 1304.5] },
    {
      name: 'a mark after the last task',
      trace: traceOf([
        ...ran(0, 'slow_function', [1], 5, [0, 3, 250]),
        { type: 'resized', at: 400, maxWorkers: 3 },
      ]),
      extent: [0, 400],
    },
  ])('$name', ({ trace, now, extent }) => {
    expect(timeExtent(trace, now)).toEqual(extent);
  });
});

describe('timeScale', () => {
  it.each<{
    domain: [number, number];
    width: number;
    padding?: { left?: number; right?: number };
    at: [number, number][];
  }>([
    {
      domain: [0, 1000],
      width: 500,
      at: [
        [0, 0],
        [500, 250],
        [1000, 500],
      ],
    },
    {
      domain: [0, 2000],
      width: 1100,
      padding: { left: 100 },
      at: [
        [0, 100],
        [1000, 600],
        [2000, 1100],
      ],
    },
    {
      domain: [0, 100],
      width: 300,
      padding: { left: 50, right: 50 },
      at: [
        [0, 50],
        [100, 250],
      ],
    },
    {
      domain: [0, 100],
      width: 60,
      padding: { left: 50, right: 50 },
      at: [
        [0, 50],
        [100, 50],
      ],
    },
  ])('$domain over $width px, padding $padding', ({ domain, width, padding, at }) => {
    const x = timeScale(domain, width, padding);
    for (const [ms, px] of at) expect(x(ms)).toBeCloseTo(px, 9);
  });
});

describe('barsFor', () => {
  it('empty run: no bars', () => {
    expect(barsOf(traceOf([]))).toEqual([]);
  });

  it('one task: start to finish, on its lane, with its queue wait', () => {
    const trace = traceOf([
      spawned(0, 5),
      ...ran(0, 'slow_add', [1, 6, 7], 5, [2, 30, 1030], { result: 13 }),
    ]);
    expect(barsOf(trace)).toEqual([
      {
        taskId: 0,
        pid: 5,
        lane: 0,
        x0: 30,
        x1: 1030,
        y: 10,
        height: 20,
        fn: 'slow_add',
        status: 'done',
        waitX0: 2,
      },
    ]);
  });

  it('touching edges: the next bar starts where the previous ended', () => {
    const trace = traceOf([
      spawned(0, 5),
      ...ran(0, 'slow_function', [1], 5, [0, 10, 110]),
      ...ran(1, 'slow_function', [1], 5, [0, 110, 210]),
    ]);
    const [first, second] = barsOf(trace);
    expect(first!.x1).toBe(110);
    expect(second!.x0).toBe(110);
    expect(second!.waitX0).toBe(0);
  });

  it('no wait mark when a task started the moment it was submitted', () => {
    const [bar] = barsOf(
      traceOf([spawned(0, 5), ...ran(0, 'slow_function', [1], 5, [10, 10, 20])]),
    );
    expect(bar).not.toHaveProperty('waitX0');
  });

  it('a running task extends to now, and never before its start', () => {
    const trace = liveTrace();
    const running = (now: number) => barsOf(trace, now).find((b) => b.status === 'running')!;
    expect(running(3000)).toMatchObject({ taskId: 1, x0: 1005.5, x1: 3000 });
    expect(running(0)).toMatchObject({ x0: 1005.5, x1: 1005.5 + MIN_BAR_PX });
  });

  it('a failed task keeps its status; pending and unstarted tasks have no bar', () => {
    const trace = liveTrace();
    expect(barsOf(trace, 2000).map((b) => [b.taskId, b.status])).toEqual([
      [0, 'done'],
      [1, 'running'],
    ]);
    const sample = barsOf(sampleTrace());
    expect(sample.find((b) => b.taskId === 2)).toMatchObject({
      status: 'failed',
      fn: 'broken_function',
    });
    expect(sample.find((b) => b.taskId === 4)).toBeUndefined();
  });

  it('an instant task is MIN_BAR_PX wide', () => {
    const [bar] = barsOf(traceOf([spawned(0, 5), ...ran(0, 'count_primes', [10], 5, [0, 50, 50])]));
    expect(bar!.x1 - bar!.x0).toBe(MIN_BAR_PX);
  });

  it('lane order: y follows the lane, bars sorted by lane then x0 whatever the task order', () => {
    const trace = traceOf([
      spawned(0, 7),
      spawned(0, 8),
      ...ran(0, 'slow_function', [1], 8, [0, 50, 60]),
      ...ran(1, 'slow_function', [1], 7, [0, 40, 45]),
      ...ran(2, 'slow_function', [1], 7, [0, 5, 6]),
    ]);
    expect(barsOf(trace).map((b) => [b.taskId, b.lane, b.y])).toEqual([
      [2, 0, 10],
      [1, 0, 10],
      [0, 1, 35],
    ]);
  });

  it('skips PIDs without a lane', () => {
    const trace = traceOf(ran(0, 'slow_function', [1], 9, [0, 1, 2]));
    expect(barsFor(trace.tasks, new Map(), identity, layout, 0)).toEqual([]);
  });

  it('unrunBarsFor: cancelled and failed-before-start tasks, submission to end', () => {
    expect(unrunBarsFor(liveTrace().tasks, 1, identity, layout)).toEqual([
      {
        taskId: 3,
        pid: -1,
        lane: 1,
        x0: 0.4,
        x1: 1100,
        y: 35 + 3 * 2.5, // row 3 of the lane's 8 (task id 3)
        height: 2,
        fn: 'crash_worker',
        status: 'failed',
      },
    ]);
    expect(unrunBarsFor(sampleTrace().tasks, 4, identity, layout)).toMatchObject([
      { taskId: 4, x0: 0.7, x1: 1.7, status: 'cancelled' },
    ]);
  });

  it('eight calls cancelled together are eight bars, one per row of the not-run lane', () => {
    const trace = traceOf(
      Array.from({ length: 8 }, (_, i) => [
        { type: 'task-submitted' as const, at: 0, taskId: i, fn: 'slow_function', args: [1] },
        { type: 'task-cancelled' as const, at: 10, taskId: i },
      ]).flat(),
    );
    const bars = unrunBarsFor(trace.tasks, 0, identity, layout);
    expect(new Set(bars.map((b) => b.y)).size).toBe(8);
    for (const b of bars)
      expect(b.y + b.height).toBeLessThanOrEqual(laneTop(layout, 0) + layout.laneHeight);
  });
});

/** The reference: the last bar in drawing order that covers the point. */
function bruteHit(bars: readonly Bar[], px: number, py: number): Bar | undefined {
  let found: Bar | undefined;
  for (const b of bars) if (px >= b.x0 && px <= b.x1 && py >= b.y && py < b.y + b.height) found = b;
  return found;
}

describe('hitTest and visibleBars', () => {
  const trace = traceOf([
    spawned(0, 5),
    spawned(0, 6),
    ...ran(0, 'slow_function', [1], 5, [0, 10, 110]),
    ...ran(1, 'slow_function', [1], 5, [0, 110, 210]),
    ...ran(2, 'count_primes', [1], 6, [0, 50, 50]),
  ]);
  const bars = byLane(barsOf(trace));

  it.each<{ name: string; at: [number, number]; taskId: number | undefined }>([
    { name: 'inside a bar', at: [60, 15], taskId: 0 },
    { name: 'on a shared edge: the later bar', at: [110, 15], taskId: 1 },
    { name: 'an instant task, at its 1 px', at: [50.5, 40], taskId: 2 },
    { name: 'left of every bar', at: [5, 15], taskId: undefined },
    { name: 'right of every bar', at: [300, 15], taskId: undefined },
    { name: 'in the gap between lanes', at: [60, 32], taskId: undefined },
    { name: 'above the lanes', at: [60, 0], taskId: undefined },
  ])('$name', ({ at, taskId }) => {
    expect(hitTest(bars, at[0], at[1])?.taskId).toBe(taskId);
  });

  it('visibleBars keeps the bars that intersect the window, in order', () => {
    expect(visibleBars(bars, 0, 49).map((b) => b.taskId)).toEqual([0]);
    expect(visibleBars(bars, 50, 120).map((b) => b.taskId)).toEqual([0, 1, 2]);
    expect(visibleBars(bars, 211, 400)).toEqual([]);
  });

  it('100k bars: same answers as a linear scan, at bar edges and random points', () => {
    const big = bigTrace(100_000, 4);
    const [, end] = timeExtent(big);
    const x = timeScale([0, end], 1600, { left: 100 });
    const all = barsOf(big, end, x);
    const lanes = byLane(all);
    expect(all).toHaveLength(100_000);
    const rnd = random(7);
    const points: [number, number][] = [];
    // Each point is checked against a scan of all 100k bars: 600 points keep that affordable.
    for (let i = 0; i < 150; i++) {
      const bar = all[Math.floor(rnd() * all.length)]!;
      const y = bar.y + rnd() * bar.height;
      points.push([bar.x0, y], [bar.x1, y], [bar.x0 + rnd() * (bar.x1 - bar.x0), y]);
      points.push([100 + rnd() * 1500, rnd() * 200]);
    }
    let hits = 0;
    for (const [px, py] of points) {
      const expected = bruteHit(all, px, py);
      expect(hitTest(lanes, px, py)).toBe(expected);
      if (expected) hits++;
    }
    expect(hits).toBeGreaterThan(450);

    for (const [a, b] of [
      [100, 101],
      [500, 540.5],
      [0, 2000],
      [1699, 1800],
    ] as const) {
      expect(visibleBars(lanes, a, b)).toEqual(all.filter((bar) => bar.x1 >= a && bar.x0 <= b));
    }
  });
});

describe('timeTicks', () => {
  it.each<{ domain: [number, number]; count: number; labels: string[] }>([
    { domain: [0, 1000], count: 5, labels: ['0 s', '0.2 s', '0.4 s', '0.6 s', '0.8 s', '1 s'] },
    { domain: [0, 2500], count: 5, labels: ['0 s', '0.5 s', '1 s', '1.5 s', '2 s', '2.5 s'] },
    { domain: [0, 5000], count: 5, labels: ['0 s', '1 s', '2 s', '3 s', '4 s', '5 s'] },
    { domain: [0, 60], count: 3, labels: ['0 s', '0.02 s', '0.04 s', '0.06 s'] },
    { domain: [0, 0.5], count: 2, labels: ['0 s', '0.0002 s', '0.0004 s'] },
    {
      domain: [0, 120_000],
      count: 4,
      labels: ['0 s', '20 s', '40 s', '60 s', '80 s', '100 s', '120 s'],
    },
  ])('$domain ms, ~$count ticks', ({ domain, count, labels }) => {
    const ticks = timeTicks(timeScale(domain, 800), count);
    expect(ticks.map((t) => t.label)).toEqual(labels);
    expect(ticks[0]!.ms).toBe(0);
  });

  it.each([
    [1, 0],
    [2, 0],
    [0.5, 1],
    [0.2, 1],
    [0.1, 1],
    [0.05, 2],
    [0.001, 3],
    [0, 0],
  ])('decimalsFor(%d) = %d', (step, decimals) => {
    expect(decimalsFor(step)).toBe(decimals);
  });

  it.each([
    [0, 1, '0'],
    [1.5, 1, '1.5'],
    [2, 3, '2'],
    [0.12, 3, '0.12'],
    [-0.0001, 2, '0'],
  ])('formatSeconds(%d, %d) = %s', (s, d, text) => {
    expect(formatSeconds(s, d)).toBe(text);
  });

  it.each([
    [0.35, '0.35 ms'],
    [12.34, '12.3 ms'],
    [999.6, '1000 ms'],
    [1234.5, '1.234 s'],
    [125_000, '2 min 5.0 s'],
  ])('formatDuration(%d) = %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('aggregateBars and waitSpans', () => {
  const bar = (x0: number, x1: number, fn = 'slow_add', status: Bar['status'] = 'done'): Bar => ({
    taskId: 0,
    pid: 1,
    lane: 0,
    x0,
    x1,
    y: 0,
    height: 10,
    fn,
    status,
  });

  it('keeps wide bars single and merges narrow neighbours up to 2 px, by majority, counting failures', () => {
    const runs = aggregateBars([
      bar(0, 20),
      bar(20.1, 21.1, 'busy_work'),
      bar(20.3, 21.3),
      bar(20.5, 21.5, 'busy_work'),
      bar(20.9, 21.9, 'busy_work', 'failed'),
      bar(21.5, 22.5),
      bar(30, 31),
    ]);
    expect(runs.map((r) => [r.x0, r.x1, r.count, r.fn, r.status, r.failed])).toEqual([
      [0, 20, 1, 'slow_add', 'done', 0],
      [20.1, 21.9, 4, 'busy_work', 'done', 1],
      [21.5, 22.5, 1, 'slow_add', 'done', 0],
      [30, 31, 1, 'slow_add', 'done', 0],
    ]);
    expect(runs[0]!.bar).toBeDefined();
    expect(runs[1]!.bar).toBeUndefined();
  });

  it('bounds the runs of 100k bars by the pixels, not the tasks', () => {
    const big = bigTrace(100_000, 4);
    const [, end] = timeExtent(big);
    const runs = aggregateBars(barsOf(big, end, timeScale([0, end], 1200)));
    expect(runs.length).toBeLessThan(4 * 1200);
    expect(runs.reduce((n, r) => n + r.count, 0)).toBe(100_000);
    const failed = big.tasks.filter((t) => t?.status === 'failed').length;
    expect(runs.reduce((n, r) => n + r.failed, 0)).toBe(failed);
  });

  it('waitSpans: the union of the waits on each lane', () => {
    const waiting = (lane: number, waitX0: number, x0: number) => ({
      ...bar(x0, x0 + 5),
      lane,
      waitX0,
    });
    const bars = [waiting(0, 0, 10), waiting(0, 5, 20), waiting(0, 30, 40), waiting(1, 0, 5)];
    expect(waitSpans(bars)).toEqual([
      { lane: 0, x0: 0, x1: 20 },
      { lane: 0, x0: 30, x1: 40 },
      { lane: 1, x0: 0, x1: 5 },
    ]);
    expect(waitSpans(barsOf(sampleTrace())).map((s) => [s.lane, s.x0, s.x1])).toEqual([
      [0, 0.35, 1039.712],
      [1, 0.41, 1040.3],
      [2, 0.52, 40.5],
      [3, 0.61, 530.25],
    ]);
  });
});

describe('describeTask', () => {
  it('says the call, where, when, and the outcome', () => {
    const trace = sampleTrace();
    expect(describeTask(trace.tasks[0]!)).toBe(
      'slow_add(1, 6, 7) · status done · PID 41201 · submitted 0.000 s · started 0.038 s · finished 1.040 s · wait 37.9 ms · duration 1.001 s · result 13',
    );
    expect(taskDetails(trace.tasks[2]!).at(-1)).toEqual({
      label: 'exception',
      value: 'ValueError: Called broken function, with "quotes", a comma\nand a second line',
    });
    expect(describeTask(trace.tasks[4]!)).toBe(
      'slow_add(2, 1, 1) · status cancelled · submitted 0.001 s · finished 0.001 s',
    );
  });
});
