/**
 * The desktop-tool stories (issue 15) in real Chromium against browser mode: the action table's
 * shortcuts (Run, Save as PoolScope JSON), a trace dropped on the window (and anything else
 * refused with a sentence), the recent list surviving a reload, and both themes: the OS's dark
 * scheme followed, a manual override, WCAG AA contrast of the text in each, exports still light.
 * Screenshots of both themes go to test-results/e2e/.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  NO_CHROMIUM,
  findChromium,
  isAlive,
  launchChromium,
  screenshot,
  startBrowserMode,
  tempDir,
  workerPidsOf,
} from './support';

// The in-page callbacks below run in Chromium; these are the few DOM names they use (the node
// config these tests compile under has no DOM library).
interface ProbeElement {
  style: { color: string };
  remove(): void;
}
declare const window: { dispatchEvent(e: unknown): boolean; poolscopeDrag?: DataTransfer };
declare const document: {
  querySelector(selector: string): unknown;
  createElement(tag: string): ProbeElement;
  body: { append(node: unknown): void };
  documentElement: { dataset: Record<string, string | undefined> };
};
declare class DataTransfer {
  items: { add(file: unknown): void };
}
declare class File {
  constructor(parts: string[], name: string, options: { type: string });
}
declare class DragEvent {
  constructor(type: string, init: object);
}
declare function getComputedStyle(e: unknown): { color: string; backgroundColor: string };

const chromium = findChromium();
if (!chromium) console.warn(`e2e: skipped: ${NO_CHROMIUM}`);

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function open(
  colorScheme: 'light' | 'dark' = 'light',
): Promise<{ page: Page; downloads: string }> {
  const server = await startBrowserMode();
  const masterPid = server.child.pid!;
  cleanups.push(async () => {
    const workers = workerPidsOf(masterPid);
    await server.stop();
    expect(workers.filter(isAlive), 'workers left after the server stopped').toEqual([]);
  });
  const browser: Browser = await launchChromium(chromium!);
  cleanups.push(() => browser.close());
  const page = await browser.newPage({
    viewport: { width: 1400, height: 900 },
    acceptDownloads: true,
    colorScheme,
  });
  page.setDefaultTimeout(30_000);
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Run', exact: true }).waitFor();
  const downloads = tempDir('poolscope-e2e-desktop-');
  cleanups.push(() => rmSync(downloads, { recursive: true, force: true }));
  return { page, downloads };
}

/** Runs future.py with the Run shortcut (Ctrl+Enter) and waits for its verdict. */
async function runFuturePy(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'future.py', exact: true }).click();
  await page.locator('body').click({ position: { x: 5, y: 890 } }); // keys go to the page, not a field
  await page.keyboard.press('Control+Enter');
  await expect
    .poll(() => page.getByRole('status').innerText(), { timeout: 30_000 })
    .toMatch(/^future\.py completed: /);
}

/**
 * Drags files (name, text) over the page as a user's drag from the file manager would, checks
 * the page shows where to drop, then drops them.
 */
async function dropFiles(page: Page, files: { name: string; text: string }[]): Promise<void> {
  await page.evaluate((list) => {
    const data = new DataTransfer();
    for (const f of list) data.items.add(new File([f.text], f.name, { type: 'application/json' }));
    window.poolscopeDrag = data;
    for (const type of ['dragenter', 'dragover']) {
      window.dispatchEvent(
        new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }),
      );
    }
  }, files);
  await page.getByText('Drop a PoolScope or Chrome trace (.json) to open it').waitFor();
  await page.evaluate(() => {
    const init = { dataTransfer: window.poolscopeDrag, bubbles: true, cancelable: true };
    window.dispatchEvent(new DragEvent('drop', init));
  });
  await page
    .getByText('Drop a PoolScope or Chrome trace (.json) to open it')
    .waitFor({ state: 'detached' });
}

