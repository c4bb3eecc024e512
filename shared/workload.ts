import * as v from 'valibot';
import { callProblem } from './catalog';

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
    calls: v.pipe(
      v.array(WorkloadCallSchema),
      v.minLength(1, 'a workload needs at least one call'),
      v.maxLength(1000),
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
