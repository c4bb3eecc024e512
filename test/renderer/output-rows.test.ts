import { describe, expect, it } from 'vitest';
import type { TraceOutput } from '../../shared/trace';
import {
  LINE_PX,
  MAX_LINES,
  ROW_PAD_PX,
  WrappedRows,
  linesOf,
  textColumns,
} from '../../renderer/src/lib/output-rows';

const out = (line: string, pid = 12529): TraceOutput => ({ t: 0, pid, stream: 'stdout', line });
const SLEEP = 'Process 12529 going to sleep for 0.5 second(s)'; // 46 characters
const WAKE = 'Process 12529 waking up'; // 23

describe('linesOf', () => {
  it.each([
    ['fits', WAKE, 40, 1],
    ['exactly fits', SLEEP, 46, 1],
    ['wraps', SLEEP, 45, 2],
    ['longer than two lines: two, cut with an ellipsis', 'x'.repeat(500), 40, MAX_LINES],
    ['empty', '', 40, 1],
  ])('%s', (_name, text, cols, lines) => {
    expect(linesOf(text, cols)).toBe(lines);
  });
});

describe('textColumns', () => {
  it.each([
    // 360 px rows, 7 px characters, 100 px before the text: 37 fit, one kept in hand.
    [360, 7, 100, 36],
    [360, 6.9, 100, 36],
    [100, 7, 100, 1],
    [0, 0, 100, 1],
  ])('%d px rows, %d px characters, %d px reserved: %d', (width, charPx, reserved, cols) => {
    expect(textColumns(width, charPx, reserved)).toBe(cols);
  });
});

describe('WrappedRows', () => {
  const lines = [SLEEP, WAKE, 'x'.repeat(200), '', WAKE, SLEEP].map((l) => out(l));
  const height = (n: number) => n * LINE_PX + ROW_PAD_PX;

  /** Laid out in one go, as for an opened file. */
  function whole(output: readonly TraceOutput[], cols: number) {
    return new WrappedRows().layout(output, cols);
  }

  it('stacks rows of one or two lines', () => {
    const rows = whole(lines, 40);
    expect([0, 1, 2, 3, 4, 5].map((i) => rows.size(i))).toEqual([2, 1, 2, 1, 1, 2].map(height));
    expect(rows.top(2)).toBe(height(2) + height(1));
    expect(rows.height).toBe(9 * LINE_PX + 6 * ROW_PAD_PX);
  });

  it.each([1, 2, 5])('laid out as lines arrive, %i at a time: the same as in one go', (step) => {
    const live: TraceOutput[] = [];
    const wrapped = new WrappedRows();
    for (let i = 0; i < lines.length; i += step) {
      live.push(...lines.slice(i, i + step));
      const rows = wrapped.layout(live, 40);
      const expected = whole(live.slice(), 40);
      expect(rows.height).toBe(expected.height);
      for (let r = 0; r < live.length; r++) expect(rows.top(r)).toBe(expected.top(r));
    }
  });

  it('starts over for a wider column or another run', () => {
    const wrapped = new WrappedRows();
    expect(wrapped.layout(lines, 40).height).toBe(whole(lines, 40).height);
    expect(wrapped.layout(lines, 80).height).toBe(whole(lines, 80).height);
    const next = [out(WAKE)];
    expect(wrapped.layout(next, 80).height).toBe(height(1));
  });
});
