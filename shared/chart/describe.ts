/** What a task's hover (and the SVG's bar tooltip) says about it, in the tutorial's terms. */
import { formatCall, formatValue } from '../catalog';
import { STATUS_STYLE } from '../palette';
import type { TraceTask } from '../trace';
import { formatDuration } from './axis';

export interface Detail {
  label: string;
  value: string;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(3)} s`;

/** The call, where and when it ran, and its result or exception: one row each. */
export function taskDetails(task: TraceTask): Detail[] {
  const rows: Detail[] = [{ label: 'call', value: formatCall(task.fn, task.args) }];
  const add = (label: string, value: string) => rows.push({ label, value });
  add('status', STATUS_STYLE[task.status].label);
  if (task.pid !== undefined) add(task.thread ? 'TID' : 'PID', String(task.pid));
  add('submitted', seconds(task.submittedAt));
  if (task.startedAt !== undefined) add('started', seconds(task.startedAt));
  if (task.finishedAt !== undefined) add('finished', seconds(task.finishedAt));
  if (task.startedAt !== undefined) add('wait', formatDuration(task.startedAt - task.submittedAt));
  if (task.startedAt !== undefined && task.finishedAt !== undefined) {
    add('duration', formatDuration(task.finishedAt - task.startedAt));
  }
  if (task.result !== undefined) add('result', formatValue(task.result));
  if (task.error) add('exception', `${task.error.name}: ${task.error.message}`);
  return rows;
}

/** `taskDetails` on one line: "slow_add(1, 6, 7) · status done · PID 41201 · ...". */
export function describeTask(task: TraceTask): string {
  const [call, ...rest] = taskDetails(task);
  return [call!.value, ...rest.map((d) => `${d.label} ${d.value}`)].join(' · ');
}
