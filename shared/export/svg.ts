/**
 * The chart as a standalone SVG: for slides and reports, and the source of the PNG export.
 *
 * Standalone means it renders the same anywhere: explicit width, height and viewBox, a white
 * background, presentation attributes only (no stylesheet), generic font stacks (no web fonts),
 * and every piece of text escaped. It draws the same geometry and palette as the app: one lane per
 * worker PID (its lifetime shaded), one bar per task coloured by function, the queue wait as a thin
 * line above the lane, failures hatched with a red outline and ✕, cancelled tasks hollow and dashed
 * on a "not run" lane, running tasks striped with an open right edge, max_workers changes as
 * dashed lines, a time axis in seconds and a legend.
 *
 * Dense runs stay small: narrow bars merge into runs at most 2 px wide (chart/aggregate.ts), so
 * the file grows with the chart's width, not with the number of tasks.
 */
import { aggregateBars, runOf, waitSpans, type BarRun } from '../chart/aggregate';
import { formatDuration, timeTicks } from '../chart/axis';
import { describeTask } from '../chart/describe';
import {
  barsFor,
  laneIndex,
  lanesFor,
  timeExtent,
  timeScale,
  unrunBarsFor,
  type LaneLayout,
} from '../chart/geometry';
import { RESIZE_STYLE, STATUS_STYLE, WAIT_STYLE, colorFor, functionsIn } from '../palette';
import { summarize } from '../stats';
import type { TaskStatus, Trace } from '../trace';
import { localDateParts } from './file-names';
import { attrs, el, patternDefs } from './svg-markup';
import { failureStrip, glyphText, legend, statusShape } from './svg-parts';

export interface SvgOptions {
  /** Width in px (the height follows from the lanes and the legend). Default 1200. */
  width?: number;
  /** Replaces the title line (by default: workload name, max_workers and date). */
  title?: string;
  /** The date in the default title; default: the run's start. */
  date?: Date;
  /** Where running bars end, in ms since the start; default: the end of the time extent. */
  now?: number;
}

const FONT = 'DejaVu Sans, Arial, Helvetica, sans-serif';
const MIN_WIDTH = 480;
const MARGIN = { left: 104, right: 32 };
const LAYOUT: LaneLayout = { top: 84, laneHeight: 24, laneGap: 12 };
/** Glyphs closer than this on one lane are dropped: one ✕ per cluster of narrow bars. */
const GLYPH_SPACING_PX = 10;

export function traceToSvg(trace: Trace, opts: SvgOptions = {}): string {
  const width = Math.max(MIN_WIDTH, Math.round(opts.width ?? 1200));
  const domain = timeExtent(trace, opts.now);
  const x = timeScale(domain, width, MARGIN);
  const [x0, x1] = x.range() as [number, number];
  const lanes = lanesFor(trace);
  const bars = barsFor(trace.tasks, laneIndex(lanes), x, LAYOUT, opts.now ?? domain[1]);
  const unrun = unrunBarsFor(trace.tasks, lanes.length, x, LAYOUT);
  const laneCount = lanes.length + (unrun.length > 0 ? 1 : 0);
  const laneY = (lane: number) => LAYOUT.top + lane * (LAYOUT.laneHeight + LAYOUT.laneGap);
  const lanesBottom = laneY(Math.max(1, laneCount)) - LAYOUT.laneGap;
  const fns = functionsIn(trace.tasks);
  const color = (fn: string) => colorFor(fn, fns);
  const body: string[] = [];

  // Lanes: a band, the worker's lifetime, the label.
  const band = (lane: number, label: string) => {
    const y = laneY(lane);
    body.push(
      el('rect', { x: x0, y, width: x1 - x0, height: LAYOUT.laneHeight, fill: '#F6F6F6' }),
      el('text', { x: x0 - 10, y: y + 16, 'font-size': 12, 'text-anchor': 'end' }, label),
    );
  };
  for (const lane of lanes) {
    band(lane.index, lane.label);
    const from = Math.max(x0, x(lane.spawnedAt));
    const to = Math.min(x1, x(lane.exitedAt ?? domain[1]));
    if (to <= from) continue;
    const y = laneY(lane.index);
    body.push(
      el('rect', { x: from, y, width: to - from, height: LAYOUT.laneHeight, fill: '#E8E8E8' }),
    );
  }
  if (unrun.length > 0) band(lanes.length, 'not run');
  if (laneCount === 0) {
    const at = { x: x0 + 8, y: LAYOUT.top + 16, 'font-size': 12, fill: '#555555' };
    body.push(el('text', at, 'no task has started yet'));
  }

  // Time grid and axis.
  const axisY = lanesBottom + 10;
  body.push(el('line', { x1: x0, y1: axisY, x2: x1, y2: axisY, stroke: '#333333' }));
  for (const tick of timeTicks(x, Math.max(2, Math.floor((x1 - x0) / 90)))) {
    const tx = x(tick.ms);
    const label = { x: tx, y: axisY + 18, 'font-size': 11, 'text-anchor': 'middle' };
    body.push(
      el('line', { x1: tx, y1: LAYOUT.top - 4, x2: tx, y2: lanesBottom, stroke: '#D8D8D8' }),
      el('line', { x1: tx, y1: axisY, x2: tx, y2: axisY + 5, stroke: '#333333' }),
      el('text', label, tick.label),
    );
  }
  const caption = { x: (x0 + x1) / 2, y: axisY + 36, 'font-size': 11, 'text-anchor': 'middle' };
  body.push(el('text', { ...caption, fill: '#555555' }, "seconds from the run's start"));

  // Queue waits, just above each lane.
  for (const span of waitSpans(bars)) {
    const y = laneY(span.lane) - 4;
    const stroke = { stroke: WAIT_STYLE.color, 'stroke-width': WAIT_STYLE.lineWidth };
    body.push(el('line', { x1: span.x0, y1: y, x2: span.x1, y2: y, ...stroke }));
  }

  // Bars, then their glyphs on top.
  const runs = [...aggregateBars(bars), ...unrun.map(runOf)];
  body.push(...runs.map((run) => barMarkup(trace, run, color(run.fn))));
  body.push(...glyphsFor(runs));

  // max_workers changes.
  for (const mark of trace.marks) {
    const mx = x(mark.t);
    const line = {
      stroke: RESIZE_STYLE.color,
      'stroke-width': RESIZE_STYLE.lineWidth,
      'stroke-dasharray': RESIZE_STYLE.dash.join(' '),
    };
    const label = { x: mx + 3, y: LAYOUT.top - 16, 'font-size': 11, fill: RESIZE_STYLE.color };
    body.push(
      el('line', { x1: mx, y1: LAYOUT.top - 14, x2: mx, y2: lanesBottom + 4, ...line }),
      el('text', label, `max_workers → ${mark.maxWorkers}`),
    );
  }

  const key = legend(
    {
      functions: fns.map((fn) => ({ fn, color: color(fn) })),
      statuses: new Set<TaskStatus>(runs.map((run) => run.status)),
      mergedFailures: runs.some((run) => !run.bar && run.failed > 0),
      waits: bars.some((bar) => bar.waitX0 !== undefined),
      resizes: trace.marks.length > 0,
    },
    16,
    width - 16,
    axisY + 62,
  );
  const height = Math.ceil(key.bottom + 16);
  const title = opts.title ?? defaultTitle(trace, opts.date ?? new Date(trace.startedAt));
  const root = { xmlns: 'http://www.w3.org/2000/svg', width, height };
  return [
    `<svg${attrs({ ...root, viewBox: `0 0 ${width} ${height}`, 'font-family': FONT })}>`,
    el('title', {}, title),
    patternDefs(),
    el('rect', { x: 0, y: 0, width, height, fill: '#FFFFFF' }),
    el('text', { x: 16, y: 26, 'font-size': 17, 'font-weight': 'bold', fill: '#222222' }, title),
    el('text', { x: 16, y: 46, 'font-size': 12, fill: '#444444' }, subtitle(trace)),
    ...body,
    key.markup,
    '</svg>',
    '',
  ].join('\n');
}

