/**
 * The SVG chart's body, drawn on a `Frame`: lanes, time axis, queue waits, bars with their calls
 * and glyphs, and max_workers marks. Each function returns its elements in drawing order.
 */
import type { ScaleLinear } from 'd3';
import { formatCall } from '../catalog';
import { runOf, aggregateBars, waitSpans, type BarRun } from '../chart/aggregate';
import { timeTicks } from '../chart/axis';
import { describeTask } from '../chart/describe';
import { laneTop, type Bar, type Lane, type LaneLayout } from '../chart/geometry';
import {
  LabelPicker,
  barText,
  labelledMarks,
  settledMarks,
  deathNote,
  textColorOn,
} from '../chart/labels';
import { DEATH_STYLE, RESIZE_STYLE, STATUS_STYLE, WAIT_STYLE } from '../palette';
import type { Trace, TraceMark } from '../trace';
import { el, group, textWidth } from './svg-markup';
import { failureStrip, glyphText, statusShape } from './svg-parts';

/** Where things go: the time scale, its px range, and the lanes' vertical layout. */
export interface Frame {
  x: ScaleLinear<number, number>;
  /** The time domain's end, in ms: where a worker that has not exited ends. */
  end: number;
  x0: number;
  x1: number;
  layout: LaneLayout;
  lanes: Lane[];
  /** Bars on worker lanes, and those of tasks that never ran (on one more lane). */
  bars: Bar[];
  unrun: Bar[];
}

export const laneY = ({ layout }: Frame, lane: number) => laneTop(layout, lane);

/** The bottom of the last lane (of one empty lane when there is none). */
export const lanesBottom = (frame: Frame) =>
  laneY(frame, Math.max(1, frame.lanes.length + (frame.unrun.length > 0 ? 1 : 0))) -
  frame.layout.laneGap;

/** Per lane: a band, the worker's lifetime shaded on it, the "PID n" label. */
export function laneMarkup(frame: Frame): string[] {
  const { x, x0, x1, layout, lanes } = frame;
  const out: string[] = [];
  const band = (lane: number, label: string) => {
    const y = laneY(frame, lane);
    out.push(
      el('rect', { x: x0, y, width: x1 - x0, height: layout.laneHeight, fill: '#F6F6F6' }),
      el('text', { x: x0 - 10, y: y + 16, 'font-size': 12, 'text-anchor': 'end' }, label),
    );
  };
  for (const lane of lanes) {
    band(lane.index, lane.label);
    const from = Math.max(x0, x(lane.spawnedAt));
    const to = Math.min(x1, x(lane.exitedAt ?? frame.end));
    const lifetime = { x: from, y: laneY(frame, lane.index), height: layout.laneHeight };
    if (to > from) out.push(el('rect', { ...lifetime, width: to - from, fill: '#E8E8E8' }));
  }
  if (frame.unrun.length > 0) band(lanes.length, 'not run');
  if (lanes.length === 0 && frame.unrun.length === 0) {
    const at = { x: x0 + 8, y: layout.top + 16, 'font-size': 12, fill: '#555555' };
    out.push(el('text', at, 'no task has started yet'));
  }
  return out;
}

/** Grid lines behind the lanes, and the axis under them in seconds; returns its bottom too. */
export function axisMarkup(frame: Frame): { markup: string[]; bottom: number } {
  const { x, x0, x1, layout } = frame;
  const bottom = lanesBottom(frame);
  const axisY = bottom + 10;
  const out = [el('line', { x1: x0, y1: axisY, x2: x1, y2: axisY, stroke: '#333333' })];
  for (const tick of timeTicks(x, Math.max(2, Math.floor((x1 - x0) / 90)))) {
    const tx = x(tick.ms);
    const label = { x: tx, y: axisY + 18, 'font-size': 11, 'text-anchor': 'middle' };
    out.push(
      el('line', { x1: tx, y1: layout.top - 4, x2: tx, y2: bottom, stroke: '#D8D8D8' }),
      el('line', { x1: tx, y1: axisY, x2: tx, y2: axisY + 5, stroke: '#333333' }),
      el('text', label, tick.label),
    );
  }
  const caption = { x: (x0 + x1) / 2, y: axisY + 36, 'font-size': 11, 'text-anchor': 'middle' };
  out.push(el('text', { ...caption, fill: '#555555' }, "seconds from the run's start"));
  return { markup: out, bottom: axisY + 36 };
}

/** The queue waits, as one thin line per lane-stretch just above the lane. */
export function waitMarkup(frame: Frame): string[] {
  const stroke = { stroke: WAIT_STYLE.color, 'stroke-width': WAIT_STYLE.lineWidth };
  return waitSpans(frame.bars).map((span) => {
    const y = laneY(frame, span.lane) - 4;
    return el('line', { x1: span.x0, y1: y, x2: span.x1, y2: y, ...stroke });
  });
}

/** The bars as drawn: narrow neighbours merged (chart/aggregate.ts); unrun tasks kept single. */
export function barRuns(frame: Frame): BarRun[] {
  return [...aggregateBars(frame.bars), ...frame.unrun.map(runOf)];
}

/**
 * One bar, with its task's data attributes and hover text; or a merged run in its majority's
 * colour and status, with a red strip along its foot when some of its tasks failed.
 */
