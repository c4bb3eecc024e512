/** The hover card of a bar: the call, where and when it ran, and what it returned or raised. */
import { formatDuration } from '../../../../shared/chart/axis';
import { formatCall } from '../../../../shared/catalog';
import type { TraceTask } from '../../../../shared/trace';
import { formatError, formatMoment, formatResult } from '../format';

export interface TooltipContent {
  call: string;
  rows: [label: string, value: string][];
  /** The outcome line: "→ 13", "ValueError: ...", "cancelled". */
  outcome: string;
  failed: boolean;
}

/** `now` (ms since start) measures a task still running. */
export function tooltipContent(task: TraceTask, now: number): TooltipContent {
  const rows: [string, string][] = [];
  if (task.pid !== undefined) rows.push([task.thread ? 'TID' : 'PID', String(task.pid)]);
  rows.push(['submitted', formatMoment(task.submittedAt)]);
  if (task.startedAt !== undefined) {
    rows.push(['started', formatMoment(task.startedAt)]);
    rows.push(['wait', formatDuration(task.startedAt - task.submittedAt)]);
  }
  if (task.finishedAt !== undefined) rows.push(['finished', formatMoment(task.finishedAt)]);
  if (task.startedAt !== undefined) {
    const end = task.finishedAt ?? now;
    const running = task.finishedAt === undefined;
    rows.push([running ? 'running for' : 'duration', formatDuration(end - task.startedAt)]);
  }
  return {
    call: formatCall(task.fn, task.args),
    rows,
    outcome: outcomeOf(task),
    failed: task.status === 'failed',
  };
}

function outcomeOf(task: TraceTask): string {
  switch (task.status) {
    case 'done':
      return `→ ${formatResult(task.result)}`;
    case 'failed':
      return formatError(task.error);
    default:
      return task.status;
  }
}
