/**
 * The tracer's story (issue 11) in real Chromium against browser mode: run the tutorial's real
 * future.py from its preset, unchanged, under CPython; read the master's transcript and CPython's
 * futures; see the chart's lanes are the CPython workers. The screenshot is docs/trace.png.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  NO_CHROMIUM,
  ROOT,
  findChromium,
  launchChromium,
  screenshot,
  startBrowserMode,
} from './support';
import { FUTURE_PY_RESULTS } from '../support/future-py';

const chromium = findChromium();
if (!chromium) console.warn(`e2e: skipped: ${NO_CHROMIUM}`);

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function open(): Promise<Page> {
  const server = await startBrowserMode();
  cleanups.push(() => server.stop());
  const browser: Browser = await launchChromium(chromium!);
  cleanups.push(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(60_000);
  await page.goto(server.url);
  return page;
}

describe.skipIf(!chromium)('tracer story in Chromium (browser mode)', () => {
  it("runs the real future.py from its preset and shows CPython's own pool and the transcript", async () => {
    const page = await open();
    await page.getByRole('button', { name: 'Run the real future.py' }).click();

    // Live: a future sits RUNNING in the call queue, or runs on a worker, while the script polls.
    const futures = page.getByRole('list', { name: 'CPython futures' });
    await futures
      .getByText(/^RUNNING, executing on PID \d+$/)
      .first()
      .waitFor();
    const transcript = page.getByLabel('Script transcript');
    await expect.poll(() => transcript.innerText()).toContain('Have the workers finished?');

    await page.getByText(/^future\.py completed: 5 calls in /).waitFor();
    const text = await transcript.innerText();
    const lines = text.split('\n');
    expect(lines.slice(0, 3)).toEqual(['', 'Have the workers finished?', 'Task 0 is running...']);
    expect(lines.slice(-7)).toEqual(FUTURE_PY_RESULTS);
    await expect(futures.getByText('FINISHED').count()).resolves.toBe(5);
    // The header says which interpreter ran it, how, and how the script ended.
    const header = await page.getByTestId('cpython-header').innerText();
    expect(header).toMatch(/^CPython 3\.\d+\.\d+ · fork · master PID \d+ · exit code 0$/);

    await screenshot(page, 'trace-future');
    await page.screenshot({ path: join(ROOT, 'docs', 'trace.png') });
  });

  it('traces a ThreadPoolExecutor: a lane per thread, named by its TID, everywhere', async () => {
    const page = await open();
    await page.getByLabel('Script path').fill(join(ROOT, 'test/trace/scripts/thread_pool.py'));
    await page.getByRole('button', { name: 'Run script', exact: true }).click();
    await page.getByText(/^thread_pool\.py completed: 6 calls in /).waitFor();
    const lanes = await page
      .locator('text.lane-label')
      .evaluateAll((labels: { textContent: string | null }[]) =>
        labels.map((t) => t.textContent ?? ''),
      );
    expect(lanes.filter((l) => l.startsWith('TID '))).toHaveLength(2);
    expect(lanes.some((l) => l.startsWith('PID '))).toBe(false);
    const summary = page.getByRole('region', { name: 'Summary' });
    await expect(summary.locator('th').first().innerText()).resolves.toBe('worker');
    await expect(summary.locator('tbody td').first().innerText()).resolves.toMatch(/^TID \d+$/);
    await screenshot(page, 'trace-threads');
  });

  it('types a script path and sweeps it over max_workers 1..2, plotted as any sweep', async () => {
    const page = await open();
    await page.getByRole('tab', { name: 'Sweep' }).click();
    await page.getByLabel('Sweep from max_workers').fill('1');
    await page.getByLabel('Sweep to max_workers').fill('2');
    await page.getByLabel('Script path').fill(join(ROOT, 'electron/python/tutorial/applyasync.py'));
    await page.getByText('Next run: max_workers=').waitFor();
    await page.getByRole('button', { name: 'Sweep 1–2' }).click();
    await page.locator('p[data-sweep-status="completed"]').waitFor();
    const points = await page
      .locator('svg[data-sweep-id] g[data-panel="speedup"] circle[data-max-workers]')
      .evaluateAll((circles: { dataset: Record<string, string | undefined> }[]) =>
        circles.map((c) => Number(c.dataset.maxWorkers)),
      );
    expect(points).toEqual([1, 2]);
    await screenshot(page, 'trace-sweep');
  });
});
