/**
 * Bounds checked on JSON text before `JSON.parse` sees it: parsing has no depth bound, and what
 * reads the parsed value afterwards (valibot's recursive schemas) overflows the stack on deep
 * nesting. One linear pass over the characters, no allocation: cheap beside the parse it guards.
 */

export interface JsonBounds {
  /** The most characters the text may have. */
  maxChars: number;
  /** The most arrays and objects open at once: `[[1]]` is 2 deep. */
  maxDepth: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/** What makes `text` exceed `bounds`, as a sentence, or null when it is within them. */
export function jsonBoundsProblem(text: string, bounds: JsonBounds): string | null {
  if (text.length > bounds.maxChars) {
    return `it is ${formatSize(text.length)}, more than the ${formatSize(bounds.maxChars)} allowed`;
  }
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > bounds.maxDepth) {
        return `it nests arrays and objects more than ${bounds.maxDepth} deep`;
      }
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      depth--;
    }
  }
  return null;
}

/** "1 MiB", "64 KiB", "300 B": sizes in the binary units the limits are chosen in. */
export function formatSize(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}
