/**
 * The sweep plot's maths as pure functions: one row per worker count (the median of its runs and
 * their spread), the speedup against the sweep's smallest worker count, the geometry of two panels
 * (makespan, speedup) that the app's chart and the SVG export both draw, so they cannot disagree,
 * and the reading: what the numbers show, quoted.
 *
 * Two figures, each with one name everywhere:
 * - "speedup vs 1 worker": makespan at the baseline ÷ makespan at n, the baseline the sweep's
 *   smallest worker count (1 by default). The plot and the CSV use it: only it shows where scaling
 *   stops.
 * - "parallelism: busy time ÷ makespan": how many workers were busy on average (the Summary's
 *   figure). It keeps rising with the worker count even when the work is done no sooner
 *   (CPU-bound calls sharing too few cores each take longer), so it is a column, not the plot.
 */
import { scaleLinear, type ScaleLinear } from 'd3';
import type { SweepPoint } from '../contract';
import { decimalsFor, formatDuration, formatSeconds } from './axis';

/** What a sweep plot needs of a sweep record. */
export interface SweepInput {
  from: number;
  to: number;
  cpuCount: number;
  points: readonly SweepPoint[];
}

export interface SweepRow {
  maxWorkers: number;
  /** The median run's. */
  runId: string;
  /** The median of the runs' makespans. */
  makespanMs: number;
  /** The fastest and the slowest run: the spread drawn around the median. */
  minMs: number;
  maxMs: number;
  /** How many runs the point stands for. */
  runs: number;
  /** The median run's busy time: the sum of its calls' run times. */
  totalTaskMs: number;
  /** The median run's busy time ÷ makespan. */
  parallelism: number;
  /** The median of the pools' start-up (fork to every worker ready), 0 when not measured. */
  startupMs: number;
  /** Makespan at the baseline ÷ this makespan (medians), and over the spread. */
  speedup: number;
  speedupLow: number;
  speedupHigh: number;
}

export interface SweepRows {
  /** Ascending by worker count. */
  rows: SweepRow[];
  /** The worker count the speedup is measured against: the smallest one measured. */
  baseline: number | null;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
}

/** One row per measured worker count, ascending, each with its speedup against the baseline. */
export function sweepRows(points: readonly SweepPoint[]): SweepRows {
  const sorted = [...points].sort((a, b) => a.maxWorkers - b.maxWorkers);
  const base = sorted[0];
  if (!base) return { rows: [], baseline: null };
  const ratio = (ms: number) => (ms > 0 ? base.makespanMs / ms : 0);
  const rows = sorted.map((p): SweepRow => {
    const makespans = p.repeats?.map((r) => r.makespanMs) ?? [p.makespanMs];
    const minMs = Math.min(...makespans);
    const maxMs = Math.max(...makespans);
    return {
      maxWorkers: p.maxWorkers,
      runId: p.runId,
      makespanMs: p.makespanMs,
      minMs,
      maxMs,
      runs: makespans.length,
      totalTaskMs: p.speedup * p.makespanMs,
      parallelism: p.speedup,
      startupMs: median(p.repeats?.map((r) => r.startupMs) ?? []),
      speedup: ratio(p.makespanMs),
      speedupLow: ratio(maxMs),
      speedupHigh: ratio(minMs),
    };
  });
  return { rows, baseline: base.maxWorkers };
}

/** The key's words for the measured points: one run each, or the median and spread of several. */
export function measuredLabel(repeats: number | undefined): string {
  return repeats && repeats > 1
    ? `measured: median of ${repeats} runs, whiskers fastest–slowest`
    : 'measured (one run per worker count)';
}

/** The one name of the Summary's figure, wherever it is shown. */
export const PARALLELISM = 'parallelism: busy time ÷ makespan';

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** "speedup vs 1 worker", "speedup vs 2 workers". */
export function speedupTitle(baseline: number): string {
  return `speedup vs ${plural(baseline, 'worker')}`;
}

/** A point of a panel, in px, with what it says in words (for its tooltip and screen readers). */
export interface PlotPoint {
  maxWorkers: number;
  runId: string;
  x: number;
  y: number;
  /** The spread of the point's runs, px: the slowest and the fastest (equal to y for one run). */
  yLow: number;
  yHigh: number;
  value: number;
  label: string;
}

export interface AxisTick {
  /** px along the axis. */
  at: number;
  label: string;
}

