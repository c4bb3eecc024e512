/** The built-in tasks, called directly: they match the catalog and compute what they claim. */
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JsonValue } from '../../shared/json';
import { BUILTIN_FUNCTIONS } from '../../shared/catalog';
import { BUILTINS, BUILTIN_PARAMS } from '../../electron/worker/builtins';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('built-in tasks', () => {
  it('are exactly the catalog, with the same parameters', () => {
    expect(Object.keys(BUILTINS).sort()).toEqual(BUILTIN_FUNCTIONS.map((f) => f.name).sort());
    for (const spec of BUILTIN_FUNCTIONS) {
      expect(BUILTIN_PARAMS[spec.name]).toEqual(spec.params.map((p) => p.name));
    }
  });

  it("print the tutorial's lines and return what the tutorial's return", async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    expect(await BUILTINS.slow_function!(0.01)).toBe(0.01);
    expect(await BUILTINS.slow_add!(0, 6, 7)).toBe(13);
    expect(await BUILTINS.slow_diff!(0, 9, 2)).toBe(7);
    expect(log.mock.calls.slice(0, 2)).toEqual([
      [`Process ${process.pid} going to sleep for 0.01 second(s)`],
      [`Process ${process.pid} waking up`],
    ]);
  });

  it('broken_function fails with ValueError("Called broken function")', async () => {
    await expect(BUILTINS.broken_function!(0)).rejects.toMatchObject({
      name: 'ValueError',
      message: 'Called broken function',
    });
  });

  it('count_primes counts primes below n; busy_work spins, then returns nsecs', () => {
    expect([0, 2, 3, 10, 100, 1000].map((n) => BUILTINS.count_primes!(n))).toEqual([
      0, 0, 1, 4, 25, 168,
    ]);
    const before = process.cpuUsage();
    expect(BUILTINS.busy_work!(0.005)).toBe(0.005);
    const { user, system } = process.cpuUsage(before);
    expect(user + system).toBeGreaterThanOrEqual(5000);
  });

  it("bind their arguments as Python does, with Python's messages", async () => {
    expect(() => BUILTINS.slow_add!(1, 2)).toThrow(
      "slow_add() missing 1 required positional argument: 'y'",
    );
    expect(() => BUILTINS.slow_add!()).toThrow(
      "slow_add() missing 3 required positional arguments: 'nsecs', 'x', and 'y'",
    );
    expect(() => BUILTINS.slow_diff!(1)).toThrow(
      "slow_diff() missing 2 required positional arguments: 'x' and 'y'",
    );
    expect(() => BUILTINS.slow_function!(1, 2)).toThrow(
      'slow_function() takes 1 positional argument but 2 were given',
    );
    expect(() => BUILTINS.crash_worker!(1)).toThrow(
      'crash_worker() takes 0 positional arguments but 1 was given',
    );
  });
});

/**
 * Every kind of value JSON carries, through each built-in, against what CPython's own functions of
 * the same body do (the tutorial's, run here by python3): the same value, or the same exception.
 */
describe('built-ins behave as their Python originals', () => {
  const values = [0, 1, -2, 2.5, true, false, null, 'con', 'cat', '', [1], ['a', 2], {}, { k: 1 }];
  const pairs = values.flatMap((x) => values.map((y) => [x, y] as const));

  type Outcome = { ok: unknown } | { error: string };
  async function outcomeOf(call: () => unknown): Promise<Outcome> {
    try {
      return { ok: await call() };
    } catch (e) {
      return { error: `${(e as Error).name}: ${(e as Error).message}` };
    }
  }

  /** The same calls in CPython: the tutorial's bodies, without the sleep's wait. */
  function python(calls: [string, unknown[]][]): Outcome[] {
    const script = String.raw`
import json, sys, time
def slow_add(nsecs, x, y):
    return x + y
def slow_diff(nsecs, x, y):
    return x - y
def sleep_check(nsecs):
    # time.sleep's own checks, without the wait: a valid length sleeps 0
    time.sleep(nsecs if not isinstance(nsecs, (int, float)) or nsecs < 0 else 0)
    return nsecs
def count_primes(n):
    return sum(1 for k in range(2, n) if all(k % d for d in range(2, int(k ** 0.5) + 1)))
out = []
for fn, args in json.load(sys.stdin):
    try:
        out.append({"ok": globals()[fn](*args)})
    except Exception as e:
        out.append({"error": f"{type(e).__name__}: {e}"})
print(json.dumps(out))
`;
    const r = spawnSync('python3', ['-c', script], {
      input: JSON.stringify(calls),
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout) as Outcome[];
  }

  it('slow_add and slow_diff: x + y and x - y for every pair of JSON values', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    const calls = pairs.flatMap(([x, y]) => [
      ['slow_add', [0, x, y]] as [string, unknown[]],
      ['slow_diff', [0, x, y]] as [string, unknown[]],
    ]);
    const ours = await Promise.all(
      calls.map(([fn, args]) => outcomeOf(() => BUILTINS[fn]!(...(args as JsonValue[])))),
    );
    expect(ours).toEqual(python(calls));
    expect(await BUILTINS.slow_add!(0.05, 'con', 'cat')).toBe('concat');
  });

  it("time.sleep's checks on nsecs, and range()'s on count_primes' n", async () => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    const sleeps = values.map((v) => ['sleep_check', [typeof v === 'number' && v > 0 ? 0 : v]]);
    const ours = await Promise.all(
      sleeps.map(([, args]) => outcomeOf(() => BUILTINS.slow_function!(...(args as JsonValue[])))),
    );
    expect(ours).toEqual(python(sleeps as [string, unknown[]][]));
    const primes = values.map((v) => ['count_primes', [v]] as [string, unknown[]]);
    const oursPrimes = await Promise.all(
      primes.map(([, args]) => outcomeOf(() => BUILTINS.count_primes!(...(args as JsonValue[])))),
    );
    expect(oursPrimes).toEqual(python(primes));
  });

  it('print str(nsecs), as the f-string does', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    await BUILTINS.slow_function!(true);
    expect(log.mock.calls[0]).toEqual([`Process ${process.pid} going to sleep for True second(s)`]);
  });
});
