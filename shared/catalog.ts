import { pyRepr } from './python';

/**
 * The built-in task functions, described for the UI and for validation on both sides of the
 * boundary. Their implementations live in electron/worker/builtins.ts; a test keeps the two in step.
 */
import type { JsonValue } from './json';

export interface ParamSpec {
  name: string;
  kind: 'number' | 'integer';
  min?: number;
  max?: number;
  default: number;
  /** Shown next to the field. */
  hint: string;
}

export interface FunctionSpec {
  name: string;
  params: ParamSpec[];
  /** One line for the catalog, in the tutorial's words where it has them. */
  doc: string;
  /** CPU-bound work stops scaling at the core count; sleeping work does not. */
  cpuBound: boolean;
  /** Always fails: deliberately, to show how futures hold errors. */
  fails?: boolean;
}

const seconds = (name: string, def: number): ParamSpec => ({
  name,
  kind: 'number',
  min: 0,
  max: 600,
  default: def,
  hint: 'seconds',
});
const anyNumber = (name: string, def: number): ParamSpec => ({
  name,
  kind: 'number',
  default: def,
  hint: 'number',
});

export const BUILTIN_FUNCTIONS: readonly FunctionSpec[] = [
  {
    name: 'slow_function',
    params: [seconds('nsecs', 1)],
    doc: "Sleeps for 'nsecs' seconds, returning the number of seconds that it slept.",
    cpuBound: false,
  },
  {
    name: 'slow_add',
    params: [seconds('nsecs', 1), anyNumber('x', 6), anyNumber('y', 7)],
    doc: "Sleeps for 'nsecs' seconds, then returns the sum of x and y.",
    cpuBound: false,
  },
  {
    name: 'slow_diff',
    params: [seconds('nsecs', 1), anyNumber('x', 5), anyNumber('y', 2)],
    doc: "Sleeps for 'nsecs' seconds, then returns the difference of x and y.",
    cpuBound: false,
  },
  {
    name: 'broken_function',
    params: [seconds('nsecs', 1)],
    doc: 'Sleeps, then deliberately raises ValueError("Called broken function").',
    cpuBound: false,
    fails: true,
  },
  {
    name: 'busy_work',
    params: [seconds('nsecs', 1)],
    doc: "Spins until it has used 'nsecs' seconds of CPU time (longer in wall time when workers outnumber cores), then returns nsecs.",
    cpuBound: true,
  },
  {
    name: 'count_primes',
    params: [
      {
        name: 'n',
        kind: 'integer',
        min: 0,
        max: 50_000_000,
        default: 2_000_000,
        hint: 'count primes below n',
      },
    ],
    doc: 'Counts the primes below n by trial division: CPU-bound.',
    cpuBound: true,
  },
  {
    name: 'crash_worker',
    params: [],
    doc: 'Kills its own worker process abruptly: the pool breaks, as in CPython.',
    cpuBound: false,
    fails: true,
  },
];

const byName = new Map(BUILTIN_FUNCTIONS.map((f) => [f.name, f]));

export function findFunction(name: string): FunctionSpec | undefined {
  return byName.get(name);
}

/** Why `value` is not a valid value for `param`, or null. Shown at the field in the builder. */
export function paramProblem(param: ParamSpec, value: unknown): string | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return `${param.name} must be a number`;
  if (param.kind === 'integer' && !Number.isInteger(value))
    return `${param.name} must be a whole number`;
  if (param.min !== undefined && value < param.min)
    return `${param.name} must be at least ${param.min}`;
  if (param.max !== undefined && value > param.max)
    return `${param.name} must be at most ${param.max}`;
  return null;
}

/** Why `args` is not a valid call of the built-in `fn`, or null. */
export function callProblem(fn: string, args: readonly unknown[]): string | null {
  const spec = byName.get(fn);
  if (!spec) return `unknown function "${fn}"; known: ${[...byName.keys()].join(', ')}`;
  if (args.length !== spec.params.length) {
    return `${fn} takes ${spec.params.length} argument(s) (${spec.params.map((p) => p.name).join(', ')}), got ${args.length}`;
  }
  for (let i = 0; i < args.length; i++) {
    const p = paramProblem(spec.params[i]!, args[i]);
    if (p) return `${fn}: ${p}`;
  }
  return null;
}

/** How a call reads in Python, each argument its repr: `slow_add(1, 'con', 'cat')`. */
export function formatCall(fn: string, args: readonly JsonValue[]): string {
  return `${fn}(${args.map(pyRepr).join(', ')})`;
}

/** A value as Python's repr() writes it (shared/python.ts); a result sent as its repr, as that repr. */
export function formatValue(v: unknown): string {
  return pyRepr(v);
}
