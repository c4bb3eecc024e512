/**
 * Where a JSON text goes wrong (electron/cli/json-position.ts), held to JSON.parse itself: the
 * walker calls a text valid exactly when JSON.parse accepts it, on generated JSON and on JSON
 * with one character changed, dropped or added.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonErrorOffset, lineAndColumn } from '../../electron/cli/json-position';

const parses = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe('jsonErrorOffset', () => {
  it.each([
    ['{\n  "name": "x",\n  "calls": [}\n', 3, 13],
    ['{"a": 1,\n "b" 2}', 2, 6],
    ['[1, 2,]', 1, 7],
    ['{"a": tru}', 1, 10],
    ['"abc', 1, 5],
    ['', 1, 1],
    ['{"a": 01}', 1, 8],
    ['{} x', 1, 4],
    ['{"a": "\u0001"}', 1, 8],
  ])('%j goes wrong at line %i, column %i', (text, line, column) => {
    const offset = jsonErrorOffset(text);
    expect(offset).not.toBeNull();
    expect(lineAndColumn(text, offset!)).toEqual({ line, column });
  });

  it('agrees with JSON.parse on generated JSON, and on JSON with one character changed', () => {
    const mutated = fc
      .tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', '0', '-', ' ', 'x'))
      .map(([text, at, ch]) => {
        const i = at % (text.length + 1);
        return [
          text,
          text.slice(0, i) + ch + text.slice(i + 1),
          text.slice(0, i) + ch + text.slice(i),
        ];
      });
    fc.assert(
      fc.property(mutated, (texts) => {
        for (const text of texts) expect(jsonErrorOffset(text) === null).toBe(parses(text));
      }),
      { numRuns: 2000 },
    );
  });
});
