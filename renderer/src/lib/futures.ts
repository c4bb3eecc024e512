/** The futures panel's words for a task: the tutorial's polling loop, made visual. */
import { formatCall } from '../../../shared/catalog';
import type { TraceTask } from '../../../shared/trace';
import { formatError, formatResult } from './format';

/** What the future holds now: "pending", "running on PID 12345", "done → 13", "failed: ...". */
export function futureState(task: TraceTask): string {
  switch (task.status) {
    case 'pending':
      return 'pending';
    case 'running':
      return task.pid === undefined ? 'running' : `running on PID ${task.pid}`;
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