function defaultTitle(trace: Trace, date: Date): string {
  const { year, month, day, hours, minutes } = localDateParts(date);
  const when = `${year}-${month}-${day} ${hours}:${minutes}`;
  return `${trace.name} · max_workers = ${trace.maxWorkers} · ${when}`;
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** The numbers under the title: what the chart answers. */
function subtitle(trace: Trace): string {
  const s = summarize(trace);
  const parts = [
    `${plural(s.tasks, 'task')} on ${plural(s.perWorker.length, 'worker PID')}`,
    `makespan ${formatDuration(s.makespanMs)}`,
    `total task time ${formatDuration(s.totalTaskMs)}`,
    `speedup ${s.speedup.toFixed(2)}×`,
  ];
  if (s.failed) parts.push(`${s.failed} failed`);
  if (s.cancelled) parts.push(`${s.cancelled} cancelled`);
  parts.push(`master PID ${trace.masterPid}`, `${trace.cpuCount} CPUs`);
  return parts.join(' · ');
}

/**
 * One bar, with its task's data attributes and hover text; or a merged run in its majority's
 * colour and status, with a red strip along its foot when some of its tasks failed.
 */
function barMarkup(trace: Trace, run: BarRun, fill: string): string {
  const box = { x: run.x0, y: run.y, width: run.x1 - run.x0, height: run.height };
  const task = run.bar ? trace.tasks[run.bar.taskId] : undefined;
  if (task) {
    const data = { 'data-task-id': task.id, 'data-pid': task.pid, 'data-status': task.status };
    return statusShape(box, run.status, fill, data, describeTask(task));
  }
  const failed = run.failed ? `, ${run.failed} failed` : '';
  const data = { 'data-count': run.count, 'data-failed': run.failed || undefined };
  const merged = statusShape(box, run.status, fill, data, `${run.count} tasks (merged)${failed}`);
  return run.failed ? merged + failureStrip(box) : merged;
}

/**
 * Status glyphs on single bars, also on bars too narrow to hold them (a failure or a
 * cancellation is never shown by colour alone), at most one per `GLYPH_SPACING_PX` on a lane.
 */
function glyphsFor(runs: readonly BarRun[]): string[] {
  const glyphs: string[] = [];
  const lastX = new Map<number, number>();
  for (const run of runs) {
    if (!run.bar || !STATUS_STYLE[run.status].glyph) continue;
    const cx = (run.x0 + run.x1) / 2;
    if (cx - (lastX.get(run.lane) ?? -Infinity) < GLYPH_SPACING_PX) continue;
    lastX.set(run.lane, cx);
    glyphs.push(glyphText(run.status, cx, run.y + run.height / 2));
  }
  return glyphs;
}
