/** Which rows of a long list of fixed-height rows to render. */
export interface RowRange {
  start: number;
  /** Exclusive. */
  end: number;
}

/** The rows in view plus `overscan` on each side, so a fast scroll shows no gap. */
export function visibleRows(
  scrollTop: number,
  viewport: number,
  rowHeight: number,
  count: number,
  overscan = 8,
): RowRange {
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const start = Math.max(0, Math.min(count, first - overscan));
  const end = Math.min(count, first + Math.ceil(viewport / rowHeight) + 1 + overscan);
  return { start, end: Math.max(start, end) };
}

/** Whether a list scrolled to `scrollTop` shows its last row: new rows then keep it at the end. */
export function atEnd(scrollTop: number, viewport: number, contentHeight: number, slack = 4) {
  return scrollTop + viewport >= contentHeight - slack;
}
