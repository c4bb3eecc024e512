/**
 * Epoch milliseconds with sub-millisecond resolution. Parent and workers both use it, so a
 * start stamped in a worker compares with a submit stamped in the parent.
 */
export function now(): number {
  return performance.timeOrigin + performance.now();
}
