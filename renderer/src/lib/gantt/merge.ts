/** The two ways the bar planner turns many small rectangles into few. */
import type { TaskStatus } from '../../../../shared/trace';

type Run = [x: number, y: number, w: number, h: number];

/**
 * Runs of touching rectangles on one lane, keyed by what they are drawn with. A rectangle added
 * with `merge` joins the open run of its key when they overlap or are less than half a pixel
 * apart; otherwise the run is flushed. Call `end()` at the end of each lane.
 */
export class Merger<K> {
  readonly #open = new Map<K, Run>();
  readonly #flush: (key: K, rect: Readonly<Run>) => void;

  constructor(flush: (key: K, rect: Readonly<Run>) => void) {
    this.#flush = flush;
  }

  add(key: K, x0: number, x1: number, y: number, h: number, merge: boolean): void {
    const run = this.#open.get(key);
    if (merge && run && x0 <= run[0] + run[2] + 0.5 && x1 >= run[0] - 0.5) {
      const end = Math.max(run[0] + run[2], x1);
      run[0] = Math.min(run[0], x0);
      run[2] = end - run[0];
      return;
    }
    if (run) this.#flush(key, run);
    if (merge) this.#open.set(key, [x0, y, x1 - x0, h]);
    else {
      this.#open.delete(key);
      this.#flush(key, [x0, y, x1 - x0, h]);
    }
  }

  end(): void {
    for (const [key, run] of this.#open) this.#flush(key, run);
    this.#open.clear();
  }
}

export type EmitColumn<K> = (
  col: number,
  y: number,
  h: number,
  key: K,
  statuses: ReadonlySet<TaskStatus>,
) => void;

/**
 * Sub-pixel bars of one lane gathered into whole-pixel columns. A column is emitted once, with
 * the fill key that covers most of it (its share of time, not its count; the first on a tie) and
 * the statuses other than `done` found in it. Bars must come in x order, as a lane's bars do.
 *
 * At 100k tasks in view this runs for most of them every frame: a column holds one key or a few,
 * so they are kept in small parallel arrays rather than a Map.
 */
export class Columns<K> {
  #col = NaN;
  #y = 0;
  #h = 0;
  readonly #keys: K[] = [];
  readonly #weights: number[] = [];
  readonly #statuses = new Set<TaskStatus>();
  readonly #emit: EmitColumn<K>;

  constructor(emit: EmitColumn<K>) {
    this.#emit = emit;
  }

  add(col: number, y: number, h: number, key: K, weight: number, status: TaskStatus): void {
    if (col !== this.#col) {
      this.end();
      this.#col = col;
      this.#y = y;
      this.#h = h;
    }
    const i = this.#keys.indexOf(key);
    if (i >= 0) this.#weights[i]! += weight;
    else {
      this.#keys.push(key);
      this.#weights.push(weight);
    }
    if (status !== 'done') this.#statuses.add(status);
  }

  end(): void {
    if (Number.isNaN(this.#col)) return;
    let best = 0;
    for (let i = 1; i < this.#weights.length; i++) {
      if (this.#weights[i]! > this.#weights[best]!) best = i;
    }
    this.#emit(this.#col, this.#y, this.#h, this.#keys[best]!, this.#statuses);
    this.#col = NaN;
    this.#keys.length = 0;
    this.#weights.length = 0;
    this.#statuses.clear();
  }
}
