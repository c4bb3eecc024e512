/**
 * The desktop-tool stories (issue 15) in real Chromium against browser mode: the action table's
 * shortcuts (Run, Save as PoolScope JSON), a trace dropped on the window (and anything else
 * refused with a sentence), the recent list surviving a reload, and both themes: the OS's dark
 * scheme followed, a manual override, WCAG AA contrast of the text in each, exports still light.
 * Screenshots of both themes go to test-results/e2e/.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { _electron, type Browser, type ElectronApplication, type Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  NO_CHROMIUM,
  NO_ELECTRON,
  findChromium,
  findElectron,
  isAlive,
  launchElectron,
  openBrowserPage,
  screenshot,
  tempDir,
  workerPidsOf,
} from './support';

// The in-page callbacks below run in Chromium; these are the few DOM names they use (the node
// config these tests compile under has no DOM library).
interface ProbeElement {
  style: { color: string };
  remove(): void;
}
declare const window: {
  dispatchEvent(e: unknown): boolean;
  poolscopeDrag?: DataTransfer;
  poolscopeNotes?: { title: string; body: string }[];
  Notification?: new (title: string, options: { body: string }) => object;
};
declare const document: {
  hasFocus(): boolean;
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
const electron = findElectron();
if (!electron) console.warn(`e2e: desktop-app stories skipped: ${NO_ELECTRON}`);

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function open(
  colorScheme: 'light' | 'dark' = 'light',
  permissions: string[] = [],
): Promise<{ page: Page; downloads: string; browser: Browser }> {
  const { page, browser } = await openBrowserPage(chromium!, cleanups, {
    acceptDownloads: true,
    colorScheme,
    permissions,
  });
  await page.getByRole('button', { name: 'Run', exact: true }).waitFor();
  const downloads = tempDir('poolscope-e2e-desktop-');
  cleanups.push(() => rmSync(downloads, { recursive: true, force: true }));
  return { page, downloads, browser };
}

/** Runs future.py with the Run shortcut (Ctrl+Enter) and waits for its verdict. */
async function runFuturePy(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'future.py', exact: true }).click();
  // The preset is in the builder once Run accepts it.
  await expect
    .poll(() => page.getByRole('button', { name: 'Run', exact: true }).isEnabled())
    .toBe(true);
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
  ['var(--sweep-cpu)', 'var(--panel)'],
  ['var(--text)', 'var(--code-bg)'],
  ['var(--danger)', 'var(--bg-soft)'],
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
    // What it is, in the importers' words.
    await expect(page.getByRole('status').innerText()).resolves.toMatch(
      /^Cannot open table\.csv: ./,
    );
    await dropFiles(page, [
      { name: 'a.json', text: '{}' },
      { name: 'b.json', text: '{}' },
    ]);
    await expect
      .poll(() => page.getByRole('status').innerText())
      .toBe('Drop one trace at a time (2 files were dropped).');
    await dropFiles(page, [{ name: 'broken.json', text: '{"not": "a trace"}' }]);
    await expect
      .poll(() => page.getByRole('status').innerText())
      .toMatch(/^Cannot open broken\.json: /);

    // The recent list is this browser's: after a reload, Recent ▾ reopens the dropped trace.
    await page.reload();
    await page.getByRole('button', { name: 'Recent ▾' }).click();
    await page.getByRole('menuitem', { name: 'run.poolscope.json' }).click();
    await expect.poll(() => banner.innerText()).toContain('run.poolscope.json');

    // Open… picks a file the same way, and it joins the list, newest first.
    const other = join(downloads, 'again.poolscope.json');
    writeFileSync(other, text);
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByRole('button', { name: 'Open…' }).click(),
    ]);
    await chooser.setFiles(other);
    await expect.poll(() => banner.innerText()).toContain('again.poolscope.json');
    await page.getByRole('button', { name: 'Recent ▾' }).click();
    await expect(page.getByRole('menu', { name: 'Recent traces' }).innerText()).resolves.toBe(
      'again.poolscope.json\nrun.poolscope.json',
    );
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

  it('a sweep that ends while the tab is in the background raises a notification (permission granted); the dark Sweep view', async () => {
    const { page } = await open('dark', ['notifications']);
    await page.evaluate(() => {
      const seen: { title: string; body: string }[] = [];
      const Native = window.Notification!;
      class Recorded extends Native {
        constructor(title: string, options: { body: string }) {
          super(title, options);
          seen.push({ title, body: options.body });
        }
      }
      window.Notification = Recorded;
      window.poolscopeNotes = seen;
    });
    await page.getByRole('button', { name: 'Sleeping tasks', exact: true }).click();
    const call = page.getByRole('listitem', { name: 'Call 1' });
    await call.getByLabel('nsecs').fill('0.2');
    await call.getByLabel('× repeat').fill('2');
    await page.getByRole('tab', { name: 'Sweep' }).click();
    await page.getByLabel('Sweep from max_workers').fill('1');
    await page.getByLabel('Sweep to max_workers').fill('2');
    await page.getByRole('button', { name: 'Run sweep' }).click();
    // The user goes to another window while it runs. Headless Chromium keeps every page
    // visible and focused, so the page is told what a real browser would say.
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { get: () => 'hidden' });
      document.hasFocus = () => false;
    });
    await page.locator('p[data-sweep-status="completed"]').waitFor();
    await screenshot(page, 'desktop-theme-dark-sweep');
    await expect
      .poll(() => page.evaluate(() => window.poolscopeNotes))
      .toEqual([{ title: 'Sweep of sleeping tasks completed', body: '2 points' }]);
  });
});

