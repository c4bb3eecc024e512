/** What the status line says when a run ends: its own numbers, not a guess. */
import { formatDuration } from '../../../shared/chart/axis';
import type { RunSummary } from '../../../shared/contract';
import type { TraceStats } from '../../../shared/stats';
import { plural } from './format';

/** The status line for a run that ended `completed` or `cancelled`, from its final stats. */
export function endedMessage(
  summary: RunSummary,
  stats: Pick<TraceStats, 'tasks' | 'done' | 'failed' | 'cancelled'> | null,
): string {
  const { name, tasks, makespanMs } = summary;
  const time = formatDuration(makespanMs);
  if (summary.status !== 'cancelled')
    return `${name} completed: ${plural(tasks, 'call')} in ${time}.`;
  const cancelled = stats?.cancelled ?? 0;
  const ran = stats ? stats.done + stats.failed : tasks - cancelled;
  if (cancelled === 0) {
    return `${name}: Cancel came too late to stop a call: all ${plural(ran, 'call')} had started and ran to the end (${time}).`;
  }
  return (
    `${name} cancelled: ${plural(cancelled, 'call')} never started; ` +
    `${plural(ran, 'call')} ran to the end (${time}).`
  );
}
