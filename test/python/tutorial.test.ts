/**
 * The tutorial's scripts on CPython workers: the very functions of electron/python/tutorial,
 * imported under their own names, give the tutorial's results and print what it shows.
 */
import { describe, expect, it } from 'vitest';
import type { PoolEvent } from '../../shared/events';
import type { Future } from '../../electron/pool';
import { pythonPool } from './support';

type Output = Extract<PoolEvent, { type: 'worker-output' }>;

function outputOf(pool: { on(l: (e: PoolEvent) => void): () => void }): Output[] {
  const lines: Output[] = [];
  pool.on((e) => {
    if (e.type === 'worker-output') lines.push(e);
  });
  return lines;
}

const overlap = (a: Future, b: Future) =>
  a.startedAt! < b.finishedAt! && b.startedAt! < a.finishedAt!;

describe('the tutorial on CPython workers', () => {
  it('pool_submit.py: slow_add(1, 6, 7) is 13, and its worker prints as the tutorial shows', async () => {
    const pool = await pythonPool('poolscope:tutorial/pool_submit_slow_add.py', { maxWorkers: 1 });
    const lines = outputOf(pool);
    const r = pool.submit('slow_add', 0.2, 6, 7);
    await expect(r.result()).resolves.toBe(13);
    expect(r.pid).not.toBe(process.pid);
    expect(lines.map((l) => [l.pid, l.taskId, l.line])).toEqual([
      [r.pid, r.id, `Process ${r.pid} going to sleep for 0.2 second(s)`],
      [r.pid, r.id, `Process ${r.pid} waking up`],
    ]);
  });

  it('applyasync.py: 13 and 5, on two workers at once', async () => {
    const pool = await pythonPool('poolscope:tutorial/applyasync.py', { maxWorkers: 2 });
    const lines = outputOf(pool);
    const r1 = pool.submit('slow_add', 0.5, 6, 7);
    const r2 = pool.submit('slow_add', 0.5, 2, 3);
    await expect(r1.result()).resolves.toBe(13);
    await expect(r2.result()).resolves.toBe(5);
    expect(r1.pid).not.toBe(r2.pid);
    expect(overlap(r1, r2)).toBe(true);
    for (const r of [r1, r2]) {
      expect(lines.filter((l) => l.taskId === r.id).map((l) => l.line)).toEqual([
        `Process ${r.pid} going to sleep for 0.5 second(s)`,
        `Process ${r.pid} waking up`,
      ]);
    }
  });

  it('future.py: 13, 3, 9, 7 and the held ValueError with its Python traceback; nothing printed', async () => {
    const pool = await pythonPool('poolscope:tutorial/future.py', { maxWorkers: 3 });
    const lines = outputOf(pool);
    const futures = [
      pool.submit('slow_add', 0.3, 6, 7),
      pool.submit('slow_diff', 0.2, 5, 2),
      pool.submit('slow_add', 0.1, 8, 1),
      pool.submit('slow_diff', 0.4, 9, 2),
      pool.submit('broken_function', 0.3),
    ];
    const broken = futures[4]!;
    const e = await broken.exception();
    expect(e).toMatchObject({ name: 'ValueError', message: 'Called broken function' });
    expect(e!.stack).toMatch(
      /^Traceback \(most recent call last\):\n {2}File ".*tutorial[\\/]future\.py", line \d+, in broken_function\n {4}raise ValueError\("Called broken function"\)\nValueError: Called broken function$/,
    );
    await expect(broken.result()).rejects.toMatchObject({ name: 'ValueError' });
    const results = await Promise.all(futures.slice(0, 4).map((f) => f.result()));
    expect(results).toEqual([13, 3, 9, 7]);
    expect(lines).toEqual([]);
  });
});
