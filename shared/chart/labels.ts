/**
 * Text on the chart, by one rule for the app's canvas and the SVG export: which bars carry their
 * call ("slow_add(1, 6, 7)") and status glyph, how the call is cut to fit, what colour it is
 * drawn in, which max_workers marks are labelled, and on which side of its line a note goes.
 * Positions are px; text is measured by the caller (the canvas measures it, the SVG estimates it).
 */

/** A bar this wide or more carries its status glyph at its end, and its call when there is room. */
export const LABEL_FROM_PX = 14;
/** The room kept for the glyph at a bar's end. */
export const GLYPH_PX = 12;
/** With less room than this the call is left out: a lone "s…" is noise. */
export const MIN_TEXT_PX = 28;
/** Bars lower than this carry no call. */
export const MIN_TEXT_HEIGHT_PX = 12;
/** The call starts this far into its bar and stops this far from its end. */
export const TEXT_INSET_PX = 4;
/** At most this many bars are labelled in one drawing. */
export const MAX_LABELS = 400;

/**
 * Picks the bars that carry labels, offered in drawing order (lane by lane, left to right): wide
 * enough, not over a bar already labelled on the lane (bars on the "not run" lane overlap), and
 * at most MAX_LABELS of them.
 */
export class LabelPicker {
  #lane = NaN;
  #labelledTo = -Infinity;
  #count = 0;

  /** Whether the bar from `x` spanning `width` px on `lane` is labelled. */
  take(lane: number, x: number, width: number): boolean {
    if (lane !== this.#lane) {
      this.#lane = lane;
      this.#labelledTo = -Infinity;
    }
    if (width < LABEL_FROM_PX || x < this.#labelledTo || this.#count >= MAX_LABELS) return false;
    this.#labelledTo = x + width;
    this.#count++;
    return true;
  }
}

export interface BarText {
  /** The call, cut to fit with an ellipsis; null when there is no room for it. */
  text: string | null;
  /** Where the call starts. */
  textX: number;
  /** The centre of the glyph's room at the bar's end; null for a status without a glyph. */
  glyphX: number | null;
}

/**
 * Where a labelled bar at `x`, `width` x `height` px, puts its `call` and status `glyph`.
 * `measure` gives the width in px of a string in the label font.
 */
export function barText(
  x: number,
  width: number,
  height: number,
  call: string,
  glyph: string,
  measure: (text: string) => number,
): BarText {
  const room = width - 2 * TEXT_INSET_PX - (glyph ? GLYPH_PX : 0);
  const fits = room >= MIN_TEXT_PX && height >= MIN_TEXT_HEIGHT_PX;
  return {
    text: (fits && fitText(call, room, measure)) || null,
    textX: x + TEXT_INSET_PX,
    glyphX: glyph ? x + width - GLYPH_PX / 2 : null,
  };
}

/** The longest prefix of `text` that fits `room` px, with an ellipsis when cut; '' if none. */
export function fitText(text: string, room: number, measure: (text: string) => number): string {
  if (measure(text) <= room) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (measure(`${text.slice(0, mid)}…`) <= room) lo = mid;
    else hi = mid - 1;
  }
  return lo > 0 ? `${text.slice(0, lo)}…` : '';
}

/** Dark or white text, whichever reads better on `hex` (#rrggbb), by WCAG relative luminance. */
export function textColorOn(hex: string): string {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const lum = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  // Contrast with white is (1.05) / (lum + 0.05); with near-black (#1a1a1a, lum ~0.01) it is
  // (lum + 0.05) / 0.06: they are equal at lum ~0.2.
  return lum > 0.2 ? '#1a1a1a' : '#ffffff';
}

/**
 * Which of the marks at `xs` (px, in time order) get a label, at least `minGap` px apart. A drag
 * of the slider leaves a cluster of marks; the last of a cluster is the value the user settled on,
 * so labels are chosen from the end.
 */
export function labelledMarks(xs: readonly number[], minGap: number): Set<number> {
  const chosen = new Set<number>();
  let last = Infinity;
  for (let i = xs.length - 1; i >= 0; i--) {
    const x = xs[i]!;
    if (last - x >= minGap) {
      chosen.add(i);
      last = x;
    }
  }
  return chosen;
}

/**
 * Where a note beside a vertical line at `lineX` goes: `gap` px to its right when `textPx` of text
 * fits before `right`, the plot's right edge; otherwise to its left, ending `gap` px before it.
 */
export function sideNote(
  lineX: number,
  textPx: number,
  right: number,
  gap = TEXT_INSET_PX,
): { x: number; anchor: 'start' | 'end' } {
  return lineX + gap + textPx <= right
    ? { x: lineX + gap, anchor: 'start' }
    : { x: lineX - gap, anchor: 'end' };
}

/**
 * A worker's death note beside its exit line: "✕ killed by SIGKILL" right of the line when it fits
 * before `right`; otherwise only the ✕, left of the line (the legend and the line's title say how
 * it died), so the note never covers the bars of a worker that died as the run ended.
 */
export function deathNote(
  lineX: number,
  how: string,
  right: number,
  measure: (text: string) => number,
): { text: string; x: number; anchor: 'start' | 'end' } {
  const full = `✕ ${how}`;
  const text = sideNote(lineX, measure(full), right).anchor === 'start' ? full : '✕';
  return { text, ...sideNote(lineX, measure(text), right) };
}

/** Resizes closer together than this are one gesture: a drag of the slider through its values. */
export const SETTLE_MS = 500;

/**
 * The max_workers marks worth drawing: of each burst of resizes less than `SETTLE_MS` apart (a drag
 * passes through every value between), only the last, the value the user settled on. The pool did
 * pass through the others (and may have spawned for them); the chart marks the gesture once.
 */
export function settledMarks<M extends { t: number }>(marks: readonly M[]): M[] {
  return marks.filter((mark, i) => {
    const next = marks[i + 1];
    return !next || next.t - mark.t >= SETTLE_MS;
  });
}

/** "max_workers=3", or "max_workers=1→4" when the run was resized: its start and its end. */
export function maxWorkersLabel(trace: {
  maxWorkers: number;
  marks: readonly { maxWorkers: number }[];
}): string {
  const last = trace.marks.at(-1)?.maxWorkers;
  return last === undefined || last === trace.maxWorkers
    ? `max_workers=${trace.maxWorkers}`
    : `max_workers=${trace.maxWorkers}→${last}`;
}
