/**
 * The same user stories in the desktop app: Playwright's `_electron` launches out/main/index.js
 * with the Electron binary `npm install` fetched. Where the install skipped the binary (here, and
 * in CI: ELECTRON_SKIP_BINARY_DOWNLOAD=1), the suite is skipped with NO_ELECTRON and the stories
 * run in Chromium against browser mode only (chromium.test.ts). On Linux without a display the
 * app gets a private Xvfb (see openInElectron), so no xvfb-run wrapper is needed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openInElectron, type Cleanups } from './app';
import { STORIES } from './stories';
import { NO_ELECTRON, findElectron } from './support';

const electron = findElectron();
if (!electron) console.warn(`e2e: Electron stories skipped: ${NO_ELECTRON}`);

const cleanups: Cleanups = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe.skipIf(!electron)('user stories in the desktop app (Electron)', () => {
  for (const story of STORIES) {
    it(story.title, async () => {
      const { app } = await openInElectron(electron!, cleanups);
      await story.run(app);
    });
  }

  it('the page is locked down: no Node, only the bridge, no new windows', async () => {
    const { app, electronApp } = await openInElectron(electron!, cleanups);
    const page = await app.page.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      bridge: Object.keys((globalThis as { poolscope?: object }).poolscope ?? {}).length > 0,
      opened:
        (globalThis as unknown as { open(url: string): unknown }).open('https://example.com') ===
        null,
    }));
    expect(page).toEqual({
      require: 'undefined',
      process: 'undefined',
      bridge: true,
      opened: true,
    });
    expect(await electronApp.windows()).toHaveLength(1);
  });
});
