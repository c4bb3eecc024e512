/** The tracer's pure Python parts, by `python3 -m unittest`, so CI runs them with the rest. */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';

it('passes python3 -m unittest (poolscope_trace/tests)', () => {
  const run = spawnSync(
    'python3',
    ['-m', 'unittest', 'discover', '-s', 'poolscope_trace/tests', '-t', '.', '-v'],
    { cwd: resolve('electron/python'), encoding: 'utf8' },
  );
  expect(run.error).toBeUndefined();
  expect(run.stderr).toMatch(/\nOK\n?$/);
  expect(run.stderr).toMatch(/Ran [1-9]\d* tests/);
  expect(run.status).toBe(0);
});
