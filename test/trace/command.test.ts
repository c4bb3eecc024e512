/** `poolscope trace` as the CLI runs it: real CPython, real files, exit codes. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { traceCommand } from '../../electron/trace';
import { parseTraceFile } from '../../shared/export/poolscope-json';
import { tempDir } from '../support/temp-dir';
import { SCRIPTS, TUTORIAL } from './helpers';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
}

const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((c) => c()));

describe.concurrent('poolscope trace', () => {
  it('runs the exercise with its argument, shows its output and writes the files', async () => {
    const dir = tempDir(cleanups, 'poolscope-trace-cli-');
    const { out, err, io: streams } = io();
    const code = await traceCommand.run(
      [
        join(TUTORIAL, 'future_exercise.py'),
        '--start-method',
        'spawn',
        '-o',
        join(dir, 'exercise.json'),
        '--out',
        join(dir, 'exercise.svg'),
        '--',
        '3',
      ],
      streams,
    );
    expect(err.join('\n')).toMatch(
      /future_exercise\.py: 8 calls on max_workers=3 \(CPython 3\.\d+\.\d+, spawn;/,
    );
    expect(code).toBe(0);
    expect(out).toContain('Task 4 failed!');
    expect(out.at(-1)).toBe('Task 7 was successful. Result is 42');
    const parsed = parseTraceFile(readFileSync(join(dir, 'exercise.json'), 'utf8'));
    if (!parsed.ok) expect.fail(parsed.error);
    expect(parsed.trace.tasks).toHaveLength(8);
    // Reopened, it is still a traced script's run, header and CPython stamps included.
    expect(parsed.trace.runtime).toBe('python-script');
    expect(parsed.trace.python?.startMethod).toBe('spawn');
    expect(parsed.trace.script?.args).toEqual(['3']);
    expect(parsed.trace.tasks.every((t) => t.queuedAt !== undefined)).toBe(true);
    expect(readFileSync(join(dir, 'exercise.svg'), 'utf8')).toMatch(/^<svg[^>]*>/);
    expect(JSON.parse(readFileSync(join(dir, 'exercise.json'), 'utf8')).runtime).toBe(
      'python-script',
    );
  });

  it("returns the script's own exit code, and 1 when it cannot start", async () => {
    const a = io();
    expect(await traceCommand.run([join(SCRIPTS, 'exit_code.py')], a.io)).toBe(3);
    const b = io();
    expect(await traceCommand.run([join(SCRIPTS, 'missing.py')], b.io)).toBe(1);
    expect(b.err[0]).toMatch(/missing\.py: no such file$/);
  });

  it.each([
    [[], 'give the script to trace: SCRIPT.py'],
    [['a.py', '3'], "the script's own arguments go after --: -- 3"],
    [
      ['a.py', '--start-method', 'thread'],
      '--start-method must be one of default, fork, spawn, forkserver, not thread',
    ],
    [['a.py', '-w', '0'], '--max-workers must be a whole number from 1 to 256, not 0'],
    [['a.py', '--force-max-workers'], '--force-max-workers needs --max-workers N'],
    [['a.py', '-o', 'x.png'], '--out x.png: say what to write with its extension:'],
    [['a.py', '--colour'], "Unknown option '--colour'"],
  ])('refuses %j with a usage error', async (argv, message) => {
    const { err, io: streams } = io();
    expect(await traceCommand.run(argv, streams)).toBe(2);
    expect(err[0]).toContain(message);
  });
});