/** WCAG 2 contrast of two CSS colours as the page computes them. */
function contrastIn(
  page: Page,
  pairs: [string, string][],
): Promise<{ pair: string; ratio: number }[]> {
  return page.evaluate((list) => {
    const probe = document.createElement('div');
    document.body.append(probe);
    const rgb = (css: string) => {
      probe.style.color = css;
      const m = getComputedStyle(probe)
        .color.match(/[\d.]+/g)!
        .map(Number);
      return m.slice(0, 3);
    };
    const lum = (c: number[]) => {
      const [r, g, b] = c.map((v) => {
        const s = v / 255;
        return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const out = list.map(([fg, bg]) => {
      const a = lum(rgb(fg));
      const b = lum(rgb(bg));
      return { pair: `${fg} on ${bg}`, ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) };
    });
    probe.remove();
    return out;
  }, pairs);
}

/** Text colours and the surfaces they sit on. */
const TEXT_PAIRS: [string, string][] = [
  ['var(--text)', 'var(--bg)'],
  ['var(--text)', 'var(--panel)'],
  ['var(--muted)', 'var(--panel)'],
  ['var(--muted)', 'var(--bg)'],
  ['var(--muted)', 'var(--panel-soft)'],
  ['var(--heading)', 'var(--panel)'],
  ['var(--axis-text)', 'var(--lane)'],
  ['var(--axis-text)', 'var(--panel)'],
  ['var(--axis-faint)', 'var(--panel)'],
  ['var(--danger)', 'var(--panel)'],
  ['var(--ok)', 'var(--panel-soft)'],
  ['var(--accent)', 'var(--panel)'],
  ['var(--on-accent)', 'var(--accent)'],
  ['var(--text)', 'var(--note-bg)'],
  ['var(--mark)', 'var(--lane)'],
];

const background = (page: Page) =>
  page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);

describe.skipIf(!chromium)('desktop-tool stories in Chromium (browser mode)', () => {
  it('Ctrl+S saves the run as PoolScope JSON; dropping it opens it read-only, a CSV is refused with a sentence, and Recent keeps it across a reload', async () => {
    const { page, downloads } = await open();
    await runFuturePy(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.keyboard.press('Control+s'),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.poolscope\.json$/);
    const path = join(downloads, download.suggestedFilename());
    await download.saveAs(path);
    const text = readFileSync(path, 'utf8');
    expect(JSON.parse(text)).toMatchObject({ name: 'future.py' });

    await page.reload();
    await page.getByRole('button', { name: 'Run', exact: true }).waitFor();
    await dropFiles(page, [{ name: 'run.poolscope.json', text }]);
    const banner = page.getByRole('note').filter({ hasText: 'Opened file' });
    await expect(banner.innerText()).resolves.toContain('run.poolscope.json');
    await expect(page.getByRole('status').innerText()).resolves.toBe('Opened run.poolscope.json.');
    await expect(page.locator('[data-status="failed"]').count()).resolves.toBeGreaterThan(0);
    await screenshot(page, 'desktop-1-dropped');

    await dropFiles(page, [{ name: 'table.csv', text: 'a,b\n1,2\n' }]);
    await expect(page.getByRole('status').innerText()).resolves.toBe(
      'table.csv is not a trace: PoolScope opens .json traces (PoolScope or Chrome trace JSON).',
    );
    await dropFiles(page, [
      { name: 'a.json', text: '{}' },
      { name: 'b.json', text: '{}' },
    ]);
    await expect(page.getByRole('status').innerText()).resolves.toBe(
      'Drop one trace at a time (2 files were dropped).',
    );
    await dropFiles(page, [{ name: 'broken.json', text: '{"not": "a trace"}' }]);
    await expect(page.getByRole('status').innerText()).resolves.toMatch(
      /^Cannot open broken\.json: /,
    );

    // The recent list is this browser's: after a reload, Recent ▾ reopens the dropped trace.
    await page.reload();
    await page.getByRole('button', { name: 'Recent ▾' }).click();
    await page.getByRole('menuitem', { name: 'run.poolscope.json' }).click();
    await expect(banner.innerText()).resolves.toContain('run.poolscope.json');
  });

  it('follows a dark OS scheme, keeps AA contrast in both themes, obeys the manual override, and exports stay light', async () => {
    const { page, downloads } = await open('dark');
    await runFuturePy(page);
    // The broken call's future open, so its details panel is in the picture too.
    await page
      .getByRole('list', { name: 'Futures' })
      .getByRole('listitem')
      .filter({ hasText: 'broken_function(4.1)' })
      .getByRole('button')
      .click();
    await page.getByRole('region', { name: 'Future 4' }).waitFor();
    expect(await background(page)).toBe('rgb(18, 22, 29)'); // --bg, dark
    await screenshot(page, 'desktop-theme-dark');
    for (const { pair, ratio } of await contrastIn(page, TEXT_PAIRS)) {
      expect(ratio, `dark: ${pair}`).toBeGreaterThanOrEqual(4.5);
    }

    // The export is the light chart whatever the theme.
    await page.getByRole('button', { name: 'Export ▾' }).click();
    const [svg] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: 'SVG image' }).click(),
    ]);
    const svgPath = join(downloads, svg.suggestedFilename());
    await svg.saveAs(svgPath);
    expect(readFileSync(svgPath, 'utf8')).toMatch(/fill="(#fff|#ffffff|white)"/i);

    // Manual override: Light, although the OS says dark; remembered across a reload.
    await page.getByLabel('Theme').selectOption('light');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    expect(await background(page)).toBe('rgb(246, 247, 249)'); // --bg, light
    for (const { pair, ratio } of await contrastIn(page, TEXT_PAIRS)) {
      expect(ratio, `light: ${pair}`).toBeGreaterThanOrEqual(4.5);
    }
    await screenshot(page, 'desktop-theme-light');
    await page.reload();
    await page.getByRole('button', { name: 'Run', exact: true }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    await page.getByLabel('Theme').selectOption('system');
    expect(await background(page)).toBe('rgb(18, 22, 29)');
  });
});
