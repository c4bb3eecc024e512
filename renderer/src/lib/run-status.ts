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
    return `${name} completed: ${plural(tasks, 'call')} in ${time}.${startup(summary)}`;
  const cancelled = stats?.cancelled ?? 0;
  const ran = stats ? stats.done + stats.failed : tasks - cancelled;
  if (cancelled === 0) {
    return `${name}: Cancel came too late to stop a call: all ${plural(ran, 'call')} had started and ran to the end (${time}).`;
  }
  return (
    `${name} cancelled: ${plural(cancelled, 'call')} never started; ` +
    `${plural(ran, 'call')} ran to the end (${time}).${startup(summary)}`
  );
}

/** A fresh pool's start-up, its own phase before the clock (a sweep's points show theirs). */
function startup({ startupMs, sweepId, maxWorkers }: RunSummary): string {
  if (startupMs === undefined || sweepId !== undefined) return '';
  const workers = plural(maxWorkers, 'worker');
  return ` Its fresh pool started ${workers} in ${formatDuration(startupMs)}, before the clock.`;
}
