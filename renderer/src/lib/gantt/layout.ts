/** Where the chart's parts go: the label gutter, the lanes, the axis. Pure, tested in Node. */
import type { LaneLayout } from '../../../../shared/chart/geometry';

/** Width of the lane-label column left of the plot ("PID 123456" plus air). */
export const GUTTER = 92;
/** Room right of the plot, so the last tick label is not cut. */
export const RIGHT_PAD = 16;
/** Room above the first lane for the labels of resize marks. */
export const TOP = 20;
/** The time axis under the lanes. */
export const AXIS_HEIGHT = 28;
export const MIN_LANE = 14;
export const MAX_LANE = 40;

export interface ChartLayout {
  lanes: LaneLayout;
  /** y of the bottom of the last lane: the axis line. */
  lanesBottom: number;
  /** Total height of the chart; more than `available` when many lanes need scrolling. */
  height: number;
}

/** Lanes share the `available` height, within [MIN_LANE, MAX_LANE] px each. */
export function chartLayout(laneCount: number, available: number): ChartLayout {
  const n = Math.max(1, laneCount);
  const room = Math.max(0, available - TOP - AXIS_HEIGHT);
  const pitch = Math.floor(room / n);
  const gap = pitch >= 28 ? 6 : pitch >= 18 ? 4 : 2;
  const laneHeight = Math.min(MAX_LANE, Math.max(MIN_LANE, pitch - gap));
  const lanesBottom = TOP + laneCount * (laneHeight + gap);
  return {
    lanes: { top: TOP, laneHeight, laneGap: gap },
    lanesBottom,
    height: Math.max(available, lanesBottom + AXIS_HEIGHT),
  };
}

/**
 * Which of the marks at `xs` (px, in time order) get a label, at least `minGap` px apart. A drag
 * of the slider leaves a cluster of marks; the last of a cluster is the value the user settled on,
 * so labels are chosen from the end.
 */
export function labelledMarks(xs: readonly number[], minGap: number): Set<number> {
  const chosen = new Set<number>();
  let last = Infinity;
  for (let i = xs.length - 1; i >= 0; i--) {
    const x = xs[i]!;
    if (last - x >= minGap) {
      chosen.add(i);
      last = x;
    }
  }
  return chosen;
}