export interface PlotBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface CpuMarker {
  x: number;
  label: string;
  /** Which side of the line the label sits on: the left one when the line is at the far right. */
  anchor: 'start' | 'end';
}

export interface SweepPanel {
  kind: 'makespan' | 'speedup';
  title: string;
  box: PlotBox;
  xTicks: AxisTick[];
  yTicks: AxisTick[];
  points: PlotPoint[];
  /** SVG path through the points in worker order; '' with fewer than two. */
  line: string;
  /** SVG path of perfect scaling from the baseline: makespan × b / n, speedup n / b. */
  ideal: string;
  cpu: CpuMarker | null;
}

export interface SweepPlot {
  width: number;
  height: number;
  baseline: number | null;
  panels: [SweepPanel, SweepPanel];
}

export interface PlotSize {
  width: number;
  height: number;
}

/** Room for the axes around each panel's plot area, and between the two panels. */
export const PANEL_MARGIN = { left: 52, right: 14, top: 28, bottom: 42 } as const;
export const PANEL_GAP = 28;
/** Below this width each panel is too narrow to read: the panels stack instead. */
export const SIDE_BY_SIDE_MIN_WIDTH = 640;
/** The most samples drawn for the ideal makespan curve (a sweep may cover 256 worker counts). */
const MAX_IDEAL_SAMPLES = 200;

/**
 * The two panels, side by side in `size` (stacked when it is narrower than
 * SIDE_BY_SIDE_MIN_WIDTH). The x axis is max_workers over the sweep's whole range, so a sweep
 * still running fills its plot from the left.
 */
export function sweepPlot(input: SweepInput, size: PlotSize): SweepPlot {
  const { rows, baseline } = sweepRows(input.points);
  const side = size.width >= SIDE_BY_SIDE_MIN_WIDTH;
  const panelW = side ? (size.width - PANEL_GAP) / 2 : size.width;
  const panelH = side ? size.height : (size.height - PANEL_GAP) / 2;
  const boxAt = (i: number): PlotBox => {
    const left = (side ? i * (panelW + PANEL_GAP) : 0) + PANEL_MARGIN.left;
    const top = (side ? 0 : i * (panelH + PANEL_GAP)) + PANEL_MARGIN.top;
    const right = left - PANEL_MARGIN.left + panelW - PANEL_MARGIN.right;
    const bottom = top - PANEL_MARGIN.top + panelH - PANEL_MARGIN.bottom;
    return { left, top, right: Math.max(left + 1, right), bottom: Math.max(top + 1, bottom) };
  };
  const b = baseline ?? input.from;
  const base = rows[0];
  const idealMakespan = (n: number) => (base ? (base.makespanMs * b) / n : 0);
  const makespan = panel(input, boxAt(0), {
    kind: 'makespan',
    title: 'makespan (s)',
    rows,
    value: (r) => r.makespanMs,
    spread: (r) => [r.maxMs, r.minMs],
    yMax: Math.max(base?.makespanMs ?? 0, ...rows.map((r) => r.maxMs)) || 1000,
    ideal: base ? idealMakespan : null,
    tickLabel: (ms, step) => formatSeconds(ms / 1000, decimalsFor(step / 1000)),
    describe: (r) =>
      `makespan ${formatDuration(r.makespanMs)}` +
      (r.runs > 1
        ? ` (median of ${r.runs} runs, ${formatDuration(r.minMs)}–${formatDuration(r.maxMs)})`
        : ''),
  });
  const speedup = panel(input, boxAt(1), {
    kind: 'speedup',
    title: speedupTitle(b),
    rows,
    value: (r) => r.speedup,
    spread: (r) => [r.speedupLow, r.speedupHigh],
    yMax: Math.max(input.to / b, ...rows.map((r) => r.speedupHigh)),
    ideal: (n) => n / b,
    tickLabel: (x, step) => `${formatSeconds(x, decimalsFor(step))}×`,
    describe: (r) =>
      `${speedupTitle(b)} ${r.speedup.toFixed(2)}×` +
      (r.runs > 1 ? ` (${r.speedupLow.toFixed(2)}–${r.speedupHigh.toFixed(2)}×)` : ''),
  });
  return { width: size.width, height: size.height, baseline, panels: [makespan, speedup] };
}

