/**
 * The built-in task functions: the tutorial's, plus CPU-bound work and a crash. They run inside
 * a worker and print as the tutorial's do (console output is captured and sent to the parent).
 * shared/catalog.ts describes them for the UI; a test keeps names and parameters in step.
 */
import type { JsonValue } from '../../shared/json';
import { pyStr, pyTypeName } from '../../shared/python-values';
import type { TaskFunction } from '../pool/protocol';

interface Builtin {
  params: readonly string[];
  run(...args: JsonValue[]): unknown;
}

/** A Python-style error: the name is what the parent shows (e.g. ValueError). */
function pyError(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

/** setTimeout fires at once past this delay (2^31 - 1 ms), so longer sleeps wait in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** time.sleep refuses what does not fit a C time_t of seconds (64 bits here). */
const MAX_SLEEP_S = 2 ** 63 / 1e9;

/** time.sleep(nsecs): a number (a bool counts, as an int), not negative. */
function sleep(nsecs: JsonValue): Promise<void> {
  const seconds = typeof nsecs === 'boolean' ? Number(nsecs) : nsecs;
  if (typeof seconds !== 'number') {
    throw pyError('TypeError', `'${pyTypeName(nsecs)}' object cannot be interpreted as an integer`);
  }
  if (seconds < 0) throw pyError('ValueError', 'sleep length must be non-negative');
  if (seconds > MAX_SLEEP_S)
    throw pyError('OverflowError', 'timestamp out of range for platform time_t');
  // setTimeout(0) waits at least a millisecond, which would cap instant calls at ~1,000 a second
  // per worker; time.sleep(0) returns at once.
  if (seconds === 0) return Promise.resolve();
  const until = performance.now() + seconds * 1000;
  return new Promise((resolve) => {
    const step = () => {
      const left = until - performance.now();
      if (left <= 0) resolve();
      else setTimeout(step, Math.min(left, MAX_TIMER_MS));
    };
    step();
  });
}

/** The tutorial's slow_* functions: announce, sleep, wake up (the f-string prints str(nsecs)). */
async function tutorialSleep(nsecs: JsonValue): Promise<void> {
  console.log(`Process ${process.pid} going to sleep for ${pyStr(nsecs)} second(s)`);
  await sleep(nsecs);
  console.log(`Process ${process.pid} waking up`);
}

/** An int or a float as Python computes with it: a bool is an int. */
const asNumber = (v: JsonValue): number | null =>
  typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : null;

const unsupported = (op: string, x: JsonValue, y: JsonValue) =>
  pyError(
    'TypeError',
    `unsupported operand type(s) for ${op}: '${pyTypeName(x)}' and '${pyTypeName(y)}'`,
  );

/** x + y as Python adds JSON values: numbers, str to str, list to list. */
export function pyAdd(x: JsonValue, y: JsonValue): JsonValue {
  const a = asNumber(x);
  const b = asNumber(y);
  if (a !== null && b !== null) return a + b;
  if (typeof x === 'string') {
    if (typeof y === 'string') return x + y;
    throw pyError('TypeError', `can only concatenate str (not "${pyTypeName(y)}") to str`);
  }
  if (Array.isArray(x)) {
    if (Array.isArray(y)) return [...x, ...y];
    throw pyError('TypeError', `can only concatenate list (not "${pyTypeName(y)}") to list`);
  }
  throw unsupported('+', x, y);
}

/** x - y: numbers only. */
export function pySub(x: JsonValue, y: JsonValue): JsonValue {
  const a = asNumber(x);
  const b = asNumber(y);
  if (a !== null && b !== null) return a - b;
  throw unsupported('-', x, y);
}

/** range(2, n)'s check: an int (or a bool), nothing else. */
function asInt(v: JsonValue): number {
  if (typeof v === 'boolean') return Number(v);
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  throw pyError('TypeError', `'${pyTypeName(v)}' object cannot be interpreted as an integer`);
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
      return pyAdd(x!, y!);
    },
  },
  slow_diff: {
    params: ['nsecs', 'x', 'y'],
    run: async (nsecs, x, y) => {
      await tutorialSleep(nsecs!);
      return pySub(x!, y!);
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
   * Spins until this process has used `nsecs` seconds of CPU time, then returns `nsecs`, as
   * slow_function returns the seconds it slept. CPU time, not wall time: with more workers than
   * cores each call takes longer, as real work does, so a sweep's makespan flattens at the core
   * count (a wall-clock spin would keep "scaling" like a sleep).
   */
  busy_work: {
    params: ['nsecs'],
    run: (nsecs) => {
      const seconds = asNumber(nsecs!);
      if (seconds === null) {
        throw pyError(
          'TypeError',
          `'<' not supported between instances of 'float' and '${pyTypeName(nsecs!)}'`,
        );
      }
      const budgetUs = seconds * 1e6;
      const start = process.cpuUsage();
      for (let used = 0; used < budgetUs;) {
        const { user, system } = process.cpuUsage(start);
        used = user + system;
      }
      return nsecs;
    },
  },
  /** Counts the primes below n by trial division: deliberately plain CPU-bound work. */
  count_primes: {
    params: ['n'],
    run: (arg) => {
      const n = asInt(arg!);
      let count = 0;
      for (let k = 2; k < n; k++) {
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

/** Binds positional arguments as Python does, with Python's TypeError when the count is wrong. */
function bind(fn: string, params: readonly string[], args: readonly JsonValue[]): JsonValue[] {
  if (args.length > params.length) {
    const takes = `${params.length} positional argument${params.length === 1 ? '' : 's'}`;
    const given = `${args.length} ${args.length === 1 ? 'was' : 'were'} given`;
    throw pyError('TypeError', `${fn}() takes ${takes} but ${given}`);
  }
  if (args.length < params.length) {
    const missing = params.slice(args.length).map((p) => `'${p}'`);
    const n = missing.length;
    const names =
      n === 1
        ? missing[0]
        : n === 2
          ? missing.join(' and ')
          : `${missing.slice(0, -1).join(', ')}, and ${missing.at(-1)}`;
    throw pyError(
      'TypeError',
      `${fn}() missing ${n} required positional argument${n === 1 ? '' : 's'}: ${names}`,
    );
  }
  return [...args];
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
