/** ProcessPoolExecutor's API and its error paths: options, submit, map, shutdown, events. */
import { describe, expect, it } from 'vitest';
import { BrokenProcessPool, ProcessPoolExecutor, type Future } from '../../electron/pool';
import { isAlive, newPool, recordEvents, started, until } from './helpers';

describe('options', () => {
  it.each([0, -1, 1.5, NaN, Infinity, '2'])(
    'maxWorkers %s is a RangeError naming the value',
    (n) => {
      expect(() => new ProcessPoolExecutor({ maxWorkers: n as number })).toThrow(RangeError);
      expect(() => new ProcessPoolExecutor({ maxWorkers: n as number })).toThrow(
        `maxWorkers must be an integer >= 1, got ${typeof n === 'string' ? `"${n}"` : n}`,
      );
    },
  );

  it('maxWorkers defaults to the available parallelism', async () => {
    const { availableParallelism } = await import('node:os');
    expect(newPool().maxWorkers).toBe(availableParallelism());
  });

  it('rejects other bad options at construction', () => {
    expect(() => new ProcessPoolExecutor({ maxTasksPerChild: 0 })).toThrow(RangeError);
    expect(() => new ProcessPoolExecutor({ taskTimeoutMs: -5 })).toThrow(/taskTimeoutMs/);
    expect(() => new ProcessPoolExecutor({ onWorkerDeath: 'ignore' as 'break' })).toThrow(
      /onWorkerDeath/,
    );
    expect(() => new ProcessPoolExecutor({ initializer: { fn: 'nope' } })).toThrow(
      /unknown function "nope"/,
    );
    expect(() => new ProcessPoolExecutor({ workerPath: '/nonexistent/worker.js' })).toThrow(
      'worker entry not found: /nonexistent/worker.js',
    );
  });

  it('spawns no worker until there is work', () => {
    const pool = newPool({ maxWorkers: 2 });
    expect(pool.pids).toEqual([]);
  });
});

describe('submit', () => {
  it('throws at once, naming the problem, for an unknown function or arguments JSON cannot carry', () => {
    const pool = newPool();
    expect(() => pool.submit('no_such_fn', 1)).toThrow(TypeError);
    expect(() => pool.submit('no_such_fn', 1)).toThrow(
      /unknown function "no_such_fn"; known: .*slow_add/,
    );
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const bad: [unknown, RegExp][] = [
      [undefined, /args\[1\] is undefined/],
      [NaN, /args\[1\] is NaN/],
      [() => 1, /args\[1\] is a function/],
      [new Map(), /args\[1\] is a Map/],
      [{ a: [1, 2n] }, /args\[1\]\.a\[1\] is a bigint/],
      [cyclic, /refers back to itself/],
    ];
    for (const [arg, message] of bad) {
      expect(() => pool.submit('slow_add', 0, arg as number, 1)).toThrow(message);
    }
    expect(pool.pids).toEqual([]); // nothing reached a worker
  });

  it('throws after shutdown', async () => {
    const pool = newPool();
    await pool.shutdown();
    expect(pool.isShutdown).toBe(true);
    expect(() => pool.submit('slow_function', 0)).toThrow(
      'cannot schedule new futures after shutdown',
    );
  });

  it('a task that throws does not break the pool', async () => {
    const pool = newPool({ maxWorkers: 1 });
    const bad = pool.submit('broken_function', 0);
    const good = pool.submit('slow_add', 0, 1, 2);
    expect((await bad.exception())?.name).toBe('ValueError');
    expect(await good.result()).toBe(3);
    expect(pool.broken).toBe(false);
    expect(good.pid).toBe(bad.pid);
  });

  it('a built-in called with the wrong arguments fails in its future, as Python would', async () => {
    const pool = newPool({ maxWorkers: 1 });
    const e = await pool.submit('slow_add', 0, 1).exception();
    expect(e?.name).toBe('TypeError');
    expect(e?.message).toBe("slow_add() missing 1 required positional argument: 'y'");
  });

  it('spawns on demand, one worker per task while none is idle, never more than maxWorkers', async () => {
    const pool = newPool({ maxWorkers: 3 });
    const events = recordEvents(pool);
    const first = pool.submit('slow_function', 0);
    await first.result();
    expect(pool.pids).toHaveLength(1);
    // The idle worker takes the next task: no new process.
    await pool.submit('slow_function', 0).result();
    expect(pool.pids).toHaveLength(1);
    const burst = Array.from({ length: 6 }, () => pool.submit('slow_function', 0.1));
    await Promise.all(burst.map((f) => f.result()));
    expect(pool.pids).toHaveLength(3);
    expect(events.filter((e) => e.type === 'worker-spawned')).toHaveLength(3);
  });
});

