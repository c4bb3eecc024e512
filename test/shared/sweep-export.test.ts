/**
 * Sweep exports, checked by consumers nobody here wrote: python3's csv module reads the CSV;
 * python's expat parses the SVG as strict XML, librsvg's rsvg-convert renders it at 2× (as the PNG
 * export does) and ImageMagick measures the picture.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sweepPlot } from '../../shared/chart/sweep';
import { SWEEP_CSV_COLUMNS, SWEEP_STYLE, sweepToCsv, sweepToSvg } from '../../shared/export/sweep';
import {
  pixelAt,
  pngFacts,
  pythonCsvRows,
  pythonXmlRoot,
  rsvgToPng,
  tempDir,
  writeIn,
} from './consumers';
import { CPU_BOUND, SLEEPING, points, sweepOf } from './sweep-fixtures';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function folder(): string {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  return dir;
}

describe('sweepToCsv read by python csv', () => {
  it('one row per worker count, ascending, in seconds, with the speedup against the first', () => {
    const shuffled = [SLEEPING[2]!, SLEEPING[0]!, SLEEPING[3]!, SLEEPING[1]!];
    const [header, ...rows] = pythonCsvRows(
      writeIn(folder(), 's.csv', sweepToCsv(sweepOf(shuffled))),
    );
    expect(header).toEqual([...SWEEP_CSV_COLUMNS]);
    expect(rows).toEqual([
      // max_workers, runs, makespan (median, min, max), speedup, parallelism, busy, start-up, run
      ['1', '1', '4.000000', '4.000000', '4.000000', '1.0000', '1.0000', '4.000000', '', 'run-1'],
      ['2', '1', '2.000000', '2.000000', '2.000000', '2.0000', '2.0000', '4.000000', '', 'run-2'],
      ['3', '1', '1.500000', '1.500000', '1.500000', '2.6667', '2.6667', '4.000050', '', 'run-3'],
      ['4', '1', '1.000000', '1.000000', '1.000000', '4.0000', '4.0000', '4.000000', '', 'run-4'],
    ]);
  });

  it('a CPU-bound sweep: the total task time grows while the speedup stays at the core count', () => {
    const [, ...rows] = pythonCsvRows(writeIn(folder(), 'c.csv', sweepToCsv(sweepOf(CPU_BOUND))));
    expect(rows.map((r) => [r[0], r[7], r[5]])).toEqual([
      ['1', '4.000000', '1.0000'],
      ['2', '4.000000', '2.0000'],
      ['3', '6.000000', '2.0000'],
      ['4', '8.000000', '2.0000'],
    ]);
  });

  it('no points: the header alone, CRLF-terminated', () => {
    expect(sweepToCsv(sweepOf([]))).toBe(`${SWEEP_CSV_COLUMNS.join(',')}\r\n`);
  });
});

describe('sweepToSvg rendered by rsvg-convert', () => {
  function render(svg: string) {
    const dir = folder();
    const path = writeIn(dir, 'sweep.svg', svg);
    const root = pythonXmlRoot(path);
    expect(root.tag).toBe('{http://www.w3.org/2000/svg}svg');
    const png = `${dir}/sweep.png`;
    rsvgToPng(path, png, 2);
    return { png, facts: pngFacts(png), width: Number(root.width), height: Number(root.height) };
  }

  const texts = (svg: string) =>
    [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));

  it('draws both panels with their points in the measured colour, at 2× density', () => {
    const sweep = sweepOf(SLEEPING);
    const svg = sweepToSvg(sweep);
    const { png, facts, width, height } = render(svg);
    expect(width).toBe(1200);
    expect(facts).toMatchObject({ width: 2400, height: 2 * height });
    expect(facts.colours).toBeGreaterThan(50);
    expect(facts.inked).toBeGreaterThan(0.02);
    // Where the plot says each point is, the PNG has the measured colour (the panels are drawn
    // inside a group moved 16 px right and 84 px down).
    const plot = sweepPlot(sweep, { width: 1200 - 32, height: 380 });
    for (const panel of plot.panels) {
      for (const p of panel.points) {
        expect(pixelAt(png, Math.round(2 * (p.x + 16)), Math.round(2 * (p.y + 84)))).toBe(
          SWEEP_STYLE.measured,
        );
      }
    }
    expect(svg.match(/<circle [^>]*data-max-workers="\d+"/g)).toHaveLength(8);
  });

  it('says what it shows: title, axes, the CPU count, the legend and the lesson', () => {
    const svg = sweepToSvg(sweepOf(SLEEPING));
    expect(texts(svg)).toEqual(
      expect.arrayContaining([
        'sleeping tasks · sweep of max_workers 1–4 · 2026-11-24 19:42',
        '4 of 4 worker counts measured, each on a fresh pool started before the clock · 2 CPUs · speedup vs 1 worker = its makespan ÷ makespan at n',
        'makespan (s)',
        'speedup vs 1 worker',
        'max_workers',
        'CPU count = 2',
        'measured (one run per worker count)',
        'ideal: perfect scaling from the first point',
        'CPU count',
        expect.stringMatching(/^The speedup kept rising past the 2 CPUs/),
      ]),
    );
    expect(texts(sweepToSvg(sweepOf(CPU_BOUND)))).toContainEqual(
      expect.stringMatching(/^The speedup flattens at the 2 CPUs/),
    );
  });

  it('escapes the workload name and still renders a sweep cancelled before its first point', () => {
    const svg = sweepToSvg(sweepOf([], { name: 'a <b> & "c"', status: 'cancelled' }));
    const { facts } = render(svg);
    expect(facts.colours).toBeGreaterThan(10);
    expect(texts(svg)[0]).toBe(
      'a &lt;b&gt; & &quot;c&quot; · sweep of max_workers 1–4 · 2026-11-24 19:42',
    );
    expect(texts(svg)[1]).toMatch(/· cancelled$/);
    expect(svg).not.toContain('data-max-workers');
  });

  it('stacks the panels in a narrow export and keeps the CPU marker off the plot when outside', () => {
    const svg = sweepToSvg(sweepOf(points([3, 1000, 3], [4, 800, 3.8]), { from: 3 }), {
      width: 500,
    });
    const { width, height } = render(svg);
    expect(width).toBe(500);
    expect(height).toBeGreaterThan(2 * 380);
    expect(texts(svg)).not.toContain('CPU count = 2');
    expect(texts(svg)).toContain('speedup vs 3 workers');
  });
});
