/**
 * The built-in task functions: the tutorial's, plus CPU-bound work and a crash. They run inside
 * a worker and print as the tutorial's do (console output is captured and sent to the parent).
 * shared/catalog.ts describes them for the UI; a test keeps names and parameters in step.
 */
import type { JsonValue } from '../../shared/json';
import type { TaskFunction } from '../pool/protocol';

interface Builtin {
  params: readonly string[];
  run(...args: number[]): unknown;
}

/** A Python-style error: the name is what the parent shows (e.g. ValueError). */
function pyError(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

function sleep(nsecs: number): Promise<void> {
  if (nsecs < 0) throw pyError('ValueError', 'sleep length must be non-negative');
  // setTimeout(0) waits at least a millisecond, which would cap instant calls at ~1,000 a second
  // per worker; time.sleep(0) returns at once.
  if (nsecs === 0) return Promise.resolve();
  return new Promise((resolve) => setTimeout(resolve, nsecs * 1000));
}

/** The tutorial's slow_* functions: announce, sleep, wake up. */
async function tutorialSleep(nsecs: number): Promise<void> {
  console.log(`Process ${process.pid} going to sleep for ${nsecs} second(s)`);
  await sleep(nsecs);
  console.log(`Process ${process.pid} waking up`);
}

const TABLE: Record<string, Builtin> = {
  slow_function: {
    params: ['nsecs'],
    run: async (nsecs) => {
      await tutorialSleep(nsecs!);
      return nsecs;
    },
  },
  slow_add: {
    params: ['nsecs', 'x', 'y'],
    run: async (nsecs, x, y) => {
      await tutorialSleep(nsecs!);
      return x! + y!;
    },
  },
  slow_diff: {
    params: ['nsecs', 'x', 'y'],
    run: async (nsecs, x, y) => {
      await tutorialSleep(nsecs!);
      return x! - y!;
    },
  },
  broken_function: {
    params: ['nsecs'],
    run: async (nsecs) => {
      await sleep(nsecs!);
      throw pyError('ValueError', 'Called broken function');
    },
  },
  /**
   * Spins until this process has used `nsecs` seconds of CPU time; returns how many loops it
   * managed. CPU time, not wall time: with more workers than cores each call takes longer, as
   * real work does, so a sweep's makespan flattens at the core count (a wall-clock spin would
   * keep "scaling" like a sleep).
   */
  busy_work: {
    params: ['nsecs'],
    run: (nsecs) => {
      const budgetUs = nsecs! * 1e6;
      const start = process.cpuUsage();
      let loops = 0;
      for (let used = 0; used < budgetUs; loops++) {
        const { user, system } = process.cpuUsage(start);
        used = user + system;
      }
      return loops;
    },
  },
  /** Counts the primes below n by trial division: deliberately plain CPU-bound work. */
  count_primes: {
    params: ['n'],
    run: (n) => {
      let count = 0;
      for (let k = 2; k < n!; k++) {
        let prime = true;
        for (let d = 2; d * d <= k; d++) {
          if (k % d === 0) {
            prime = false;
            break;
          }
        }
        if (prime) count++;
      }
      return count;
    },
  },
  /** Dies at once, as a segfault would: no reply, no cleanup. */
  crash_worker: {
    params: [],
    run: () => {
      process.kill(process.pid, 'SIGKILL');
      throw pyError('SystemError', 'SIGKILL did not stop the worker');
    },
  },
};

/** Checks a call as Python binds arguments, so a bad call fails in its future with a TypeError. */
function bind(fn: string, params: readonly string[], args: readonly JsonValue[]): number[] {
  if (args.length !== params.length) {
    throw pyError(
      'TypeError',
      `${fn}() takes ${params.length} argument(s) (${params.join(', ')}) but ${args.length} were given`,
    );
  }
  return args.map((a, i) => {
    if (typeof a !== 'number') throw pyError('TypeError', `${fn}(): ${params[i]} must be a number`);
    return a;
  });
}

export const BUILTINS: Readonly<Record<string, TaskFunction>> = Object.fromEntries(
  Object.entries(TABLE).map(([name, b]) => [
    name,
    (...args: JsonValue[]) => b.run(...bind(name, b.params, args)),
  ]),
);

/** Parameter names by function, for the test that keeps this file and the catalog in step. */
export const BUILTIN_PARAMS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.entries(TABLE).map(([name, b]) => [name, b.params]),
);
