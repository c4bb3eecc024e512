/**
 * Epoch milliseconds with sub-millisecond resolution, on one clock for the parent and all its
 * workers: the system's monotonic clock (CLOCK_MONOTONIC, which process.hrtime and Python's
 * time.monotonic read) plus one base, the parent's, sent to each worker in `init`. Each process
 * deriving its own base (performance.timeOrigin) would put their clocks up to ~0.2 ms apart,
 * enough to show two calls started in the wrong order.
 */

/** The monotonic clock in ms. (performance.now() is not it: its origin moves once, early on.) */
function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Epoch ms at monotonic zero. */
let base = Date.now() - monotonicMs();

export function now(): number {
  return monotonicMs() + base;
}

/** This process's base: what a worker adds to its monotonic clock (ms) to stamp events. */
export function clockBase(): number {
  return base;
}

/** A worker takes its parent's base. */
export function useClockBase(parentBase: number): void {
  base = parentBase;
}
