/**
 * The pHYs chunk every PoolScope PNG carries (shared/export/png-phys.ts), on PNGs from a real
 * rasteriser, read back by an independent chunk parser and by ImageMagick.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rasterise } from '../../electron/cli/png';
import { PNG_DPI, pngOf } from '../../shared/export/render';
import { pixelsPerMetre, withPhys } from '../../shared/export/png-phys';
import { tempDir } from '../support/temp-dir';
import { pngChunks } from './support';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" viewBox="0 0 40 20">' +
  '<rect width="40" height="20" fill="#2F6FB5"/><text x="2" y="14" font-size="12">PID</text></svg>';

function save(bytes: Uint8Array): string {
  const path = join(tempDir(cleanups), 'chart.png');
  writeFileSync(path, bytes);
  return path;
}

const physOf = (path: string) => {
  const phys = pngChunks(path).filter((c) => c.type === 'pHYs');
  expect(phys).toHaveLength(1);
  const d = phys[0]!.data;
  return [d.readUInt32BE(0), d.readUInt32BE(4), d[8]];
};

describe('withPhys', () => {
  it('192 dpi is 7559 pixels per metre', () => {
    expect(PNG_DPI).toBe(192);
    expect(pixelsPerMetre(192)).toBe(7559);
    expect(pixelsPerMetre(96)).toBe(3780);
  });

  it('puts one pHYs right after IHDR and keeps every other chunk as it was', async () => {
    const plain = await rasterise(SVG, 2);
    const before = pngChunks(save(plain));
    const path = save(await pngOf(SVG, rasterise));
    const after = pngChunks(path);
    expect(after.map((c) => c.type)).toEqual([
      'IHDR',
      'pHYs',
      ...before
        .slice(1)
        .map((c) => c.type)
        .filter((t) => t !== 'pHYs'),
    ]);
    for (const chunk of before.filter((c) => c.type !== 'pHYs')) {
      expect(after.find((c) => c.type === chunk.type)?.data.equals(chunk.data)).toBe(true);
    }
    expect(after[0]!.data.readUInt32BE(0)).toBe(80); // 2 × 40 px
    expect(physOf(path)).toEqual([7559, 7559, 1]);
    // ImageMagick, which nobody here wrote, reads it as 192 dots per inch.
    const dpi = execFileSync('identify', ['-units', 'PixelsPerInch', '-format', '%x', path], {
      encoding: 'utf8',
    });
    expect(Number(dpi)).toBeCloseTo(192, 1);
  });

  it('replaces a pHYs the rasteriser wrote (a canvas may say 72 dpi) instead of adding one', async () => {
    const at72 = withPhys(await rasterise(SVG, 1), 72);
    expect(physOf(save(at72))).toEqual([2835, 2835, 1]);
    expect(physOf(save(withPhys(at72, 192)))).toEqual([7559, 7559, 1]);
  });

  it('refuses what is not a PNG', () => {
    expect(() => withPhys(new TextEncoder().encode('<svg/>'), 192)).toThrow('not a PNG');
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(() => withPhys(png, 192)).toThrow('not a PNG: truncated');
  });
});
