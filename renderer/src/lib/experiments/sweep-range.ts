/** The sweep form's range, checked as typed, and how far a running sweep has got. */
import { MAX_SWEEP_REPEATS, SWEEP_REPEATS, type SweepRecord } from '../../../../shared/contract';

export interface SweepRange {
  from: number;
  to: number;
  /** Runs per worker count. */
  repeats: number;
}

/** 1 to twice the CPU count (the default), within what the service accepts. */
export function defaultRange(cpuCount: number, limit: number): SweepRange {
  return { from: 1, to: Math.max(1, Math.min(limit, 2 * cpuCount)), repeats: SWEEP_REPEATS };
}

export interface RangeCheck {
  range: SweepRange | null;
  from: string | null;
  to: string | null;
  repeats: string | null;
}

/** The typed fields as a range, or a problem for the field that is wrong (nothing invalid is sent). */
export function checkRange(
  fromText: string,
  toText: string,
  limit: number,
  repeatsText = String(SWEEP_REPEATS),
): RangeCheck {
  const from = workers(fromText, limit);
  const to = workers(toText, limit);
  const repeats = count(repeatsText, MAX_SWEEP_REPEATS, 'runs');
  const problem = (x: number | string) => (typeof x === 'string' ? x : null);
  if (typeof from === 'string' || typeof to === 'string' || typeof repeats === 'string') {
    return { range: null, from: problem(from), to: problem(to), repeats: problem(repeats) };
  }
  if (from > to) {
    return { range: null, from: null, to: `at least from (${from})`, repeats: null };
  }
  return { range: { from, to, repeats }, from: null, to: null, repeats: null };
}

function count(text: string, max: number, what: string): number | string {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return `a whole number of ${what}`;
  const n = Number(t);
  if (n < 1) return 'at least 1';
  if (n > max) return `at most ${max}`;
  return n;
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
  /** Runs finished (measured, cancelled or failed). */
  done: number;
  /** Runs in all: worker counts × repeats. */
  total: number;
  /** The worker count running now, if any, and which of its runs. */
  current: number | null;
  repeat: number | null;
  repeats: number;
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
  repeat: number | null = null,
): SweepProgress {
  const repeats = sweep.repeats ?? 1;
  const total = (sweep.to - sweep.from + 1) * repeats;
  if (sweep.status !== 'running') {
    const done = sweep.status === 'completed' ? total : sweep.points.length * repeats;
    return { done, total, current: null, repeat: null, repeats, fraction: done / total };
  }
  const current = running ?? sweep.from;
  const r = repeat ?? 1;
  const done = Math.max(0, Math.min(total, (current - sweep.from) * repeats + r - 1));
  const share = Math.max(0, Math.min(1, within));
  return {
    done,
    total,
    current,
    repeat: r,
    repeats,
    fraction: Math.min(1, (done + share) / total),
  };
}
