import * as v from 'valibot';
import { callProblem } from './catalog';
import type { Trace, TraceTask } from './trace';

/** One line of a workload: call `fn(*args)` `repeat` times, each call its own future. */
export interface WorkloadCall {
  fn: string;
  args: number[];
  repeat: number;
}

/** What the user runs: calls submitted in order, then waited for, as in the tutorial's scripts. */
export interface Workload {
  name: string;
  calls: WorkloadCall[];
}

/** The most calls one run may submit: enough for the 100k-bar chart, bounded for memory. */
export const MAX_TASKS_PER_RUN = 200_000;

/** The most lines a workload may have (each line is a call and its repeat count). */
export const MAX_WORKLOAD_LINES = 1000;

const finite = v.pipe(v.number(), v.finite());

export const WorkloadCallSchema = v.pipe(
  v.strictObject({
    fn: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
    args: v.pipe(v.array(finite), v.maxLength(16)),
    repeat: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_TASKS_PER_RUN)),
  }),
  v.check(
    (c) => callProblem(c.fn, c.args) === null,
    (issue) => {
      const c = issue.input as WorkloadCall;
      return callProblem(c.fn, c.args) ?? 'invalid call';
    },
  ),
);

export const WorkloadSchema = v.pipe(
  v.strictObject({
    name: v.pipe(v.string(), v.trim(), v.minLength(1, 'a workload needs a name'), v.maxLength(200)),
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
  v.check(
    (w) => taskCount(w) <= MAX_TASKS_PER_RUN,
    `a run may submit at most ${MAX_TASKS_PER_RUN} calls`,
  ),
);

export function taskCount(w: Workload): number {
  return w.calls.reduce((n, c) => n + c.repeat, 0);
}

/** The calls in submission order, repeats expanded. */
export function* expandCalls(w: Workload): Generator<{ fn: string; args: number[] }> {
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
  const calls: WorkloadCall[] = [];
  let skipped = 0;
  for (const task of trace.tasks as (TraceTask | undefined)[]) {
    if (!task) continue; // a hole, in a trace written elsewhere
    const { fn, args } = task;
    if (!args.every((a): a is number => typeof a === 'number') || callProblem(fn, args)) {
      skipped++;
      continue;
    }
    const last = calls.at(-1);
    if (last && last.fn === fn && sameArgs(last.args, args)) last.repeat++;
    else calls.push({ fn, args: [...args], repeat: 1 });
  }
  const workload = { name: trace.name.trim() || 'workload', calls };
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

const sameArgs = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
