import { describe, expect, it } from 'vitest';
import {
  checkPyCall,
  defaultPyCall,
  pythonChoices,
  toPyDraftCalls,
} from '../../renderer/src/lib/draft-python';
import type { PyFunction } from '../../shared/python';

const joinWords: PyFunction = {
  name: 'join_words',
  doc: 'Joins two words.',
  params: [
    { name: 'a', kind: 'POSITIONAL_OR_KEYWORD' },
    { name: 'b', kind: 'POSITIONAL_OR_KEYWORD', annotation: 'str' },
    { name: 'sep', kind: 'POSITIONAL_OR_KEYWORD', default: "''" },
    { name: 'rest', kind: 'VAR_POSITIONAL' },
    { name: 'flag', kind: 'KEYWORD_ONLY', default: 'False' },
  ],
};
const call = (args: string[], repeat = '1') => ({ key: 0, fn: 'join_words', args, repeat });

describe('a Python function in the builder', () => {
  it('offers one field per positional parameter, with its default as placeholder', () => {
    const [choice] = pythonChoices({ name: 'words', path: '/w.py', functions: [joinWords] });
    expect(choice).toEqual({
      name: 'join_words',
      doc: 'Joins two words.',
      params: [
        { name: 'a', hint: 'a Python literal', placeholder: '' },
        { name: 'b', hint: 'str, a Python literal', placeholder: '' },
        { name: 'sep', hint: "default '', a Python literal", placeholder: "''" },
      ],
    });
  });

  it.each<[string, string[], unknown[] | null, (string | null)[]]>([
    ['literals', ["'con'", "'cat'", "'-'"], ['con', 'cat', '-'], [null, null, null]],
    [
      'a blank last field takes its default',
      ["'con'", "'cat'", ''],
      ['con', 'cat'],
      [null, null, null],
    ],
    ['any JSON value', ['[1, 2]', "{'k': None}", ''], [[1, 2], { k: null }], [null, null, null]],
    [
      'a required field left blank',
      ["'con'", '', ''],
      null,
      [null, 'b has no default: type a value', null],
    ],
    [
      'a gap before a filled field',
      ["'con'", '', "'-'"],
      null,
      [null, 'b: type a value (only the last fields may be left to their defaults)', null],
    ],
    [
      'a bad literal',
      ['con', "'cat'", ''],
      null,
      ["a: con is not a literal (quote text: 'con')", null, null],
    ],
  ])('%s', (_, args, values, problems) => {
    const checked = checkPyCall(call(args), joinWords, 'words.py');
    expect(checked.values).toEqual(values);
    expect(checked.args).toEqual(problems);
  });

  it('names the module when the function is not in it', () => {
    expect(checkPyCall(call([]), undefined, 'words.py').fn).toBe(
      'words.py has no function "join_words"',
    );
  });

  it('starts the tutorial’s functions at the built-ins’ values; others blank', () => {
    const slowAdd: PyFunction = {
      name: 'slow_add',
      doc: '',
      params: ['nsecs', 'x', 'y'].map((name) => ({ name, kind: 'POSITIONAL_OR_KEYWORD' as const })),
    };
    expect(defaultPyCall(slowAdd, 'slow_add', 3).args).toEqual(['1', '6', '7']);
    expect(defaultPyCall(joinWords, 'join_words', 4).args).toEqual(['', '', '']);
  });

  it('shows a workload’s arguments as Python writes them', () => {
    let key = 0;
    const calls = toPyDraftCalls(
      {
        name: 'w',
        runtime: 'python',
        calls: [{ fn: 'join_words', args: ['con', null, [1]], repeat: 2 }],
      },
      () => key++,
    );
    expect(calls).toEqual([
      { key: 0, fn: 'join_words', args: ["'con'", 'None', '[1]'], repeat: '2' },
    ]);
  });
});
