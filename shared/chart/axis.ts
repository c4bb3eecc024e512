/** The time axis: ticks in ms, labelled in seconds from the run's start. */
import type { ScaleLinear } from 'd3';

export interface Tick {
  ms: number;
  label: string;
}

/**
 * About `approxCount` round ticks over the scale's domain (d3's 1-2-5 steps), labelled in seconds
 * with just the decimals the step needs: "0 s", "0.5 s", "1 s", or "0.02 s", "0.04 s".
 */
export function timeTicks(scale: ScaleLinear<number, number>, approxCount: number): Tick[] {
  const ticks = scale.ticks(Math.max(1, Math.round(approxCount)));
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : Math.abs(ticks[0] ?? 1) || 1;
  const decimals = decimalsFor(step / 1000);
  return ticks.map((ms) => ({ ms, label: `${formatSeconds(ms / 1000, decimals)} s` }));
}

/** The decimals that tell apart values `step` apart: 1 -> 0, 0.5 -> 1, 0.02 -> 2. */
export function decimalsFor(step: number): number {
  if (!(step > 0)) return 0;
  return Math.min(9, Math.max(0, Math.ceil(-Math.log10(step) - 1e-9)));
}

/** `seconds` with at most `decimals` decimals, trailing zeros dropped, never "-0". */
export function formatSeconds(seconds: number, decimals: number): string {
  const text = seconds.toFixed(decimals);
  const trimmed = text.includes('.') ? text.replace(/\.?0+$/, '') : text;
  return trimmed === '-0' ? '0' : trimmed;
}

/** A duration for people: "0.35 ms", "12.3 ms", "1.234 s", "2 min 5.0 s". */
export function formatDuration(ms: number): string {
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${ms.toFixed(0)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(3)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${((ms - minutes * 60_000) / 1000).toFixed(1)} s`;
}
