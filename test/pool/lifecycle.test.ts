/** Resizing, worker death in both modes, per-task timeouts, and processes that outlive nothing. */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import type { PoolEvent } from '../../shared/events';
import { BrokenProcessPool, TimeoutError, type Future } from '../../electron/pool';
import {
  FIXTURES,
  cleanups,
  gateFile,
  isAlive,
  killQuietly,
  newPool,
  nextEvent,
  overlap,
  poolWithTasks,
  recordEvents,
  started,
  until,
} from './helpers';

/** Each task started once and finished once: none lost, none run twice. */
function expectEachRanOnce(events: PoolEvent[], futures: Future[]): void {
  for (const f of futures) {
    const mine = events
      .filter((e) => e.type.startsWith('task-') && 'taskId' in e && e.taskId === f.id)
      .map((e) => e.type);
    expect(mine).toEqual(['task-submitted', 'task-started', 'task-finished']);
  }
}

describe('resize', () => {
  it('growing during a run lets more workers run at once', async () => {
    const pool = await poolWithTasks({ maxWorkers: 1 });
    const events = recordEvents(pool);
    const gate = gateFile();
    const fs = Array.from({ length: 6 }, () => pool.submit('hold', gate.path));
    await started(pool, fs[0]!);
    pool.resize(3);
    // The first call holds its worker, so the two new ones, once up, take the next two.
    await Promise.all([fs[1]!, fs[2]!].map((f) => started(pool, f)));
    expect(fs.slice(0, 3).every((f) => f.running())).toBe(true);
    gate.open();
    await Promise.all(fs.map((f) => f.result()));
    expect(new Set(fs.map((f) => f.pid)).size).toBe(3);
    expectEachRanOnce(events, fs);
  });

  it('shrinking during a run retires busy workers after their current task', async () => {
    const pool = newPool({ maxWorkers: 3 });
    const events = recordEvents(pool);
    await pool.startWorkers(); // so the first three calls run on three workers at once
    const first = [0.4, 0.4, 0.4].map((s) => pool.submit('slow_function', s));
    const later = Array.from({ length: 5 }, () => pool.submit('slow_function', 0.05));
    await Promise.all(first.map((f) => started(pool, f)));
    pool.resize(1);
    await Promise.all(later.map((f) => f.result()));
    // The first three ran together; the rest one at a time, on the one worker left.
    expect(new Set(first.map((f) => f.pid)).size).toBe(3);
    expect(new Set(later.map((f) => f.pid)).size).toBe(1);
    for (let i = 1; i < later.length; i++) expect(overlap(later[i - 1]!, later[i]!)).toBe(false);
    await until(() => pool.pids.length === 1);
    const exits = events.filter((e) => e.type === 'worker-exited');
    expect(exits.map((e) => [e.code, e.signal])).toEqual([
      [0, null],
      [0, null],
    ]);
    expectEachRanOnce(events, [...first, ...later]);
  });

  it('shrinking retires idle workers at once', async () => {
    const pool = newPool({ maxWorkers: 3 });
    await Promise.all([0, 0, 0].map(() => pool.submit('slow_function', 0.05).result()));
    expect(pool.pids).toHaveLength(3);
    const [oldest] = pool.pids;
    pool.resize(1);
    await until(() => pool.pids.length === 1);
    expect(pool.pids).toEqual([oldest]); // the most recently spawned go first
  });
});

describe('a worker that dies', () => {
  it('breaks the pool by default: every pending and running future fails, naming PID and signal', async () => {
    const pool = newPool({ maxWorkers: 2 });
    const events = recordEvents(pool);
    const running = pool.submit('slow_function', 5);
    await started(pool, running);
    const crash = pool.submit('crash_worker');
    const pending = [pool.submit('slow_function', 0), pool.submit('slow_function', 0)];
    const crashError = await crash.exception();
    expect(crashError).toBeInstanceOf(BrokenProcessPool);
    expect(crashError?.message).toBe(
      `A process in the process pool was terminated abruptly while the future was running or pending (pid ${crash.pid}, exit code null, signal SIGKILL)`,
    );
    for (const f of [running, ...pending]) expect(await f.exception()).toBe(crashError);
    expect(pool.broken).toBe(true);
    expect(() => pool.submit('slow_function', 0)).toThrow(BrokenProcessPool);
    await until(() => pool.pids.length === 0); // the other worker is terminated too
    const failedUnstarted = events.filter((e) => e.type === 'task-failed-unstarted');
    expect(failedUnstarted.map((e) => 'taskId' in e && e.taskId)).toEqual(pending.map((f) => f.id));
    const finishedBadly = events.filter((e) => e.type === 'task-finished' && !e.ok);
    expect(finishedBadly.map((e) => 'taskId' in e && e.taskId).sort()).toEqual(
      [running.id, crash.id].sort(),
    );
  });

  it('process.exit() in a task breaks the pool, naming the exit code', async () => {
    const pool = await poolWithTasks({ maxWorkers: 1 });
    const f = pool.submit('exit_now', 3);
    const e = await f.exception();
    expect(e?.message).toMatch(/\(pid \d+, exit code 3, signal null\)$/);
  });

  it("with onWorkerDeath: 'replace', fails only the task it ran and forks a replacement", async () => {
    const pool = newPool({ maxWorkers: 2, onWorkerDeath: 'replace' });
    const events = recordEvents(pool);
    const survivor = pool.submit('slow_add', 0.3, 1, 1);
    const crash = pool.submit('crash_worker');
    const after = [pool.submit('slow_add', 0, 2, 2), pool.submit('slow_add', 0, 3, 3)];
    expect(await crash.exception()).toBeInstanceOf(BrokenProcessPool);
    expect(await survivor.result()).toBe(2);
    expect(await Promise.all(after.map((f) => f.result()))).toEqual([4, 6]);
    expect(pool.broken).toBe(false);
    const spawned = events.filter((e) => e.type === 'worker-spawned').map((e) => e.pid);
    expect(spawned).toHaveLength(3);
    expect(pool.pids).not.toContain(crash.pid);
    expect(await pool.submit('slow_add', 0, 5, 5).result()).toBe(10);
  });

  it('that cannot even start breaks the pool, naming why', async () => {
    const pool = newPool({ maxWorkers: 1, execPath: '/nonexistent/node' });
    const e = await pool.submit('slow_function', 0).exception();
    expect(e?.message).toBe(
      'A process in the process pool could not be started: spawn /nonexistent/node ENOENT',
    );
    expect(pool.broken).toBe(true);
    expect(pool.pids).toEqual([]);
  });

  it('killed from outside, fails its task naming the PID and the signal', async () => {
    const pool = newPool({ maxWorkers: 1, onWorkerDeath: 'replace' });
    const f = pool.submit('slow_function', 5);
    await started(pool, f);
    process.kill(f.pid!, 'SIGKILL');
    expect((await f.exception())?.message).toContain(
      `(pid ${f.pid}, exit code null, signal SIGKILL)`,
    );
  });
});

