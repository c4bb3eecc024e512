/**
 * PoolScope's own pool as a run source: submits a workload's calls in order, as the tutorial's
 * scripts do, records the pool's events as the run's trace, and waits for every future.
 */
import { TraceRecorder, wait, type Future, type ProcessPoolExecutor } from '../pool';
import type { RunStatus } from '../../shared/contract';
import type { Trace } from '../../shared/trace';
import { expandCalls, type Workload } from '../../shared/workload';
import type { RunSink, RunSource, SourceResult } from './run-source';

/** Calls submitted before yielding to the event loop, so replies and Cancel stay responsive. */
const SUBMIT_SLICE = 500;
/**
 * How long calls still running after Cancel may go on before their workers are killed (CPython
 * 3.14's terminate_workers): a call that never returns must not hold the run, or the app, forever.
 */
export const CANCEL_GRACE_MS = 3000;

export interface PoolSourceOptions {
  pool: ProcessPoolExecutor;
  workload: Workload;
  cpuCount: number;
  masterPid: number;
  /** Where the calls run, for the trace's header: runtime, and a python run's interpreter and module. */
  header: Pick<Trace, 'runtime' | 'python' | 'module'>;
}

export class PoolRunSource implements RunSource {
  readonly name: string;
  private readonly futures: Future[] = [];
  private cancelled = false;

  constructor(private readonly options: PoolSourceOptions) {
    this.name = options.workload.name;
  }

  async start(sink: RunSink): Promise<SourceResult> {
    const { pool, workload, cpuCount, masterPid, header } = this.options;
    const recorder = new TraceRecorder(pool, { name: workload.name, cpuCount, masterPid });
    Object.assign(recorder.trace, header);
    const stopListening = recorder.onEvent((e) => sink.event(e));
    sink.started(recorder.trace);
    try {
      await this.submitAll();
      await wait(this.futures, { returnWhen: 'ALL_COMPLETED' });
    } finally {
      recorder.stop();
      stopListening();
    }
    // A cancelled run whose last calls were ended by terminating the pool is still cancelled.
    const status: RunStatus = this.cancelled ? 'cancelled' : pool.broken ? 'failed' : 'completed';
    const result: SourceResult = { status, workload };
    if (status === 'failed') result.error = brokenPoolMessage(recorder.trace);
    return result;
  }

  cancel(): boolean {
    if (this.cancelled) return false;
    this.cancelled = true;
    for (const f of this.futures) f.cancel();
    const { pool } = this.options;
    if (this.futures.some((f) => !f.done())) {
      // Terminating the pool fails the calls still running with a BrokenProcessPool that says so;
      // the next run gets a fresh pool.
      void pool.terminate({ graceMs: CANCEL_GRACE_MS }).catch((e: unknown) => {
        console.error('PoolScope: ending the cancelled calls failed:', e);
      });
    }
    return true;
  }

  cancelCall(taskId: number): boolean | null {
    return this.futures[taskId]?.cancel() ?? null;
  }

  private async submitAll(): Promise<void> {
    const { pool, workload } = this.options;
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
