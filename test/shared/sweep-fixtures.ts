/** Sweep records shaped like the service's, with round numbers: 8 calls of 0.5 s on a 2-CPU box. */
import type { SweepPoint, SweepRecord } from '../../shared/contract';

/** `[n, makespanMs, busyWorkers]` -> points with run ids `run-n`. */
export function points(...rows: [number, number, number][]): SweepPoint[] {
  return rows.map(([maxWorkers, makespanMs, speedup]) => ({
    maxWorkers,
    runId: `run-${maxWorkers}`,
    makespanMs,
    speedup,
  }));
}

export function sweepOf(
  pts: SweepPoint[],
  over: Partial<Omit<SweepRecord, 'points'>> = {},
): SweepRecord {
  return {
    id: 'sweep-1',
    name: 'sleeping tasks',
    startedAt: new Date(2026, 10, 24, 19, 42).getTime(),
    cpuCount: 2,
    from: 1,
    to: 4,
    points: pts,
    status: 'completed',
    ...over,
  };
}

/** Sleeps keep scaling past the 2 CPUs. */
export const SLEEPING = points([1, 4000, 1], [2, 2000, 2], [3, 1500, 2.6667], [4, 1000, 4]);
/** Busy loops stop at 2: more workers share the cores, each call takes longer. */
export const CPU_BOUND = points([1, 4000, 1], [2, 2000, 2], [3, 2000, 3], [4, 2000, 4]);
