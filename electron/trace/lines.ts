/**
 * Splits a stream into lines with a bound on each: a line longer than `maxLine` is cut there,
 * the rest of it up to its newline is dropped, and the cut is counted. A script printing one
 * endless line cannot grow PoolScope's memory.
 */
export class BoundedLines {
  private tail = '';
  /** True while skipping the rest of a line already cut. */
  private skipping = false;
  /** Lines cut at `maxLine`. */
  cut = 0;

  constructor(private readonly maxLine: number) {}

  push(chunk: string): string[] {
    const lines: string[] = [];
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf('\n', start);
      const piece = nl === -1 ? chunk.slice(start) : chunk.slice(start, nl);
      if (!this.skipping) {
        this.tail += piece;
        if (this.tail.length > this.maxLine) {
          lines.push(this.tail.slice(0, this.maxLine));
          this.tail = '';
          this.cut++;
          this.skipping = nl === -1;
        } else if (nl !== -1) {
          lines.push(stripCr(this.tail));
          this.tail = '';
        }
      } else if (nl !== -1) {
        this.skipping = false;
      }
      if (nl === -1) return lines;
      start = nl + 1;
    }
  }

  /** The unfinished last line, if any. */
  flush(): string | null {
    const line = this.tail;
    this.tail = '';
    this.skipping = false;
    return line === '' ? null : stripCr(line);
  }
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
