/**
 * The app's own PNG export (a canvas in the page) carries the same pHYs chunk as the command
 * line's (shared/export/render.ts adds it to both): 2× the SVG's size, marked 192 dpi so it opens
 * at the SVG's size. In real Chromium against browser mode.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { pngChunks } from '../cli/support';
import { openInChromium } from './app';
import { NO_CHROMIUM, findChromium } from './support';

const chromium = findChromium();
if (!chromium) console.warn(`e2e: skipped: ${NO_CHROMIUM}`);

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe.skipIf(!chromium)("the app's PNG export", () => {
  it('is the chart at 2× with one pHYs chunk of 192 dpi before the image data', async () => {
    const { app } = await openInChromium(chromium!, cleanups);
    const { page } = app;
    await page.getByRole('button', { name: 'pool_submit.py (slow_add)', exact: true }).click();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page
      .getByRole('status')
      .getByText(/completed/)
      .waitFor();

    const chunks = pngChunks(await app.exportAs('PNG image (2×)'));
    const types = chunks.map((c) => c.type);
    expect(types[0]).toBe('IHDR');
    expect(types.filter((t) => t === 'pHYs')).toHaveLength(1);
    expect(types.indexOf('pHYs')).toBeLessThan(types.indexOf('IDAT'));
    expect(chunks[0]!.data.readUInt32BE(0)).toBe(2 * 1200);
    const phys = chunks.find((c) => c.type === 'pHYs')!.data;
    expect([phys.readUInt32BE(0), phys.readUInt32BE(4), phys[8]]).toEqual([7559, 7559, 1]);
  });
});
