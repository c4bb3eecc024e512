/** startWorkers() and terminate(): start-up as its own phase, and a shutdown in bounded time. */
import { describe, expect, it } from 'vitest';
import type { PoolEvent } from '../../shared/events';
import { BrokenProcessPool, CancelledError } from '../../electron/pool';
import { isAlive, newPool, recordEvents, started } from './helpers';

describe('startWorkers', () => {
  it('forks maxWorkers workers and resolves once every one is up; the first calls then start on them', async () => {
    const pool = newPool({ maxWorkers: 3 });
    const events = recordEvents(pool);
    await pool.startWorkers();
    const pids = pool.pids;
    expect(pids).toHaveLength(3);
    const fs = [0, 1, 2].map(() => pool.submit('slow_function', 0.2));
    await Promise.all(fs.map((f) => f.result()));
    expect(new Set(fs.map((f) => f.pid))).toEqual(new Set(pids));
    expect(events.filter((e) => e.type === 'worker-spawned')).toHaveLength(3);
  });

  it('on a pool already up, resolves at once and forks nothing more', async () => {
    const pool = newPool({ maxWorkers: 2 });
    await pool.startWorkers();
    const pids = pool.pids;
    await pool.startWorkers();
    expect(pool.pids).toEqual(pids);
  });

  it('rejects with BrokenProcessPool when a worker cannot come up', async () => {
    const pool = newPool({ maxWorkers: 2, execPath: '/nonexistent/node' });
    await expect(pool.startWorkers()).rejects.toThrow(BrokenProcessPool);
  });
});

describe('terminate', () => {
  it('cancels pending calls, lets running ones finish within the grace, and leaves no worker', async () => {
    const pool = newPool({ maxWorkers: 1 });
    const running = pool.submit('slow_function', 0.2);
    const queued = pool.submit('slow_function', 0.2);
    await started(pool, running);
    const pids = pool.pids;
    await pool.terminate({ graceMs: 30_000 });
    expect(await running.result()).toBe(0.2);
    expect(queued.cancelled()).toBe(true);
    await expect(queued.result()).rejects.toThrow(CancelledError);
    expect(pool.pids).toEqual([]);
    expect(pids.some(isAlive)).toBe(false);
  });

  it('after the grace, kills workers still running and fails their calls saying so', async () => {
    const pool = newPool({ maxWorkers: 2 });
    const events = recordEvents(pool);
    const long = [pool.submit('busy_work', 60), pool.submit('slow_function', 60)];
    await Promise.all(long.map((f) => started(pool, f)));
    const pids = pool.pids;
    await pool.terminate({ graceMs: 50 });
    for (const f of long) {
      const e = await f.exception();
      expect(e).toBeInstanceOf(BrokenProcessPool);
      expect(e?.message).toBe(
        `the pool was terminated: worker ${f.pid} was killed, its call still running 50 ms after terminate()`,
      );
    }
    expect(pids.some(isAlive)).toBe(false);
    const exits = events.filter(
      (e): e is Extract<PoolEvent, { type: 'worker-exited' }> => e.type === 'worker-exited',
    );
    expect(exits.map((e) => e.signal)).toEqual(['SIGKILL', 'SIGKILL']);
    expect(() => pool.submit('slow_function', 0)).toThrow(/after shutdown/);
  });

  it('refuses a bad grace', async () => {
    const pool = newPool({ maxWorkers: 1 });
    await expect(pool.terminate({ graceMs: -1 })).rejects.toThrow(RangeError);
  });
});
