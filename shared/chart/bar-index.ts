/**
 * The bars of a trace that grows, kept lane by lane and updated task by task: a batch of events
 * costs what its tasks do, not a pass over every task (re-running `barsFor` per batch was a large
 * part of what a live 100k-task run cost the page).
 *
 * It holds the same bars, in the same order, as `barsFor` with `unrunBarsFor` on lane
 * `unrunLane` (test/shared/bar-index.test.ts compares them batch by batch). Tasks start in time
 * order on a lane, so a new bar is almost always appended; one that is not is inserted in place.
 */
import { unrunBar, workerBar, type Bar, type BarLanes, type LaneLayout } from './geometry';
import type { TraceTask } from '../trace';

export interface BarIndexOptions {
  laneIndexByPid: ReadonlyMap<number, number>;
  /** The lane of tasks that ended without running: one past the worker lanes. */
  unrunLane: number;
  x: (ms: number) => number;
  layout: LaneLayout;
  /** Where running bars end (see `workerBar`). */
  now: number;
}

export class BarIndex {
  /** `lanes[i]`: lane i's bars, by x0 then task id. */
  readonly lanes: BarLanes;
  readonly #lanes: Bar[][];
  /** Each task's bar, by task id. */
  readonly #barOf: (Bar | undefined)[] = [];
  readonly #o: BarIndexOptions;

  constructor(options: BarIndexOptions) {
    this.#o = options;
    this.#lanes = Array.from({ length: options.unrunLane + 1 }, () => []);
    this.lanes = this.#lanes;
  }

  /** Brings the bars of the tasks `ids` (ids into `tasks`) up to date. */
  update(tasks: readonly (TraceTask | undefined)[], ids: Iterable<number>): void {
    const { laneIndexByPid, unrunLane, x, layout, now } = this.#o;
    for (const id of ids) {
      const task = tasks[id];
      const next = task
        ? (workerBar(task, laneIndexByPid, x, layout, now) ?? unrunBar(task, unrunLane, x, layout))
        : null;
      const old = this.#barOf[id];
      if (old) {
        const lane = this.#lanes[old.lane]!;
        const at = rank(lane, old);
        if (next && next.lane === old.lane && next.x0 === old.x0) {
          lane[at] = next;
          this.#barOf[id] = next;
          continue;
        }
        lane.splice(at, 1);
      }
      this.#barOf[id] = next ?? undefined;
      if (next) insert(this.#lanes[next.lane]!, next);
    }
  }
}

/** Whether `a` comes before `b` on a lane. */
const before = (a: Bar, b: Bar) => a.x0 < b.x0 || (a.x0 === b.x0 && a.taskId < b.taskId);

/** The number of bars of `lane` that come before `bar`: where it is, or goes. */
function rank(lane: readonly Bar[], bar: Bar): number {
  let lo = 0;
  let hi = lane.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(lane[mid]!, bar)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insert(lane: Bar[], bar: Bar): void {
  const last = lane.at(-1);
  if (!last || before(last, bar)) lane.push(bar);
  else lane.splice(rank(lane, bar), 0, bar);
}
