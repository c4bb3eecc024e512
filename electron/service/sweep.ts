/**
 * A sweep (issue 6): the same workload `repeats` times per worker count, each run on a fresh pool
 * whose workers are started, and waited for until ready, before the run's clock starts: as a
 * pre-forked pool would, so the makespans measure scheduling, not start-up. Start-up is measured
 * on its own. A point keeps every run; its makespan is their median.
 */
import type { ProcessPoolExecutor } from '../pool';
import {
  SWEEP_REPEATS,
  type AppEvent,
  type SweepPoint,
  type SweepRecord,
  type SweepRepeat,
} from '../../shared/contract';
import type { RunOutcome } from './recorder';
import type { RunInputs } from './run-source';

/** A run of a sweep point, and how long its pool took to start. */
export type PointOutcome = RunOutcome & { startupMs: number };

export interface SweepContext {
  record: SweepRecord;
  /** What each point runs (a workload, or a traced script), kept with the sweep in history. */
  inputs: RunInputs;
  /**
   * Runs the workload once on a fresh pool of `n` workers, started before the run
   * (`runOnStartedPool`) and shut down afterwards, as an ordinary run of the sweep (events,
   * history, run:finished).
   */
  runPoint(n: number, sweepId: string): Promise<PointOutcome>;
  save(record: SweepRecord, inputs: RunInputs): Promise<void>;
  emit(event: AppEvent): void;
}

/**
 * Starts `pool`'s workers and waits until every one is ready, then runs: the start-up is timed
 * apart from the run, whose clock starts once the pool is up. Sweep points and fresh-pool runs.
 */
export async function runOnStartedPool(
  pool: ProcessPoolExecutor,
  run: (startupMs: number) => Promise<RunOutcome>,
): Promise<PointOutcome> {
  const t0 = performance.now();
  await pool.startWorkers();
  const startupMs = performance.now() - t0;
  return { ...(await run(startupMs)), startupMs };
}

export class Sweep {
  readonly id: string;
  /** Settles once the last point's pool is shut down and the sweep is saved and announced. */
  readonly done: Promise<void>;
  private cancelled = false;

  constructor(private readonly ctx: SweepContext) {
    this.id = ctx.record.id;
    ctx.record.repeats ??= SWEEP_REPEATS;
    this.done = this.execute();
  }

  /** Stops after the current run; the caller cancels that run. */
  cancel(): boolean {
    if (this.cancelled || this.ctx.record.status !== 'running') return false;
    this.cancelled = true;
    return true;
  }

  private async execute(): Promise<void> {
    const { record, inputs, emit } = this.ctx;
    const repeats = record.repeats ?? SWEEP_REPEATS;
    let failed = false;
    for (let n = record.from; n <= record.to && !this.cancelled && !failed; n++) {
      const runs: SweepRepeat[] = [];
      for (let r = 1; r <= repeats && !this.cancelled && !failed; r++) {
        const sweep = structuredClone(record);
        emit({ channel: 'sweep:progress', payload: { sweep, running: n, repeat: r } });
        try {
          const { summary, stats, startupMs } = await this.ctx.runPoint(n, record.id);
          if (summary.status === 'completed') {
            const { makespanMs, totalTaskMs: busyMs } = stats;
            runs.push({ runId: summary.id, makespanMs, busyMs, startupMs });
          }
          failed = summary.status === 'failed';
        } catch (e) {
          console.error(`PoolScope: sweep ${record.id} stopped at ${n} workers:`, e);
          failed = true;
        }
      }
      // A point stands for all its runs: one cut short by Cancel is left out.
      if (runs.length === repeats) record.points.push(pointOf(n, runs));
    }
    record.status = failed ? 'failed' : this.cancelled ? 'cancelled' : 'completed';
    try {
      await this.ctx.save(record, inputs);
    } catch (e) {
      console.error(`PoolScope: sweep ${record.id} not saved to history:`, e);
    }
    emit({ channel: 'sweep:progress', payload: { sweep: structuredClone(record) } });
    emit({ channel: 'sweep:finished', payload: { sweep: structuredClone(record) } });
  }
}

/** The point of `runs`: the median run's id and makespan (the lower middle of an even count). */
export function pointOf(maxWorkers: number, runs: readonly SweepRepeat[]): SweepPoint {
  const sorted = [...runs].sort((a, b) => a.makespanMs - b.makespanMs);
  const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
  return {
    maxWorkers,
    runId: median.runId,
    makespanMs: median.makespanMs,
    speedup: median.makespanMs > 0 ? median.busyMs / median.makespanMs : 0,
    repeats: [...runs],
  };
}
