import type { TraceSource } from './run.svelte';
import type { Domain } from './zoom';

/** Before any run: an empty chart frame with a few seconds of axis. */
export const EMPTY_EXTENT: Domain = [0, 5000];

/** Air after the last moment, as a share of the run, so the last bar does not touch the edge. */
export const END_PAD = 0.02;

/**
 * The whole of what `source` shows, from time zero to its last moment (or now, while it runs).
 * From the trace's running totals: this is read every frame while a live run is followed.
 */
export function extentOf(source: TraceSource): Domain {
  const { snapshot, now } = source;
  if (!snapshot) return EMPTY_EXTENT;
  const [start, end] = snapshot.tally.extent(now);
  return [start, end + (end - start) * END_PAD];
}
