/**
 * The sweep story (issue 6) in real Chromium against browser mode: build a short sleeping
 * workload, sweep max_workers 1..3, read the plot, export its CSV, open a point's Gantt chart,
 * pin two points to Compare, and find the sweep in History after a reload. A screenshot of each
 * step goes to test-results/e2e/.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { NO_CHROMIUM, findChromium, openBrowserPage, python, screenshot, tempDir } from './support';

const chromium = findChromium();
if (!chromium) console.warn(`e2e: skipped: ${NO_CHROMIUM}`);

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** An element with data-* attributes, as the in-page callbacks below read it. */
interface DataElement {
  dataset: Record<string, string | undefined>;
}

interface PlotPoint {
  maxWorkers: number;
  value: number;
  runId: string;
}

/** The points of one panel of the sweep plot, from their data attributes. */
function plotPoints(page: Page, panel: 'makespan' | 'speedup'): Promise<PlotPoint[]> {
  return page
    .locator(`svg[data-sweep-id] g[data-panel="${panel}"] circle[data-max-workers]`)
    .evaluateAll((circles: DataElement[]) =>
      circles.map((c) => ({
        maxWorkers: Number(c.dataset.maxWorkers),
        value: Number(c.dataset.value),
        runId: c.dataset.runId ?? '',
      })),
    );
}

/** Browser mode on a fresh data folder, in a fresh Chromium; both stopped in afterEach. */
async function open(): Promise<{ page: Page; dataDir: string; downloads: string }> {
  const { page, server } = await openBrowserPage(chromium!, cleanups, { acceptDownloads: true });
  return { page, dataDir: server.dataDir, downloads: tempDir('poolscope-e2e-sweep-') };
}

