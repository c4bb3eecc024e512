import { describe, expect, it } from 'vitest';
import { BUILTIN_FUNCTIONS } from '../../shared/catalog';
import { PALETTE, STATUS_STYLE, colorFor, functionsIn } from '../../shared/palette';
import type { TaskStatus } from '../../shared/trace';

describe('colorFor', () => {
  it('gives every built-in its own fixed colour, in catalog order', () => {
    const colours = BUILTIN_FUNCTIONS.map((f) => colorFor(f.name));
    expect(new Set(colours).size).toBe(BUILTIN_FUNCTIONS.length);
    expect(colours).toEqual(PALETTE.slice(0, BUILTIN_FUNCTIONS.length));
    expect(colorFor('slow_add', ['zeta', 'alpha'])).toBe(colorFor('slow_add'));
  });

  it('gives other names the spare colours in the order they are known, then wraps', () => {
    const known = ['slow_add', 'alpha', 'beta', 'gamma'];
    expect(colorFor('alpha', known)).toBe(PALETTE[BUILTIN_FUNCTIONS.length]);
    expect(colorFor('beta', known)).toBe(PALETTE[(BUILTIN_FUNCTIONS.length + 1) % PALETTE.length]);
    expect(colorFor('alpha', known)).not.toBe(colorFor('beta', known));
  });

  it('hashes unknown names to a stable palette colour', () => {
    expect(PALETTE).toContain(colorFor('my_function'));
    expect(colorFor('my_function')).toBe(colorFor('my_function'));
    const spread = new Set(
      ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].map((n) => colorFor(n)),
    );
    expect(spread.size).toBeGreaterThan(3);
  });

  it('uses distinct, valid hex colours', () => {
    expect(new Set(PALETTE).size).toBe(PALETTE.length);
    for (const c of PALETTE) expect(c).toMatch(/^#[0-9A-F]{6}$/);
  });
});

describe('functionsIn', () => {
  it('lists each function once: built-ins in catalog order, then the rest by name', () => {
    const tasks = [
      { fn: 'zeta' },
      undefined,
      { fn: 'slow_add' },
      { fn: 'alpha' },
      { fn: 'slow_function' },
      { fn: 'slow_add' },
    ];
    expect(functionsIn(tasks)).toEqual(['slow_function', 'slow_add', 'alpha', 'zeta']);
  });
});

describe('STATUS_STYLE', () => {
  /** What marks a status besides its colour. */
  const nonColourMarks = (status: TaskStatus) => {
    const s = STATUS_STYLE[status];
    return [
      s.glyph !== '',
      s.pattern !== 'none',
      s.dash.length > 0,
      s.openRight,
      s.fillOpacity < 1,
    ].filter(Boolean).length;
  };

  it.each<[TaskStatus, number]>([
    ['failed', 2],
    ['cancelled', 3],
    ['running', 3],
  ])('%s is marked in %i ways that are not colour', (status, marks) => {
    expect(nonColourMarks(status)).toBe(marks);
  });

  it('labels every status for legends', () => {
    expect(Object.values(STATUS_STYLE).map((s) => s.label)).toEqual([
      'pending',
      'running',
      'done',
      'failed',
      'cancelled',
    ]);
  });
});
