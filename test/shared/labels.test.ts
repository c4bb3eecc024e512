import { describe, expect, it } from 'vitest';
import {
  GLYPH_PX,
  LABEL_FROM_PX,
  LabelPicker,
  MAX_LABELS,
  MIN_TEXT_PX,
  TEXT_INSET_PX,
  barText,
  fitText,
  labelledMarks,
  maxWorkersLabel,
  settledMarks,
  deathNote,
  sideNote,
  textColorOn,
} from '../../shared/chart/labels';

/** 6 px per character, like a monospace font. */
const mono = (text: string) => text.length * 6;

describe('barText', () => {
  const call = 'slow_add(1, 6, 7)'; // 17 characters: 102 px
  it.each<{ name: string; width: number; height: number; glyph: string; text: string | null }>([
    { name: 'room for the whole call', width: 120, height: 20, glyph: '', text: call },
    { name: 'cut with an ellipsis', width: 60, height: 20, glyph: '', text: 'slow_ad…' },
    { name: 'the glyph takes its room first', width: 60, height: 20, glyph: '✕', text: 'slow_…' },
    { name: 'too little room: no call', width: 35, height: 20, glyph: '', text: null },
    { name: 'too low: no call', width: 120, height: 10, glyph: '', text: null },
  ])('$name', ({ width, height, glyph, text }) => {
    const placed = barText(100, width, height, call, glyph, mono);
    expect(placed.text).toBe(text);
    expect(placed.textX).toBe(100 + TEXT_INSET_PX);
    expect(placed.glyphX).toBe(glyph ? 100 + width - GLYPH_PX / 2 : null);
    if (placed.text) {
      const room = width - 2 * TEXT_INSET_PX - (glyph ? GLYPH_PX : 0);
      expect(mono(placed.text)).toBeLessThanOrEqual(room);
      expect(room).toBeGreaterThanOrEqual(MIN_TEXT_PX);
    }
  });
});

describe('fitText', () => {
  it.each([
    ['abcdef', 36, 'abcdef'],
    ['abcdef', 35, 'abcd…'],
    ['abcdef', 12, 'a…'],
    ['abcdef', 11, ''],
  ])('%s in %i px: %s', (text, room, fitted) => {
    expect(fitText(text, room, mono)).toBe(fitted);
  });
});

describe('LabelPicker', () => {
  it('labels wide bars, once where bars overlap, again on the next lane', () => {
    const picker = new LabelPicker();
    const taken = [
      [0, 0, LABEL_FROM_PX - 1],
      [0, 20, LABEL_FROM_PX],
      [0, 30, 50], // starts inside the bar labelled before it
      [0, 20 + LABEL_FROM_PX, 40],
      [1, 0, 100],
    ].map(([lane, x, width]) => picker.take(lane!, x!, width!));
    expect(taken).toEqual([false, true, false, true, true]);
  });

  it(`stops at ${MAX_LABELS} labels`, () => {
    const picker = new LabelPicker();
    const taken = Array.from({ length: MAX_LABELS + 5 }, (_, i) => picker.take(0, i * 20, 20));
    expect(taken.filter(Boolean)).toHaveLength(MAX_LABELS);
  });
});

describe('labelledMarks', () => {
  it.each<[string, number[], number[]]>([
    ['far apart: all', [0, 100, 200], [0, 1, 2]],
    ['a drag cluster: the value let go of', [100, 104, 110, 118], [3]],
    ['two clusters: the last of each', [0, 5, 300, 305], [1, 3]],
    ['none', [], []],
  ])('%s', (_name, xs, chosen) => {
    expect([...labelledMarks(xs, 80)].sort((a, b) => a - b)).toEqual(chosen);
  });
});

describe('settledMarks', () => {
  const at = (...ts: number[]) => ts.map((t, i) => ({ t, maxWorkers: i + 1 }));
  it.each<[string, number[], number[]]>([
    ['a drag through four values: one mark, the last', [100, 140, 190, 260], [4]],
    ['two gestures: the last of each', [0, 50, 2000, 2100], [2, 4]],
    ['one resize', [300], [1]],
    ['none', [], []],
  ])('%s', (_name, ts, kept) => {
    expect(settledMarks(at(...ts)).map((m) => m.maxWorkers)).toEqual(kept);
  });
});

describe('maxWorkersLabel', () => {
  it('says where a resized run started and ended', () => {
    expect(maxWorkersLabel({ maxWorkers: 3, marks: [] })).toBe('max_workers=3');
    const marks = [2, 3, 4].map((maxWorkers) => ({ maxWorkers }));
    expect(maxWorkersLabel({ maxWorkers: 1, marks })).toBe('max_workers=1→4');
    expect(maxWorkersLabel({ maxWorkers: 4, marks })).toBe('max_workers=4');
  });
});

describe('textColorOn', () => {
  it.each([
    ['#88CCEE', '#1a1a1a'],
    ['#DDCC77', '#1a1a1a'],
    ['#332288', '#ffffff'],
    ['#882255', '#ffffff'],
    ['#117733', '#ffffff'],
  ])('on %s text is %s', (bg, fg) => expect(textColorOn(bg)).toBe(fg));
});

describe('deathNote', () => {
  it.each<[string, number, { text: string; x: number; anchor: 'start' | 'end' }]>([
    [
      'room on the right: the whole note after the line',
      500,
      { text: '✕ killed by SIGKILL', x: 504, anchor: 'start' },
    ],
    [
      'no room for the words: the ✕ alone, after the line',
      950,
      { text: '✕', x: 954, anchor: 'start' },
    ],
    [
      'at the right edge (a worker killed as the run ended)',
      1000,
      { text: '✕', x: 996, anchor: 'end' },
    ],
  ])('%s', (_name, lineX, note) => {
    expect(deathNote(lineX, 'killed by SIGKILL', 1000, mono)).toEqual(note);
  });
});

describe('sideNote', () => {
  it.each<[string, number, { x: number; anchor: 'start' | 'end' }]>([
    ['room on the right: after the line', 500, { x: 504, anchor: 'start' }],
    ['just fits before the edge', 896, { x: 900, anchor: 'start' }],
    ['one px short: before the line, ending at it', 897, { x: 893, anchor: 'end' }],
    ['at the right edge (a worker killed as the run ended)', 1000, { x: 996, anchor: 'end' }],
  ])('%s', (_name, lineX, at) => {
    expect(sideNote(lineX, 100, 1000)).toEqual(at);
  });
});
