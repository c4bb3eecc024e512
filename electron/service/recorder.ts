/**
 * Records one run from any source: run:started with the header, the source's events in batches
 * (at most ~60 a second), the run so far for a page that joins mid-run, then the trace saved to
 * history and run:finished.
 */
import type { AppEvent, EventMap, RunSummary } from '../../shared/contract';
import type { PoolEvent } from '../../shared/events';
import { summarize, type TraceStats } from '../../shared/stats';
import type { Trace } from '../../shared/trace';
import type { RunInputs, RunSource, SourceResult } from './run-source';
import { Throttle } from './throttle';

/** Events are sent at most this often: ~60 batches a second, however short the tasks. */
export const EVENT_BATCH_MS = 16;

export interface RecorderContext {
  id: string;
  source: RunSource;
  sweepId?: string;
  /** The run is on a fresh pool whose workers took this long to start, before its clock. */
  startupMs?: number;
  emit(event: AppEvent): void;
  save(summary: RunSummary, trace: Trace, inputs: RunInputs): Promise<void>;
  /**
   * Called right after run:finished is emitted, before any listener's follow-up can run: the run
   * stays current until then, so the next run's events never precede this one's end.
   */
  ended(): void;
}

export interface RunOutcome {
  summary: RunSummary;
  trace: Trace;
  stats: TraceStats;
  /** Why a failed run failed: which worker died, and how. */
  error?: string;
}

export class RunRecorder {
  readonly id: string;
  /**
   * Settles once run:finished is out: with the outcome, or rejected on a bug in the source
   * (the run is still announced, as failed).
   */
  readonly outcome: Promise<RunOutcome>;
  private settled = false;
  /** Cut short by the app's shutdown: saved as cancelled, however its workers were stopped. */
  private interrupted = false;
  /** Set once the source starts: what `snapshot` reads. */
  private live: { trace: Trace; batches: Throttle } | null = null;

  constructor(private readonly ctx: RecorderContext) {
    this.id = ctx.id;
    this.outcome = this.record();
  }

  /** Cancels the run's calls not yet running (see RunSource.cancel); false once it has ended. */
  cancel(): boolean {
    return !this.settled && this.ctx.source.cancel();
  }

  /**
   * The app is shutting down: cancels, and the run ends as cancelled even if its running calls
   * are then stopped (killed after the grace, or by a Ctrl-C that reached the workers too).
   */
  interrupt(): void {
    this.interrupted = true;
    this.cancel();
  }

  cancelCall(taskId: number): boolean | null {
    return this.ctx.source.cancelCall(taskId);
  }

  /**
   * The run so far, for a page that connects mid-run: the events not yet sent go out first, so
   * this trace and the batches after it neither overlap nor leave a gap. Null until the source
   * starts (the page then gets run:started like everyone else).
   */
  snapshot(): EventMap['run:started'] | null {
    if (!this.live) return null;
    this.live.batches.flush();
    return this.started(this.live.trace);
  }

  private started(trace: Trace): EventMap['run:started'] {
    const { sweepId } = this.ctx;
    return { runId: this.id, trace: structuredClone(trace), ...(sweepId && { sweepId }) };
  }

  private async record(): Promise<RunOutcome> {
    const { id, source, emit } = this.ctx;
    // Let the request that started the run be answered before its first event.
    await new Promise((resolve) => setImmediate(resolve));
    const pending: PoolEvent[] = [];
    const batches = new Throttle(EVENT_BATCH_MS, () => {
      if (pending.length > 0)
        emit({ channel: 'run:events', payload: { runId: id, events: pending.splice(0) } });
    });
    let result: SourceResult;
    let trace: Trace;
    try {
      result = await source.start({
        started: (trace) => {
          this.live = { trace, batches };
          emit({ channel: 'run:started', payload: this.started(trace) });
        },
        event: (e) => {
          pending.push(e);
          batches.schedule();
        },
      });
      if (!this.live) throw new Error('its source never started');
      trace = this.live.trace;
    } catch (e) {
      batches.cancel();
      this.settled = true;
      this.finished(this.failedSummary(), `PoolScope failed: ${(e as Error).message}`);
      throw e;
    }
    batches.flush();
    this.settled = true;
    return this.save(trace, result);
  }

  private async save(trace: Trace, result: SourceResult): Promise<RunOutcome> {
    const { id, sweepId, startupMs } = this.ctx;
    const stats = summarize(trace);
    const summary: RunSummary = {
      id,
      name: trace.name,
      startedAt: trace.startedAt,
      maxWorkers: trace.maxWorkers,
      tasks: stats.tasks,
      makespanMs: stats.makespanMs,
      status: this.interrupted ? 'cancelled' : result.status,
      ...(sweepId && { sweepId }),
      ...(startupMs !== undefined && { startupMs }),
    };
    const error = this.interrupted ? 'cut short: PoolScope shut down during the run' : result.error;
    const outcome: RunOutcome = { summary, trace, stats };
    if (error) outcome.error = error;
    const problems = error ? [error] : [];
    try {
      await this.ctx.save(summary, trace, result);
    } catch (e) {
      problems.push(`not saved to history: ${(e as Error).message}`);
    }
    this.finished(summary, problems.length > 0 ? problems.join('; ') : undefined);
    return outcome;
  }

  private finished(summary: RunSummary, error: string | undefined): void {
    const { id, emit } = this.ctx;
    emit({
      channel: 'run:finished',
      payload: { runId: id, status: summary.status, summary, ...(error && { error }) },
    });
    this.ctx.ended();
  }

  /** For a run that ended on a bug, before or without a trace to summarize. */
  private failedSummary(): RunSummary {
    const { id, sweepId, source } = this.ctx;
    const trace = this.live?.trace;
    return {
      id,
      name: source.name,
      startedAt: trace?.startedAt ?? Date.now(),
      maxWorkers: trace?.maxWorkers ?? 0,
      tasks: 0,
      makespanMs: 0,
      status: 'failed',
      ...(sweepId && { sweepId }),
    };
  }
}
