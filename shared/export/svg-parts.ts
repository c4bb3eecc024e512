/** The SVG's bar shapes and legend: status marks drawn the same way on the chart and in the key. */
import { DEATH_STYLE, FAILURE_RED, RESIZE_STYLE, STATUS_STYLE, WAIT_STYLE } from '../palette';
import type { TaskStatus } from '../trace';
import { HATCH_ID, STRIPES_ID, attrs, el, num, textWidth, xmlText, type Attrs } from './svg-markup';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * A box in a function's colour with its status marks: the fill (nearly hollow when cancelled),
 * the hatch or stripe overlay, the outline (dashed when cancelled, open on the right while
 * running). `extra` attributes and a `<title>` tooltip go on the main rect.
 */
export function statusShape(
  box: Box,
  status: TaskStatus,
  fill: string,
  extra: Attrs = {},
  tooltip?: string,
): string {
  const style = STATUS_STYLE[status];
  const outline: Attrs =
    style.stroke && !style.openRight
      ? {
          stroke: style.stroke,
          'stroke-width': style.strokeWidth,
          'stroke-dasharray': style.dash.length ? style.dash.join(' ') : undefined,
        }
      : {};
  const rect = {
    ...box,
    fill,
    'fill-opacity': style.fillOpacity < 1 ? style.fillOpacity : undefined,
    ...outline,
    ...extra,
  };
  let markup =
    tooltip === undefined
      ? el('rect', rect)
      : `<rect${attrs(rect)}><title>${xmlText(tooltip)}</title></rect>`;
  if (style.pattern !== 'none') {
    const id = style.pattern === 'hatch' ? HATCH_ID : STRIPES_ID;
    markup += el('rect', { ...box, fill: `url(#${id})` });
  }
  if (style.openRight && style.stroke) {
    const { x, y, width, height } = box;
    markup += el('path', {
      d: `M${num(x + width)} ${num(y)}H${num(x)}V${num(y + height)}H${num(x + width)}`,
      fill: 'none',
      stroke: style.stroke,
      'stroke-width': style.strokeWidth,
    });
  }
  return markup;
}

/** A status glyph (✕, ⊘, ▸) centred at (cx, cy). */
export function glyphText(status: TaskStatus, cx: number, cy: number, size = 13): string {
  return el(
    'text',
    {
      x: cx,
      y: cy + size * 0.38,
      'font-size': size,
      'font-weight': 'bold',
      'text-anchor': 'middle',
      fill: status === 'failed' ? FAILURE_RED : '#222222',
    },
    STATUS_STYLE[status].glyph,
  );
}

/** The mark of failures inside a merged run: a red strip along the foot of the box. */
export function failureStrip({ x, y, width, height }: Box): string {
  return el('rect', { x, y: y + height - 4, width, height: 4, fill: FAILURE_RED });
}

export interface LegendInput {
  /** Function names in legend order, with their colours. */
  functions: { fn: string; color: string }[];
  /** The statuses that appear on the chart: only their marks are explained. */
  statuses: ReadonlySet<TaskStatus>;
  /** Some merged runs hold failures. */
  mergedFailures: boolean;
  waits: boolean;
  resizes: boolean;
  /** A worker died (a lane ends in a red line). */
  deaths: boolean;
}

const SWATCH = { width: 18, height: 12 };
const FONT_SIZE = 12;
const ROW_HEIGHT = 20;
const ITEM_GAP = 18;
const NEUTRAL = '#BBBBBB';

/** The key, wrapped into rows between x0 and x1 from `top`; returns its markup and bottom y. */
export function legend(
  input: LegendInput,
  x0: number,
  x1: number,
  top: number,
): { markup: string; bottom: number } {
  const items: { label: string; swatch: (box: Box) => string }[] = input.functions.map(
    ({ fn, color }) => ({ label: fn, swatch: (box) => el('rect', { ...box, fill: color }) }),
  );
  for (const status of ['failed', 'cancelled', 'running'] as const) {
    if (!input.statuses.has(status)) continue;
    items.push({
      label: STATUS_STYLE[status].description,
      swatch: (box) =>
        statusShape(box, status, NEUTRAL) +
        glyphText(status, box.x + box.width / 2, box.y + box.height / 2, 10),
    });
  }
  if (input.mergedFailures) {
    items.push({
      label: 'failures among bars merged at this scale',
      swatch: (box) => el('rect', { ...box, fill: NEUTRAL }) + failureStrip(box),
    });
  }
  if (input.waits) {
    items.push({
      label: 'waiting in the queue (submitted → started)',
      swatch: ({ x, y, width }) =>
        el('line', {
          x1: x,
          y1: y + 2,
          x2: x + width,
          y2: y + 2,
          stroke: WAIT_STYLE.color,
          'stroke-width': WAIT_STYLE.lineWidth,
        }),
    });
  }
  /** A vertical line across the swatch, as the mark is drawn across the lanes. */
  const across = (stroke: string, width: number, dash?: readonly number[]) => (box: Box) =>
    el('line', {
      x1: box.x + box.width / 2,
      y1: box.y - 2,
      x2: box.x + box.width / 2,
      y2: box.y + box.height + 2,
      stroke,
      'stroke-width': width,
      ...(dash && { 'stroke-dasharray': dash.join(' ') }),
    });
  if (input.resizes) {
    items.push({
      label: 'max_workers changed',
      swatch: across(RESIZE_STYLE.color, RESIZE_STYLE.lineWidth, RESIZE_STYLE.dash),
    });
  }
  if (input.deaths) {
    items.push({
      label: DEATH_STYLE.description,
      swatch: across(DEATH_STYLE.color, DEATH_STYLE.lineWidth),
    });
  }

  let markup = '';
  let x = x0;
  let y = top;
  for (const item of items) {
    const itemWidth = SWATCH.width + 6 + textWidth(item.label, FONT_SIZE);
    if (x > x0 && x + itemWidth > x1) {
      x = x0;
      y += ROW_HEIGHT;
    }
    markup += item.swatch({ x, y: y - SWATCH.height + 2, ...SWATCH });
    markup += el('text', { x: x + SWATCH.width + 6, y, 'font-size': FONT_SIZE }, item.label);
    x += itemWidth + ITEM_GAP;
  }
  return { markup, bottom: items.length > 0 ? y + 6 : top - ROW_HEIGHT };
}
