/** The chart's rows: one per worker PID, plus one for calls that never ran, if any. */
import type { Lane } from '../../../../shared/chart/geometry';
import type { TraceWorker } from '../../../../shared/trace';

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

/** Signals the pool itself sends to stop a worker: an exit by one of them is not a crash. */
const STOP_SIGNALS = new Set(['SIGTERM']);

export function laneRows(
  lanes: readonly Lane[],
  workers: readonly TraceWorker[],
  notRun: boolean,
): LaneRow[] {
  const byPid = new Map(workers.map((w) => [w.pid, w]));
  const rows: LaneRow[] = lanes.map((lane) => {
    const row: LaneRow = {
      key: `pid-${lane.pid}`,
      label: lane.label,
      pid: lane.pid,
      spawnedAt: lane.spawnedAt,
    };
    if (lane.exitedAt !== undefined) row.exitedAt = lane.exitedAt;
    const why = abnormalExit(byPid.get(lane.pid));
    if (why) row.abnormalExit = why;
    return row;
  });
  if (notRun) rows.push({ key: 'not-run', label: NOT_RUN_LABEL, spawnedAt: 0 });
  return rows;
}

export function abnormalExit(worker: TraceWorker | undefined): string | null {
  if (!worker || worker.exitedAt === undefined) return null;
  if (worker.signal && !STOP_SIGNALS.has(worker.signal)) return `killed by ${worker.signal}`;
  if (typeof worker.exitCode === 'number' && worker.exitCode !== 0) {
    return `exit code ${worker.exitCode}`;
  }
  return null;
}
