/**
 * How many tasks go in one message. Sending each task alone costs a message each way, which
 * for tasks of microseconds is nearly all the cost; sending many at once holds work back from
 * a worker that may soon be free. So the pool keeps a running mean of task durations, measured
 * in the workers: while it is short, tasks are sent unannounced and, when more wait than there
 * are workers, several per message; long tasks go one at a time, each start reported.
 */

/** Below this mean duration (ms) tasks count as short. */
export const SHORT_TASK_MS = 1;
/** A batch aims at about this much worker time (ms)... */
export const BATCH_BUDGET_MS = 2;
/** ...and holds at most this many tasks. */
export const MAX_BATCH = 512;
/** Weight of the newest task in the running mean. */
const WEIGHT = 0.2;

export class Batching {
  private meanMs: number | undefined = undefined;

  /** @param enabled false when every start must be reported (a per-task timeout needs them). */
  constructor(private readonly enabled: boolean) {}

  /** A task took `ms` in its worker. */
  observe(ms: number): void {
    this.meanMs = this.meanMs === undefined ? ms : this.meanMs + (ms - this.meanMs) * WEIGHT;
  }

  /** Tasks are observed short: send them unannounced, batched when the backlog allows. */
  get short(): boolean {
    return this.enabled && this.meanMs !== undefined && this.meanMs < SHORT_TASK_MS;
  }

  /**
   * How many of `pending` tasks the next message to a free worker carries: one for long tasks;
   * for short ones, an even share of the backlog among `workers`, within the time budget.
   */
  size(pending: number, workers: number): number {
    if (!this.short) return 1;
    const share = Math.ceil(pending / workers);
    const budget = Math.floor(BATCH_BUDGET_MS / Math.max(this.meanMs!, 0.001));
    return Math.max(1, Math.min(share, budget, MAX_BATCH));
  }
}
