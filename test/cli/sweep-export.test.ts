/**
 * `poolscope sweep` and `poolscope export` on real pools and real files: the sweep's plot and
 * points read by rsvg-convert, Python's csv and the PNG's own bytes; export producing, byte for
 * byte, what the run itself wrote (one code path), and reading back the Chrome trace it writes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SWEEP_CSV_COLUMNS } from '../../shared/export/sweep';
import { tempDir } from '../support/temp-dir';
import { isAlive } from '../support/processes';
import {
  childrenOf,
  expectChartPng,
  startInTerminal,
  until,
  poolscope,
  pythonCsv,
  pythonJson,
  rsvgSize,
  workloadJson,
  type Cleanup,
} from './support';

const cleanups: Cleanup[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const SLEEPERS = [{ fn: 'slow_function', args: [0.15], repeat: 4 }];

function sleepersIn(dir: string): string {
  const path = join(dir, 'sleepers.json');
  writeFileSync(path, workloadJson('four sleepers', SLEEPERS));
  return path;
}

describe('poolscope sweep', () => {
  it('runs each worker count K times on fresh pools and writes the plot and the points', async () => {
    const dir = tempDir(cleanups);
    const args = ['sweep', sleepersIn(dir), '--from', '1', '--to', '2', '--repeats', '2', '--json'];
    const outs = ['sweep.svg', 'sweep.png', 'sweep.csv'];
    const result = await poolscope(cleanups, [...args, ...outs.flatMap((o) => ['--out', o])], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(outs.map((o) => `wrote ${o}\n`).join(''));
    const summary = JSON.parse(result.stdout) as {
      status: string;
      repeats: number;
      baseline: number;
      points: {
        maxWorkers: number;
        runs: number;
        makespanMs: number;
        makespanMinMs: number;
        makespanMaxMs: number;
        speedup: number;
      }[];
    };
    expect(summary).toMatchObject({ status: 'completed', repeats: 2, baseline: 1 });
    expect(summary.points.map((p) => [p.maxWorkers, p.runs])).toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect(summary.points[0]!.speedup).toBe(1);
    for (const p of summary.points) {
      expect(p.makespanMinMs).toBeLessThanOrEqual(p.makespanMs);
      expect(p.makespanMs).toBeLessThanOrEqual(p.makespanMaxMs);
    }

    const [header, ...rows] = pythonCsv(join(dir, 'sweep.csv'));
    expect(header).toEqual([...SWEEP_CSV_COLUMNS]);
    const cell = (row: string[], name: (typeof SWEEP_CSV_COLUMNS)[number]) =>
      Number(row[SWEEP_CSV_COLUMNS.indexOf(name)]);
    expect(rows.map((r) => [cell(r, 'max_workers'), cell(r, 'runs')])).toEqual([
      [1, 2],
      [2, 2],
    ]);
    summary.points.forEach((p, i) =>
      expect(p.makespanMs).toBeCloseTo(cell(rows[i]!, 'makespan_s') * 1000, 0),
    );

    const svg = rsvgSize(join(dir, 'sweep.svg'), join(dir, 'rsvg.png'));
    expect(svg.width).toBe(1200);
    expect(expectChartPng(join(dir, 'sweep.png'), svg.width).height).toBe(2 * svg.height);
    expect(readFileSync(join(dir, 'sweep.svg'), 'utf8')).toContain('sweep of max_workers 1–2');
  });
});

describe('poolscope sweep on a terminal', () => {
  it('shows which point runs; Ctrl-C stops the sweep, writes the points so far, leaves no worker', async () => {
    const dir = tempDir(cleanups);
    const path = join(dir, 'slow.json');
    writeFileSync(
      path,
      workloadJson('slow sleepers', [{ fn: 'slow_function', args: [20], repeat: 2 }]),
    );
    const args = [
      'sweep',
      path,
      '--from',
      '1',
      '--to',
      '4',
      '--out',
      'cut.csv',
      '--out',
      'cut.svg',
    ];
    const term = await startInTerminal(cleanups, args, dir);
    await until('the first point to run', () =>
      /sweep point 1 of 4 \(max_workers = 1\), run 1 of 3 · 0 of 2 calls finished · 1 running/.test(
        term.screen(),
      ),
    );
    const workers = childrenOf(term.pid);
    expect(workers).toHaveLength(1);
    process.kill(term.pid, 'SIGINT');
    await until('the first interrupt to be taken', () => term.screen().includes('Ctrl-C again'));
    process.kill(term.pid, 'SIGINT');
    expect(await term.done).toBe(130);
    expect(term.screen()).toContain('wrote cut.csv (interrupted run)');
    expect(workers.filter(isAlive)).toEqual([]);
    // The point under way was stopped, so no worker count was measured: the header alone.
    expect(pythonCsv(join(dir, 'cut.csv'))).toEqual([[...SWEEP_CSV_COLUMNS]]);
    expect(readFileSync(join(dir, 'cut.svg'), 'utf8')).toContain('0 of 4 worker counts measured');
  });
});

describe('poolscope export', () => {
  it('writes from a saved trace exactly what the run wrote, and reads its own Chrome trace back', async () => {
    const dir = tempDir(cleanups);
    const run = await poolscope(
      cleanups,
      [
        'run',
        sleepersIn(dir),
        '--max-workers',
        '2',
        ...[
          '--out',
          'run.json',
          '--out',
          'run.svg',
          '--out',
          'run.csv',
          '--out',
          'run.chrome.json',
        ],
      ],
      dir,
    );
    expect(run.code).toBe(0);

    const again = await poolscope(
      cleanups,
      ['export', 'run.json', '--out', 'again.svg', '--out', 'again.csv', '--out', 'again.png'],
      dir,
    );
    expect(again).toMatchObject({ code: 0, stderr: '' });
    expect(again.stdout).toBe('wrote again.svg\nwrote again.csv\nwrote again.png\n');
    const read = (name: string) => readFileSync(join(dir, name), 'utf8');
    expect(read('again.svg')).toBe(read('run.svg'));
    expect(read('again.csv')).toBe(read('run.csv'));
    const svg = rsvgSize(join(dir, 'again.svg'), join(dir, 'rsvg.png'));
    expectChartPng(join(dir, 'again.png'), svg.width);

    const fromChrome = await poolscope(
      cleanups,
      ['export', 'run.chrome.json', '--out', 'back.json', '--out', 'back.csv'],
      dir,
    );
    expect(fromChrome.code).toBe(0);
    type T = { tasks: { fn: string; pid: number; status: string }[]; maxWorkers: number };
    const original = pythonJson(join(dir, 'run.json')) as T;
    const back = pythonJson(join(dir, 'back.json')) as T;
    expect(back.maxWorkers).toBe(original.maxWorkers);
    const shape = (t: T) => t.tasks.map(({ fn, pid, status }) => ({ fn, pid, status }));
    expect(shape(back)).toEqual(shape(original));
    expect(pythonCsv(join(dir, 'back.csv'))).toHaveLength(1 + 4);
  });
});
