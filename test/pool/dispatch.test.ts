/**
 * Pull dispatch: a call goes only to a worker that is up and free, so it never waits for a
 * worker still starting while another is free, and free workers start calls in submission order.
 */
import { describe, expect, it } from 'vitest';
import { gateFile, newPool, poolWithTasks, started, until } from './helpers';

describe('pull dispatch', () => {
  it('a call submitted while the only worker is busy runs on it once free, not on a worker still starting', async () => {
    const gate = gateFile();
    gate.open();
    const pool = await poolWithTasks({
      maxWorkers: 2,
      initializer: { fn: 'gate', args: [gate.path] },
    });
    const a = pool.submit('sleepy', 300, 'a');
    await started(pool, a);
    gate.close(); // a worker forked from now on stays starting
    const b = pool.submit('sleepy', 0, 'b');
    await until(() => pool.pids.length === 2); // forked on demand for b, as CPython does
    expect(await b.result()).toBe('b');
    expect(b.pid).toBe(a.pid);
    expect(b.startedAt!).toBeGreaterThanOrEqual(a.finishedAt!);
    gate.open();
  });

  it('a worker that comes up takes the next pending call: none is reserved for it', async () => {
    const gate = gateFile();
    const pool = await poolWithTasks({
      maxWorkers: 3,
      initializer: { fn: 'gate', args: [gate.path] },
    });
    // Three calls fork three workers, none of which can come up yet.
    const fs = [0, 1, 2].map((i) => pool.submit('sleepy', 200, i));
    await until(() => pool.pids.length === 3);
    gate.open();
    await Promise.all(fs.map((f) => f.result()));
    const byStart = [...fs].sort((x, y) => x.startedAt! - y.startedAt!);
    expect(byStart.map((f) => f.id)).toEqual(fs.map((f) => f.id));
  });

  it.each([1, 2, 3])(
    "the tutorial's future.py on 5 workers starts its calls in submission order (run %i)",
    async () => {
      const pool = newPool({ maxWorkers: 5 });
      const fs = [5, 4, 3, 2, 1].map((n, i) => pool.submit('slow_add', 0.3, n, i));
      await Promise.all(fs.map((f) => f.result()));
      const byStart = [...fs].sort((x, y) => x.startedAt! - y.startedAt!);
      expect(byStart.map((f) => f.id)).toEqual(fs.map((f) => f.id));
    },
  );
});
