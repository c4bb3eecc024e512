/**
 * `poolscope run` as a user runs it: a real process, a real pool, and every format it writes read
 * back by tools nobody here wrote (rsvg-convert, Python's csv, ast and json, the PNG's own bytes).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CSV_COLUMNS } from '../../shared/export/csv';
import { isAlive } from '../support/processes';
import { tempDir } from '../support/temp-dir';
import {
  BIN,
  expectChartPng,
  poolscope,
  pythonCalls,
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

const CALLS = [
  { fn: 'slow_add', args: [0.2, 1, 2], repeat: 1 },
  { fn: 'slow_diff', args: [0.1, 5, 2], repeat: 2 },
  { fn: 'broken_function', args: [0.05], repeat: 1 },
  { fn: 'slow_function', args: [0.1], repeat: 2 },
];
const EXPANDED = CALLS.flatMap((c) => Array.from({ length: c.repeat }, () => c));

function workloadIn(dir: string): string {
  const path = join(dir, 'mixed.json');
  writeFileSync(path, workloadJson('mixed calls', CALLS));
  return path;
}

interface Summary {
  workload: string;
  status: string;
  maxWorkers: number;
  calls: number;
  done: number;
  failed: number;
  makespanMs: number;
  totalTaskMs: number;
  speedup: number;
  workers: { pid: number; calls: number; busyMs: number }[];
  outputs: string[];
}

describe('poolscope run', () => {
  it('runs a workload file and writes every format, each read by a consumer of its own', async () => {
    const dir = tempDir(cleanups);
    const outs = ['run.svg', 'run.png', 'run.csv', 'run.json', 'run.chrome.json'];
    const result = await poolscope(
      cleanups,
      [
        'run',
        workloadIn(dir),
        '--max-workers',
        '2',
        '--json',
        ...outs.flatMap((o) => ['--out', o]),
      ],
      dir,
    );
    expect(result.stderr).toBe(outs.map((o) => `wrote ${o}\n`).join(''));
    expect(result.code).toBe(0); // a call raised, and the run still completed, as in Python

    const summary = JSON.parse(result.stdout) as Summary;
    expect(summary).toMatchObject({
      workload: 'mixed calls',
      status: 'completed',
      maxWorkers: 2,
      calls: 6,
      done: 5,
      failed: 1,
      outputs: outs,
    });
    const pids = summary.workers.map((w) => w.pid);
    expect(new Set(pids).size).toBe(pids.length);
    expect(pids.length).toBeGreaterThanOrEqual(1);
    expect(pids.length).toBeLessThanOrEqual(2);
    expect(summary.workers.reduce((n, w) => n + w.calls, 0)).toBe(6);
    expect(summary.speedup).toBeCloseTo(summary.totalTaskMs / summary.makespanMs, 3);
    expect(pids.filter(isAlive)).toEqual([]); // the pool went with the command

    const svg = rsvgSize(join(dir, 'run.svg'), join(dir, 'rsvg.png'));
    expect(svg.width).toBe(1200);
    const png = expectChartPng(join(dir, 'run.png'), svg.width);
    expect(png.height).toBe(2 * svg.height);

    const rows = pythonCsv(join(dir, 'run.csv'));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(1 + 6);
    const pidColumn = CSV_COLUMNS.indexOf('pid');
    expect(rows.slice(1).every((r) => pids.includes(Number(r[pidColumn])))).toBe(true);
    const statusColumn = CSV_COLUMNS.indexOf('status');
    expect(rows.slice(1).filter((r) => r[statusColumn] === 'failed')).toHaveLength(1);
    const calls = pythonCalls(join(dir, 'run.csv'));
    expect(calls.map((c) => c.fn)).toEqual(EXPANDED.map((c) => c.fn));
    expect(calls.map((c) => c.args)).toEqual(EXPANDED.map((c) => c.args));
    expect(calls.map((c) => c.json)).toEqual(EXPANDED.map((c) => c.args));

    const trace = pythonJson(join(dir, 'run.json')) as {
      format: string;
      maxWorkers: number;
      tasks: { fn: string; pid: number; status: string }[];
    };
    expect(trace.format).toBe('poolscope-trace');
    expect(trace.maxWorkers).toBe(2);
    expect(trace.tasks.map((t) => t.fn)).toEqual(EXPANDED.map((c) => c.fn));

    const chrome = pythonJson(join(dir, 'run.chrome.json')) as {
      traceEvents: { ph: string; tid: number; name: string }[];
    };
    const slices = chrome.traceEvents.filter((e) => e.ph === 'X');
    expect(slices).toHaveLength(6);
    expect(new Set(slices.map((e) => e.tid))).toEqual(new Set(pids));
  });

  it('finds a preset by its id as well', async () => {
    const dir = tempDir(cleanups);
    const result = await poolscope(cleanups, ['run', 'pool_submit_slow_add', '--json'], dir);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as Summary;
    expect(summary).toMatchObject({ workload: 'pool_submit.py (slow_add)', calls: 1, done: 1 });
  });

  it("runs a saved run's calls again, from its PoolScope or Chrome trace, on another max_workers", async () => {
    const dir = tempDir(cleanups);
    const first = await poolscope(
      cleanups,
      [
        'run',
        workloadIn(dir),
        '--max-workers',
        '2',
        '--out',
        'first.json',
        '--out',
        'first.chrome.json',
      ],
      dir,
    );
    expect(first.code).toBe(0);
    type T = { maxWorkers: number; tasks: { fn: string; args: number[] }[] };
    const calls = (t: T) => t.tasks.map(({ fn, args }) => ({ fn, args }));
    for (const saved of ['first.json', 'first.chrome.json']) {
      const again = await poolscope(
        cleanups,
        ['run', saved, '--max-workers', '1', '--out', 'again.json'],
        dir,
      );
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).toBe('');
      const [a, b] = ['first.json', 'again.json'].map((f) => pythonJson(join(dir, f)) as T);
      expect(b!.maxWorkers).toBe(1);
      expect(calls(b!)).toEqual(calls(a!));
    }
  });

  it('exits 1 when the pool breaks, and still writes the chart of what happened', async () => {
    const dir = tempDir(cleanups);
    const path = join(dir, 'crash.json');
    writeFileSync(
      path,
      workloadJson('crash', [
        { fn: 'slow_function', args: [0.05], repeat: 1 },
        { fn: 'crash_worker', args: [], repeat: 1 },
      ]),
    );
    const result = await poolscope(
      cleanups,
      ['run', path, '--max-workers', '1', '--out', 'crash.json.csv'],
      dir,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^poolscope: crash failed: .*terminated abruptly.*pid \d+/m);
    expect(result.stdout).toContain('· failed:');
    const rows = pythonCsv(join(dir, 'crash.json.csv'));
    expect(rows.slice(1).map((r) => r[CSV_COLUMNS.indexOf('function')])).toEqual([
      'slow_function',
      'crash_worker',
    ]);
  });

  it('shows progress on stderr when it is a terminal (calls finished of submitted)', () => {
    const dir = tempDir(cleanups);
    const path = workloadIn(dir);
    // script(1) gives the command a pseudo-terminal; its output is what the terminal showed.
    const screen = execFileSync(
      'script',
      ['-qfec', `"${process.execPath}" "${BIN}" run "${path}" --max-workers 2`, '/dev/null'],
      { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    expect(screen).toMatch(/mixed calls: \d of 6 calls finished · \d running · \d+\.\d s/);
    expect(screen).toContain('\r');
    expect(screen).toContain('mixed calls · max_workers = 2 · completed: 6 calls');
  });
});
