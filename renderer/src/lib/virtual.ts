/** Which rows of a long list to render, for rows of one height or of heights known in advance. */

/** Where the rows of a list are, in px from its top. */
export interface RowLayout {
  readonly count: number;
  /** The whole list's height. */
  readonly height: number;
  top(i: number): number;
  size(i: number): number;
  /** The row that holds `y`, clamped to the rows there are. */
  indexAt(y: number): number;
}

/** `count` rows of `rowHeight` px. */
export function fixedRows(count: number, rowHeight: number): RowLayout {
  return {
    count,
    height: count * rowHeight,
    top: (i) => i * rowHeight,
    size: () => rowHeight,
    indexAt: (y) => clampIndex(Math.floor(y / rowHeight), count),
  };
}

/**
 * `count` rows stacked from their tops: row i spans tops[i] to tops[i + 1] (`tops` ascending,
 * with at least count + 1 entries). Finding a row is a binary search.
 */
export function stackedRows(tops: readonly number[], count: number): RowLayout {
  return {
    count,
    height: tops[count] ?? 0,
    top: (i) => tops[i] ?? 0,
    size: (i) => (tops[i + 1] ?? 0) - (tops[i] ?? 0),
    indexAt(y) {
      let lo = 0;
      let hi = count;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (tops[mid + 1]! <= y) lo = mid + 1;
        else hi = mid;
      }
      return clampIndex(lo, count);
    },
  };
}

const clampIndex = (i: number, count: number) => Math.max(0, Math.min(count - 1, i));

/** Which rows to render (`end` exclusive). */
export interface RowRange {
  start: number;
  end: number;
}

/** The rows in view plus `overscan` on each side, so a fast scroll shows no gap. */
export function visibleRows(
  scrollTop: number,
  viewport: number,
  rows: RowLayout,
  overscan = 8,
): RowRange {
  if (rows.count === 0) return { start: 0, end: 0 };
  const first = rows.indexAt(Math.max(0, scrollTop));
  const last = rows.indexAt(Math.max(0, scrollTop) + viewport);
  return {
    start: Math.max(0, first - overscan),
    end: Math.min(rows.count, last + 1 + overscan),
  };
}

/** Whether a list scrolled to `scrollTop` shows its last row: new rows then keep it at the end. */
export function atEnd(scrollTop: number, viewport: number, contentHeight: number, slack = 4) {
  return scrollTop + viewport >= contentHeight - slack;
}
