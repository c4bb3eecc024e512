/** The experiment views' pure helpers: the sweep form's range and progress, the history's rows. */
import { describe, expect, it } from 'vitest';
import type { HistoryEntry, RunSummary, SweepRecord } from '../../shared/contract';
import { historyRows, idsToDelete, replaceEntry } from '../../renderer/src/lib/experiments/history';
import { sharedExtent } from '../../renderer/src/lib/experiments/compare.svelte';
import {
  checkRange,
  defaultRange,
  sweepProgress,
} from '../../renderer/src/lib/experiments/sweep-range';

describe('sweep range', () => {
  it.each([
    [2, 8, { from: 1, to: 4, repeats: 3 }],
    [1, 8, { from: 1, to: 2, repeats: 3 }],
    [64, 100, { from: 1, to: 100, repeats: 3 }],
  ])('by default 1 to twice the %i CPUs, within the limit %i', (cpus, limit, range) => {
    expect(defaultRange(cpus, limit)).toEqual(range);
  });

  it.each([
    ['1', '4', { range: { from: 1, to: 4, repeats: 3 }, from: null, to: null, repeats: null }],
    [' 2 ', '2', { range: { from: 2, to: 2, repeats: 3 }, from: null, to: null, repeats: null }],
    ['0', '4', { range: null, from: 'at least 1', to: null, repeats: null }],
    ['1', '9', { range: null, from: null, to: 'at most 8 on this machine', repeats: null }],
    [
      '1.5',
      'x',
      {
        range: null,
        from: 'a whole number of workers',
        to: 'a whole number of workers',
        repeats: null,
      },
    ],
    ['', '3', { range: null, from: 'a whole number of workers', to: null, repeats: null }],
    ['4', '2', { range: null, from: null, to: 'at least from (4)', repeats: null }],
  ])('from %j to %j', (from, to, expected) => {
    expect(checkRange(from, to, 8)).toEqual(expected);
  });

  it.each([
    ['2', { from: 1, to: 4, repeats: 2 }, null],
    ['0', null, 'at least 1'],
    ['21', null, 'at most 20'],
    ['two', null, 'a whole number of runs'],
  ])('runs %j', (text, range, problem) => {
    expect(checkRange('1', '4', 8, text)).toMatchObject({ range, repeats: problem });
  });
});

const sweep = (over: Partial<SweepRecord>): SweepRecord => ({
  id: 'sweep-a',
  name: 'w',
  startedAt: 1000,
  cpuCount: 2,
  from: 1,
  to: 4,
  points: [],
  status: 'running',
  ...over,
});
const point = (n: number) => ({ maxWorkers: n, runId: `run-${n}`, makespanMs: 100, speedup: 1 });

describe('sweepProgress', () => {
  it.each([
    [
      'the first run starting',
      sweep({}),
      1,
      0,
      { done: 0, total: 4, current: 1, repeat: 1, repeats: 1, fraction: 0 },
    ],
    [
      'half-way through the third',
      sweep({}),
      3,
      0.5,
      { done: 2, total: 4, current: 3, repeat: 1, repeats: 1, fraction: 0.625 },
    ],
    [
      'from 3: the first of 2',
      sweep({ from: 3 }),
      3,
      0,
      { done: 0, total: 2, current: 3, repeat: 1, repeats: 1, fraction: 0 },
    ],
    [
      'no worker count named yet',
      sweep({}),
      null,
      0,
      { done: 0, total: 4, current: 1, repeat: 1, repeats: 1, fraction: 0 },
    ],
    [
      'completed',
      sweep({ status: 'completed', points: [1, 2, 3, 4].map(point) }),
      null,
      0,
      { done: 4, total: 4, current: null, repeat: null, repeats: 1, fraction: 1 },
    ],
    [
      'cancelled after two points',
      sweep({ status: 'cancelled', points: [1, 2].map(point) }),
      null,
      0,
      { done: 2, total: 4, current: null, repeat: null, repeats: 1, fraction: 0.5 },
    ],
  ])('%s', (_, record, running, within, expected) => {
    expect(sweepProgress(record, running, within)).toEqual(expected);
  });

  it('counts runs: worker counts × repeats', () => {
    const record = sweep({ repeats: 3 });
    expect(sweepProgress(record, 2, 0.5, 2)).toEqual({
      done: 4,
      total: 12,
      current: 2,
      repeat: 2,
      repeats: 3,
      fraction: 4.5 / 12,
    });
  });
});

const run = (id: string, startedAt: number, over: Partial<RunSummary> = {}): HistoryEntry => ({
  kind: 'run',
  summary: {
    id,
    name: 'w',
    startedAt,
    maxWorkers: 1,
    tasks: 4,
    makespanMs: 100,
    status: 'completed',
    ...over,
  },
});
const sweepEntry = (id: string, startedAt: number): HistoryEntry => ({
  kind: 'sweep',
  sweep: sweep({ id, startedAt, status: 'completed' }),
});

describe('historyRows', () => {
  // Newest first, as history:list answers: a sweep saved after its runs, a lone run, an older run.
  const entries: HistoryEntry[] = [
    run('run-late', 900),
    sweepEntry('sweep-a', 500),
    run('run-a2', 520, { sweepId: 'sweep-a', maxWorkers: 2 }),
    run('run-a1', 510, { sweepId: 'sweep-a', maxWorkers: 1 }),
    run('run-orphan', 400, { sweepId: 'sweep-gone' }),
    run('run-early', 100),
  ];

  it("keeps the list's order and folds each sweep's runs under it, by worker count", () => {
    const rows = historyRows(entries);
    expect(rows.map((r) => r.id)).toEqual(['run-late', 'sweep-a', 'run-orphan', 'run-early']);
    const s = rows[1]!;
    expect(s.kind === 'sweep' && s.runs.map((r) => r.id)).toEqual(['run-a1', 'run-a2']);
  });

  it('a sweep still running (no entry yet) leaves its runs on their own', () => {
    const rows = historyRows(entries.filter((e) => e.kind === 'run'));
    expect(rows.map((r) => r.id)).toEqual([
      'run-late',
      'run-a2',
      'run-a1',
      'run-orphan',
      'run-early',
    ]);
  });

  it('deleting a sweep deletes its runs; a rename replaces one entry', () => {
    const rows = historyRows(entries);
    expect(idsToDelete(rows[1]!)).toEqual(['sweep-a', 'run-a1', 'run-a2']);
    expect(idsToDelete(rows[0]!)).toEqual(['run-late']);
    const renamed = run('run-early', 100, { name: 'renamed' });
    const next = replaceEntry(entries, renamed);
    expect(next[5]).toBe(renamed);
    expect(next.slice(0, 5)).toEqual(entries.slice(0, 5));
  });

  it('an empty history has no rows', () => {
    expect(historyRows([])).toEqual([]);
  });
});

describe('sharedExtent', () => {
  it.each([
    [[], [0, 5000]],
    [[[0, 800]], [0, 800]],
    [
      [
        [0, 800],
        [0, 2100],
        [0, 1500],
      ],
      [0, 2100],
    ],
  ] as const)('of %j', (domains, expected) => {
    expect(sharedExtent(domains, [0, 5000])).toEqual(expected);
  });
});