interface PanelSpec {
  kind: SweepPanel['kind'];
  title: string;
  rows: SweepRow[];
  value: (row: SweepRow) => number;
  /** The spread around the value: low and high ends. */
  spread: (row: SweepRow) => [number, number];
  yMax: number;
  ideal: ((n: number) => number) | null;
  tickLabel: (value: number, step: number) => string;
  describe: (row: SweepRow) => string;
}

function panel(input: SweepInput, box: PlotBox, spec: PanelSpec): SweepPanel {
  const x = workersScale(input.from, input.to, box);
  const y = scaleLinear()
    .domain([0, spec.yMax * 1.05])
    .nice(5)
    .range([box.bottom, box.top]);
  const points = spec.rows.map((r) => ({
    maxWorkers: r.maxWorkers,
    runId: r.runId,
    x: x(r.maxWorkers),
    y: y(spec.value(r)),
    yLow: y(spec.spread(r)[0]),
    yHigh: y(spec.spread(r)[1]),
    value: spec.value(r),
    label: `${plural(r.maxWorkers, 'worker')}: ${spec.describe(r)}`,
  }));
  const first = spec.rows[0]?.maxWorkers ?? input.from;
  const ideal = spec.ideal;
  return {
    kind: spec.kind,
    title: spec.title,
    box,
    xTicks: workerTicks(x, box, input.from, input.to),
    yTicks: valueTicks(y, box, spec.tickLabel),
    points,
    line: pathThrough(points),
    ideal: ideal
      ? pathThrough(samples(first, input.to).map((n) => ({ x: x(n), y: y(ideal(n)) })))
      : '',
    cpu: cpuMarker(input, x, box),
  };
}

/** max_workers -> px, with half a step of air each side so the end points are not on the frame. */
export function workersScale(from: number, to: number, box: PlotBox): ScaleLinear<number, number> {
  const pad = from === to ? 1 : 0.5;
  return scaleLinear()
    .domain([from - pad, to + pad])
    .range([box.left, box.right]);
}

/** Whole worker counts from `from` to `to` only, about one per 44 px. */
export function workerTicks(
  x: ScaleLinear<number, number>,
  box: PlotBox,
  from: number,
  to: number,
): AxisTick[] {
  const count = Math.max(2, Math.floor((box.right - box.left) / 44));
  return x
    .ticks(count)
    .filter((n) => Number.isInteger(n) && n >= from && n <= to)
    .map((n) => ({ at: x(n), label: String(n) }));
}

function valueTicks(
  y: ScaleLinear<number, number>,
  box: PlotBox,
  label: (value: number, step: number) => string,
): AxisTick[] {
  const ticks = y.ticks(Math.max(2, Math.min(6, Math.floor((box.bottom - box.top) / 36))));
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : 1;
  return ticks.map((v) => ({ at: y(v), label: label(v, step) }));
}

/** The dashed line at the CPU count, when it is inside the sweep's range. */
function cpuMarker(
  input: SweepInput,
  x: ScaleLinear<number, number>,
  box: PlotBox,
): CpuMarker | null {
  const { cpuCount, from, to } = input;
  if (cpuCount < from || cpuCount > to) return null;
  const at = x(cpuCount);
  const label = `CPU count = ${cpuCount}`;
  // The label is about 7 px per character at the axis font: flip it when it would leave the plot.
  return { x: at, label, anchor: at + 6 + label.length * 7 > box.right ? 'end' : 'start' };
}

/** Whole numbers from `from` to `to`, thinned to at most MAX_IDEAL_SAMPLES (ends kept). */
export function samples(from: number, to: number): number[] {
  if (to < from) return [];
  const step = Math.max(1, Math.ceil((to - from) / MAX_IDEAL_SAMPLES));
  const out: number[] = [];
  for (let n = from; n < to; n += step) out.push(n);
  out.push(to);
  return out;
}

function pathThrough(points: readonly { x: number; y: number }[]): string {
  if (points.length < 2) return '';
  const r = (v: number) => Math.round(v * 100) / 100;
  return points.map((p, i) => `${i ? 'L' : 'M'}${r(p.x)} ${r(p.y)}`).join('');
}

/** Calls that take this much longer past the CPU count were sharing cores. */
export const SLOWDOWN_FACTOR = 1.25;
/** Runs of one point this far apart (slowest ÷ fastest) say the machine was busy. */
export const NOISY_SPREAD = 1.25;

