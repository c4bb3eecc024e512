/**
 * Real consumers of the export formats, written by others: python3's csv module, librsvg's
 * rsvg-convert, ImageMagick, python3's XML parser. Run synchronously, so no child outlives a call.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temporary folder, removed by the returned cleanup. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'poolscope-export-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function writeIn(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Rows of a CSV file as python3's csv.reader reads it (the header row first). */
export function pythonCsvRows(path: string): string[][] {
  const script =
    'import csv, json, sys\n' +
    "with open(sys.argv[1], newline='', encoding='utf-8') as f:\n" +
    '    print(json.dumps(list(csv.reader(f, strict=True))))\n';
  return JSON.parse(
    execFileSync('python3', ['-c', script, path], { encoding: 'utf8' }),
  ) as string[][];
}

/** Parses with python3's xml.etree (expat: strict XML 1.0); returns the root tag and its size. */
export function pythonXmlRoot(path: string): { tag: string; width: string; height: string } {
  const script =
    'import json, sys, xml.etree.ElementTree as ET\n' +
    'root = ET.parse(sys.argv[1]).getroot()\n' +
    "print(json.dumps({'tag': root.tag, 'width': root.get('width'), 'height': root.get('height')}))\n";
  return JSON.parse(execFileSync('python3', ['-c', script, path], { encoding: 'utf8' })) as {
    tag: string;
    width: string;
    height: string;
  };
}

/** Renders an SVG to PNG with librsvg at `zoom`; throws with rsvg's message when it refuses. */
export function rsvgToPng(svgPath: string, pngPath: string, zoom = 1): void {
  execFileSync(
    'rsvg-convert',
    ['--zoom', String(zoom), '--format', 'png', '--output', pngPath, svgPath],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
}

export interface PngFacts {
  width: number;
  height: number;
  /** Distinct colours, per ImageMagick. */
  colours: number;
  /** Share of pixels that are not (near) white. */
  inked: number;
}

/** Size, colour count and inked share of a PNG, measured by ImageMagick. */
export function pngFacts(path: string): PngFacts {
  const info = execFileSync('convert', [path, '-format', '%w %h %k', 'info:'], {
    encoding: 'utf8',
  });
  const [width, height, colours] = info.trim().split(/\s+/).map(Number) as [number, number, number];
  const white = execFileSync(
    'convert',
    [
      path,
      '-alpha',
      'off',
      '-colorspace',
      'gray',
      '-threshold',
      '97%',
      '-format',
      '%[fx:mean]',
      'info:',
    ],
    { encoding: 'utf8' },
  );
  return { width, height, colours, inked: 1 - Number(white.trim()) };
}

/** The RGB colour of one pixel of a PNG, as "#RRGGBB". */
export function pixelAt(path: string, x: number, y: number): string {
  const out = execFileSync(
    'convert',
    [
      path,
      '-alpha',
      'off',
      '-crop',
      `1x1+${x}+${y}`,
      '-depth',
      '8',
      '-format',
      '#%[hex:p{0,0}]',
      'info:',
    ],
    { encoding: 'utf8' },
  );
  return out.trim().slice(0, 7).toUpperCase();
}
