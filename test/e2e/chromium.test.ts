/**
 * The user stories in real Chromium against browser mode (`node out/main/serve.js`), and the
 * browser-side security checks: without the right token, or from another origin, no connection.
 * Each test starts its own server and browser and, in afterEach, stops both and checks that no
 * worker is left.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { openInChromium, type Cleanups } from './app';
import { STORIES } from './stories';
import { NO_CHROMIUM, findChromium, screenshot } from './support';

const chromium = findChromium();
if (!chromium) console.warn(`e2e: skipped: ${NO_CHROMIUM}`);

const cleanups: Cleanups = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe.skipIf(!chromium)('user stories in Chromium (browser mode)', () => {
  for (const story of STORIES) {
    it(story.title, async () => {
      const { app } = await openInChromium(chromium!, cleanups);
      await story.run(app);
    });
  }
});

describe.skipIf(!chromium)('browser mode refuses pages without its token or origin', () => {
  const failure = (page: Page) =>
    page.getByRole('alert').filter({ hasText: 'PoolScope cannot start' });

  it('a page opened without the token says so instead of showing the app', async () => {
    const { app, server } = await openInChromium(chromium!, cleanups);
    const { page } = app;
    await page.goto(new URL(server.url).origin + '/');
    await expect(failure(page).innerText()).resolves.toContain('needs the ?token=');
    expect(await page.getByRole('slider', { name: 'max_workers' }).count()).toBe(0);
    await screenshot(page, 'chromium-security-no-token');
  });

  it('a page with a wrong token cannot connect and says so', async () => {
    const { app, server } = await openInChromium(chromium!, cleanups);
    const { page } = app;
    const wrong = new URL(server.url);
    wrong.searchParams.set('token', 'not-the-token');
    await page.goto(wrong.href);
    await expect(failure(page).innerText()).resolves.toContain(
      'Cannot connect to the PoolScope server',
    );
    expect(await page.getByRole('slider', { name: 'max_workers' }).count()).toBe(0);
    await screenshot(page, 'chromium-security-wrong-token');
  });

  it("a page from another origin cannot open the server's socket, even with the token", async () => {
    const { app, server } = await openInChromium(chromium!, cleanups);
    const { page } = app;
    const socket = new URL(server.url);
    socket.protocol = 'ws:';
    socket.pathname = '/ws';
    /** Opens a WebSocket from the page and reports whether it opened. */
    const tryOpen = (url: string) =>
      page.evaluate(
        (u) =>
          new Promise<string>((resolve) => {
            const ws = new WebSocket(u);
            ws.onopen = () => (ws.close(), resolve('open'));
            ws.onclose = () => resolve('refused');
          }),
        url,
      );
    // The same script from the app's own page connects: the token is right.
    await page.getByRole('slider', { name: 'max_workers' }).waitFor();
    expect(await tryOpen(socket.href)).toBe('open');

    const other = createServer((_req, res) => res.end('<!doctype html><title>elsewhere</title>'));
    await new Promise<void>((ok) => other.listen(0, '127.0.0.1', ok));
    cleanups.push(() => new Promise((ok) => other.close(ok)));
    await page.goto(`http://127.0.0.1:${(other.address() as AddressInfo).port}/`);
    expect(await tryOpen(socket.href)).toBe('refused');
  });
});