describe('per-task timeout', () => {
  it.each([
    ['an asynchronous task that never settles', 'hang', []],
    ['a synchronous task that spins', 'busy_work', [30]],
  ])(
    'kills the worker running %s and fails it with TimeoutError naming the PID',
    async (_, fn, args) => {
      const pool = await poolWithTasks({ maxWorkers: 1, taskTimeoutMs: 150 });
      const exited = nextEvent(pool, (e) => e.type === 'worker-exited');
      const f = pool.submit(fn as string, ...(args as number[]));
      const e = await f.exception();
      expect(e).toBeInstanceOf(TimeoutError);
      expect(e?.message).toBe(
        `task ${f.id} (${fn}) exceeded the 150 ms task timeout: worker ${f.pid} was killed`,
      );
      expect(await exited).toMatchObject({ pid: f.pid, signal: 'SIGTERM' });
      // The pool is not broken: the next task gets a fresh worker.
      const next = pool.submit('add', 1, 1);
      expect(await next.result()).toBe(2);
      expect(next.pid).not.toBe(f.pid);
    },
  );
});

describe('terminating a worker', () => {
  it('sends SIGTERM, then SIGKILL after the grace period if the worker is still there', async () => {
    const pool = await poolWithTasks({ maxWorkers: 1, taskTimeoutMs: 50 });
    const exited = nextEvent(pool, (e) => e.type === 'worker-exited');
    const f = pool.submit('stubborn');
    expect(await f.exception()).toBeInstanceOf(TimeoutError);
    expect(await exited).toMatchObject({ pid: f.pid, code: null, signal: 'SIGKILL' });
  });
});

/** Runs a fixture script under plain Node; it is SIGKILLed at cleanup if still alive. */
function runFixture(name: string, ...args: string[]) {
  const child = spawn(process.execPath, [resolve(FIXTURES, name), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  cleanups.push(() => killQuietly(child.pid!));
  const firstLine = new Promise<string>((resolveLine) =>
    createInterface({ input: child.stdout }).once('line', resolveLine),
  );
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, firstLine, exit };
}

describe('no orphans', () => {
  it('workers exit when their parent is SIGKILLed', async () => {
    const { child, firstLine, exit } = runFixture('parent.mjs');
    const { pids } = JSON.parse(await firstLine) as { pids: number[] };
    cleanups.push(() => pids.forEach((pid) => killQuietly(pid)));
    expect(pids).toHaveLength(2);
    expect(pids.every(isAlive)).toBe(true);
    child.kill('SIGKILL');
    await exit;
    await until(() => !pids.some(isAlive));
  });

  // busy_work(60) and count_primes(1e12) run far longer than the test may: a worker gone before
  // the test's timeout left mid-call, its thread never free to hear the channel close.
  it.each([
    ['busy_work', '60'],
    ['count_primes', '1e12'],
  ])('workers running %s exit mid-call when their parent is SIGKILLed', async (fn, arg) => {
    const { child, firstLine, exit } = runFixture('parent.mjs', fn, arg);
    const { pids } = JSON.parse(await firstLine) as { pids: number[] };
    cleanups.push(() => pids.forEach((pid) => killQuietly(pid)));
    expect(pids.every(isAlive)).toBe(true);
    child.kill('SIGKILL');
    await exit;
    await until(() => !pids.some(isAlive));
  });

  it('a script that never calls shutdown() still ends once its work is done', async () => {
    const { firstLine, exit } = runFixture('forgetful.mjs');
    const { result, pids } = JSON.parse(await firstLine) as { result: number; pids: number[] };
    cleanups.push(() => pids.forEach((pid) => killQuietly(pid)));
    expect(result).toBe(13);
    expect(await exit).toBe(0);
    await until(() => !pids.some(isAlive));
  });
});