/**
 * The desktop app itself, where the Electron binary exists (CI): out/main/index.js with its own
 * config folder (history, preferences, the single-instance lock), `args` after the app's entry
 * (a trace to open), and Save dialogs answered with a path in `dir`.
 */
async function launchApp(
  dir: string,
  args: string[] = [],
): Promise<{ app: ElectronApplication; page: Page; masterPid: number }> {
  const { app, page, masterPid } = await launchElectron(
    electron!,
    cleanups,
    join(dir, 'config'),
    args,
  );
  await app.evaluate(({ dialog }, into) => {
    dialog.showSaveDialog = async (...a: unknown[]) => {
      const o = a.at(-1) as { defaultPath?: string };
      return {
        canceled: false,
        filePath: `${into}/${(o.defaultPath ?? 'x').split(/[\\/]/).pop()}`,
      };
    };
  }, dir);
  await page.getByRole('button', { name: 'Run', exact: true }).waitFor();
  return { app, page, masterPid };
}

/** Clicks a menu item of the table by its id, as the user would in the menu bar. */
const clickMenu = (app: ElectronApplication, id: string) =>
  app.evaluate(({ Menu }, itemId) => {
    const item = Menu.getApplicationMenu()?.getMenuItemById(itemId);
    if (!item) throw new Error(`no menu item ${itemId}`);
    (item.click as () => void)();
  }, id);

describe.skipIf(!electron)('desktop-tool stories in the desktop app (Electron)', () => {
  it('File ▸ Save writes the run; a relaunch with that file on its command line opens it; View ▸ Theme ▸ Dark darkens the page', async () => {
    const dir = tempDir('poolscope-e2e-electron-desktop-');
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const first = await launchApp(dir);
    await runFuturePy(first.page);
    await clickMenu(first.app, 'file.save');
    const saved = first.page.getByRole('status').getByText(/^Saved .*\.poolscope\.json$/);
    await saved.waitFor();
    const path = (await saved.innerText()).replace(/^Saved /, '');
    await clickMenu(first.app, 'view.theme.dark');
    await expect.poll(() => background(first.page)).toBe('rgb(18, 22, 29)');
    await screenshot(first.page, 'desktop-electron-dark');
    await first.app.close();

    const second = await launchApp(dir, [path]);
    const banner = second.page.getByRole('note').filter({ hasText: 'Opened file' });
    await expect(banner.innerText()).resolves.toContain('.poolscope.json');
    // The theme chosen was remembered in the preferences file.
    expect(await background(second.page)).toBe('rgb(18, 22, 29)');
  });

  it('quitting during busy_work(600) ends the app within the grace period and leaves no worker', async () => {
    const dir = tempDir('poolscope-e2e-electron-quit-');
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const { app, page, masterPid } = await launchApp(dir);
    await page.getByRole('button', { name: 'CPU-bound tasks', exact: true }).click();
    const call = page.getByRole('listitem', { name: 'Call 1' });
    await call.getByLabel('nsecs').fill('600');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => workerPidsOf(masterPid).length, { timeout: 30_000 }).toBeGreaterThan(0);
    const workers = workerPidsOf(masterPid);
    const exited = new Promise((resolve) => app.process().once('exit', resolve));
    await app.evaluate(({ app: electronApp }) => electronApp.quit());
    await exited; // a busy_work(600) would hold it ten minutes without the bound
    expect(workers.filter(isAlive)).toEqual([]);
  });
});
