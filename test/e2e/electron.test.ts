/**
 * The same user stories in the desktop app: Playwright's `_electron` launches out/main/index.js
 * with the Electron binary `npm install` fetched. Where the install skipped the binary (here, and
 * in CI: ELECTRON_SKIP_BINARY_DOWNLOAD=1), the suite is skipped with NO_ELECTRON and the stories
 * run in Chromium against browser mode only (chromium.test.ts). On Linux without a display the
 * app gets a private Xvfb (see openInElectron), so no xvfb-run wrapper is needed.
 */
import { afterEach, describe, it } from 'vitest';
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
});
