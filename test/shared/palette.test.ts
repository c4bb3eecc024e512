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

  it('gives other names the colours no built-in of the chart holds, in the order they are known', () => {
    const known = ['slow_add', 'alpha', 'beta', 'gamma'];
    expect(colorFor('alpha', known)).toBe(PALETTE[0]);
    expect(colorFor('beta', known)).toBe(PALETTE[2]); // slow_add holds PALETTE[1]
    expect(colorFor('gamma', known)).toBe(PALETTE[3]);
  });

  it('twelve functions of one chart get twelve colours, whichever mix of built-ins and others', () => {
    const others = Array.from({ length: 12 }, (_, i) => `task_${i}`);
    for (const builtins of [0, 3, 7]) {
      const fns = [...BUILTIN_FUNCTIONS.slice(0, builtins).map((f) => f.name), ...others].slice(
        0,
        12,
      );
      expect(new Set(fns.map((fn) => colorFor(fn, fns))).size).toBe(12);
    }
  });

  it('hashes unknown names to a stable palette colour', () => {
    expect(PALETTE).toContain(colorFor('my_function'));
    expect(colorFor('my_function')).toBe(colorFor('my_function'));
    const spread = new Set(
      ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].map((n) => colorFor(n)),
    );
    expect(spread.size).toBeGreaterThan(3);
  });

  it('has at least 12 colours, apart in normal vision and for colour-blind readers', () => {
    expect(PALETTE.length).toBeGreaterThanOrEqual(12);
    for (const vision of Object.keys(CVD) as (keyof typeof CVD)[]) {
      for (let i = 0; i < PALETTE.length; i++) {
        for (let j = i + 1; j < PALETTE.length; j++) {
          const d = deltaE(seenAs(PALETTE[i]!, vision), seenAs(PALETTE[j]!, vision));
          expect(d, `${PALETTE[i]} vs ${PALETTE[j]} (${vision})`).toBeGreaterThanOrEqual(10);
        }
      }
    }
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

/** Machado, Oliveira and Fernandes (2009), severity 1: what each vision makes of linear RGB. */
const CVD = {
  normal: [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ],
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
} as const;

/** The CIELAB (D65) colour that `hex` is to a reader with `vision`. */
function seenAs(hex: string, vision: keyof typeof CVD): [number, number, number] {
  const lin = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const [r, g, b] = CVD[vision].map((row) =>
    Math.min(1, Math.max(0, row[0] * lin[0]! + row[1] * lin[1]! + row[2] * lin[2]!)),
  ) as [number, number, number];
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  const x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047);
  const y = f(0.2126 * r + 0.7152 * g + 0.0722 * b);
  const z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}

const deltaE = (a: readonly number[], b: readonly number[]) =>
  Math.hypot(...a.map((v, i) => v - b[i]!));