/** What the reading needs beyond the points: the workload's call count, when known. */
export type ReadingInput = SweepInput & { calls?: number };

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/**
 * What the sweep's numbers show, each claim quoting them: the start-up (measured apart, not in
 * the makespans), the shape past the CPU count (kept rising: the calls wait; flattened and each
 * call took longer: the cores; flattened without: too few calls, in rounds), and a spread wide
 * enough to distrust. Null until there is a point.
 */
export function sweepReading(input: ReadingInput): string | null {
  const { rows } = sweepRows(input.points);
  if (rows.length === 0) return null;
  const sentences: string[] = [];
  const started = rows.filter((r) => r.startupMs > 0);
  if (started.length > 0) {
    const lo = Math.min(...started.map((r) => r.startupMs));
    const hi = Math.max(...started.map((r) => r.startupMs));
    const span = lo === hi ? seconds(lo) : `${seconds(lo)} to ${seconds(hi)}`;
    sentences.push(
      `Starting the workers took ${span} per pool; each run's clock started once they were ready, ` +
        'so the makespans measure scheduling only.',
    );
  }
  const shape = shapeReading(rows, input);
  if (shape) sentences.push(shape);
  const noisy = rows.filter((r) => r.runs > 1 && r.minMs > 0 && r.maxMs / r.minMs >= NOISY_SPREAD);
  if (noisy.length > 0) {
    const worst = noisy.reduce((a, b) => (b.maxMs / b.minMs > a.maxMs / a.minMs ? b : a));
    sentences.push(
      `The runs of one point differed by up to ${((worst.maxMs / worst.minMs - 1) * 100).toFixed(0)}% ` +
        `(${seconds(worst.minMs)}–${seconds(worst.maxMs)} at ${plural(worst.maxWorkers, 'worker')}): ` +
        'other work on this machine; the medians are drawn, the spread as whiskers.',
    );
  }
  return sentences.length > 0 ? sentences.join(' ') : null;
}

/** The sentence on the shape past the CPU count, or null without points on both sides of it. */
function shapeReading(rows: readonly SweepRow[], input: ReadingInput): string | null {
  const { cpuCount, calls } = input;
  const at = rows.filter((r) => r.maxWorkers <= cpuCount).at(-1);
  const past = rows.at(-1);
  if (!at || !past || past.maxWorkers <= cpuCount) return null;
  const ideal = at.speedup * (past.maxWorkers / at.maxWorkers);
  const cpus = plural(cpuCount, 'CPU');
  const numbers =
    `${at.speedup.toFixed(2)}× at ${plural(at.maxWorkers, 'worker')}, ` +
    `${past.speedup.toFixed(2)}× at ${past.maxWorkers}`;
  if (past.speedup - at.speedup >= 0.5 * (ideal - at.speedup)) {
    return (
      `The speedup kept rising past the ${cpus} (${numbers}): these calls wait rather than ` +
      'compute, so extra workers overlap their waits.'
    );
  }
  const slowdown = at.totalTaskMs > 0 ? past.totalTaskMs / at.totalTaskMs : 1;
  if (slowdown >= SLOWDOWN_FACTOR) {
    return (
      `The speedup flattens at the ${cpus} (${numbers}): every core is already busy, so extra ` +
      `workers only take turns on them, and each call took ${slowdown.toFixed(1)}× as long.`
    );
  }
  const rounds = (n: number) => (calls ? Math.ceil(calls / n) : null);
  const [ra, rp] = [rounds(at.maxWorkers), rounds(past.maxWorkers)];
  if (calls && ra !== null && rp !== null && rp < ra) {
    // More workers did cut the rounds, and the calls did not slow down: what is left is the
    // time around the calls.
    return (
      `The speedup rose less than the extra workers allow (${numbers}), though ${calls} calls ` +
      `take ${plural(rp, 'round')} on ${plural(past.maxWorkers, 'worker')} against ` +
      `${plural(ra, 'round')} on ${at.maxWorkers} and each call took as long as before: the ` +
      'time between calls (dispatch, results, other work on this machine) held it back.'
    );
  }
  const why =
    calls && ra !== null && rp !== null
      ? `${calls} calls take ${plural(rp, 'round')} on ${plural(past.maxWorkers, 'worker')}, ` +
        `as on ${at.maxWorkers}`
      : 'there were too few calls to keep more workers busy';
  return (
    `The speedup stopped rising (${numbers}), yet each call took as long as before: the cores ` +
    `were not the limit. ${why[0]!.toUpperCase()}${why.slice(1)}; add calls and sweep again.`
  );
}
