/**
 * How far ahead of a worker the pool may send calls. A call sent to a busy worker is committed
 * to it: it can no longer be cancelled, and it waits behind whatever that worker runs. So the
 * pool sends ahead only while calls are observed short (a running mean of their durations,
 * measured in the workers), where waiting for each result before sending the next call would
 * leave workers idle for a round trip per call; and never more than CPython commits ahead of
 * its workers (its call queue holds max_workers + 1 calls).
 */

/** Below this mean duration (ms) calls count as short. */
export const SHORT_TASK_MS = 1;
/** While calls are short, a worker may hold this many sent and unfinished... */
export const SHORT_DEPTH = 3;
/** ...and the pool at most maxWorkers + this many calls sent and not begun, as CPython. */
export const EXTRA_COMMITTED = 1;
/** Weight of the newest call in the running mean. */
const WEIGHT = 0.2;

export class Batching {
  private meanMs: number | undefined = undefined;

  /** @param enabled false when every call must wait for a free worker (a per-task timeout). */
  constructor(private readonly enabled: boolean) {}

  /** A call took `ms` in its worker. */
  observe(ms: number): void {
    this.meanMs = this.meanMs === undefined ? ms : this.meanMs + (ms - this.meanMs) * WEIGHT;
  }

  /** Calls are observed short. */
  get short(): boolean {
    return this.enabled && this.meanMs !== undefined && this.meanMs < SHORT_TASK_MS;
  }

  /** How many sent and unfinished calls one worker may hold. */
  get depth(): number {
    return this.short ? SHORT_DEPTH : 1;
  }
}