describe.skipIf(!chromium)('sweep story in Chromium (browser mode)', () => {
  it('sweeps sleeping tasks over 1..3 workers: the speedup rises, each point opens its chart, and the sweep is in History after a reload', async () => {
    const { page, dataDir, downloads } = await open();
    cleanups.push(() => rmSync(downloads, { recursive: true, force: true }));

    // Four sleeps of 0.4 s from the "Sleeping tasks" preset, swept from 1 to 3 workers: long
    // enough that workers starting slowly on a loaded machine cannot hide the speedup.
    await page.getByRole('button', { name: 'Sleeping tasks', exact: true }).click();
    const call = page.getByRole('listitem', { name: 'Call 1' });
    await call.getByLabel('nsecs').fill('0.4');
    await call.getByLabel('× repeat').fill('4');
    await page.getByRole('tab', { name: 'Sweep' }).click();
    await expect(
      page.getByRole('tab', { name: 'Sweep' }).getAttribute('aria-selected'),
    ).resolves.toBe('true');
    await page.getByLabel('Sweep from max_workers').fill('1');
    await page.getByLabel('Sweep to max_workers').fill('3');
    // One run per worker count keeps this story short; the median of several is unit-tested.
    await page.getByLabel('Runs per worker count').fill('1');
    await screenshot(page, 'sweep-1-form');

    await page.getByRole('button', { name: 'Run sweep' }).click();
    await page.getByRole('progressbar', { name: 'Sweep progress' }).waitFor();
    await page.getByRole('heading', { name: /^Now running: max_workers = \d$/ }).waitFor();
    // The header shows the point's own pool beside the app's, while there is one.
    const sweepWorkers = page.locator('header dt', { hasText: 'sweep workers' });
    await expect(sweepWorkers.locator('xpath=../dd').innerText()).resolves.toMatch(
      /^\d of [123]\b/,
    );
    await screenshot(page, 'sweep-2-running');

    // Done: three points in each panel, and the sweep says so.
    await page.locator('p[data-sweep-status="completed"]').waitFor();
    await sweepWorkers.waitFor({ state: 'detached' });
    const speedup = await plotPoints(page, 'speedup');
    const makespan = await plotPoints(page, 'makespan');
    expect(speedup.map((p) => p.maxWorkers)).toEqual([1, 2, 3]);
    expect(makespan.map((p) => p.maxWorkers)).toEqual([1, 2, 3]);
    expect(speedup[0]!.value).toBe(1);
    expect(speedup[2]!.value).toBeGreaterThan(speedup[0]!.value);
    expect(makespan[2]!.value).toBeLessThan(makespan[0]!.value);
    // The CPU count is marked in both panels when it is inside the range.
    const cpus = availableParallelism();
    await expect(page.getByText(`CPU count = ${cpus}`).count()).resolves.toBe(cpus <= 3 ? 2 : 0);

    // The CSV export holds the same numbers, as python's csv module reads them.
    const exportAs = async (label: string) => {
      await page.getByRole('button', { name: 'Export ▾' }).click();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('menuitem', { name: label }).click(),
      ]);
      const path = join(downloads, download.suggestedFilename());
      await download.saveAs(path);
      return path;
    };
    const csv = await exportAs('CSV table');
    expect(csv).toMatch(/\/sleeping-tasks-sweep-\d{4}-\d\d-\d\d-\d{4}\.csv$/);
    const rows = JSON.parse(
      python(
        'import csv, json, sys\nprint(json.dumps(list(csv.DictReader(open(sys.argv[1], newline="")))))',
        csv,
      ),
    ) as Record<string, string>[];
    expect(rows.map((r) => [Number(r.max_workers), r.run_id])).toEqual(
      speedup.map((p) => [p.maxWorkers, p.runId]),
    );
    expect(Number(rows[2]!.speedup)).toBeCloseTo(speedup[2]!.value, 3);
    expect(Number(rows[2]!.makespan_s) * 1000).toBeCloseTo(makespan[2]!.value, 0);
    // The SVG names the sweep; the PNG is the same picture at twice its size.
    const svg = readFileSync(await exportAs('SVG image'), 'utf8');
    expect(svg).toContain('<title>sleeping tasks · sweep of max_workers 1–3 · ');
    expect(svg.match(/data-max-workers=/g)).toHaveLength(6);
    const png = readFileSync(await exportAs('PNG image (2×)'));
    const svgWidth = Number(/<svg[^>]* width="(\d+)"/.exec(svg)![1]);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(2 * svgWidth);

    // A point opens its run's Gantt chart: 3 worker lanes, 4 calls, at most 2 on one PID.
    await page.locator('g[data-panel="speedup"] circle[data-max-workers="3"]').click();
    const detail = page.getByRole('region', { name: 'Run with max_workers = 3' });
    await detail.waitFor();
    await expect(detail.locator('text[data-pid]').count()).resolves.toBe(3);
    const pids = await detail
      .locator('ul[aria-label="Tasks"] > li[data-task-id]')
      .evaluateAll((items: DataElement[]) => items.map((li) => Number(li.dataset.pid)));
    expect(pids).toHaveLength(4);
    const perPid = pids.reduce((m, pid) => m.set(pid, (m.get(pid) ?? 0) + 1), new Map());
    expect(Math.max(...perPid.values())).toBe(Math.ceil(4 / 3));
    await screenshot(page, 'sweep-3-point');

    // Keyboard: Tab to the 1-worker point, Enter opens it; then pin both to Compare.
    await detail.getByRole('button', { name: 'Pin to Compare' }).click();
    const first = page.locator('g[data-panel="speedup"] circle[data-max-workers="1"]');
    await first.focus();
    await page.keyboard.press('Enter');
    const one = page.getByRole('region', { name: 'Run with max_workers = 1' });
    await one.getByRole('button', { name: 'Pin to Compare' }).click();
    await page.getByRole('tab', { name: /^Compare/ }).click();
    const charts = page.locator('section[data-pinned]');
    await expect(charts.count()).resolves.toBe(2);
    // One time axis: the same tick labels under both charts.
    const ticks = await Promise.all(
      [0, 1].map((i) => charts.nth(i).locator('text.tick').allTextContents()),
    );
    expect(ticks[0]!.length).toBeGreaterThan(2);
    expect(ticks[0]).toEqual(ticks[1]);
    await screenshot(page, 'sweep-4-compare');

    // After a reload the sweep is still in History, its runs folded under it; a corrupt file in
    // the history folder is reported and skipped.
    writeFileSync(join(dataDir, 'run-corrupt.entry.json'), '{ not json');
    await page.reload();
    await page.getByRole('tab', { name: 'History' }).click();
    const row = page.locator('tr[data-kind="sweep"]');
    await row.waitFor();
    await expect(row.innerText()).resolves.toMatch(
      /sleeping tasks[\s\S]*1–3[\s\S]*3 runs[\s\S]*completed/,
    );
    await row.getByRole('button', { name: 'Show the runs of sleeping tasks' }).click();
    await expect(page.locator('tr.nested').count()).resolves.toBe(3);
    await expect(page.getByRole('note').innerText()).resolves.toMatch(
      /1 history file was skipped[\s\S]*run-corrupt\.entry\.json: .*not valid JSON/,
    );
    await screenshot(page, 'sweep-5-history');

    // Rename in place: Enter saves.
    await row.getByRole('button', { name: 'Rename' }).click();
    await row.getByRole('textbox', { name: 'New name' }).fill('sleeps, 1 to 3 workers');
    await page.keyboard.press('Enter');
    await row.getByText('sleeps, 1 to 3 workers').waitFor();

    // A run of the sweep opens read-only in the Run view.
    await page.locator('tr.nested').nth(2).getByRole('button', { name: 'Open' }).click();
    await page.getByRole('note').filter({ hasText: 'From the history:' }).waitFor();
    await expect(page.locator('text[data-pid]').count()).resolves.toBe(3);
    // Its calls go back into the builder (the reload reset it), ready to run again.
    await page.getByRole('button', { name: 'Load its calls into the workload' }).click();
    const loaded = page.getByRole('listitem', { name: 'Call 1' });
    await expect.poll(() => loaded.getByLabel('nsecs').inputValue()).toBe('0.4');
    await expect(loaded.getByLabel('× repeat').inputValue()).resolves.toBe('4');
    await expect(page.getByRole('listitem', { name: 'Call 2' }).count()).resolves.toBe(0);
    // The preset's description left with the preset's calls.
    await expect(
      page.getByRole('region', { name: 'Workload' }).locator('p.blurb').count(),
    ).resolves.toBe(0);
    await expect
      .poll(() => page.getByRole('status').innerText())
      .toMatch(
        /^Loaded the 4 calls of sleeping tasks into the workload; it ran with max_workers=3\.$/,
      );
    await page.getByRole('tab', { name: 'History' }).click();

    // Reopening it from History plots the same points.
    await row.getByRole('button', { name: 'Open' }).click();
    await page.locator('g[data-panel="speedup"] circle[data-max-workers="3"]').waitFor();
    expect(await plotPoints(page, 'speedup')).toEqual(speedup);
    await screenshot(page, 'sweep-6-reopened');

    // Delete asks first, then takes the sweep and its runs.
    await page.getByRole('tab', { name: 'History' }).click();
    await row.getByRole('button', { name: 'Delete' }).click();
    await expect(row.innerText()).resolves.toContain('Delete this sweep and its 3 runs?');
    await row.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('Nothing yet: every run and sweep you make is kept here.').waitFor();
  });
});
