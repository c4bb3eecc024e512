/**
 * The pool's semantics on CPython workers: a call that never returns is ended by taskTimeoutMs and
 * by a bounded shutdown, an unknown name fails at submit as it does for Node's workers, and an
 * initializer runs in each worker before its first call.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAlive } from '../support/processes';
import { tempDir } from '../support/temp-dir';
import { cleanups, pythonPool } from './support';

function module(text: string): string {
  const path = join(tempDir(cleanups), 'tasks.py');
  writeFileSync(path, text);
  return path;
}

const FOREVER = `import os, time

STATE = {}


def setup(tag):
    STATE["tag"] = f"{tag}:{os.getpid()}"


def tag():
    return STATE.get("tag")


def forever():
    while True:
        time.sleep(0.05)


def spin():
    while True:
        pass
`;

describe('CPython workers in the pool', () => {
  it.each(['forever', 'spin'])(
    'taskTimeoutMs ends %s(): TimeoutError in its future, its worker killed, the next call on a fresh one',
    async (fn) => {
      const pool = await pythonPool(module(FOREVER), { maxWorkers: 1, taskTimeoutMs: 400 });
      const stuck = pool.submit(fn);
      const e = await stuck.exception();
      expect(e?.name).toBe('TimeoutError');
      await expect.poll(() => isAlive(stuck.pid!)).toBe(false);
      const next = pool.submit('tag');
      await expect(next.result()).resolves.toBeNull();
      expect(next.pid).not.toBe(stuck.pid);
    },
  );

  it('terminate() ends a call that never returns after its grace, and fails it saying so', async () => {
    const pool = await pythonPool(module(FOREVER), { maxWorkers: 2 });
    const stuck = pool.submit('spin');
    const waiting = [pool.submit('forever'), pool.submit('forever'), pool.submit('forever')];
    await expect.poll(() => stuck.running()).toBe(true);
    await pool.terminate({ graceMs: 200 });
    expect((await stuck.exception())?.message).toMatch(
      /the pool was terminated: worker \d+ was killed/,
    );
    expect(waiting.some((f) => f.cancelled())).toBe(true);
    expect(pool.pids).toEqual([]);
  });

  it('an unknown name fails at submit, naming the module’s functions', async () => {
    const pool = await pythonPool(module(FOREVER), { maxWorkers: 1 });
    expect(() => pool.submit('nope')).toThrow(
      /unknown function "nope"; known: setup, tag, forever, spin/,
    );
  });

  it('the initializer runs in each worker before its first call', async () => {
    const pool = await pythonPool(module(FOREVER), {
      maxWorkers: 2,
      initializer: { fn: 'setup', args: ['ready'] },
    });
    await pool.startWorkers();
    const tags = await Promise.all(pool.pids.map(() => pool.submit('tag').result()));
    for (const t of tags) expect(t).toMatch(/^ready:\d+$/);
  });
});
