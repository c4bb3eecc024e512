/**
 * A sweep's exports: the plot as a standalone SVG (the source of the PNG too) and its numbers as
 * CSV. Standalone as in svg.ts: explicit size and viewBox, a white background, presentation
 * attributes only, generic fonts, every text escaped. The geometry is chart/sweep.ts's, the same
 * the app draws.
 */
import type { SweepRecord } from '../contract';
import {
  measuredLabel,
  speedupTitle,
  sweepPlot,
  sweepReading,
  sweepRows,
  type SweepPanel,
} from '../chart/sweep';
import { csvField } from './csv';
import { localDateParts } from './file-names';
import { attrs, el, group, textWidth } from './svg-markup';

/** The plot's colours, shared with the app's chart so a slide looks like the screen. */
export const SWEEP_STYLE = {
  measured: '#2F6FB5',
  ideal: '#8A8F99',
  idealDash: '6 4',
  cpu: '#B35806',
  cpuDash: '3 3',
  grid: '#E6E8EC',
  axis: '#4A5262',
  text: '#222222',
  muted: '#555555',
} as const;

export const SWEEP_CSV_COLUMNS = [
  'max_workers',
  'runs',
  'makespan_s',
  'makespan_min_s',
  'makespan_max_s',
  'speedup',
  'parallelism',
  'busy_s',
  'startup_s',
  'run_id',
] as const;

/**
 * One row per measured worker count, ascending; seconds with 6 decimals (µs). `makespan_s` is the
 * median of the point's `runs`, `makespan_min_s`/`makespan_max_s` their spread; `speedup` is
 * "speedup vs the sweep's smallest worker count" (its median makespan ÷ this median makespan);
 * `parallelism` is "busy time ÷ makespan" of the median run, `busy_s` that run's busy time (the
 * sum of its calls' run times); `startup_s` the median time to start the pool's workers before the
 * clock started (empty when not measured); `run_id` the median run. RFC 4180, CRLF line ends.
 */
