/**
 * What the canvas draws for one frame, worked out without a canvas: the bars in view turned into
 * batches of rectangles (one batch per colour, per status mark), so painting is a few fill() calls
 * however many tasks there are. Pure, so it is tested in Node.
 *
 * Bars come from `barsFor` in a fixed unit space (UNITS_PER_MS units per ms), computed once per
 * trace change; a zoom or pan only changes the linear map to pixels, so it never rebuilds 100k bars.
 */
import type { Bar } from '../../../../shared/chart/geometry';
import { LabelPicker } from '../../../../shared/chart/labels';
import { STATUS_STYLE, WAIT_STYLE } from '../../../../shared/palette';
import type { TaskStatus } from '../../../../shared/trace';
import { Columns, Merger } from './merge';

/** Bars are laid out in µs: fine enough that the 1-unit minimum width never shows. */
export const UNITS_PER_MS = 1000;

/** Bars narrower than this are drawn by the pixel column (see Columns), not one by one. */
export const MERGE_BELOW_PX = 3;
/** Height of the status rug over sub-pixel tasks. */
export const RUG_PX = 3;
/** Bars at least this wide keep a 1 px gap at their end, so back-to-back tasks read as two. */
export const GAP_FROM_PX = 4;

/** px = u * a + b. */
export interface UnitsToPx {
  a: number;
  b: number;
}

/** Rectangles as flat [x, y, w, h, x, y, w, h, ...] in CSS px. */
export type Rects = number[];

export interface FillBatch {
  color: string;
  alpha: number;
  rects: Rects;
}

export interface LabelSpot {
  taskId: number;
  x: number;
  y: number;
  w: number;
  h: number;
  /** The bar's colour, to pick a readable text colour. */
  color: string;
  glyph: string;
}

export interface BarPlan {
  waits: Rects;
  fills: FillBatch[];
  /** The not-only-colour marks of each status that has one (failed, running, cancelled). */
  marks: Map<TaskStatus, Rects>;
  /** Thin strips at the top of a lane over sub-pixel tasks of each such status. */
  rugs: Map<TaskStatus, Rects>;
  labels: LabelSpot[];
}

/** The units visible in a plot `width` px wide: what to pass to `visibleBars`. */
export function visibleUnits(toPx: UnitsToPx, width: number): [number, number] {
  return [-toPx.b / toPx.a, (width - toPx.b) / toPx.a];
}

/**
 * The frame for `bars` (sorted by lane, as `barsFor` returns them; cull with `visibleBars` first)
 * in a plot `width` px wide. Running bars grow to `nowUnits`.
 *
 * Bars at least MERGE_BELOW_PX wide are drawn one by one, with their status marks. Narrower ones
 * are gathered into whole-pixel columns (see Columns): each column takes the colour that covers
 * most of it, and a column holding a failed, running or cancelled task gets a rug mark at the
 * top of the lane, so a few failures among 100k tasks read as a few, not as a hatched lane.
 */
export function planBars(
  bars: readonly Bar[],
  toPx: UnitsToPx,
  width: number,
  nowUnits: number,
  colorOf: (fn: string) => string,
): BarPlan {
  const { a, b } = toPx;
  const waits: Rects = [];
  const marks = new Map<TaskStatus, Rects>();
  const rugs = new Map<TaskStatus, Rects>();
  const labels: LabelSpot[] = [];
  const push = <K>(map: Map<K, Rects>, key: K, rect: readonly number[]) => {
    const list = map.get(key);
    if (list) list.push(...rect);
    else map.set(key, [...rect]);
  };
  const batches = new FillBatches(colorOf);
  const fillMerger = new Merger<FillBatch>((batch, r) => batch.rects.push(...r));
  const rugMerger = new Merger<TaskStatus>((status, r) => push(rugs, status, r));
  const waitMerger = new Merger<'wait'>((_key, r) => waits.push(...r));
  const columns = new Columns<FillBatch>((col, y, h, batch, statuses) => {
    fillMerger.add(batch, col, col + 1, y, h, true);
    for (const status of statuses) rugMerger.add(status, col, col + 1, y, RUG_PX, true);
  });
  const endLane = () => {
    columns.end();
    for (const m of [fillMerger, rugMerger, waitMerger]) m.end();
  };
  const clamp = (px: number) => Math.min(width + 2, Math.max(-2, px));
  const picker = new LabelPicker();
  let lane = bars[0]?.lane;

  for (const bar of bars) {
    if (bar.lane !== lane) {
      endLane();
      lane = bar.lane;
    }
    const style = STATUS_STYLE[bar.status];
    const end = bar.status === 'running' ? Math.max(bar.x1, nowUnits) : bar.x1;
    const x0 = bar.x0 * a + b;
    const x1 = end * a + b;
    const w = Math.max(1, x1 - x0);
    const left = clamp(x0);
    const right = clamp(w >= GAP_FROM_PX ? x0 + w - 1 : x0 + w);

    if (bar.waitX0 !== undefined) {
      const wx0 = bar.waitX0 * a + b;
      if (x0 - wx0 >= 1) {
        const lw = WAIT_STYLE.lineWidth;
        waitMerger.add('wait', clamp(wx0), left, bar.y + (bar.height - lw) / 2, lw, true);
      }
    }
    const batch = batches.of(bar.fn, bar.status);
    if (w < MERGE_BELOW_PX) {
      const col = Math.floor((left + right) / 2);
      columns.add(col, bar.y, bar.height, batch, Math.max(x1 - x0, 1e-6), bar.status);
      continue;
    }
    fillMerger.add(batch, left, right, bar.y, bar.height, false);
    if (bar.status !== 'done') push(marks, bar.status, [left, bar.y, right - left, bar.height]);
    if (picker.take(bar.lane, left, w)) {
      labels.push({
        taskId: bar.taskId,
        x: left,
        y: bar.y,
        w: right - left,
        h: bar.height,
        color: batch.color,
        glyph: style.glyph,
      });
    }
  }
  endLane();
  return { waits, fills: batches.list.filter((f) => f.rects.length), marks, rugs, labels };
}

/**
 * The fill batch of each function and status, in the order first seen (functions of one colour
 * and statuses of one opacity share a batch). Asked once per bar in view: bars of one function
 * and status mostly come in runs, so the last answer is kept, and the rest are looked up by
 * function, then status, without building a key.
 */
class FillBatches {
  readonly list: FillBatch[] = [];
  readonly #byFn = new Map<string, Partial<Record<TaskStatus, FillBatch>>>();
  readonly #colorOf: (fn: string) => string;
  #fn = '';
  #status: TaskStatus | null = null;
  #last: FillBatch | null = null;

  constructor(colorOf: (fn: string) => string) {
    this.#colorOf = colorOf;
  }

  of(fn: string, status: TaskStatus): FillBatch {
    if (this.#last && fn === this.#fn && status === this.#status) return this.#last;
    let byStatus = this.#byFn.get(fn);
    if (!byStatus) this.#byFn.set(fn, (byStatus = {}));
    const batch = (byStatus[status] ??= this.#find(this.#colorOf(fn), status));
    this.#fn = fn;
    this.#status = status;
    this.#last = batch;
    return batch;
  }

  #find(color: string, status: TaskStatus): FillBatch {
    const alpha = STATUS_STYLE[status].fillOpacity;
    let batch = this.list.find((b) => b.color === color && b.alpha === alpha);
    if (!batch) this.list.push((batch = { color, alpha, rects: [] }));
    return batch;
  }
}
