/**
 * The app under test in either shell, behind one interface, so each story is written once and
 * runs in both: browser mode (`node out/main/serve.js`) in Chromium, and the desktop app
 * (`out/main/index.js`) in Electron. Opening one registers its cleanup, which also proves that no
 * worker outlives the app.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { VIEWPORT, launchElectron, openBrowserPage, tempDir, type Cleanups } from './support';

export type { Cleanups };

export interface AppUnderTest {
  /** Names the screenshots. */
  shell: 'chromium' | 'electron';
  page: Page;
  /** The process that owns the pool: serve.js, or Electron's main process. */
  masterPid: number;
  /** Picks `label` in the chart's Export menu and returns the path of the file that was saved. */
  exportAs(label: string): Promise<string>;
}

/** Browser mode on a free port, in a fresh headless Chromium; exports arrive as downloads. */
export async function openInChromium(executablePath: string, cleanups: Cleanups) {
  const downloads = tempDir('poolscope-e2e-downloads-');
  cleanups.push(() => rmSync(downloads, { recursive: true, force: true }));
  const { page, server, masterPid } = await openBrowserPage(executablePath, cleanups, {
    acceptDownloads: true,
  });
  const app: AppUnderTest = {
    shell: 'chromium',
    page,
    masterPid,
    async exportAs(label) {
      await openExportMenu(page);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('menuitem', { name: label }).click(),
      ]);
      const path = join(downloads, download.suggestedFilename());
      await download.saveAs(path);
      return path;
    },
  };
  return { app, server };
}

/**
 * The desktop app in Electron (launchElectron), its history in a fresh folder. Exports go through
 * the native Save dialog, answered here by a stub in the main process.
 */
export async function openInElectron(executablePath: string, cleanups: Cleanups) {
  const home = tempDir('poolscope-e2e-electron-');
  cleanups.push(() => rmSync(home, { recursive: true, force: true }));
  const {
    app: electronApp,
    page,
    masterPid,
  } = await launchElectron(executablePath, cleanups, home);
  await page.setViewportSize(VIEWPORT);
  const exportDir = join(home, 'exports');
  mkdirSync(exportDir);
  await electronApp.evaluate(({ dialog }, dir) => {
    const saved: string[] = [];
    Object.assign(globalThis, { poolscopeSaved: saved });
    dialog.showSaveDialog = async (...args: unknown[]) => {
      const options = args.at(-1) as { defaultPath?: string };
      const filePath = `${dir}/${(options.defaultPath ?? 'export').split('/').pop()}`;
      saved.push(filePath);
      return { canceled: false, filePath };
    };
  }, exportDir);
  /** Paths the stubbed Save dialog has handed out, oldest first. */
  const savedPaths = () =>
    electronApp.evaluate(
      () => (globalThis as unknown as { poolscopeSaved: string[] }).poolscopeSaved,
    );
  const app: AppUnderTest = {
    shell: 'electron',
    page,
    masterPid,
    async exportAs(label) {
      const before = await savedPaths();
      await openExportMenu(page);
      await page.getByRole('menuitem', { name: label }).click();
      await expect.poll(savedPaths, { timeout: 30_000 }).toHaveLength(before.length + 1);
      const path = (await savedPaths()).at(-1)!;
      // The status line reports the write only after the atomic rename.
      await page.getByRole('status').getByText(`Saved ${path}`).waitFor();
      return path;
    },
  };
  return { app, electronApp };
}

function openExportMenu(page: Page): Promise<void> {
  return page.getByRole('button', { name: 'Export' }).click();
}