export function sweepToCsv(sweep: Pick<SweepRecord, 'points'>): string {
  const lines: string[] = [SWEEP_CSV_COLUMNS.join(',')];
  const sec = (ms: number) => (ms / 1000).toFixed(6);
  for (const r of sweepRows(sweep.points).rows) {
    const cells = [
      String(r.maxWorkers),
      String(r.runs),
      sec(r.makespanMs),
      sec(r.minMs),
      sec(r.maxMs),
      r.speedup.toFixed(4),
      r.parallelism.toFixed(4),
      sec(r.totalTaskMs),
      r.startupMs > 0 ? sec(r.startupMs) : '',
      r.runId,
    ];
    lines.push(cells.map(csvField).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

export interface SweepSvgOptions {
  /** Width in px; default 1200. */
  width?: number;
  /** The date in the title; default: the sweep's start. */
  date?: Date;
}

const FONT = 'DejaVu Sans, Arial, Helvetica, sans-serif';
const MIN_WIDTH = 480;
const PLOT_TOP = 84;
const PLOT_HEIGHT = 380;
const SIDE = 16;
const READING_SIZE = 13;
const READING_LINE = 18;

/** `text` in lines that fit `width` px at `size` (widths estimated, as everywhere in the SVG). */
export function wrap(text: string, width: number, size: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && textWidth(next, size) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

export function sweepToSvg(sweep: SweepRecord, opts: SweepSvgOptions = {}): string {
  const width = Math.max(MIN_WIDTH, Math.round(opts.width ?? 1200));
  const plot = sweepPlot(sweep, { width: width - 2 * SIDE, height: PLOT_HEIGHT });
  const stacked = plot.panels[1].box.top > plot.panels[0].box.bottom;
  const plotHeight = stacked ? 2 * PLOT_HEIGHT : PLOT_HEIGHT;
  const reading = wrap(sweepReading(sweep) ?? '', width - 2 * SIDE, READING_SIZE);
  const legendTop = PLOT_TOP + plotHeight + 14;
  const readingY = legendTop + 36;
  const height = reading.length ? readingY + READING_LINE * reading.length : legendTop + 30;
  const title = `${sweep.name} · sweep of max_workers ${sweep.from}–${sweep.to} · ${localDateTime(
    opts.date ?? new Date(sweep.startedAt),
  )}`;
  const root = { xmlns: 'http://www.w3.org/2000/svg', width, height };
  return [
    `<svg${attrs({ ...root, viewBox: `0 0 ${width} ${height}`, 'font-family': FONT })}>`,
    el('title', {}, title),
    el('rect', { x: 0, y: 0, width, height, fill: '#FFFFFF' }),
    el('text', { x: SIDE, y: 26, 'font-size': 17, 'font-weight': 'bold', fill: '#222222' }, title),
    el('text', { x: SIDE, y: 46, 'font-size': 12, fill: '#444444' }, subtitle(sweep)),
    group(
      'g',
      { transform: `translate(${SIDE} ${PLOT_TOP})` },
      plot.panels.map(panelMarkup).join('\n'),
    ),
    legendMarkup(SIDE, legendTop, plot.panels[0].cpu !== null, sweep.repeats),
    ...reading.map((line, i) =>
      el(
        'text',
        { x: SIDE, y: readingY + i * READING_LINE, 'font-size': READING_SIZE, fill: '#222222' },
        line,
      ),
    ),
    '</svg>',
    '',
  ].join('\n');
}

/** "2026-11-24 19:42", local time: as the chart titles date a run. */
export function localDateTime(date: Date): string {
  const { year, month, day, hours, minutes } = localDateParts(date);
  return `${year}-${month}-${day} ${hours}:${minutes}`;
}

function subtitle(sweep: SweepRecord): string {
  const { baseline } = sweepRows(sweep.points);
  const total = sweep.to - sweep.from + 1;
  const parts = [
    `${sweep.points.length} of ${total} worker counts measured, ` +
      `${sweep.repeats && sweep.repeats > 1 ? `median of ${sweep.repeats} runs each (whiskers: fastest–slowest), ` : ''}` +
      'each on a fresh pool started before the clock',
    `${sweep.cpuCount} CPUs`,
  ];
  if (baseline !== null) parts.push(`${speedupTitle(baseline)} = its makespan ÷ makespan at n`);
  if (sweep.status !== 'completed') parts.push(sweep.status);
  return parts.join(' · ');
}

/** One panel: grid, axes and their labels, the ideal line, the CPU marker, then the data. */
function panelMarkup(p: SweepPanel): string {
  const { box } = p;
  const s = SWEEP_STYLE;
  const small = { 'font-size': 11, fill: s.muted };
  const out: string[] = [
    el(
      'text',
      { x: box.left, y: box.top - 12, 'font-size': 13, 'font-weight': 'bold', fill: s.text },
      p.title,
    ),
  ];
  for (const t of p.yTicks) {
    out.push(el('line', { x1: box.left, y1: t.at, x2: box.right, y2: t.at, stroke: s.grid }));
    out.push(el('text', { ...small, x: box.left - 6, y: t.at + 4, 'text-anchor': 'end' }, t.label));
  }
  for (const t of p.xTicks) {
    out.push(
      el('line', { x1: t.at, y1: box.bottom, x2: t.at, y2: box.bottom + 4, stroke: s.axis }),
    );
    out.push(
      el('text', { ...small, x: t.at, y: box.bottom + 16, 'text-anchor': 'middle' }, t.label),
    );
  }
  out.push(
    el('path', {
      d: `M${box.left} ${box.top}V${box.bottom}H${box.right}`,
      fill: 'none',
      stroke: s.axis,
    }),
    el(
      'text',
      { ...small, x: (box.left + box.right) / 2, y: box.bottom + 34, 'text-anchor': 'middle' },
      'max_workers',
    ),
  );
  if (p.cpu) {
    const { x, label, anchor } = p.cpu;
    out.push(
      el('line', {
        x1: x,
        y1: box.top,
        x2: x,
        y2: box.bottom,
        stroke: s.cpu,
        'stroke-width': 1.5,
        'stroke-dasharray': s.cpuDash,
      }),
      el(
        'text',
        {
          x: anchor === 'start' ? x + 5 : x - 5,
          y: box.top + 12,
          'font-size': 11,
          fill: s.cpu,
          'text-anchor': anchor,
        },
        label,
      ),
    );
  }
  if (p.ideal) {
    out.push(
      el('path', {
        d: p.ideal,
        fill: 'none',
        stroke: s.ideal,
        'stroke-width': 1.5,
        'stroke-dasharray': s.idealDash,
      }),
    );
  }
  if (p.line) {
    out.push(el('path', { d: p.line, fill: 'none', stroke: s.measured, 'stroke-width': 2 }));
  }
  for (const pt of p.points) {
    if (pt.yLow !== pt.yHigh) {
      const d = `M${pt.x} ${pt.yLow}V${pt.yHigh}M${pt.x - 4} ${pt.yLow}h8M${pt.x - 4} ${pt.yHigh}h8`;
      out.push(el('path', { d, fill: 'none', stroke: s.measured, 'stroke-width': 1.5 }));
    }
    out.push(
      group(
        'circle',
        {
          cx: pt.x,
          cy: pt.y,
          r: 4.5,
          fill: s.measured,
          stroke: '#FFFFFF',
          'stroke-width': 1.5,
          'data-max-workers': pt.maxWorkers,
          'data-value': pt.value,
        },
        el('title', {}, pt.label),
      ),
    );
  }
  return group('g', { 'data-panel': p.kind }, out.join(''));
}

/** The key: measured, ideal, and the CPU count marker when there is one. */
function legendMarkup(x0: number, top: number, cpu: boolean, repeats?: number): string {
  const s = SWEEP_STYLE;
  const y = top + 8;
  const items: { label: string; swatch: (x: number) => string }[] = [
    {
      label: measuredLabel(repeats),
      swatch: (x) =>
        el('line', { x1: x, y1: y, x2: x + 22, y2: y, stroke: s.measured, 'stroke-width': 2 }) +
        el('circle', { cx: x + 11, cy: y, r: 4, fill: s.measured }),
    },
    {
      label: 'ideal: perfect scaling from the first point',
      swatch: (x) =>
        el('line', {
          x1: x,
          y1: y,
          x2: x + 22,
          y2: y,
          stroke: s.ideal,
          'stroke-width': 1.5,
          'stroke-dasharray': s.idealDash,
        }),
    },
  ];
  if (cpu) {
    items.push({
      label: 'CPU count',
      swatch: (x) =>
        el('line', {
          x1: x + 11,
          y1: y - 8,
          x2: x + 11,
          y2: y + 8,
          stroke: s.cpu,
          'stroke-width': 1.5,
          'stroke-dasharray': s.cpuDash,
        }),
    });
  }
  let x = x0;
  const out: string[] = [];
  for (const item of items) {
    out.push(item.swatch(x));
    out.push(el('text', { x: x + 28, y: y + 4, 'font-size': 12, fill: s.text }, item.label));
    x += 28 + textWidth(item.label, 12) + 22;
  }
  return group('g', {}, out.join(''));
}
