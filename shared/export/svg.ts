/**
 * The chart as a standalone SVG: for slides and reports, and the source of the PNG export.
 *
 * Standalone means it renders the same anywhere: explicit width, height and viewBox, a white
 * background, presentation attributes only (no stylesheet), generic font stacks (no web fonts),
 * and every piece of text escaped. It draws the same geometry and palette as the app: one lane per
 * worker PID (its lifetime shaded), one bar per task coloured by function, the queue wait as a thin
 * line above the lane, failures hatched with a red outline and ✕, cancelled tasks hollow and dashed
 * on a "not run" lane, running tasks striped with an open right edge, calls on the bars wide
 * enough to hold them (the app's rule), max_workers changes as dashed lines, a time axis in
 * seconds and a legend.
 *
 * Dense runs stay small: narrow bars merge into runs at most 2 px wide (chart/aggregate.ts), so
 * the file grows with the chart's width, not with the number of tasks.
 */
import { formatDuration } from '../chart/axis';
import {
  barsFor,
  laneIndex,
  lanesFor,
  timeExtent,
  timeScale,
  unrunBarsFor,
  workerNoun,
  type LaneLayout,
} from '../chart/geometry';
import { colorFor, functionsIn } from '../palette';
import { summarize } from '../stats';
import type { TaskStatus, Trace } from '../trace';
import { localDateParts } from './file-names';
import { maxWorkersLabel } from '../chart/labels';
import {
  axisMarkup,
  barMarkup,
  barRuns,
  barTextMarkup,
  exitMarkup,
  laneMarkup,
  markMarkup,
  waitMarkup,
  type Frame,
} from './svg-chart';
import { attrs, el, patternDefs } from './svg-markup';
import { legend } from './svg-parts';

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

export function traceToSvg(trace: Trace, opts: SvgOptions = {}): string {
  const width = Math.max(MIN_WIDTH, Math.round(opts.width ?? 1200));
  const frame = frameFor(trace, width, opts.now);
  const fns = functionsIn(trace.tasks);
  const color = (fn: string) => colorFor(fn, fns);
  const runs = barRuns(frame);
  const axis = axisMarkup(frame);
  const key = legend(
    {
      functions: fns.map((fn) => ({ fn, color: color(fn) })),
      statuses: new Set<TaskStatus>(runs.map((run) => run.status)),
      mergedFailures: runs.some((run) => !run.bar && run.failed > 0),
      waits: frame.bars.some((bar) => bar.waitX0 !== undefined),
      resizes: trace.marks.length > 0,
      deaths: frame.lanes.some((lane) => lane.abnormalExit),
    },
    16,
    width - 16,
    axis.bottom + 26,
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
    ...laneMarkup(frame),
    ...axis.markup,
    ...waitMarkup(frame),
    ...runs.map((run) => barMarkup(trace, run, color(run.fn))),
    ...barTextMarkup(trace, runs, color),
    ...exitMarkup(frame),
    ...markMarkup(frame, trace.marks),
    key.markup,
    '</svg>',
    '',
  ].join('\n');
}

/** The chart's geometry, from the same pure functions the app's chart uses. */
function frameFor(trace: Trace, width: number, now: number | undefined): Frame {
  const domain = timeExtent(trace, now);
  const x = timeScale(domain, width, MARGIN);
  const [x0, x1] = x.range() as [number, number];
  const lanes = lanesFor(trace);
  const bars = barsFor(trace.tasks, laneIndex(lanes), x, LAYOUT, now ?? domain[1]);
  const unrun = unrunBarsFor(trace.tasks, lanes.length, x, LAYOUT);
  return { x, end: domain[1], x0, x1, layout: LAYOUT, lanes, bars, unrun };
}

function defaultTitle(trace: Trace, date: Date): string {
  const { year, month, day, hours, minutes } = localDateParts(date);
  const when = `${year}-${month}-${day} ${hours}:${minutes}`;
  return `${trace.name} · ${maxWorkersLabel(trace).replace('=', ' = ')} · ${when}`;
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** The numbers under the title: what the chart answers. */
function subtitle(trace: Trace): string {
  const s = summarize(trace);
  const parts = [
    `${plural(s.tasks, 'task')} on ${plural(s.perWorker.length, workerNoun(trace))}`,
    `makespan ${formatDuration(s.makespanMs)}`,
    `total task time ${formatDuration(s.totalTaskMs)}`,
    `speedup ${s.speedup.toFixed(2)}×`,
  ];
  if (s.failed) parts.push(`${s.failed} failed`);
  if (s.cancelled) parts.push(`${s.cancelled} cancelled`);
  parts.push(`master PID ${trace.masterPid}`, `${trace.cpuCount} CPUs`);
  return parts.join(' · ');
}
