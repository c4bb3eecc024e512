/** Task modules, the initializer and maxTasksPerChild. */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BrokenProcessPool, ProcessPoolExecutor } from '../../electron/pool';
import { FIXTURES, poolWithTasks, recordEvents, track } from './helpers';

describe('task modules', () => {
  it("makes a module's exported functions callable by name, next to the built-ins", async () => {
    const pool = await poolWithTasks({ maxWorkers: 1 });
    expect(await pool.submit('add', 2, 3).result()).toBe(5);
    expect(await pool.submit('sleepy', 10, 'ok').result()).toBe('ok');
    expect(await pool.submit('slow_add', 0, 1, 1).result()).toBe(2);
    expect(await pool.submit('nothing').result()).toBeNull(); // undefined comes back as None
    expect(() => pool.submit('not_exported')).toThrow(/unknown function "not_exported"/);
  });

  it('fails a task whose result cannot be sent back, naming why', async () => {
    const pool = await poolWithTasks({ maxWorkers: 1 });
    const e = await pool.submit('unsendable').exception();
    expect(e?.name).toBe('TypeError');
    expect(e?.message).toBe(
      'unsendable returned a value that cannot be sent back: the result is a Map; only plain objects, arrays and primitives can be sent',
    );
  });

  it('needs create() to learn the export names: the constructor refuses an unloaded module', () => {
    const other = resolve(FIXTURES, 'clashing-module.mjs');
    expect(() => new ProcessPoolExecutor({ taskModules: [other] })).toThrow(
      /is not loaded: create the pool with await ProcessPoolExecutor.create/,
    );
  });

  it('rejects relative paths, missing files, modules that throw and names that clash', async () => {
    await expect(ProcessPoolExecutor.create({ taskModules: ['tasks.mjs'] })).rejects.toThrow(
      'task module path must be absolute: "tasks.mjs"',
    );
    await expect(
      ProcessPoolExecutor.create({ taskModules: [resolve(FIXTURES, 'missing.mjs')] }),
    ).rejects.toThrow(/task module not found: .*missing\.mjs/);
    await expect(
      ProcessPoolExecutor.create({ taskModules: [resolve(FIXTURES, 'broken-module.mjs')] }),
    ).rejects.toThrow(/broken-module\.mjs failed to load: module boom/);
    await expect(
      ProcessPoolExecutor.create({ taskModules: [resolve(FIXTURES, 'clashing-module.mjs')] }),
    ).rejects.toThrow(/exports "slow_add", which is already defined/);
  });
});

describe('initializer', () => {
  it('runs once in each worker before its first task', async () => {
    const pool = await poolWithTasks({
      maxWorkers: 2,
      initializer: { fn: 'init', args: ['ready'] },
    });
    // Both up first: workers pull calls, so one that came up early could otherwise take all.
    await pool.startWorkers();
    const fs = [pool.submit('init_value_later', 100), pool.submit('init_value_later', 100)];
    expect(await Promise.all(fs.map((f) => f.result()))).toEqual(['ready', 'ready']);
    expect(new Set(fs.map((f) => f.pid)).size).toBe(2);
  });

  it('breaks the pool when it fails, as CPython, naming the error', async () => {
    const pool = await poolWithTasks({ maxWorkers: 1, initializer: { fn: 'failing_init' } });
    const e = await pool.submit('add', 1, 2).exception();
    expect(e).toBeInstanceOf(BrokenProcessPool);
    expect(e?.message).toMatch(
      /A process in the process pool \(pid \d+\) failed to initialise: RangeError: init boom/,
    );
    expect(pool.broken).toBe(true);
  });

  it('checks its arguments like a submit', () => {
    expect(() =>
      track(new ProcessPoolExecutor({ initializer: { fn: 'slow_function', args: [NaN] } })),
    ).toThrow(/initializer\[0\] is NaN/);
  });
});

describe('maxTasksPerChild', () => {
  it('retires a worker after that many tasks and forks a fresh one', async () => {
    const pool = await poolWithTasks({ maxWorkers: 1, maxTasksPerChild: 2 });
    const events = recordEvents(pool);
    const fs = Array.from({ length: 5 }, () => pool.submit('pid'));
    const pids = await Promise.all(fs.map((f) => f.result()));
    expect(pids).toEqual(fs.map((f) => f.pid));
    expect(pids[0]).toBe(pids[1]);
    expect(pids[2]).toBe(pids[3]);
    expect(new Set(pids).size).toBe(3);
    await pool.shutdown();
    const exits = events.filter((e) => e.type === 'worker-exited');
    expect(exits.map((e) => e.code)).toEqual([0, 0, 0]);
  });
});
