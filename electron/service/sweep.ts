/**
 * A sweep (issue 6): the same workload once per worker count, each on a fresh pool, as ordinary
 * runs; the points give makespan and speedup against max_workers.
 */
import type { AppEvent, SweepRecord } from '../../shared/contract';
import type { Workload } from '../../shared/workload';
import type { RunOutcome } from './recorder';

export interface SweepContext {
  record: SweepRecord;
  workload: Workload;
  /**
   * Runs the workload once on a fresh pool of `n` workers, shut down afterwards, as an ordinary
   * run of the sweep (events, history, run:finished).
   */
  runPoint(n: number, sweepId: string): Promise<RunOutcome>;
  save(record: SweepRecord, workload: Workload): Promise<void>;
  emit(event: AppEvent): void;
}

export class Sweep {
  readonly id: string;
  /** Settles once the last point's pool is shut down and the sweep is saved and announced. */
  readonly done: Promise<void>;
  private cancelled = false;

  constructor(private readonly ctx: SweepContext) {
    this.id = ctx.record.id;
    this.done = this.execute();
  }

  /** Stops after the current point; the caller cancels that point's run. */
  cancel(): boolean {
    if (this.cancelled || this.ctx.record.status !== 'running') return false;
    this.cancelled = true;
    return true;
  }

  private async execute(): Promise<void> {
    const { record, workload, emit } = this.ctx;
    let failed = false;
    for (let n = record.from; n <= record.to && !this.cancelled && !failed; n++) {
      emit({ channel: 'sweep:progress', payload: { sweep: structuredClone(record), running: n } });
      try {
        const { summary, stats } = await this.ctx.runPoint(n, record.id);
        if (summary.status === 'completed') {
          record.points.push({
            maxWorkers: n,
            runId: summary.id,
            makespanMs: stats.makespanMs,
            speedup: stats.speedup,
          });
        }
        failed = summary.status === 'failed';
      } catch (e) {
        console.error(`PoolScope: sweep ${record.id} stopped at ${n} workers:`, e);
        failed = true;
      }
    }
    record.status = failed ? 'failed' : this.cancelled ? 'cancelled' : 'completed';
    try {
      await this.ctx.save(record, workload);
    } catch (e) {
      console.error(`PoolScope: sweep ${record.id} not saved to history:`, e);
    }
    emit({ channel: 'sweep:progress', payload: { sweep: structuredClone(record) } });
    emit({ channel: 'sweep:finished', payload: { sweep: structuredClone(record) } });
  }
}
