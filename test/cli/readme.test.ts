/**
 * The README's "Command line" examples, run as written (`npx poolscope ...`, through npm's own
 * bin resolution) in a fresh folder inside the checkout, then their files read by consumers.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SWEEP_CSV_COLUMNS } from '../../shared/export/sweep';
import { expectChartPng, pythonCsv, pythonJson, ROOT, rsvgSize } from './support';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** The shell lines of the first sh block under "## Command line". */
function readmeCommands(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Command line'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block.split('\n').filter((line) => line.trim() !== '');
}

describe("the README's command-line examples", () => {
  it('run as written and write what they say', { timeout: 180_000 }, () => {
    const commands = readmeCommands();
    expect(commands[0]).toBe('npm run build');
    expect(commands).toContain('npx poolscope run future.py --max-workers 3 --out future-3.svg');
    // Inside the checkout (test-results/ is ignored by git), so npx finds this package's bin.
    mkdirSync(join(ROOT, 'test-results'), { recursive: true }); // not there on a fresh clone
    const dir = mkdtempSync(join(ROOT, 'test-results', 'cli-readme-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const outputs: Record<string, string> = {};
    // The build is every CLI test's precondition (out/ exists); the rest run exactly as printed.
    for (const command of commands.slice(1)) {
      outputs[command] = execFileSync('bash', ['-c', command], {
        cwd: dir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    }
    const slides = outputs[commands[1]!]!;
    expect(slides).toMatch(/^future\.py · max_workers = 3 · completed: 5 calls on 3 worker PIDs/);
    expect(slides).toContain('broken_function(4.1) raised ValueError: Called broken function');
    const svg = rsvgSize(join(dir, 'future-3.svg'), join(dir, 'rsvg.png'));
    expect(svg.width).toBe(1200);
    expect(readFileSync(join(dir, 'future-3.svg'), 'utf8')).toContain(
      'future.py · max_workers = 3',
    );

    const summary = JSON.parse(outputs[commands[2]!]!) as { maxWorkers: number; calls: number };
    expect(summary).toMatchObject({ maxWorkers: 2, calls: 5 });
    expectChartPng(join(dir, 'future-2.png'), 1200);

    const cpython = outputs[commands[3]!]!;
    expect(commands[3]).toContain('--runtime python');
    expect(cpython).toMatch(
      /^future\.py · max_workers = 3 · CPython 3\.\d+\.\d+ · completed: 5 calls/,
    );
    expect(cpython).toContain('broken_function(4.1) raised ValueError: Called broken function');
    rsvgSize(join(dir, 'future-cpython.svg'), join(dir, 'rsvg-cpython.png'));

    const sweep = pythonCsv(join(dir, 'sleeping.csv'));
    expect(sweep[0]).toEqual([...SWEEP_CSV_COLUMNS]);
    expect(sweep.slice(1).map((r) => r[0])).toEqual(['1', '2', '3']);
    rsvgSize(join(dir, 'sleeping.svg'), join(dir, 'rsvg-sweep.png'));

    expect(pythonCsv(join(dir, 'future-2.csv'))).toHaveLength(1 + 5);
    const chrome = pythonJson(join(dir, 'future-2.chrome.json')) as {
      traceEvents: { ph: string }[];
    };
    expect(chrome.traceEvents.filter((e) => e.ph === 'X')).toHaveLength(5);
    expect(outputs['npx poolscope presets']).toMatch(/^future +future\.py/m);
  });
});
