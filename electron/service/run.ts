/**
 * One run of a workload on a pool: submits every call in order, records the trace, streams the
 * recorder's events in batches, and settles with the outcome once every future is done.
 */
import { TraceRecorder, wait, type Future, type ProcessPoolExecutor } from '../pool';
import type { AppEvent, EventMap, RunStatus, RunSummary } from '../../shared/contract';
import type { PoolEvent } from '../../shared/events';
import { summarize, type TraceStats } from '../../shared/stats';
import type { Trace } from '../../shared/trace';
import { expandCalls, type Workload } from '../../shared/workload';
import { Throttle } from './throttle';

/** Events are sent at most this often: ~60 batches a second, however short the tasks. */
export const EVENT_BATCH_MS = 16;
/** Calls submitted before yielding to the event loop, so replies and Cancel stay responsive. */
const SUBMIT_SLICE = 500;

export interface RunContext {
  id: string;
  workload: Workload;
  pool: ProcessPoolExecutor;
  cpuCount: number;
  masterPid: number;
  sweepId?: string;
  emit(event: AppEvent): void;
}

export interface RunOutcome {
  summary: RunSummary;
  trace: Trace;
  stats: TraceStats;
  /** Why a failed run failed: which worker died, and how. */
  error?: string;
}

export class Run {
  readonly id: string;
  /** Settles (never rejects) after the last event batch has been emitted. */
  readonly outcome: Promise<RunOutcome>;
  private readonly futures: Future[] = [];
  private cancelled = false;
  /** Cut short by the app's shutdown: it ends as cancelled, however its workers were stopped. */
  private interrupted = false;
  private settled = false;
  /** Set once recording starts: what `snapshot` reads. */
  private live: { recorder: TraceRecorder; batches: Throttle } | null = null;

  constructor(private readonly ctx: RunContext) {
    this.id = ctx.id;
    this.outcome = this.execute();
  }

  /**
   * Cancels every call not yet running, and stops submitting; running calls finish, as
   * `Future.cancel()` does in CPython. False when the run had already been cancelled or
   * had finished.
   */
  cancel(): boolean {
    if (this.cancelled || this.settled) return false;
    this.cancelled = true;
    for (const f of this.futures) f.cancel();
    return true;
  }

  /** The app is shutting down: cancel(), and end as cancelled even if workers are then stopped. */
  interrupt(): void {
    this.interrupted = true;
    this.cancel();
  }

  /**
   * `Future.cancel()` on one call, by its run-local id (its index in submission order): true once
   * it is cancelled, false when it is running or done, as in CPython. Null when no such call has
   * been submitted.
   */
  cancelCall(taskId: number): boolean | null {
    return this.futures[taskId]?.cancel() ?? null;
  }

  /**
   * The run so far, for a page that connects mid-run: the events not yet sent go out first, so
   * this trace and the batches after it neither overlap nor leave a gap. Null until recording
   * starts (the page then gets run:started like everyone else).
   */
  snapshot(): EventMap['run:started'] | null {
    if (!this.live) return null;
    this.live.batches.flush();
    const { sweepId } = this.ctx;
    return {
      runId: this.id,
      trace: structuredClone(this.live.recorder.trace),
      ...(sweepId && { sweepId }),
    };
  }

  private async execute(): Promise<RunOutcome> {
    const { id, workload, pool, emit, sweepId } = this.ctx;
    // Let the request that started the run be answered before its first event.
    await new Promise((resolve) => setImmediate(resolve));
    const recorder = new TraceRecorder(pool, {
      name: workload.name,
      cpuCount: this.ctx.cpuCount,
      masterPid: this.ctx.masterPid,
    });
    const pending: PoolEvent[] = [];
    const batches = new Throttle(EVENT_BATCH_MS, () => {
      if (pending.length > 0)
        emit({ channel: 'run:events', payload: { runId: id, events: pending.splice(0) } });
    });
    const stopListening = recorder.onEvent((e) => {
      pending.push(e);
      batches.schedule();
    });
    this.live = { recorder, batches };
    emit({
      channel: 'run:started',
      payload: { runId: id, trace: structuredClone(recorder.trace), ...(sweepId && { sweepId }) },
    });

    await this.submitAll();
    await wait(this.futures, { returnWhen: 'ALL_COMPLETED' });
    const trace = recorder.stop();
    stopListening();
    batches.flush();

    this.settled = true;
    const stats = summarize(trace);
    const status: RunStatus = this.interrupted
      ? 'cancelled'
      : pool.broken
        ? 'failed'
        : this.cancelled
          ? 'cancelled'
          : 'completed';
    const summary: RunSummary = {
      id,
      name: workload.name,
      startedAt: trace.startedAt,
      maxWorkers: trace.maxWorkers,
      tasks: stats.tasks,
      makespanMs: stats.makespanMs,
      status,
      ...(sweepId && { sweepId }),
    };
    const outcome: RunOutcome = { summary, trace, stats };
    if (status === 'failed') outcome.error = brokenPoolMessage(trace);
    if (this.interrupted) outcome.error = 'cut short: PoolScope shut down during the run';
    return outcome;
  }

  private async submitAll(): Promise<void> {
    const { pool, workload } = this.ctx;
    let n = 0;
    for (const call of expandCalls(workload)) {
      if (this.cancelled || pool.broken) return;
      try {
        this.futures.push(pool.submit(call.fn, ...call.args));
      } catch {
        // The pool broke, or was shut down (the app is closing), between two submits: the run
        // ends with what it has, as failed or as cancelled.
        if (!pool.broken) this.cancelled = true;
        return;
      }
      if (++n % SUBMIT_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

/** The pool's own account of how it broke (which PID, exit code, signal), from the trace. */
function brokenPoolMessage(trace: Trace): string {
  for (const task of trace.tasks) {
    if (task?.error?.name === 'BrokenProcessPool') return task.error.message;
  }
  return 'the pool broke: a worker process exited unexpectedly';
}