describe('map', () => {
  it('yields results in input order, not completion order', async () => {
    const pool = newPool({ maxWorkers: 3 });
    const results = [];
    for await (const r of pool.map('slow_add', [
      [0.3, 0.1, 0.05],
      [1, 2, 3],
      [10, 20, 30],
    ])) {
      results.push(r);
    }
    expect(results).toEqual([11, 22, 33]);
  });

  it('zips its iterables, stopping at the shortest, as Python', async () => {
    const pool = newPool({ maxWorkers: 2 });
    const results = [];
    for await (const r of pool.map('slow_diff', [[0, 0, 0, 0], new Set([5, 6, 7]), [1, 1]])) {
      results.push(r);
    }
    expect(results).toEqual([4, 5]);
  });

  it('with a chunksize, submits one task per chunk and flattens the results', async () => {
    const pool = newPool({ maxWorkers: 2 });
    const events = recordEvents(pool);
    const xs = Array.from({ length: 7 }, (_, i) => i);
    const results = [];
    for await (const r of pool.map('slow_add', [xs.map(() => 0), xs, xs], { chunksize: 3 })) {
      results.push(r);
    }
    expect(results).toEqual(xs.map((x) => 2 * x));
    const submitted = events.filter((e) => e.type === 'task-submitted');
    expect(submitted.map((e) => [e.fn, (e.args[1] as unknown[]).length])).toEqual([
      ['_process_chunk', 3],
      ['_process_chunk', 3],
      ['_process_chunk', 1],
    ]);
  });

  it('checks everything before submitting anything', () => {
    const pool = newPool();
    expect(() => pool.map('nope', [[1]])).toThrow(/unknown function "nope"/);
    expect(() => pool.map('slow_function', [[0, undefined as unknown as number]])).toThrow(
      /call 1: args\[0\] is undefined/,
    );
    expect(() => pool.map('slow_function', [[0]], { chunksize: 0 })).toThrow(RangeError);
    expect(pool.pids).toEqual([]);
  });

  it('raises the first failing call at its place in the order', async () => {
    const pool = newPool({ maxWorkers: 2 });
    const results: unknown[] = [];
    const consume = async () => {
      for await (const r of pool.map('slow_add', [
        [0, 0, 0],
        [1, 2, 'x' as unknown as number],
        [1, 1, 1],
      ])) {
        results.push(r);
      }
    };
    // The third call, slow_add(0, 'x', 1), fails in the worker with Python's TypeError.
    await expect(consume()).rejects.toThrow('can only concatenate str (not "int") to str');
    expect(results).toEqual([2, 3]);
  });

  it('times out from the call, and leaving early cancels what has not started', async () => {
    const pool = newPool({ maxWorkers: 1 });
    await pool.startWorkers(); // so the first call starts at once, on the worker that is up
    const events = recordEvents(pool);
    const consume = async () => {
      for await (const _ of pool.map('slow_function', [[0.2, 0.2, 0.2, 0.2]], { timeoutMs: 100 })) {
        // nothing: the first result comes after the deadline
      }
    };
    await expect(consume()).rejects.toThrow(/not done within/);
    const cancelled = events.filter((e) => e.type === 'task-cancelled');
    expect(cancelled.map((e) => 'taskId' in e && e.taskId)).toEqual([1, 2, 3]);
  });
});

describe('shutdown', () => {
  it('waits for pending work and for every worker to exit', async () => {
    const pool = newPool({ maxWorkers: 2 });
    const fs = [0.1, 0.1, 0.1].map((s) => pool.submit('slow_function', s));
    const pids = new Set<number>();
    pool.on((e) => {
      if (e.type === 'worker-spawned') pids.add(e.pid);
    });
    await pool.shutdown();
    expect(fs.every((f) => f.done() && !f.cancelled())).toBe(true);
    expect(pool.pids).toEqual([]);
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
  });

  it('with cancelFutures, cancels what no worker has taken; the running task completes', async () => {
    const pool = newPool({ maxWorkers: 1 });
    const running = pool.submit('slow_function', 0.1);
    const queued = [pool.submit('slow_function', 0), pool.submit('slow_function', 0)];
    await started(pool, running);
    await pool.shutdown({ cancelFutures: true });
    expect(await running.result()).toBe(0.1);
    expect(queued.map((f) => f.cancelled())).toEqual([true, true]);
  });

  it('with wait: false, returns at once; pending work still runs', async () => {
    const pool = newPool({ maxWorkers: 1 });
    const fs: Future[] = [pool.submit('slow_add', 0.1, 1, 1), pool.submit('slow_add', 0, 2, 2)];
    await pool.shutdown({ wait: false });
    expect(fs.some((f) => !f.done())).toBe(true);
    expect(await Promise.all(fs.map((f) => f.result()))).toEqual([2, 4]);
    await until(() => pool.pids.length === 0);
  });
});

describe('events', () => {
  it('on() delivers the stream in order; its return unsubscribes', async () => {
    const pool = newPool({ maxWorkers: 1 });
    const seen: string[] = [];
    const off = pool.on((e) => seen.push(e.type));
    await pool.submit('slow_add', 0, 1, 1).result();
    off();
    await pool.submit('slow_add', 0, 1, 1).result();
    expect(seen).toEqual([
      'task-submitted',
      'worker-spawned',
      'task-started',
      'worker-output',
      'worker-output',
      'task-finished',
    ]);
  });

  it('resize emits "resized"', () => {
    const pool = newPool({ maxWorkers: 1 });
    const events = recordEvents(pool);
    pool.resize(3);
    expect(pool.maxWorkers).toBe(3);
    expect(events).toEqual([{ type: 'resized', t: expect.any(Number), maxWorkers: 3 }]);
    expect(() => pool.resize(0)).toThrow(RangeError);
  });

  it('a broken pool reports BrokenProcessPool on submit', async () => {
    const pool = newPool({ maxWorkers: 1 });
    await pool.submit('crash_worker').exception();
    expect(pool.broken).toBe(true);
    expect(() => pool.submit('slow_function', 0)).toThrow(BrokenProcessPool);
  });
});
