/** `poolscope trace`, the real command line (bin/poolscope.mjs): real CPython, real files. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTraceFile } from '../../shared/export/poolscope-json';
import { poolscope, type Cleanup } from '../cli/support';
import { tempDir } from '../support/temp-dir';
import { SCRIPTS, TUTORIAL } from './helpers';

const cleanups: Cleanup[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
const dir = tempDir(cleanups as (() => void)[], 'poolscope-trace-cli-');

describe.concurrent('poolscope trace', () => {
  it('runs the exercise with its argument, shows its output and writes the files', async () => {
    const { code, stdout, stderr } = await poolscope(
      cleanups,
      [
        'trace',
        join(TUTORIAL, 'future_exercise.py'),
        '--start-method',
        'spawn',
        '-o',
        'exercise.json',
        '--out',
        'exercise.png',
        '--',
        '3',
      ],
      dir,
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines).toContain('Task 4 failed!');
    expect(lines).toContain('Task 7 was successful. Result is 42');
    expect(stdout).toMatch(
      /future_exercise\.py · max_workers = 3 · CPython 3\.\d+\.\d+ · completed: 8 calls on 3 worker PIDs/,
    );
    expect(stdout).toContain('broken_function(4.1) raised ValueError: Called broken function');
    expect(lines).toContain("  the script's own max_workers (CPython's default if it passes none)");
    const parsed = parseTraceFile(readFileSync(join(dir, 'exercise.json'), 'utf8'));
    if (!parsed.ok) expect.fail(parsed.error);
    expect(parsed.trace.tasks).toHaveLength(8);
    // Reopened, it is still a traced script's run, header and CPython stamps included.
    expect(parsed.trace.runtime).toBe('python-script');
    expect(parsed.trace.python?.startMethod).toBe('spawn');
    expect(parsed.trace.script?.args).toEqual(['3']);
    expect(parsed.trace.tasks.every((t) => t.queuedAt !== undefined)).toBe(true);
    expect(readFileSync(join(dir, 'exercise.png')).subarray(1, 4).toString()).toBe('PNG');
  });

  it("prints --json on stdout, the script's output on stderr", async () => {
    const { code, stdout, stderr } = await poolscope(
      cleanups,
      ['trace', join(TUTORIAL, 'applyasync.py'), '--max-workers', '2', '--json'],
      dir,
    );
    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as { runtime: string; calls: number; workers: unknown[] };
    expect(summary).toMatchObject({ runtime: 'python-script', calls: 2, maxWorkers: 2 });
    expect(summary.workers).toHaveLength(2);
    expect(stderr).toContain('Result one is 13');
  });

  it("returns the script's own exit code, and 1 when it cannot start", async () => {
    const exit = await poolscope(cleanups, ['trace', join(SCRIPTS, 'exit_code.py')], dir);
    expect(exit.code).toBe(3);
    expect(exit.stderr).toContain('exit_code.py exited with code 3');
    const missing = await poolscope(cleanups, ['trace', join(SCRIPTS, 'missing.py')], dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/missing\.py: no such file/);
  });

  it.each([
    [[], 'missing SCRIPT.py'],
    [['a.py', '3'], "the script's own arguments go after --: poolscope trace a.py -- 3"],
    [
      ['a.py', '--start-method', 'thread'],
      '--start-method must be default or fork or spawn or forkserver, not "thread"',
    ],
    [['a.py', '-w', '0'], '--max-workers must be a whole number from 1 to 256, not "0"'],
    [['a.py', '--force-max-workers'], '--force-max-workers needs --max-workers N'],
    [['a.py', '-o', 'x.gif'], '--out x.gif: the extension says which format to write'],
  ])('refuses %j with a usage error', async (argv, message) => {
    const { code, stderr } = await poolscope(cleanups, ['trace', ...argv], dir);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });
});
