/**
 * Zoom and pan of the chart's time domain (ms since the run's start), as pure functions: the
 * ChartView store holds the state, these do the arithmetic.
 */
export type Domain = readonly [number, number];

/** Closest zoom: 50 µs across the whole chart, enough to tell apart 10,000 instant tasks. */
export const MIN_SPAN_MS = 0.05;
/** Farthest zoom out, as a multiple of the run's extent. */
export const MAX_SPAN_FACTOR = 4;

/** The time under pixel `px` of a plot `width` px wide showing `domain`. */
export function pxToMs(domain: Domain, width: number, px: number): number {
  return domain[0] + ((domain[1] - domain[0]) * px) / Math.max(1, width);
}

/**
 * Zooms in by `factor` (> 1 in, < 1 out) keeping the time `anchor` at the same place on screen,
 * then keeps the result within reach of `extent`.
 */
export function zoomAround(domain: Domain, factor: number, anchor: number, extent: Domain): Domain {
  const span = domain[1] - domain[0];
  const maxSpan = Math.max(MIN_SPAN_MS, (extent[1] - extent[0]) * MAX_SPAN_FACTOR);
  const next = Math.min(maxSpan, Math.max(MIN_SPAN_MS, span / factor));
  const frac = span > 0 ? (anchor - domain[0]) / span : 0.5;
  const start = anchor - frac * next;
  return clampToExtent([start, start + next], extent);
}

/** Moves the view by `deltaMs` (positive = later), staying within reach of `extent`. */
export function panBy(domain: Domain, deltaMs: number, extent: Domain): Domain {
  return clampToExtent([domain[0] + deltaMs, domain[1] + deltaMs], extent);
}

/** Keeps at least half the view over the run, so the user cannot lose the chart off-screen. */
export function clampToExtent(domain: Domain, extent: Domain): Domain {
  const span = domain[1] - domain[0];
  const lo = extent[0] - span / 2;
  const hi = extent[1] + span / 2;
  if (domain[0] < lo) return [lo, lo + span];
  if (domain[1] > hi) return [hi - span, hi];
  return domain;
}

/** A wheel event's zoom factor: smooth for trackpads (small deltas), ~1.2× per mouse notch. */
export function wheelZoomFactor(deltaY: number, deltaMode: number): number {
  const px = deltaMode === 1 ? deltaY * 16 : deltaMode === 2 ? deltaY * 400 : deltaY;
  return Math.exp(-px * 0.002);
}
