import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultWorkerPath } from '../../electron/pool';
import { cleanups } from './helpers';

function withEnv(value: string | undefined): void {
  const before = process.env.POOLSCOPE_WORKER_PATH;
  if (value === undefined) delete process.env.POOLSCOPE_WORKER_PATH;
  else process.env.POOLSCOPE_WORKER_PATH = value;
  cleanups.push(() => {
    if (before === undefined) delete process.env.POOLSCOPE_WORKER_PATH;
    else process.env.POOLSCOPE_WORKER_PATH = before;
  });
}

describe('defaultWorkerPath', () => {
  it("finds the built worker from the sources, by walking up to the repository's out/main", () => {
    withEnv(undefined);
    const path = defaultWorkerPath();
    expect(path).toMatch(/\/out\/main\/worker\.js$/);
    expect(existsSync(path)).toBe(true);
  });

  it('takes POOLSCOPE_WORKER_PATH first, and says so when it names a missing file', () => {
    withEnv(import.meta.filename);
    expect(defaultWorkerPath()).toBe(import.meta.filename);
    withEnv('/nonexistent/worker.js');
    expect(() => defaultWorkerPath()).toThrow(
      'POOLSCOPE_WORKER_PATH names a missing file: /nonexistent/worker.js',
    );
  });
});
