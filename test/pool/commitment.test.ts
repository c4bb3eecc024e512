/**
 * Batching nobody can see: the pool commits no more calls ahead of its workers than CPython
 * (maxWorkers + 1), and no call waits behind a long one while a worker is free. Proved by
 * ordering on the pool's one clock, never by durations.
 */
import { describe, expect, it } from 'vitest';
import { wait, type Future } from '../../electron/pool';
import { now } from '../../electron/pool/clock';
import { gateFile, poolWithTasks, started } from './helpers';

/** A pool of two workers, up, that has seen calls are short. */
async function warmPool() {
  const pool = await poolWithTasks({ maxWorkers: 2 });
  await pool.startWorkers();
  await wait(Array.from({ length: 50 }, (_, i) => pool.submit('add', i, 1)));
  return pool;
}

describe('what the pool commits', () => {
  it('cancel() is true for every call no worker has begun, but at most maxWorkers + 1, in a storm of instant calls', async () => {
    const pool = await warmPool();
    const fs = Array.from({ length: 2000 }, (_, i) => pool.submit('add', i, 1));
    await fs[200]!.result(); // mid-run
    const answers = fs.map((f) => f.cancel());
    const cancelledAt = now();
    await wait(fs);
    const refused = fs.filter((_, i) => !answers[i]);
    // Refused: the calls that had begun by then, and at most maxWorkers + 1 committed ones.
    const unbegun = refused.filter((f) => !(f.startedAt! <= cancelledAt));
    expect(unbegun.length).toBeLessThanOrEqual(pool.maxWorkers + 1);
    // Every call it accepted never ran; every call it refused did.
    for (const [i, f] of fs.entries()) {
      expect(f.cancelled()).toBe(answers[i]);
      expect(f.startedAt === undefined).toBe(answers[i]);
    }
    expect(fs.filter((f) => f.cancelled()).length).toBeGreaterThan(1000);
  });

  it('while calls are long, cancel() is true for every call not running', async () => {
    const pool = await poolWithTasks({ maxWorkers: 2 });
    const gate = gateFile();
    const running = [pool.submit('hold', gate.path), pool.submit('hold', gate.path)];
    await Promise.all(running.map((f) => started(pool, f)));
    const queued = Array.from({ length: 10 }, () => pool.submit('hold', gate.path));
    expect(queued.map((f) => f.cancel())).toEqual(queued.map(() => true));
    gate.open();
    await wait(running);
  });
});

describe('no call waits behind a long one while a worker is free', () => {
  it('instant calls around a long call all finish while it still runs', async () => {
    const pool = await warmPool();
    const gate = gateFile();
    const before = Array.from({ length: 1000 }, (_, i) => pool.submit('add', i, 1));
    const long = pool.submit('hold', gate.path);
    const after = Array.from({ length: 1000 }, (_, i) => pool.submit('add', i, 2));
    // If any instant call were stuck behind the long one, this would never resolve.
    await wait([...before, ...after]);
    expect(long.done()).toBe(false);
    const other = (f: Future) => f.pid !== long.pid || f.finishedAt! < long.startedAt!;
    expect(after.every(other)).toBe(true);
    gate.open();
    expect(await long.result()).toBe(gate.path);
  });
});
