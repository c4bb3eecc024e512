/**
 * SVG export, checked by consumers nobody here wrote: python's expat parser (strict XML), librsvg's
 * rsvg-convert (renders it to PNG at 2×, as the PNG export does), and ImageMagick (measures the PNG).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { traceToSvg } from '../../shared/export/svg';
import { FAILURE_RED, colorFor } from '../../shared/palette';
import type { Trace } from '../../shared/trace';
import {
  pixelAt,
  pngFacts,
  pythonXmlRoot,
  rsvgToPng,
  tempDir,
  writeIn,
  type PngFacts,
} from './consumers';
import { BROKEN, bigTrace, liveTrace, ran, sampleTrace, traceOf } from './traces';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const DATE = new Date(2026, 10, 24, 19, 42);

/** Writes the SVG, parses it as strict XML, renders it at 2×; returns the PNG's path and facts. */
function render(svg: string): { png: string; facts: PngFacts; width: number; height: number } {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  const path = writeIn(dir, 'chart.svg', svg);
  const root = pythonXmlRoot(path);
  expect(root.tag).toBe('{http://www.w3.org/2000/svg}svg');
  const [width, height] = [Number(root.width), Number(root.height)];
  const png = `${dir}/chart.png`;
  rsvgToPng(path, png, 2);
  return { png, facts: pngFacts(png), width, height };
}

/** The geometry of the rect carrying `data-task-id="id"`. */
function barBox(svg: string, id: number) {
  const rect = new RegExp(
    `<rect x="([\\d.]+)" y="([\\d.]+)" width="([\\d.]+)" height="([\\d.]+)"[^>]*data-task-id="${id}"`,
  ).exec(svg);
  expect(rect, `bar of task ${id}`).not.toBeNull();
  const [x, y, width, height] = rect!.slice(1).map(Number) as [number, number, number, number];
  return { x, y, width, height };
}

