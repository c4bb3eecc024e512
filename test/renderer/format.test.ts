import { describe, expect, it } from 'vitest';
import type { TraceTask } from '../../shared/trace';
import {
  formatCount,
  formatError,
  formatMoment,
  formatResult,
  formatSpeedup,
} from '../../renderer/src/lib/format';
import { futureRow, futureState } from '../../renderer/src/lib/futures';

describe('formatting', () => {
  it.each([
    [0, '0.000 s'],
    [1003.4, '1.003 s'],
    [61_500, '61.500 s'],
  ])('moment %d ms reads %s', (ms, text) => expect(formatMoment(ms)).toBe(text));

  it.each([
    [13, '13'],
    [2.5, '2.5'],
    [null, 'None'],
    [true, 'True'],
    ['text', "'text'"],
    [[1, 2], '[1, 2]'],
  ])('result %j reads %s, as Python prints it', (value, text) => {
    expect(formatResult(value)).toBe(text);
  });

  it.each([
    [
      { name: 'ValueError', message: 'Called broken function' },
      'ValueError: Called broken function',
    ],
    [{ name: 'BrokenProcessPool', message: '' }, 'BrokenProcessPool'],
    [undefined, 'unknown error'],
  ])('error %j reads %s', (error, text) => expect(formatError(error)).toBe(text));

  it('counts with separators and speedups with a times sign', () => {
    expect(formatCount(10000)).toBe('10,000');
    expect(formatSpeedup(2.934)).toBe('2.93×');
  });
});

const task = (over: Partial<TraceTask>): TraceTask => ({
  id: 0,
  fn: 'slow_add',
  args: [1, 6, 7],
  status: 'pending',
  submittedAt: 0,
  ...over,
});

describe('futureState: the futures panel in words', () => {
  it.each<[string, Partial<TraceTask>, string]>([
    ['pending', {}, 'pending'],
    ['running', { status: 'running', pid: 4242, startedAt: 1 }, 'running on PID 4242'],
    [
      'running on a thread',
      { status: 'running', pid: 4243, thread: true, startedAt: 1 },
      'running on TID 4243',
    ],
    ['done', { status: 'done', pid: 4242, startedAt: 1, finishedAt: 2, result: 13 }, 'done → 13'],
    [
      'failed',
      {
        status: 'failed',
        pid: 4242,
        error: { name: 'ValueError', message: 'Called broken function' },
      },
      'failed: ValueError: Called broken function',
    ],
    ['cancelled', { status: 'cancelled', finishedAt: 3 }, 'cancelled'],
  ])('%s', (_name, over, text) => {
    expect(futureState(task(over))).toBe(text);
  });

  it('rows carry the call as Python writes it', () => {
    expect(futureRow(task({ id: 3 }))).toEqual({
      id: 3,
      call: 'slow_add(1, 6, 7)',
      state: 'pending',
      status: 'pending',
    });
  });
});
