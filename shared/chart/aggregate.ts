/**
 * Thinning for dense charts. At 100k tasks most bars are narrower than a pixel: drawing each one
 * costs time (canvas) or megabytes (SVG) and shows nothing more than drawing one mark per pixel
 * column. These functions merge what the eye cannot tell apart, and never hide a failure.
 */
import { MIN_BAR_PX, laneRanges, type Bar } from './geometry';
import type { TaskStatus } from '../trace';

/** A drawable run of one or more adjacent bars on one lane. */
export interface BarRun extends Pick<Bar, 'lane' | 'x0' | 'x1' | 'y' | 'height'> {
  /** The function of most of the run's tasks (the first of them on a tie). */
  fn: string;
  /** The status of most of the run's tasks. */
  status: TaskStatus;
  count: number;
  /** How many of the run's tasks failed: kept so that merging never hides a failure. */
  failed: number;
  /** The bar itself when the run is one bar. */
  bar?: Bar;
}

/** Bars closer than this (px) merge when both are narrow. */
export const MERGE_GAP_PX = 0.5;
/** A merged run spans at most this many px, so colour changes along a lane still show. */
export const MERGE_SPAN_PX = 2;

/**
 * Bars (as `barsFor` returns them: by lane, then x0) as runs: a bar drawn at the minimum width
 * merges with the narrow bars that follow it within `MERGE_GAP_PX`, up to `MERGE_SPAN_PX` wide.
 * Wider bars stay single. The number of runs is bounded by lanes x width / `MERGE_SPAN_PX`
 * plus the wide bars, whatever the number of tasks.
 */
export function aggregateBars(bars: readonly Bar[]): BarRun[] {
  const runs: BarRun[] = [];
  let open: { run: BarRun; fns: Map<string, number>; statuses: Map<TaskStatus, number> } | null =
    null;
  const close = () => {
    if (open && open.run.count > 1) {
      open.run.fn = majority(open.fns, open.run.fn);
      open.run.status = majority(open.statuses, open.run.status);
    }
    open = null;
  };
  for (const bar of bars) {
    const narrow = bar.x1 - bar.x0 <= MIN_BAR_PX + 1e-9;
    const run: BarRun | undefined = open?.run;
    if (
      open &&
      run &&
      narrow &&
      run.lane === bar.lane &&
      bar.x0 <= run.x1 + MERGE_GAP_PX &&
      Math.max(run.x1, bar.x1) - run.x0 <= MERGE_SPAN_PX
    ) {
      delete run.bar;
      run.x1 = Math.max(run.x1, bar.x1);
      run.count++;
      if (bar.status === 'failed') run.failed++;
      increment(open.fns, bar.fn);
      increment(open.statuses, bar.status);
      continue;
    }
    close();
    const next = runOf(bar);
    runs.push(next);
    if (narrow) {
      open = { run: next, fns: new Map([[bar.fn, 1]]), statuses: new Map([[bar.status, 1]]) };
    }
  }
  close();
  return runs;
}

/** A run of one bar. */
export function runOf(bar: Bar): BarRun {
  const { lane, x0, x1, y, height, fn, status } = bar;
  return {
    lane,
    x0,
    x1,
    y,
    height,
    fn,
    status,
    count: 1,
    failed: status === 'failed' ? 1 : 0,
    bar,
  };
}

function increment<K>(counts: Map<K, number>, key: K): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** The most counted key; `first` wins ties. */
function majority<K>(counts: ReadonlyMap<K, number>, first: K): K {
  let best = first;
  for (const [key, n] of counts) if (n > (counts.get(best) ?? 0)) best = key;
  return best;
}

/** A stretch of a lane during which at least one of its tasks waited in the queue. */
export interface WaitSpan {
  lane: number;
  x0: number;
  x1: number;
}

/**
 * The queue waits (submitted -> started) of each lane's bars, as the union of their intervals:
 * many tasks wait at once (all submitted at t = 0), and one line per lane-stretch shows the same.
 */
export function waitSpans(bars: readonly Bar[]): WaitSpan[] {
  const spans: WaitSpan[] = [];
  for (const { lane, start, end } of laneRanges(bars)) {
    const waits: [number, number][] = [];
    for (let i = start; i < end; i++) {
      const bar = bars[i]!;
      if (bar.waitX0 !== undefined) waits.push([bar.waitX0, bar.x0]);
    }
    waits.sort((a, b) => a[0] - b[0]);
    let current: WaitSpan | null = null;
    for (const [x0, x1] of waits) {
      if (current && x0 <= current.x1 + MERGE_GAP_PX) {
        current.x1 = Math.max(current.x1, x1);
      } else {
        current = { lane, x0, x1 };
        spans.push(current);
      }
    }
  }
  return spans;
}
