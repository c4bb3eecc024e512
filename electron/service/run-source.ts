/**
 * Where a run comes from: PoolScope's own pool running a workload (pool-source.ts), or, to come,
 * a learner's Python script traced on CPython's pool. The service records any source the same
 * way (recorder.ts): live events, the snapshot a late page joins with, history, run:finished.
 */
import type { RunStatus } from '../../shared/contract';
import type { PoolEvent } from '../../shared/events';
import type { Trace } from '../../shared/trace';
import type { ScriptSpec } from '../../shared/script';
import type { Workload } from '../../shared/workload';

/** What a source feeds while it runs. */
export interface RunSink {
  /**
   * Once, before any event: the run's live trace (header filled in, no tasks yet). The source
   * keeps folding every event it passes on into this same object (shared/trace.ts applyEvent),
   * so the trace is always the sum of the events sent so far.
   */
  started(trace: Trace): void;
  /** One event, task ids run-local (0..n-1 in submission order). */
  event(event: PoolEvent): void;
}

/** What history keeps beside the trace, for "Load its calls" and Run again: one or the other. */
export type RunInputs =
  { workload: Workload; script?: never } | { script: ScriptSpec; workload?: never };

export type SourceResult = RunInputs & {
  status: RunStatus;
  /** Why a failed run failed, in the user's words (which worker died, and how). */
  error?: string;
};

export interface RunSource {
  /** The run's name, for a summary written before the trace exists. */
  readonly name: string;
  /**
   * Runs to the end, calling `sink.started` first, then `sink.event` for each event. Resolves
   * once the last event has been passed on and the trace's `endedAt` is set; rejects only on a
   * bug (a task's failure is an outcome, recorded in the trace).
   */
  start(sink: RunSink): Promise<SourceResult>;
  /**
   * Cancels every call not yet running and stops starting new ones; running calls finish, as
   * `Future.cancel()` does in CPython. False when already cancelled.
   */
  cancel(): boolean;
  /**
   * `Future.cancel()` on one call by its run-local id: true once cancelled, false when it runs or
   * is done. Null when the run has no such call (yet).
   */
  cancelCall(taskId: number): boolean | null;
}
