import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { electronWorkerLauncher } from '../../electron/main/launcher';
import { ProcessPoolExecutor } from '../../electron/pool';

const WORKER = join(resolve(import.meta.dirname, '../..'), 'out/main/worker.js');
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe("the desktop app's worker launcher", () => {
  it('forks the worker entry with no execPath (Electron then runs its Helper as Node) and no inherited ELECTRON_RUN_AS_NODE', async () => {
    const launcher = electronWorkerLauncher(WORKER, {
      ...process.env,
      ELECTRON_RUN_AS_NODE: '1',
      POOLSCOPE_PROBE: 'kept',
    });
    // No execPath: the program is whatever fork picks (here this Node; in the app, Electron's Helper).
    expect(launcher.description).toBe(`node ${WORKER}`);
    const pool = new ProcessPoolExecutor({ maxWorkers: 1, launcher });
    cleanups.push(() => pool.shutdown());
    const future = pool.submit('slow_add', 0, 6, 7);
    await expect(future.result()).resolves.toBe(13);
    const [pid] = pool.pids;
    expect(pid).toBeGreaterThan(0);
    expect(pid).not.toBe(process.pid);
    if (process.platform !== 'linux') return; // what the OS says of the child: /proc
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    expect(argv.slice(0, 2)).toEqual([process.execPath, WORKER]);
    const env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    expect(env).toContain('POOLSCOPE_PROBE=kept');
    expect(env.some((e) => e.startsWith('ELECTRON_RUN_AS_NODE='))).toBe(false);
  });
});
