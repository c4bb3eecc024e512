/**
 * The python runtime's pure parts, table-driven: Python literals as the builder reads them, values
 * as Python writes them, the resolver's layouts; and the worker's pure Python parts under
 * `python3 -m unittest` (test/python/py), so CI runs them with the rest.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pythonDir, pythonDirCandidates } from '../../electron/python-host/python-dir';
import { parsePyLiteral, pyRepr } from '../../shared/python';

describe('parsePyLiteral', () => {
  it.each<[string, unknown]>([
    ['1', 1],
    ['-2.5', -2.5],
    ['1e3', 1000],
    ['1_000', 1000],
    ["'con'", 'con'],
    ['"it\'s"', "it's"],
    ["'a\\nb'", 'a\nb'],
    ["'\\u00e9'", 'é'],
    ['None', null],
    ['True', true],
    ['False', false],
    ['[1, [2, 3], []]', [1, [2, 3], []]],
    ['{\'a\': 1, "b": [None]}', { a: 1, b: [null] }],
    [' [1, 2,] ', [1, 2]],
  ])('%s', (text, value) => expect(parsePyLiteral(text)).toEqual({ ok: true, value }));

  it.each<[string, RegExp]>([
    ['', /^empty: type a Python value$/],
    ['(1, 2)', /a tuple would arrive as a list/],
    ['{1, 2}', /a set cannot travel as JSON/],
    ['{1: 2}', /dict keys must be strings/],
    ['con', /con is not a literal \(quote text: 'con'\)/],
    ["'open", /unterminated string/],
    ['12345678901234567890', /more digits than JSON keeps/],
    ['nan', /nan cannot travel as JSON/],
    ['[1, 2', /expected , or ] in the list|unfinished/],
    ['1 2', /unexpected "2"/],
  ])('%s is refused: %s', (text, problem) => {
    const r = parsePyLiteral(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toMatch(problem);
  });
});

describe('pyRepr', () => {
  it.each<[unknown, string]>([
    [13, '13'],
    [0.5, '0.5'],
    ['concat', "'concat'"],
    ["it's", '"it\'s"'],
    ['a\nb', "'a\\nb'"],
    [null, 'None'],
    [true, 'True'],
    [[1, 'a', [null]], "[1, 'a', [None]]"],
    [{ k: [1, 2] }, "{'k': [1, 2]}"],
    [{ $repr: '{1, 2, 3}' }, '{1, 2, 3}'],
  ])('%j is %s', (value, text) => expect(pyRepr(value)).toBe(text));

  it('reads back what it writes', () => {
    const value = { words: ['con', "it's", 'tab\there'], n: -3.25, none: null, yes: true };
    expect(parsePyLiteral(pyRepr(value))).toEqual({ ok: true, value });
  });
});

describe('pythonDir', () => {
  const root = `${sep}opt${sep}PoolScope${sep}resources`;
  it.each<[string, string, string[]]>([
    [
      'the packaged app: app.asar.unpacked first (CPython cannot read inside the asar)',
      join(root, 'app.asar', 'out', 'main'),
      [
        join(root, 'app.asar.unpacked', 'out', 'python'),
        join(root, 'app.asar.unpacked', 'python'),
        join(root, 'app.asar', 'out', 'python'),
        join(root, 'app.asar', 'python'),
      ],
    ],
    [
      'the built app',
      join('/r', 'out', 'main'),
      [join('/r', 'out', 'python'), join('/r', 'python')],
    ],
    [
      'a built chunk',
      join('/r', 'out', 'main', 'chunks'),
      [join('/r', 'out', 'main', 'python'), join('/r', 'out', 'python')],
    ],
    [
      'the sources',
      join('/r', 'electron', 'python-host'),
      [join('/r', 'electron', 'python'), join('/r', 'python')],
    ],
  ])('%s', (_, here, candidates) => expect(pythonDirCandidates(here)).toEqual(candidates));

  it('finds the sources under vitest, and the build copy from out/main', () => {
    const repo = resolve(import.meta.dirname, '../..');
    expect(pythonDir()).toBe(join(repo, 'electron', 'python'));
    expect(pythonDir(join(repo, 'out', 'main'))).toBe(join(repo, 'out', 'python'));
  });
});

describe('the worker’s pure parts under python3 -m unittest', () => {
  it('passes', () => {
    const repo = resolve(import.meta.dirname, '../..');
    const run = spawnSync(
      'python3',
      ['-m', 'unittest', 'discover', '-s', join(repo, 'test/python/py'), '-v'],
      {
        encoding: 'utf8',
        env: {
          ...process.env,
          PYTHONPATH: join(repo, 'electron/python'),
          PYTHONDONTWRITEBYTECODE: '1',
        },
      },
    );
    expect(run.stderr).toMatch(/\nOK\n?$/);
    expect(run.status).toBe(0);
  });
});
