/** The built-in tasks, called directly: they match the catalog and compute what they claim. */
import { afterEach, describe, expect, it, vi } from 'vitest';
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

  it('count_primes counts primes below n; busy_work spins and counts its loops', () => {
    expect([0, 2, 3, 10, 100, 1000].map((n) => BUILTINS.count_primes!(n))).toEqual([
      0, 0, 1, 4, 25, 168,
    ]);
    expect(BUILTINS.busy_work!(0.005)).toBeGreaterThan(0);
  });

  it('check their arguments as Python binds them', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    expect(() => BUILTINS.slow_add!(1, 2)).toThrow(
      'slow_add() takes 3 argument(s) (nsecs, x, y) but 2 were given',
    );
    expect(() => BUILTINS.count_primes!('10')).toThrow('count_primes(): n must be a number');
    expect(() => BUILTINS.crash_worker!(1)).toThrow(/takes 0 argument/);
    await expect(BUILTINS.slow_function!(-1)).rejects.toThrow('sleep length must be non-negative');
  });
});
