/** Paints a BarPlan on a 2D canvas: one path and one fill per batch. */
import { barText, textColorOn } from '../../../../shared/chart/labels';
import { PATTERNS, STATUS_STYLE, WAIT_STYLE } from '../../../../shared/palette';
import type { BarPlan, Rects } from './plan';

export const CHART_FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

export interface PaintOptions {
  width: number;
  height: number;
  dpr: number;
  /** The text a bar carries when it is wide enough: its call, e.g. "slow_add(1, 6, 7)". */
  labelOf: (taskId: number) => string;
}

export function paint(ctx: CanvasRenderingContext2D, plan: BarPlan, o: PaintOptions): void {
  ctx.setTransform(o.dpr, 0, 0, o.dpr, 0, 0);
  ctx.clearRect(0, 0, o.width, o.height);
  ctx.globalAlpha = 1;
  ctx.setLineDash([]);

  ctx.fillStyle = WAIT_STYLE.color;
  fillRects(ctx, plan.waits);
  for (const batch of plan.fills) {
    ctx.globalAlpha = batch.alpha;
    ctx.fillStyle = batch.color;
    fillRects(ctx, batch.rects);
  }
  ctx.globalAlpha = 1;

  for (const [status, rects] of plan.marks) {
    const style = STATUS_STYLE[status];
    if (style.pattern !== 'none') {
      ctx.fillStyle = patternFor(ctx, style.pattern);
      fillRects(ctx, rects);
    }
    if (style.stroke) {
      ctx.strokeStyle = style.stroke;
      ctx.lineWidth = style.strokeWidth;
      ctx.setLineDash([...style.dash]);
      outlineRects(ctx, rects, style.strokeWidth / 2, style.openRight);
      ctx.setLineDash([]);
    }
  }

  for (const [status, rects] of plan.rugs) {
    ctx.fillStyle = STATUS_STYLE[status].stroke ?? '#333333';
    fillRects(ctx, rects);
  }

  ctx.font = CHART_FONT;
  ctx.textAlign = 'start';
  ctx.textBaseline = 'middle';
  // A halo of the bar's own colour keeps text readable over hatching and stripes.
  ctx.lineWidth = 3;
  ctx.lineJoin = 'round';
  const measure = (text: string) => ctx.measureText(text).width;
  const halo = (text: string, x: number, y: number) => {
    ctx.strokeText(text, x, y);
    ctx.fillText(text, x, y);
  };
  for (const spot of plan.labels) {
    ctx.fillStyle = textColorOn(spot.color);
    ctx.strokeStyle = spot.color;
    const mid = spot.y + spot.h / 2;
    const call = o.labelOf(spot.taskId);
    const { text, textX, glyphX } = barText(spot.x, spot.w, spot.h, call, spot.glyph, measure);
    if (glyphX !== null) {
      ctx.textAlign = 'center';
      halo(spot.glyph, glyphX, mid);
      ctx.textAlign = 'start';
    }
    if (text) halo(text, textX, mid);
  }
}

function fillRects(ctx: CanvasRenderingContext2D, rects: Rects): void {
  if (rects.length === 0) return;
  ctx.beginPath();
  for (let i = 0; i < rects.length; i += 4)
    ctx.rect(rects[i]!, rects[i + 1]!, rects[i + 2]!, rects[i + 3]!);
  ctx.fill();
}

/** Outlines inside each rect (inset by half the line width); `openRight` leaves the end open. */
function outlineRects(
  ctx: CanvasRenderingContext2D,
  rects: Rects,
  inset: number,
  openRight: boolean,
) {
  ctx.beginPath();
  for (let i = 0; i < rects.length; i += 4) {
    const x = rects[i]! + inset;
    const y = rects[i + 1]! + inset;
    const w = Math.max(0, rects[i + 2]! - 2 * inset);
    const h = Math.max(0, rects[i + 3]! - 2 * inset);
    if (openRight) {
      ctx.moveTo(x + w, y);
      ctx.lineTo(x, y);
      ctx.lineTo(x, y + h);
      ctx.lineTo(x + w, y + h);
    } else {
      ctx.rect(x, y, w, h);
    }
  }
  ctx.stroke();
}

const patterns = new WeakMap<CanvasRenderingContext2D, Map<string, CanvasPattern>>();

/** A repeating 45° line pattern as palette.ts describes it, made once per canvas. */
function patternFor(ctx: CanvasRenderingContext2D, kind: keyof typeof PATTERNS): CanvasPattern {
  let cache = patterns.get(ctx);
  if (!cache) patterns.set(ctx, (cache = new Map()));
  const cached = cache.get(kind);
  if (cached) return cached;
  const { spacing, lineWidth, color, opacity } = PATTERNS[kind];
  const tile = document.createElement('canvas');
  tile.width = tile.height = spacing;
  const t = tile.getContext('2d')!;
  t.strokeStyle = color;
  t.globalAlpha = opacity;
  t.lineWidth = lineWidth;
  t.beginPath();
  // The diagonal and its two neighbours, so the lines join across tiles.
  for (const dx of [-spacing, 0, spacing]) {
    t.moveTo(dx, spacing);
    t.lineTo(dx + spacing, 0);
  }
  t.stroke();
  const pattern = ctx.createPattern(tile, 'repeat')!;
  cache.set(kind, pattern);
  return pattern;
}
