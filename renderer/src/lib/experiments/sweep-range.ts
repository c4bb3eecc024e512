/** The sweep form's range, checked as typed, and how far a running sweep has got. */
import type { SweepRecord } from '../../../../shared/contract';

export interface SweepRange {
  from: number;
  to: number;
}

/** 1 to twice the CPU count (the default), within what the service accepts. */
export function defaultRange(cpuCount: number, limit: number): SweepRange {
  return { from: 1, to: Math.max(1, Math.min(limit, 2 * cpuCount)) };
}

export interface RangeCheck {
  range: SweepRange | null;
  from: string | null;
  to: string | null;
}

/** The typed fields as a range, or a problem for the field that is wrong (nothing invalid is sent). */
export function checkRange(fromText: string, toText: string, limit: number): RangeCheck {
  const from = workers(fromText, limit);
  const to = workers(toText, limit);
  if (typeof from === 'string' || typeof to === 'string') {
    return {
      range: null,
      from: typeof from === 'string' ? from : null,
      to: typeof to === 'string' ? to : null,
    };
  }
  if (from > to) return { range: null, from: null, to: `at least from (${from})` };
  return { range: { from, to }, from: null, to: null };
}

function workers(text: string, limit: number): number | string {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return 'a whole number of workers';
  const n = Number(t);
  if (n < 1) return 'at least 1';
  if (n > limit) return `at most ${limit} on this machine`;
  return n;
}

export interface SweepProgress {
  /** Worker counts finished (measured, cancelled or failed). */
  done: number;
  total: number;
  /** The worker count running now, if any. */
  current: number | null;
  /** 0..1 for a progress bar: finished points plus the current run's share of finished calls. */
  fraction: number;
}

/**
 * How far `sweep` has got. `running` is the worker count its latest progress event named;
 * `within` is the share of the current run's calls that have finished (0 when unknown).
 */
export function sweepProgress(
  sweep: SweepRecord,
  running: number | null,
  within = 0,
): SweepProgress {
  const total = sweep.to - sweep.from + 1;
  if (sweep.status !== 'running') {
    const done = sweep.status === 'completed' ? total : sweep.points.length;
    return { done, total, current: null, fraction: done / total };
  }
  const current = running ?? sweep.from;
  const done = Math.max(0, Math.min(total, current - sweep.from));
  const share = Math.max(0, Math.min(1, within));
  return { done, total, current, fraction: Math.min(1, (done + share) / total) };
}
