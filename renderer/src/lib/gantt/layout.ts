/** Where the chart's parts go: the label gutter, the lanes, the axis. Pure, tested in Node. */
import type { Tick } from '../../../../shared/chart/axis';
import type { LaneLayout } from '../../../../shared/chart/geometry';
import type { LaneRow } from './lanes';

/** Width of the lane-label column left of the plot ("PID 123456" plus air). */
export const GUTTER = 92;
/** Room right of the plot, so the last tick label is not cut. */
export const RIGHT_PAD = 16;
/** Room above the first lane for the labels of resize marks. */
export const TOP = 20;
/** The time axis under the lanes. */
export const AXIS_HEIGHT = 28;
export const MIN_LANE = 14;
export const MAX_LANE = 48;
/** Lanes share about this much height: a few workers get tall lanes, many get thin ones. */
export const LANES_BUDGET = 340;
/** The frame before any lane exists: room for the hint and the axis. */
export const EMPTY_HEIGHT = 220;

export interface ChartLayout {
  lanes: LaneLayout;
  /** y of the bottom of the last lane: the axis line. */
  lanesBottom: number;
  /** The chart's natural height; its panel scrolls it when there is less room. */
  height: number;
}

export function chartLayout(laneCount: number): ChartLayout {
  const pitch = Math.floor(LANES_BUDGET / Math.max(1, laneCount));
  const gap = pitch >= 28 ? 6 : pitch >= 18 ? 4 : 2;
  const laneHeight = Math.min(MAX_LANE, Math.max(MIN_LANE, pitch - gap));
  // With no lanes yet the axis sits at the bottom of the frame, as it will once lanes fill it.
  const lanesBottom =
    laneCount > 0 ? TOP + laneCount * (laneHeight + gap) : EMPTY_HEIGHT - AXIS_HEIGHT;
  return {
    lanes: { top: TOP, laneHeight, laneGap: gap },
    lanesBottom,
    height: Math.max(EMPTY_HEIGHT, lanesBottom + AXIS_HEIGHT),
  };
}

/** A bar's box in px, outlined over the chart (the hovered bar, the open future's). */
export interface Outline {
  x0: number;
  x1: number;
  y: number;
  height: number;
}

/** What the SVG layers under and over the bars share: the lanes, the time scale, the plot box. */
export interface PlotFrame {
  rows: readonly LaneRow[];
  layout: LaneLayout;
  x: (ms: number) => number;
  ticks: readonly Tick[];
  plotLeft: number;
  plotRight: number;
  lanesBottom: number;
  width: number;
  height: number;
}
