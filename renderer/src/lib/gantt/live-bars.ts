/**
 * The chart's bars for a trace source: a BarIndex fed, per snapshot, only the tasks changed since
 * the last one; made again from every task the first time and when the source shows another
 * trace (the next run keeps the same workers, so the same lanes, but none of the old bars).
 */
import { BarIndex, type BarIndexOptions } from '../../../../shared/chart/bar-index';
import type { BarLanes } from '../../../../shared/chart/geometry';
import { ChangeReader, type TraceSnapshot } from '../run.svelte';

export class LiveBars {
  #index: BarIndex;
  readonly #options: BarIndexOptions;
  readonly #reader = new ChangeReader();

  constructor(options: BarIndexOptions) {
    this.#options = options;
    this.#index = new BarIndex(options);
  }

  /** The bars as of `snapshot`: a new outer array each time, so a `$derived` of it notifies. */
  sync(snapshot: TraceSnapshot): BarLanes {
    const { tasks } = snapshot.trace;
    const changed = this.#reader.next(snapshot);
    if (changed === 'all') {
      this.#index = new BarIndex(this.#options);
      this.#index.update(tasks, tasks.keys());
    } else {
      this.#index.update(tasks, changed);
    }
    return [...this.#index.lanes];
  }
}
