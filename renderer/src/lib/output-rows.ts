/**
 * The output panel shows each printed line whole, wrapped under its text column, up to
 * MAX_LINES text lines (longer ones are cut with an ellipsis and carry the whole line as a
 * tooltip). The list stays virtual: the text is monospace, so a line's row height follows from
 * its length and the column's width in characters, without measuring the DOM, and the rows are
 * laid out as lines arrive.
 */
import type { TraceOutput } from '../../../shared/trace';
import { stackedRows, type RowLayout } from './virtual';

export const MAX_LINES = 2;
/** The height of one text line, and the row's padding (top and bottom together). */
export const LINE_PX = 16;
export const ROW_PAD_PX = 3;

/** How many text lines `text` takes in a column `cols` characters wide, at most MAX_LINES. */
export function linesOf(text: string, cols: number): number {
  return text.length <= cols ? 1 : MAX_LINES;
}

/** Output lines as rows of 1 to MAX_LINES text lines, laid out as the lines arrive. */
export class WrappedRows {
  #output: readonly TraceOutput[] | null = null;
  #cols = 0;
  /** Row i spans tops[i] to tops[i + 1]. */
  #tops: number[] = [0];

  /** The rows of `output` in a text column `cols` characters wide. */
  layout(output: readonly TraceOutput[], cols: number): RowLayout {
    if (output !== this.#output || cols !== this.#cols) {
      this.#output = output;
      this.#cols = cols;
      this.#tops = [0];
    }
    for (let i = this.#tops.length - 1; i < output.length; i++) {
      const lines = linesOf(output[i]!.line, cols);
      this.#tops.push(this.#tops[i]! + lines * LINE_PX + ROW_PAD_PX);
    }
    return stackedRows(this.#tops, output.length);
  }
}

/**
 * How many characters fit the text column of a row `rowWidth` px wide, in a monospace font of
 * `charPx` per character, after the row's own room: padding, the PID column and the gap.
 * Rounded down, and one less, so a line counted as fitting does fit whatever the rounding.
 */
export function textColumns(rowWidth: number, charPx: number, reservedPx: number): number {
  if (charPx <= 0) return 1;
  return Math.max(1, Math.floor((rowWidth - reservedPx) / charPx) - 1);
}
