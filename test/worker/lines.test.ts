import { describe, expect, it } from 'vitest';
import { LineBuffer } from '../../electron/pool/lines';

describe('LineBuffer', () => {
  it.each<[string, string[], string[], string | null]>([
    ['nothing', [], [], null],
    ['one whole line', ['a\n'], ['a'], null],
    ['a line split across writes', ['he', 'llo\nwor', 'ld\n'], ['hello', 'world'], null],
    ['an unfinished last line', ['a\nb'], ['a'], 'b'],
    ['CRLF endings', ['a\r\nb\r\n'], ['a', 'b'], null],
    ['empty lines', ['\n\n'], ['', ''], null],
  ])('%s', (_, writes, lines, rest) => {
    const buffer = new LineBuffer();
    expect(writes.flatMap((w) => buffer.push(w))).toEqual(lines);
    expect(buffer.flush()).toBe(rest);
    expect(buffer.flush()).toBeNull();
  });
});
