/**
 * The workload builder's fields as the user typed them, and what is wrong with them. Text is kept
 * as typed (so "1." or "" can be shown and flagged) and turned into a Workload only when every
 * field is valid: an invalid workload is never sent.
 */
import { findFunction, paramProblem } from '../../../shared/catalog';
import {
  MAX_TASKS_PER_RUN,
  MAX_WORKLOAD_LINES,
  taskCount,
  type Workload,
} from '../../../shared/workload';

export interface DraftCall {
  /** Stable key for the list, never reused. */
  key: number;
  fn: string;
  /** One text per parameter of `fn`, as typed. */
  args: string[];
  repeat: string;
}

export interface CallProblems {
  fn: string | null;
  args: (string | null)[];
  repeat: string | null;
}

export interface DraftCheck {
  name: string | null;
  calls: CallProblems[];
  /** Problems of the workload as a whole (too many calls). */
  overall: string | null;
  workload: Workload | null;
}

/** The number a field holds; NaN for blank or non-numeric text (so it is flagged, never 0). */
export function parseNumber(text: string): number {
  const t = text.trim();
  return t === '' ? NaN : Number(t);
}

export function repeatProblem(text: string): string | null {
  const n = parseNumber(text);
  if (!Number.isInteger(n)) return 'repeat must be a whole number';
  if (n < 1) return 'repeat must be at least 1';
  if (n > MAX_TASKS_PER_RUN) return `repeat must be at most ${MAX_TASKS_PER_RUN}`;
  return null;
}

export function checkCall(call: DraftCall): CallProblems {
  const spec = findFunction(call.fn);
  if (!spec) return { fn: `unknown function "${call.fn}"`, args: [], repeat: null };
  return {
    fn: null,
    args: spec.params.map((p, i) => paramProblem(p, parseNumber(call.args[i] ?? ''))),
    repeat: repeatProblem(call.repeat),
  };
}

export function checkDraft(name: string, calls: readonly DraftCall[]): DraftCheck {
  const problems = calls.map(checkCall);
  const nameProblem = name.trim() === '' ? 'a workload needs a name' : null;
  const fieldsOk =
    !nameProblem && problems.every((p) => !p.fn && !p.repeat && p.args.every((a) => a === null));
  let overall: string | null =
    calls.length === 0
      ? 'add at least one call'
      : calls.length > MAX_WORKLOAD_LINES
        ? `a workload may list at most ${MAX_WORKLOAD_LINES} calls (use repeat)`
        : null;
  let workload: Workload | null = null;
  if (fieldsOk && !overall) {
    workload = {
      name: name.trim(),
      calls: calls.map((c) => ({
        fn: c.fn,
        args: c.args.map(parseNumber),
        repeat: parseNumber(c.repeat),
      })),
    };
    if (taskCount(workload) > MAX_TASKS_PER_RUN) {
      overall = `a run may submit at most ${MAX_TASKS_PER_RUN.toLocaleString('en-US')} calls`;
      workload = null;
    }
  }
  return { name: nameProblem, calls: problems, overall, workload };
}

/** A workload's calls as editable text. */
export function toDraftCalls(workload: Workload, nextKey: () => number): DraftCall[] {
  return workload.calls.map((c) => ({
    key: nextKey(),
    fn: c.fn,
    args: c.args.map(String),
    repeat: String(c.repeat),
  }));
}

/** A new call of `fn` with its parameters' defaults. */
export function defaultCall(fn: string, key: number): DraftCall {
  const spec = findFunction(fn);
  return { key, fn, args: spec?.params.map((p) => String(p.default)) ?? [], repeat: '1' };
}