export function barMarkup(trace: Trace, run: BarRun, fill: string): string {
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

/** Glyphs closer than this on one lane are dropped: one ✕ per cluster of narrow bars. */
const GLYPH_SPACING_PX = 10;
/** The calls on bars, as in the app. */
const CALL_SIZE = 11;

/**
 * What single bars say, by the app's rule (chart/labels.ts): a bar wide enough carries its status
 * glyph at its end and its call ("slow_add(1, 6, 7)", cut to fit), in the dark or white that
 * reads on its colour, with a halo of that colour over hatching and stripes. Narrower bars keep a
 * centred glyph (a failure or a cancellation is never shown by colour alone), at most one per
 * `GLYPH_SPACING_PX` on a lane.
 */
export function barTextMarkup(
  trace: Trace,
  runs: readonly BarRun[],
  colorOf: (fn: string) => string,
): string[] {
  const out: string[] = [];
  const picker = new LabelPicker();
  const lastGlyph = new Map<number, number>();
  const measure = (text: string) => textWidth(text, CALL_SIZE);
  for (const run of runs) {
    if (!run.bar) continue;
    const glyph = STATUS_STYLE[run.status].glyph;
    const width = run.x1 - run.x0;
    const mid = run.y + run.height / 2;
    if (picker.take(run.lane, run.x0, width)) {
      const task = trace.tasks[run.bar.taskId];
      const call = task ? formatCall(task.fn, task.args) : '';
      const placed = barText(run.x0, width, run.height, call, glyph, measure);
      const color = colorOf(run.fn);
      if (placed.text) {
        const at = { x: placed.textX, y: mid + CALL_SIZE * 0.35, 'font-size': CALL_SIZE };
        const halo = { stroke: color, 'stroke-width': 3, 'stroke-linejoin': 'round' };
        out.push(
          el(
            'text',
            { ...at, fill: textColorOn(color), ...halo, 'paint-order': 'stroke' },
            placed.text,
          ),
        );
      }
      if (placed.glyphX !== null) out.push(glyphText(run.status, placed.glyphX, mid));
      continue;
    }
    if (!glyph) continue;
    const cx = (run.x0 + run.x1) / 2;
    if (cx - (lastGlyph.get(run.lane) ?? -Infinity) < GLYPH_SPACING_PX) continue;
    lastGlyph.set(run.lane, cx);
    out.push(glyphText(run.status, cx, mid));
  }
  return out;
}

/** The size of the max_workers labels. */
const MARK_SIZE = 11;

/**
 * A dashed line across the lanes where max_workers changed, labelled with the new value where
 * labels do not overlap; a drag of the slider is one mark, at the value the user settled on (the
 * rules the app's chart uses).
 */
export function markMarkup(frame: Frame, all: readonly TraceMark[]): string[] {
  const marks = settledMarks(all);
  const { top } = frame.layout;
  const line = {
    stroke: RESIZE_STYLE.color,
    'stroke-width': RESIZE_STYLE.lineWidth,
    'stroke-dasharray': RESIZE_STYLE.dash.join(' '),
  };
  const texts = marks.map((mark) => `max_workers → ${mark.maxWorkers}`);
  const xs = marks.map((mark) => frame.x(mark.t));
  const widest = Math.max(0, ...texts.map((text) => textWidth(text, MARK_SIZE)));
  const labelled = labelledMarks(xs, widest + 8);
  return xs.flatMap((mx, i) => {
    const label = { x: mx + 3, y: top - 16, 'font-size': MARK_SIZE, fill: RESIZE_STYLE.color };
    const mark = el('line', { x1: mx, y1: top - 14, x2: mx, y2: lanesBottom(frame) + 4, ...line });
    return labelled.has(i) ? [mark, el('text', label, texts[i]!)] : [mark];
  });
}

const EXIT_SIZE = 11;

/**
 * Where a worker ended abnormally (killed, crashed, a non-zero exit): a red line across its lane
 * and "✕ killed by SIGKILL" beside it, or only the ✕ where that would cover bars (deathNote, as the
 * app draws it).
 */
export function exitMarkup(frame: Frame): string[] {
  const { x, x0, x1, layout } = frame;
  return frame.lanes.flatMap((lane) => {
    if (lane.exitedAt === undefined || !lane.abnormalExit) return [];
    const ex = x(lane.exitedAt);
    if (ex < x0 - 0.5 || ex > x1 + 0.5) return [];
    const y = laneY(frame, lane.index);
    const at = deathNote(ex, lane.abnormalExit, x1, (text) => textWidth(text, EXIT_SIZE));
    const note = {
      x: at.x,
      y: y + layout.laneHeight / 2 + EXIT_SIZE * 0.35,
      'font-size': EXIT_SIZE,
      'font-weight': 'bold',
      'text-anchor': at.anchor,
      fill: DEATH_STYLE.color,
      stroke: '#FFFFFF',
      'stroke-width': 3,
      'stroke-linejoin': 'round',
      'paint-order': 'stroke',
    };
    const line = { x1: ex, x2: ex, y1: y - 1, y2: y + layout.laneHeight + 1 };
    return [
      group(
        'line',
        { ...line, stroke: DEATH_STYLE.color, 'stroke-width': DEATH_STYLE.lineWidth },
        el('title', {}, `${lane.label} exited (${lane.abnormalExit})`),
      ),
      el('text', note, at.text),
    ];
  });
}
