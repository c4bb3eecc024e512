import { describe, expect, it } from 'vitest';
import { emptyTrace, type TraceWorker } from '../../shared/trace';
import { abnormalExit, lanesFor } from '../../shared/chart/geometry';
import {
  AXIS_HEIGHT,
  chartLayout,
  EMPTY_HEIGHT,
  LANES_BUDGET,
  MAX_LANE,
  MIN_LANE,
  TOP,
} from '../../renderer/src/lib/gantt/layout';
import { laneRows, NOT_RUN_LABEL } from '../../renderer/src/lib/gantt/lanes';
import { atEnd, fixedRows, stackedRows, visibleRows } from '../../renderer/src/lib/virtual';

describe('chartLayout', () => {
  it.each([
    ['one lane is capped, not a wall of colour', 1, MAX_LANE],
    ['eight lanes share the budget', 8, Math.floor(LANES_BUDGET / 8) - 6],
    ['many lanes keep a readable minimum (and scroll)', 64, MIN_LANE],
  ])('%s', (_name, lanes, laneHeight) => {
    const l = chartLayout(lanes);
    expect(l.lanes.laneHeight).toBe(laneHeight);
    expect(l.lanes.top).toBe(TOP);
    expect(l.lanesBottom).toBe(TOP + lanes * (l.lanes.laneHeight + l.lanes.laneGap));
    expect(l.height).toBe(Math.max(EMPTY_HEIGHT, l.lanesBottom + AXIS_HEIGHT));
  });

  it('an empty chart keeps its frame, axis at the bottom', () => {
    const l = chartLayout(0);
    expect(l.lanesBottom).toBe(EMPTY_HEIGHT - AXIS_HEIGHT);
    expect(l.height).toBe(EMPTY_HEIGHT);
  });
});

describe('laneRows', () => {
  const trace = emptyTrace({ name: 't', startedAt: 0, maxWorkers: 2, cpuCount: 2, masterPid: 1 });
  trace.workers.push(
    { pid: 11, spawnedAt: 0, exitedAt: 500, exitCode: 0, signal: null },
    { pid: 12, spawnedAt: 1 },
  );

  it('one row per lane in spawn order, plus "not run" when calls ended unstarted', () => {
    const rows = laneRows(lanesFor(trace), true);
    expect(rows.map((r) => [r.label, r.pid])).toEqual([
      ['PID 11', 11],
      ['PID 12', 12],
      [NOT_RUN_LABEL, undefined],
    ]);
    expect(rows[0]!.exitedAt).toBe(500);
    expect(rows[0]!.abnormalExit).toBeUndefined();
  });

  it.each<[string, Partial<TraceWorker>, string | null]>([
    ['still alive', {}, null],
    ['clean exit', { exitedAt: 5, exitCode: 0, signal: null }, null],
    ['stopped by the pool', { exitedAt: 5, exitCode: null, signal: 'SIGTERM' }, null],
    ['crashed', { exitedAt: 5, exitCode: 1, signal: null }, 'exit code 1'],
    ['killed', { exitedAt: 5, exitCode: null, signal: 'SIGKILL' }, 'killed by SIGKILL'],
  ])('abnormalExit: %s', (_name, over, text) => {
    expect(abnormalExit({ pid: 1, spawnedAt: 0, ...over })).toBe(text);
  });
});

describe('visibleRows', () => {
  it.each([
    ['top of a long list', 0, 200, 20, 100_000, { start: 0, end: 19 }],
    ['scrolled', 2000, 200, 20, 100_000, { start: 92, end: 119 }],
    ['short list', 0, 200, 20, 3, { start: 0, end: 3 }],
    ['empty', 0, 200, 20, 0, { start: 0, end: 0 }],
  ])('%s', (_name, top, viewport, row, count, range) => {
    expect(visibleRows(top, viewport, fixedRows(count, row))).toEqual(range);
  });

  it('finds rows of varying heights by binary search, as it does rows of one height', () => {
    // Rows of 19 or 35 px, as wrapped output lines are.
    const sizes = Array.from({ length: 500 }, (_, i) => (i % 3 === 0 ? 35 : 19));
    const tops = [0];
    for (const size of sizes) tops.push(tops.at(-1)! + size);
    const rows = stackedRows(tops, sizes.length);
    expect(rows.height).toBe(tops.at(-1));
    for (const y of [0, 18.5, 19, 35, 53.9, 54, 1000, rows.height - 1]) {
      const i = rows.indexAt(y);
      expect(rows.top(i)).toBeLessThanOrEqual(y);
      expect(rows.top(i) + rows.size(i)).toBeGreaterThan(y);
    }
    expect(rows.indexAt(-5)).toBe(0);
    expect(rows.indexAt(rows.height + 100)).toBe(sizes.length - 1);
    expect(visibleRows(1000, 200, rows, 2)).toEqual({
      start: rows.indexAt(1000) - 2,
      end: rows.indexAt(1200) + 3,
    });
    expect(visibleRows(0, 200, stackedRows([0], 0))).toEqual({ start: 0, end: 0 });
  });

  it('atEnd tells whether new rows should keep the list at its end', () => {
    expect(atEnd(800, 200, 1000)).toBe(true);
    expect(atEnd(500, 200, 1000)).toBe(false);
  });
});
