import { timeExtent } from '../../../shared/chart/geometry';
import type { TraceSource } from './run.svelte';
import type { Domain } from './zoom';

/** Before any run: an empty chart frame with a few seconds of axis. */
export const EMPTY_EXTENT: Domain = [0, 5000];

/** The whole of what `source` shows, from time zero to its last moment (or now, while it runs). */
export function extentOf(source: TraceSource): Domain {
  const { snapshot, now } = source;
  return snapshot ? timeExtent(snapshot.trace, now) : EMPTY_EXTENT;
}
