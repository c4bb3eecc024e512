/**
 * The tutorial's scripts (../shared/reference/futures-tutorial.txt), through the API, with
 * sleeps scaled down. Parallelism is proven by overlapping intervals, never by elapsed time.
 */
import { describe, expect, it } from 'vitest';
import type { PoolEvent } from '../../shared/events';
import { newPool, overlap, recordEvents } from './helpers';

type Output = Extract<PoolEvent, { type: 'worker-output' }>;
const outputOf = (events: PoolEvent[]) =>
  events.filter((e): e is Output => e.type === 'worker-output');

describe('the tutorial, part 2', () => {
  it('pool_submit.py: slow_function returns the seconds it slept and prints as the tutorial', async () => {
    const pool = newPool();
    const events = recordEvents(pool);
    const r = pool.submit('slow_function', 0.05);
    await pool.shutdown();
    expect(await r.result()).toBe(0.05);
    expect(r.pid).toBeDefined();
    expect(r.pid).not.toBe(process.pid);
    expect(outputOf(events).map((e) => [e.pid, e.stream, e.line, e.taskId])).toEqual([
      [r.pid, 'stdout', `Process ${r.pid} going to sleep for 0.05 second(s)`, r.id],
      [r.pid, 'stdout', `Process ${r.pid} waking up`, r.id],
    ]);
  });

  it('pool_submit.py with slow_add(1, 6, 7): result is 13', async () => {
    const pool = newPool();
    const r = pool.submit('slow_add', 0.05, 6, 7);
    await pool.shutdown();
    expect(await r.result()).toBe(13);
  });

  it('applyasync.py: 13 and 5 run at the same time in two worker processes', async () => {
    const pool = newPool({ maxWorkers: 2 });
    const r1 = pool.submit('slow_add', 0.5, 6, 7);
    const r2 = pool.submit('slow_add', 0.5, 2, 3);
    expect(await r1.result()).toBe(13);
    expect(await r2.result()).toBe(5);
    expect(overlap(r1, r2)).toBe(true);
    expect(r1.pid).not.toBe(r2.pid);
    for (const pid of [r1.pid, r2.pid]) expect(pid).not.toBe(process.pid);
  });

  it('future.py: done() flips as tasks finish, results are 13, 3, 9, 7 and the error is held in its future', async () => {
    const pool = newPool({ maxWorkers: 2 });
    const futures = [
      pool.submit('slow_add', 0.31, 6, 7),
      pool.submit('slow_diff', 0.21, 5, 2),
      pool.submit('slow_add', 0.11, 8, 1),
      pool.submit('slow_diff', 0.51, 9, 2),
      pool.submit('broken_function', 0.41),
    ];
    // "Have the workers finished?": poll done() as the script does, remembering each answer.
    const answers: string[] = [];
    while (!futures.every((f) => f.done())) {
      answers.push(futures.map((f) => (f.done() ? 'finished' : 'running')).join(' '));
      await new Promise((r) => setTimeout(r, 20));
    }
    // Some polls saw part of the work done: futures finish one by one, not all at the end.
    expect(answers.some((a) => a.includes('finished') && a.includes('running'))).toBe(true);

    const results = [];
    for (const f of futures.slice(0, 4)) {
      expect(await f.exception()).toBeNull();
      results.push(await f.result());
    }
    expect(results).toEqual([13, 3, 9, 7]);

    const e = await futures[4]!.exception();
    expect(e).toBeInstanceOf(Error);
    expect(e!.name).toBe('ValueError');
    expect(e!.message).toBe('Called broken function');
    expect(e!.stack).toContain('ValueError: Called broken function');
    await expect(futures[4]!.result()).rejects.toBe(e);

    const pids = new Set(futures.map((f) => f.pid));
    expect(pids.size).toBeLessThanOrEqual(2);
    expect(pids.has(process.pid)).toBe(false);
  });

  it.each([1, 2, 3])(
    'the exercise: with max_workers=%i, calls spread over at most that many processes',
    async (maxWorkers) => {
      const pool = newPool({ maxWorkers });
      const futures = Array.from({ length: 6 }, (_, i) => pool.submit('slow_add', 0.05, i, i));
      await pool.shutdown();
      expect(await Promise.all(futures.map((f) => f.result()))).toEqual([0, 2, 4, 6, 8, 10]);
      const pids = new Set(futures.map((f) => f.pid));
      expect(pids.size).toBeGreaterThanOrEqual(1);
      expect(pids.size).toBeLessThanOrEqual(maxWorkers);
    },
  );
});
