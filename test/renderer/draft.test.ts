import { describe, expect, it } from 'vitest';
import {
  checkCall,
  checkDraft,
  defaultCall,
  parseNumber,
  repeatProblem,
  toDraftCalls,
  type DraftCall,
} from '../../renderer/src/lib/draft';
import { PRESETS } from '../../shared/presets';

const call = (fn: string, args: string[], repeat = '1', key = 0): DraftCall => ({
  key,
  fn,
  args,
  repeat,
});

describe('parseNumber', () => {
  it.each([
    ['1', 1],
    [' 2.5 ', 2.5],
    ['1e3', 1000],
    ['-4', -4],
  ])('%j is %d', (text, n) => expect(parseNumber(text)).toBe(n));

  it.each(['', '  ', 'abc', '1,5', '2x'])('%j is not a number (never 0)', (text) => {
    expect(parseNumber(text)).toBeNaN();
  });
});

describe('field problems', () => {
  it.each<[string, DraftCall, (string | null)[]]>([
    ['valid slow_add', call('slow_add', ['1', '6', '7']), [null, null, null]],
    [
      'negative sleep',
      call('slow_add', ['-1', '6', '7']),
      ['nsecs must be at least 0', null, null],
    ],
    ['blank sleep', call('slow_function', ['']), ['nsecs must be a number']],
    ['too long a sleep', call('slow_function', ['601']), ['nsecs must be at most 600']],
    ['fractional n', call('count_primes', ['10.5']), ['n must be a whole number']],
    ['text for x', call('slow_diff', ['1', 'five', '2']), [null, 'x must be a number', null]],
  ])('%s', (_name, c, args) => {
    expect(checkCall(c).args).toEqual(args);
  });

  it.each([
    ['1', null],
    ['10000', null],
    ['0', 'repeat must be at least 1'],
    ['1.5', 'repeat must be a whole number'],
    ['', 'repeat must be a whole number'],
    ['200001', 'repeat must be at most 200000'],
  ])('repeat %j: %s', (text, problem) => expect(repeatProblem(text)).toBe(problem));

  it('flags an unknown function', () => {
    expect(checkCall(call('eval', [])).fn).toBe('unknown function "eval"');
  });
});

describe('checkDraft', () => {
  it('turns a valid draft into the workload it means', () => {
    const check = checkDraft(' future.py ', [
      call('slow_add', ['3.1', '6', '7']),
      call('broken_function', ['4.1'], '2', 1),
    ]);
    expect(check.workload).toEqual({
      name: 'future.py',
      calls: [
        { fn: 'slow_add', args: [3.1, 6, 7], repeat: 1 },
        { fn: 'broken_function', args: [4.1], repeat: 2 },
      ],
    });
    expect(check.overall).toBeNull();
  });

  it.each<[string, string, DraftCall[], string | null, string | null]>([
    ['no name', '  ', [call('slow_function', ['1'])], 'a workload needs a name', null],
    ['no calls', 'w', [], null, 'add at least one call'],
    [
      'too many tasks in all',
      'w',
      [call('slow_function', ['0'], '150000'), call('slow_function', ['0'], '60000', 1)],
      null,
      'a run may submit at most 200,000 calls',
    ],
  ])('gives no workload for %s', (_name, name, calls, nameProblem, overall) => {
    const check = checkDraft(name, calls);
    expect(check.workload).toBeNull();
    expect(check.name).toBe(nameProblem);
    expect(check.overall).toBe(overall);
  });

  it('gives no workload while any field is flagged', () => {
    const check = checkDraft('w', [
      call('slow_function', ['1']),
      call('slow_function', ['x'], '1', 1),
    ]);
    expect(check.workload).toBeNull();
    expect(check.calls[1]!.args[0]).toBe('nsecs must be a number');
  });

  it('round-trips every preset through the editable form', () => {
    for (const preset of PRESETS) {
      let key = 0;
      const calls = toDraftCalls(preset.workload, () => key++);
      expect(checkDraft(preset.workload.name, calls).workload).toEqual(preset.workload);
    }
  });

  it('starts a new call with its parameters defaults', () => {
    expect(defaultCall('slow_add', 7)).toEqual(call('slow_add', ['1', '6', '7'], '1', 7));
  });
});
