/**
 * ThreadPoolExecutor traced (issue 11's bonus): the master's threads are the workers, a lane per
 * thread named by its TID. Real CPython; the overlap is proven by a barrier, not by time.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lanesFor } from '../../shared/chart/geometry';
import { SCRIPTS, masterLines, request, stopAll, tasks, trace } from './helpers';

afterAll(stopAll);

describe('thread_pool.py', () => {
  it('draws a lane per thread, by TID, with its calls, its error and its cancel', async () => {
    const { status, trace: t } = await trace(request(join(SCRIPTS, 'thread_pool.py')));
    expect(status).toBe('completed');
    expect(masterLines(t)).toEqual(['results [10, 20]', 'ValueError', 'cancel True']);
    expect(t.script?.pools).toEqual([
      { kind: 'ThreadPoolExecutor', maxWorkers: 2, startMethod: 'threads' },
    ]);

    // Two threads of the master, named as CPython names them.
    expect(t.workers).toHaveLength(2);
    for (const w of t.workers) expect(w.thread).toMatch(/^ThreadPoolExecutor-\d+_\d+$/);
    const tids = t.workers.map((w) => w.pid);
    expect(new Set(tids).size).toBe(2);
    expect(tids).not.toContain(t.masterPid);
    expect(lanesFor(t).map((lane) => lane.label)).toEqual(tids.map((tid) => `TID ${tid}`));

    const [one, two, failing, heldA, heldB, waiting] = tasks(t);
    expect(tasks(t)).toHaveLength(6);
    // The barrier made meet(1) and meet(2) run at once, one on each thread.
    expect([one?.result, two?.result]).toEqual([10, 20]);
    expect(new Set([one?.pid, two?.pid])).toEqual(new Set(tids));
    expect(one!.startedAt!).toBeLessThan(two!.finishedAt!);
    expect(two!.startedAt!).toBeLessThan(one!.finishedAt!);
    for (const task of [one, two, failing, heldA, heldB]) {
      expect(task?.thread).toBe(true);
      expect(tids).toContain(task?.pid);
      // No call queue in a thread pool: a future is PENDING, then RUNNING on a thread.
      expect(task?.queuedAt).toBeUndefined();
    }
    expect(failing?.status).toBe('failed');
    expect(failing?.error?.name).toBe('ValueError');
    expect(failing?.error?.stack).toMatch(/^Traceback \(most recent call last\):\n/);
    expect(failing?.error?.stack).toContain('raise ValueError("no luck")');
    expect([heldA?.status, heldB?.status]).toEqual(['done', 'done']);
    expect(waiting?.status).toBe('cancelled');
    expect(waiting?.pid).toBeUndefined();
  });
});
