import * as v from 'valibot';
import { callProblem } from './catalog';
import { JsonValueSchema, type JsonValue } from './json';
import type { Trace, TraceTask } from './trace';

/** Where a workload's calls run: Node's built-ins, or CPython running a Python module. */
export const RUNTIMES = ['node', 'python'] as const;
export type Runtime = (typeof RUNTIMES)[number];

/** The most calls one run may submit: enough for the 100k-bar chart, bounded for memory. */
export const MAX_TASKS_PER_RUN = 200_000;

/** The most lines a workload may have (each line is a call and its repeat count). */
export const MAX_WORKLOAD_LINES = 1000;

/** A python call's arguments, as JSON, at most this long: messages to workers stay small. */
export const MAX_ARGS_JSON = 64 * 1024;

export const WorkloadCallSchema = v.strictObject({
  fn: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  /** Numbers for the node runtime's built-ins; any JSON values for a Python function. */
  args: v.pipe(
    v.array(JsonValueSchema),
    v.maxLength(16),
    v.check(
      (args) => JSON.stringify(args).length <= MAX_ARGS_JSON,
      `arguments may take at most ${MAX_ARGS_JSON / 1024} KiB as JSON`,
    ),
  ),
  repeat: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_TASKS_PER_RUN)),
});

/** One line of a workload: call `fn(*args)` `repeat` times, each call its own future. */
export type WorkloadCall = v.InferOutput<typeof WorkloadCallSchema>;

const PY_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Why call `c` cannot be made on `runtime`, or null. */
export function callProblemOn(
  runtime: Runtime,
  c: Pick<WorkloadCall, 'fn' | 'args'>,
): string | null {
  if (runtime === 'node') return callProblem(c.fn, c.args);
  return PY_IDENTIFIER.test(c.fn) ? null : `${JSON.stringify(c.fn)} is not a Python function name`;
}

export const WorkloadSchema = v.pipe(
  v.strictObject({
    name: v.pipe(v.string(), v.trim(), v.minLength(1, 'a workload needs a name'), v.maxLength(200)),
    /** Default: node. */
    runtime: v.optional(v.picklist(RUNTIMES)),
    /**
     * python only: the module whose functions the calls name. In a workload file, a path
     * relative to the file; at the service, absolute, or `poolscope:` and one of the app's own
     * (shared/python.ts). Default: the app's tutorial.py.
     */
    module: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(4096))),
    // Lines are counted before any is validated, so a million bad lines cost one check.
    calls: v.pipe(
      v.array(v.unknown()),
      v.minLength(1, 'a workload needs at least one call'),
      v.maxLength(
        MAX_WORKLOAD_LINES,
        `a workload may list at most ${MAX_WORKLOAD_LINES} calls (use repeat)`,
      ),
      v.array(WorkloadCallSchema),
    ),
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const w = dataset.value;
    const runtime = w.runtime ?? 'node';
    if (w.module !== undefined && runtime !== 'python') {
      addIssue({ message: 'module is for the python runtime: add "runtime": "python"' });
    }
    w.calls.forEach((c, i) => {
      const message = callProblemOn(runtime, c);
      if (!message) return;
      const calls = { type: 'object', origin: 'value', input: w, key: 'calls', value: w.calls };
      const call = { type: 'array', origin: 'value', input: w.calls, key: i, value: c };
      addIssue({ message, path: [calls, call] as [v.ObjectPathItem, v.ArrayPathItem] });
    });
  }),
  v.check(
    (w) => taskCount(w) <= MAX_TASKS_PER_RUN,
    `a run may submit at most ${MAX_TASKS_PER_RUN} calls`,
  ),
);

/** What the user runs: calls submitted in order, then waited for, as in the tutorial's scripts. */
export type Workload = v.InferOutput<typeof WorkloadSchema>;

export const runtimeOf = (w: Pick<Workload, 'runtime'>): Runtime => w.runtime ?? 'node';

export function taskCount(w: { calls: readonly { repeat: number }[] }): number {
  return w.calls.reduce((n, c) => n + c.repeat, 0);
}

/** The calls in submission order, repeats expanded. */
export function* expandCalls(w: Workload): Generator<{ fn: string; args: JsonValue[] }> {
  for (const c of w.calls) for (let i = 0; i < c.repeat; i++) yield { fn: c.fn, args: c.args };
}

/** What `workloadOf` finds in a trace. */
export type RecoveredWorkload =
  { ok: true; workload: Workload; skipped: number } | { ok: false; problem: string };

/**
 * The workload that submitted a trace's calls, to run it again: the calls in submission order,
 * consecutive equal calls folded into one line with a repeat count. Calls the builder cannot make
 * (a function it does not know, arguments it would refuse: a trace from elsewhere) are left out
 * and counted.
 */
export function workloadOf(trace: Trace): RecoveredWorkload {
  // A traced script's calls (python-script) are recovered as PoolScope-pool calls where they
  // match its functions, so a traced run can be compared with the same calls on PoolScope's pool.
  const runtime: Runtime = trace.runtime === 'python' ? 'python' : 'node';
  const calls: WorkloadCall[] = [];
  let skipped = 0;
  for (const task of trace.tasks as (TraceTask | undefined)[]) {
    if (!task) continue; // a hole, in a trace written elsewhere
    const { fn, args } = task;
    if (callProblemOn(runtime, { fn, args })) {
      skipped++;
      continue;
    }
    const last = calls.at(-1);
    if (last && last.fn === fn && sameArgs(last.args, args)) last.repeat++;
    else calls.push({ fn, args: structuredClone(args), repeat: 1 });
  }
  const workload = {
    name: trace.name.trim() || 'workload',
    ...(runtime === 'python' && { runtime, ...(trace.module && { module: trace.module }) }),
    calls,
  };
  const checked = v.safeParse(WorkloadSchema, workload);
  if (checked.success) return { ok: true, workload: checked.output, skipped };
  if (calls.length === 0) {
    return {
      ok: false,
      problem: `none of its ${trace.tasks.length} calls is a PoolScope function`,
    };
  }
  return { ok: false, problem: checked.issues[0].message };
}

const sameArgs = (a: readonly JsonValue[], b: readonly JsonValue[]) =>
  a.length === b.length &&
  a.every((x, i) =>
    typeof x === 'number' ? Object.is(x, b[i]) : JSON.stringify(x) === JSON.stringify(b[i]),
  );
