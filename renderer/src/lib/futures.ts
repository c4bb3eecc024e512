/** The futures panel's words for a task: the tutorial's polling loop, made visual. */
import { formatCall, formatValue } from '../../../shared/catalog';
import { taskDetails, type Detail } from '../../../shared/chart/describe';
import { ranOn } from '../../../shared/chart/geometry';
import type { TraceOutput, TraceTask } from '../../../shared/trace';
import { formatError, formatResult } from './format';

/** What the future holds now: "pending", "running on PID 12345", "done → 13", "failed: ...". */
export function futureState(task: TraceTask): string {
  switch (task.status) {
    case 'pending':
      return 'pending';
    case 'running':
      return task.pid === undefined ? 'running' : `running on ${ranOn(task)}`;
    case 'done':
      return `done → ${formatResult(task.result)}`;
    case 'failed':
      return `failed: ${formatError(task.error)}`;
    case 'cancelled':
      return 'cancelled';
  }
}

export interface FutureRow {
  id: number;
  call: string;
  state: string;
  status: TraceTask['status'];
}

export function futureRow(task: TraceTask): FutureRow {
  return {
    id: task.id,
    call: formatCall(task.fn, task.args),
    state: futureState(task),
    status: task.status,
  };
}

/** One of the tutorial's polling calls on a future, and what it gives back now. */
export interface Poll {
  /** "done()", "result()", ... */
  call: string;
  /** What it returns, in Python's words ("True", "13", "None"), or what it does instead. */
  outcome: string;
  /** How it ends: returns that value, raises that exception, or waits for the call to finish. */
  kind: 'returns' | 'raises' | 'blocks';
}

const returns = (call: string, outcome: string): Poll => ({ call, outcome, kind: 'returns' });
const py = (flag: boolean) => (flag ? 'True' : 'False');

/**
 * What `done()`, `running()`, `cancelled()`, `result()` and `exception()` give back on this
 * future right now, as CPython's would: `result()` raises the call's exception, `exception()`
 * returns it (None after a success), both raise CancelledError on a cancelled future and block
 * while the call is pending or running.
 */
export function pollFuture(task: TraceTask): Poll[] {
  const { status } = task;
  const finished = status === 'done' || status === 'failed' || status === 'cancelled';
  const flags = [
    returns('done()', py(finished)),
    returns('running()', py(status === 'running')),
    returns('cancelled()', py(status === 'cancelled')),
  ];
  if (!finished) {
    const wait = 'blocks until the call finishes';
    return [
      ...flags,
      { call: 'result()', outcome: wait, kind: 'blocks' },
      { call: 'exception()', outcome: wait, kind: 'blocks' },
    ];
  }
  if (status === 'cancelled') {
    const cancelled = { outcome: 'CancelledError', kind: 'raises' } as const;
    return [...flags, { call: 'result()', ...cancelled }, { call: 'exception()', ...cancelled }];
  }
  if (status === 'failed') {
    return [
      ...flags,
      { call: 'result()', outcome: formatError(task.error), kind: 'raises' },
      returns('exception()', exceptionRepr(task.error)),
    ];
  }
  return [...flags, returns('result()', formatResult(task.result)), returns('exception()', 'None')];
}

/** An exception as Python's repr shows it: ValueError('Called broken function'). */
function exceptionRepr(error: TraceTask['error']): string {
  if (!error) return 'Exception()';
  return error.message ? `${error.name}(${formatValue(error.message)})` : `${error.name}()`;
}

/** Everything a future's details show, made anew from the trace as it is now. */
export interface FutureView {
  id: number;
  call: string;
  status: TraceTask['status'];
  pid?: number;
  /** Where it ran: "PID 12345", or "TID 12345" on a thread of the master. */
  where?: string;
  polls: Poll[];
  /** Where and when: PID, submitted, started, finished, wait, duration (those known yet). */
  times: Detail[];
  /** The lines its call printed. */
  printed: TraceOutput[];
  /** The worker's traceback, for a call that raised. */
  stack?: string;
  /** What the traceback is: Python's, or JavaScript's while the node runtime runs the call. */
  stackLanguage?: StackLanguage;
}

export type StackLanguage = 'Python' | 'JavaScript';

/**
 * Which language a worker's stack is in: a Python traceback (CPython workers, traced scripts)
 * or a JavaScript stack (PoolScope's Node workers run the built-ins as JavaScript).
 */
export function stackLanguage(stack: string): StackLanguage {
  return /^Traceback \(most recent call last\):|^\s*File "[^"]*", line \d+/m.test(stack)
    ? 'Python'
    : 'JavaScript';
}

/** The heading over a worker's stack. */
export function stackTitle(language: StackLanguage, ranOn: string | undefined): string {
  const where = ranOn === undefined ? '' : ` (${ranOn})`;
  return language === 'Python'
    ? `Traceback from the worker${where}`
    : `JavaScript stack from the worker${where}: the node runtime runs the call as JavaScript`;
}

const TIMES = new Set(['PID', 'TID', 'submitted', 'started', 'finished', 'wait', 'duration']);

/**
 * The details of `task` at this moment. The trace changes in place, so the view is made again
 * for each change (the caller reads it through the snapshot, which is new per change); `output`
 * is scanned only for the one future open.
 */
export function futureView(task: TraceTask, output: readonly TraceOutput[]): FutureView {
  return {
    id: task.id,
    call: formatCall(task.fn, task.args),
    status: task.status,
    ...(task.pid !== undefined && { pid: task.pid, where: ranOn(task)! }),
    polls: pollFuture(task),
    times: taskDetails(task).filter((d) => TIMES.has(d.label)),
    printed: output.filter((line) => line.taskId === task.id),
    ...(task.error?.stack && {
      stack: task.error.stack,
      stackLanguage: stackLanguage(task.error.stack),
    }),
  };
}
