/** Splits a stream of text into lines, holding back an unfinished last line until it ends. */
export class LineBuffer {
  private tail = '';

  /** The lines `text` completes, without their line endings. */
  push(text: string): string[] {
    const parts = (this.tail + text).split('\n');
    this.tail = parts.pop() ?? '';
    return parts.map(stripCr);
  }

  /** The unfinished line, if any, as a line of its own. */
  flush(): string | null {
    if (this.tail === '') return null;
    const line = stripCr(this.tail);
    this.tail = '';
    return line;
  }
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
