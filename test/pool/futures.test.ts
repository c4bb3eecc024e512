/** Future, wait and asCompleted, on real workers. */
import { describe, expect, it, vi } from 'vitest';
import { CancelledError, TimeoutError, asCompleted, wait, type Future } from '../../electron/pool';
import { cleanups, gateFile, newPool, poolWithTasks, recordEvents, started } from './helpers';

describe('Future', () => {
  it('is PENDING while queued, running() only while on a worker, then done with its stamps', async () => {
    const pool = newPool({ maxWorkers: 1 });
    const first = pool.submit('slow_function', 0.2);
    const second = pool.submit('slow_function', 0.05);
    await started(pool, first);
    expect(first.running()).toBe(true);
    expect(first.state).toBe('RUNNING');
    expect(second.running()).toBe(false);
    expect(second.state).toBe('PENDING');
    expect(second.done()).toBe(false);
    await second.result();
    expect(first.running()).toBe(false);
    expect(first.done()).toBe(true);
    for (const f of [first, second]) {
      expect(f.pid).toBe(pool.pids[0]);
      expect(f.submittedAt).toBeLessThanOrEqual(f.startedAt!);
      expect(f.startedAt!).toBeLessThan(f.finishedAt!);
    }
    // The second started on the same worker after the first had finished there.
    expect(second.startedAt!).toBeGreaterThanOrEqual(first.finishedAt!);
  });

  it('cancel(): true for a queued task, which then never runs; false once running or finished', async () => {
    const pool = newPool({ maxWorkers: 1 });
    const events = recordEvents(pool);
    const running = pool.submit('slow_function', 0.2);
    const queued = pool.submit('slow_function', 0.05);
    await started(pool, running);

    expect(queued.cancel()).toBe(true);
    expect(queued.cancel()).toBe(true); // already cancelled: still true, as CPython
    expect(queued.cancelled()).toBe(true);
    expect(queued.done()).toBe(true);
    await expect(queued.result()).rejects.toBeInstanceOf(CancelledError);
    await expect(queued.exception()).rejects.toBeInstanceOf(CancelledError);

    expect(running.cancel()).toBe(false);
    expect(await running.result()).toBe(0.2);
    expect(running.cancel()).toBe(false);
    expect(running.cancelled()).toBe(false);

    await pool.shutdown();
    expect(
      events.filter((e) => 'taskId' in e && e.taskId === queued.id).map((e) => e.type),
    ).toEqual(['task-submitted', 'task-cancelled']);
  });

  it('result(timeout) and exception(timeout) reject with TimeoutError; the task still completes', async () => {
    const pool = newPool({ maxWorkers: 1 });
    const f = pool.submit('slow_add', 0.2, 1, 2);
    await expect(f.result(20)).rejects.toBeInstanceOf(TimeoutError);
    await expect(f.exception(20)).rejects.toThrow(/not done within 20 ms/);
    expect(f.done()).toBe(false);
    expect(await f.result()).toBe(3);
    expect(await f.exception(0)).toBeNull();
  });

  it('addDoneCallback: called once when done, at once if already done; a throwing callback spoils nothing', async () => {
    const pool = newPool({ maxWorkers: 1 });
    const f = pool.submit('slow_add', 0.05, 2, 2);
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    cleanups.push(() => logged.mockRestore());
    const calls: string[] = [];
    f.addDoneCallback(() => {
      throw new Error('callback failure, logged and ignored');
    });
    f.addDoneCallback((done) => calls.push(`later:${done.id}`));
    expect(calls).toEqual([]);
    await f.result();
    expect(calls).toEqual([`later:${f.id}`]);
    expect(logged).toHaveBeenCalledWith(
      `exception calling callback for future ${f.id}:`,
      expect.objectContaining({ message: 'callback failure, logged and ignored' }),
    );
    f.addDoneCallback(() => calls.push('at once'));
    expect(calls).toEqual([`later:${f.id}`, 'at once']);
  });
});

/**
 * A pool with one worker started and idle, so the next call starts at once while later ones wait
 * for workers still starting: which finishes first then follows from the calls' lengths, not
 * from how fast a loaded machine starts processes.
 */