describe('traceToSvg rendered by rsvg-convert', () => {
  it('the sample run: a full chart with the function colours and the failure outline', () => {
    const svg = traceToSvg(sampleTrace(), { date: DATE });
    const { png, facts, width, height } = render(svg);
    expect(width).toBe(1200);
    expect(facts).toMatchObject({ width: 2400, height: 2 * height });
    expect(facts.colours).toBeGreaterThan(100);
    expect(facts.inked).toBeGreaterThan(0.15);

    const done = barBox(svg, 0);
    const centre = (b: typeof done) =>
      [Math.round(2 * (b.x + b.width / 2)), Math.round(2 * (b.y + b.height / 2))] as const;
    expect(pixelAt(png, ...centre(done))).toBe(colorFor('slow_add'));
    const slowDiff = barBox(svg, 1);
    expect(pixelAt(png, ...centre(slowDiff))).toBe(colorFor('slow_diff'));
    const failed = barBox(svg, 2);
    expect(
      pixelAt(png, Math.floor(2 * failed.x) - 1, Math.round(2 * (failed.y + failed.height / 2))),
    ).toBe(FAILURE_RED);
  });

  it('says what the chart shows: title, lanes, axis in seconds, legend, marks', () => {
    const svg = traceToSvg(sampleTrace(), { date: DATE });
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(texts).toEqual(
      expect.arrayContaining([
        'future.py · max_workers = 3→4 · 2026-11-24 19:42',
        'PID 41201',
        'PID 41204',
        'not run',
        '0 s',
        '1 s',
        'seconds from the run&apos;s start',
        'max_workers → 4',
        'slow_add',
        'broken_function',
        'raised an exception: hatched, red outline, ✕',
        'cancelled before it ran: hollow, dashed outline',
        'waiting in the queue (submitted → started)',
        '✕',
        '⊘',
      ]),
    );
    expect(texts[1]).toContain('7 tasks on 4 worker PIDs · makespan 1.291 s');
    expect(svg).toContain('data-task-id="2" data-pid="41203" data-status="failed"');
    expect(svg).toContain('<title>slow_add(1, 6, 7) · status done · PID 41201');
  });

  it('labels bars wide enough with their call, as the app does, and narrow ones not', () => {
    const svg = traceToSvg(sampleTrace(), { date: DATE });
    const calls = [...svg.matchAll(/<text[^>]*paint-order="stroke"[^>]*>([^<]*)<\/text>/g)].map(
      (m) => m[1],
    );
    // count_primes(1000) ran for 0.2 ms: too narrow for any text.
    expect(calls).toEqual([
      'slow_add(1, 6, 7)',
      'slow_diff(1, 5, 2)',
      'slow_function(0.25)',
      'broken_function(1)',
      'slow_function(0.5)',
    ]);
    // Dark text on these light colours, with a halo of the bar's own colour.
    expect(svg).toContain(`fill="#1a1a1a" stroke="${colorFor('slow_add')}"`);
  });

  it('draws a drag of the slider as one mark, labelled with the value let go of', () => {
    const trace = traceOf([
      { type: 'worker-spawned', at: 0, pid: 5 },
      ...ran(0, 'slow_function', [1], 5, [0, 10, 1800]),
      ...[2, 3, 4, 5, 6].map((n, i) => ({
        type: 'resized' as const,
        at: 400 + i * 15,
        maxWorkers: n,
      })),
      { type: 'resized', at: 1200, maxWorkers: 2 },
    ]);
    const svg = traceToSvg(trace, { width: 900 });
    const labels = [...svg.matchAll(/>(max_workers → \d+)</g)].map((m) => m[1]);
    expect(labels).toEqual(['max_workers → 6', 'max_workers → 2']);
    // Two marks and the legend's swatch, not one line per value passed through.
    expect(svg.match(/stroke-dasharray="3 3"/g)!.length).toBe(3);
    render(svg);
  });

  it('is standalone: no stylesheet, no external reference, generic fonts, a white background', () => {
    const svg = traceToSvg(sampleTrace());
    expect(svg).toMatch(
      /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="1200" height="\d+" viewBox="0 0 1200 \d+" font-family="DejaVu Sans, Arial, Helvetica, sans-serif"/,
    );
    expect(svg).not.toMatch(/<style|@import|href=|<image|<script/);
    expect([...svg.matchAll(/url\(([^)]*)\)/g)].map((m) => m[1])).toSatisfy((refs: string[]) =>
      refs.every((ref) => ref === '#ps-hatch' || ref === '#ps-stripes'),
    );
    expect(svg).toContain('<rect x="0" y="0" width="1200"');
  });

  it('escapes every text: names, errors, control characters', () => {
    const nasty = 'bad</text><script>alert(1)</script> & "q" \'a\' \u0001';
    const trace = traceOf(
      [
        { type: 'worker-spawned', at: 0, pid: 5 },
        ...ran(0, nasty, ['<x>'], 5, [0, 1, 900], { error: { ...BROKEN, message: nasty } }),
      ],
      { name: nasty },
    );
    const svg = traceToSvg(trace);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain(
      'bad&lt;/text&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &apos;a&apos; \uFFFD',
    );
    render(svg);
  });

  it('a live run: the running bar is striped and open, the pool-broken task is on "not run"', () => {
    const svg = traceToSvg(liveTrace(), { now: 2500, width: 900 });
    expect(svg).toContain('data-task-id="1" data-pid="500" data-status="running"');
    expect(svg).toContain('fill="url(#ps-stripes)"');
    expect(svg).toContain('still running: striped, open right edge');
    const { facts } = render(svg);
    expect(facts.width).toBe(1800);
  });

  it('marks workers that died; one killed as the run ended keeps only its ✕, off the bars', () => {
    const trace = traceOf([
      { type: 'worker-spawned', at: 1, pid: 500 },
      { type: 'worker-spawned', at: 2, pid: 501 },
      ...ran(0, 'slow_function', [0.2], 500, [0.1, 5, 205]),
      { type: 'worker-exited', at: 210, pid: 500, code: 3, signal: null },
      { type: 'worker-spawned', at: 211, pid: 502 },
      ...ran(1, 'busy_work', [1], 501, [0.2, 6, 1000], { error: BROKEN }),
      { type: 'worker-exited', at: 1000, pid: 501, code: null, signal: 'SIGKILL' },
      { type: 'worker-exited', at: 1000, pid: 502, code: null, signal: 'SIGTERM' },
    ]);
    const svg = traceToSvg(trace, { width: 1000 });
    const notes = [
      ...svg.matchAll(/<text x="([\d.]+)"[^>]*text-anchor="(start|end)"[^>]*>(✕[^<]*)</g),
    ];
    expect(notes.map(([, , anchor, text]) => [text, anchor])).toEqual([
      ['✕ exit code 3', 'start'], // early: to the right of its line
      ['✕', 'end'], // at the right edge: the ✕ alone, just left of the line, as the app draws it
    ]);
    const plotRight = 1000 - 32;
    expect(Number(notes[1]![1])).toBeLessThan(plotRight);
    expect(svg).toContain('<title>PID 501 exited (killed by SIGKILL)</title>');
    expect(svg).not.toContain('PID 502 exited'); // stopped by the pool: no alarm

    // Rendered: the line where PID 500 exited is red, across its lane (which has no bar there).
    const { png } = render(svg);
    const exit =
      /<line x1="([\d.]+)" x2="[\d.]+" y1="([\d.]+)" y2="([\d.]+)"[^>]*><title>PID 500 exited/;
    const [, x, y1, y2] = exit.exec(svg)!.map(Number);
    expect(pixelAt(png, Math.round(2 * x!), Math.round(y1! + y2!))).toBe('#B2182B');
  });

  it('an empty run still renders, and says so', () => {
    const svg = traceToSvg(traceOf([]), { title: 'nothing yet' });
    expect(svg).toContain('>no task has started yet<');
    expect(svg).toContain('>nothing yet<');
    expect(render(svg).facts.inked).toBeGreaterThan(0.01);
  });

  it('100k tasks: merged into a file of reasonable size, with every task and failure accounted for', () => {
    const trace: Trace = bigTrace(100_000, 4);
    const svg = traceToSvg(trace);
    expect(svg.length).toBeLessThan(1_500_000);
    const count = (re: RegExp) => [...svg.matchAll(re)].reduce((n, m) => n + Number(m[1] ?? 1), 0);
    const single = count(/data-task-id="\d+"/g);
    const merged = count(/data-count="(\d+)"/g);
    expect(single + merged).toBe(100_000);
    const failed = trace.tasks.filter((t) => t?.status === 'failed').length;
    expect(count(/data-failed="(\d+)"/g) + count(/data-status="failed"/g)).toBe(failed);
    const { facts } = render(svg);
    expect(facts.colours).toBeGreaterThan(100);
    expect(facts.inked).toBeGreaterThan(0.15);
  });
});
