/** The Node side's pure parts: wire lines checked and bounded, output lines bounded. */
import { describe, expect, it } from 'vitest';
import { BoundedLines } from '../../electron/trace/lines';
import { MAX_WIRE_LINE, parseWireLine } from '../../electron/trace/wire';

describe('parseWireLine', () => {
  it('takes the events the tracer writes', () => {
    expect(parseWireLine('{"e":"start","id":3,"pid":41,"t":1.5}')).toEqual({
      e: 'start',
      id: 3,
      pid: 41,
      t: 1.5,
    });
    const finish = '{"e":"finish","id":0,"pid":4,"t":2,"ok":true,"result":[1,{"a":null}]}';
    expect(parseWireLine(finish)).toMatchObject({ ok: true, result: [1, { a: null }] });
  });

  it.each([
    ['not JSON', '{"e":'],
    ['an unknown event', '{"e":"launch","t":1}'],
    ['a negative id', '{"e":"queued","id":-1,"t":1}'],
    ['a task id past the run bound', '{"e":"queued","id":200000,"t":1}'],
    ['a pid of 0', '{"e":"spawn","pid":0,"t":1}'],
    ['a time that is not a number', '{"e":"spawn","pid":5,"t":"now"}'],
    ['a stream that is not one', '{"e":"out","pid":5,"stream":"stdin","line":"x","t":1}'],
    ['a finish saying ok without a result', '{"e":"finish","id":0,"pid":4,"t":2,"ok":true}'],
    [
      'a line past the bound',
      `{"e":"out","pid":5,"stream":"stdout","line":"${'x'.repeat(MAX_WIRE_LINE)}","t":1}`,
    ],
  ])('refuses %s', (_, line) => {
    expect(parseWireLine(line)).toBeNull();
  });
});

describe('BoundedLines', () => {
  it('splits across chunks and holds an unfinished line', () => {
    const lines = new BoundedLines(100);
    expect(lines.push('a\nb')).toEqual(['a']);
    expect(lines.push('c\r\nd')).toEqual(['bc']);
    expect(lines.flush()).toBe('d');
    expect(lines.flush()).toBeNull();
  });

  it('cuts a long line at the bound and drops its rest up to the newline', () => {
    const lines = new BoundedLines(4);
    expect(lines.push('abcdefgh')).toEqual(['abcd']);
    expect(lines.push('ijk')).toEqual([]);
    expect(lines.push('lm\nok\n')).toEqual(['ok']);
    expect(lines.cut).toBe(1);
  });
});