async function warmPool(maxWorkers: number) {
  const pool = newPool({ maxWorkers });
  await pool.submit('slow_function', 0).result();
  return pool;
}

describe('wait', () => {
  it('ALL_COMPLETED (the default) waits for every future', async () => {
    const pool = newPool({ maxWorkers: 2 });
    const fs = [pool.submit('slow_add', 0.05, 1, 1), pool.submit('slow_add', 0.1, 2, 2)];
    const { done, notDone } = await wait(fs);
    expect([...done]).toEqual(expect.arrayContaining(fs));
    expect(notDone.size).toBe(0);
  });

  it('FIRST_COMPLETED returns as soon as one is done', async () => {
    const pool = await warmPool(2);
    const fast = pool.submit('slow_function', 0.05); // on the warm worker
    const slow = pool.submit('slow_function', 0.5); // on one still starting
    const { done, notDone } = await wait([fast, slow], { returnWhen: 'FIRST_COMPLETED' });
    expect([...done]).toEqual([fast]);
    expect([...notDone]).toEqual([slow]);
  });

  it('FIRST_EXCEPTION returns at the first error, or when all are done if none fails', async () => {
    const pool = newPool({ maxWorkers: 2 });
    const ok = pool.submit('slow_function', 0.05);
    await ok.result();
    const bad = pool.submit('broken_function', 0.1); // on the warm worker
    const slow = pool.submit('slow_function', 0.6); // on one still starting
    const first = await wait([ok, bad, slow], { returnWhen: 'FIRST_EXCEPTION' });
    expect(first.done).toEqual(new Set([ok, bad]));
    expect(first.notDone).toEqual(new Set([slow]));

    const a = pool.submit('slow_function', 0.05);
    const b = pool.submit('slow_function', 0.1);
    const all = await wait([a, b], { returnWhen: 'FIRST_EXCEPTION' });
    expect(all.done).toEqual(new Set([a, b]));
  });

  it('with a timeout, reports what is not done instead of failing', async () => {
    const pool = newPool({ maxWorkers: 1 });
    const f = pool.submit('slow_function', 0.3);
    const { done, notDone } = await wait([f], { timeoutMs: 30 });
    expect(done.size).toBe(0);
    expect([...notDone]).toEqual([f]);
  });
});

describe('asCompleted', () => {
  it('yields futures in the order they finish, those already done first', async () => {
    const pool = newPool({ maxWorkers: 3 });
    const already = pool.submit('slow_function', 0);
    await already.result();
    const fast = pool.submit('slow_function', 0.05); // on the warm worker
    const slow = pool.submit('slow_function', 0.4); // on one still starting
    const order: Future[] = [];
    for await (const f of asCompleted([slow, fast, already])) order.push(f);
    expect(order).toEqual([already, fast, slow]);
  });

  it('throws TimeoutError when time runs out, after yielding what finished', async () => {
    const pool = await warmPool(2);
    const fast = pool.submit('slow_function', 0.05); // on the warm worker
    const slow = pool.submit('slow_function', 1);
    const seen: Future[] = [];
    const consume = async () => {
      for await (const f of asCompleted([fast, slow], { timeoutMs: 300 })) seen.push(f);
    };
    await expect(consume()).rejects.toThrow(new TimeoutError('1 (of 2) futures unfinished'));
    expect(seen).toEqual([fast]);
  });

  it('counts its timeout from the first step of the loop, as CPython (a generator) does', async () => {
    const pool = await poolWithTasks({ maxWorkers: 2 });
    const [first, second] = [gateFile(), gateFile()];
    const fs = [pool.submit('hold', first.path), pool.submit('hold', second.path)];
    const iterable = asCompleted(fs, { timeoutMs: 1000 });
    first.open();
    await fs[0]!.result();
    await new Promise((r) => setTimeout(r, 1100)); // past the timeout, were it counted from the call
    const seen: Future[] = [];
    for await (const f of iterable) {
      seen.push(f);
      second.open();
    }
    expect(seen).toEqual(fs);
  });
});
