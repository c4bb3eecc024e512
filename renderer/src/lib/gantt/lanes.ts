/** The chart's rows: one per worker PID, plus one for calls that never ran, if any. */
import type { Lane } from '../../../../shared/chart/geometry';

export interface LaneRow {
  key: string;
  label: string;
  /** Absent on the "not run" row. */
  pid?: number;
  spawnedAt: number;
  exitedAt?: number;
  /** Why the worker ended, when it did not simply stop: "exit code 1", "killed by SIGKILL". */
  abnormalExit?: string;
}

export const NOT_RUN_LABEL = 'not run';

export function laneRows(lanes: readonly Lane[], notRun: boolean): LaneRow[] {
  const rows: LaneRow[] = lanes.map(({ pid, label, spawnedAt, exitedAt, abnormalExit }) => ({
    key: `pid-${pid}`,
    label,
    pid,
    spawnedAt,
    ...(exitedAt !== undefined && { exitedAt }),
    ...(abnormalExit !== undefined && { abnormalExit }),
  }));
  if (notRun) rows.push({ key: 'not-run', label: NOT_RUN_LABEL, spawnedAt: 0 });
  return rows;
}
