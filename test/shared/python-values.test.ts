/** repr() and str() of JSON values, checked against CPython's own (python3 on PATH). */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { formatCall } from '../../shared/catalog';
import type { JsonValue } from '../../shared/json';
import { pyRepr, pyStr, pyTypeName } from '../../shared/python-values';

/** repr(), str() and type names of `values` as python3 computes them from the same JSON. */
function python(values: JsonValue[]): { repr: string; str: string; type: string }[] {
  const script = `
import json, sys
print(json.dumps([{"repr": repr(v), "str": str(v), "type": type(v).__name__} for v in json.load(sys.stdin)]))`;
  const r = spawnSync('python3', ['-c', script], {
    input: JSON.stringify(values),
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as { repr: string; str: string; type: string }[];
}

const VALUES: JsonValue[] = [
  null,
  true,
  false,
  0,
  -3,
  13,
  2 ** 60,
  1e21,
  0.1,
  2.5,
  -0.75,
  1e-5,
  1.5e-7,
  0.0001,
  123456.789,
  '',
  'con',
  "it's",
  'say "hi"',
  `both ' and "`,
  'back\\slash',
  'tab\tnew\nline\rcr',
  '\x00\x1f\x7f\x85\xa0\xad',
  'é ü 日本 🙂',
  '\u2028\u200b',
  [],
  [1, 'a', null, [true]],
  {},
  { k: 1, "it's": ['x'] },
];

describe('Python values', () => {
  it("repr, str and type names as CPython's", () => {
    const ours = VALUES.map((v) => ({ repr: pyRepr(v), str: pyStr(v), type: pyTypeName(v) }));
    expect(ours).toEqual(python(VALUES));
  });

  it('a call reads as valid Python, each argument its repr', () => {
    expect(formatCall('slow_add', [0.05, 'con', 'cat'])).toBe("slow_add(0.05, 'con', 'cat')");
    expect(formatCall('slow_add', [1, 6, 7])).toBe('slow_add(1, 6, 7)');
    expect(formatCall('f', [{ a: [null, true] }])).toBe("f({'a': [None, True]})");
  });
});
