/**
 * The user stories (issue 5), each written once against AppUnderTest and run in Chromium against
 * browser mode and in Electron against the desktop app. Each ends with a screenshot saved under
 * test-results/e2e/ as a test artifact. Selectors are the page's roles and labels, plus the hooks
 * renderer/README.md documents for the canvas chart (the accessible task list, lane labels).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { AppUnderTest } from './app';
import { ARTIFACTS, isAlive, procStat, python, screenshot, workerPidsOf } from './support';
import { FUTURE_PY_RESULTS } from '../support/future-py';

// In-page callbacks run in the browser, but this folder typechecks with Node's lib: the one DOM
// global they use is declared here, in this module's scope only.
declare const MutationObserver: new (
  callback: (records: unknown, observer: { disconnect(): void }) => void,
) => { observe(target: unknown, options: object): void };

export interface Story {
  title: string;
  run(app: AppUnderTest): Promise<void>;
}

const slider = (page: Page) => page.getByRole('slider', { name: 'max_workers' });

/** Waits until the pool itself reports max_workers = n (the slider may show a value in flight). */
function poolReports(page: Page, n: number): Promise<void> {
  return page.locator(`input[data-pool-max-workers="${n}"]`).waitFor();
}

async function setMaxWorkersByKeyboard(page: Page, n: number): Promise<void> {
  const s = slider(page);
  await s.focus();
  await s.press('Home');
  for (let i = 1; i < n; i++) await s.press('ArrowRight');
  expect(await s.inputValue()).toBe(String(n));
  await poolReports(page, n);
}

/**
 * Drags the thumb from its value to `n` with the mouse. Chromium puts the thumb's centre at
 * THUMB / 2 from the track's ends, evenly between; an estimate off by a few pixels still lands on
 * the right step, which is a track width / (max - min) wide.
 */
async function dragSliderTo(page: Page, n: number): Promise<void> {
  const THUMB = 16;
  const s = slider(page);
  const box = (await s.boundingBox())!;
  const min = Number(await s.getAttribute('min'));
  const max = Number(await s.getAttribute('max'));
  const xOf = (v: number) => box.x + THUMB / 2 + ((v - min) / (max - min)) * (box.width - THUMB);
  const y = box.y + box.height / 2;
  await page.mouse.move(xOf(Number(await s.inputValue())), y);
  await page.mouse.down();
  await page.mouse.move(xOf(n), y, { steps: 8 });
  await page.mouse.up();
}

/** The header's live workers: the count shown and the PIDs in its title, in spawn order. */
async function liveWorkers(page: Page): Promise<{ count: number; pids: number[] }> {
  const dd = page.locator('header dt', { hasText: 'live workers' }).locator('xpath=../dd');
  const count = Number((await dd.innerText()).trim().split(/\s/)[0]);
  const pids = [...((await dd.getAttribute('title')) ?? '').matchAll(/PID (\d+)/g)];
  return { count, pids: pids.map((m) => Number(m[1])) };
}

/** The status line, as the in-page callbacks below see it. */
interface WatchedStatus {
  textContent: string | null;
  poolscopeVerdict?: Promise<string>;
}

/**
 * Clicks Run, does `during` while the run goes on, and waits for the status line's verdict on
 * this run. The line is watched from before the click, because a repeated run ends in the same
 * words as the one before it.
 */
async function runAndWait(
  page: Page,
  name: string,
  during: () => Promise<void> = async () => {},
): Promise<void> {
  const status = page.getByRole('status');
  await status.evaluate((el: WatchedStatus) => {
    el.poolscopeVerdict = new Promise((resolve) => {
      new MutationObserver((_, observer) => {
        const text = el.textContent ?? '';
        if (text === '' || text.startsWith('Running ')) return;
        observer.disconnect();
        resolve(text);
      }).observe(el, { childList: true, characterData: true, subtree: true });
    });
  });
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await during();
  const verdict = await status.evaluate((el: WatchedStatus) => el.poolscopeVerdict);
  expect(verdict).toContain(`${name} completed: `);
}

async function runPreset(page: Page, preset: string, name: string): Promise<void> {
  await page.getByRole('button', { name: preset, exact: true }).click();
  await runAndWait(page, name);
}

interface TaskItem {
  id: number;
  pid: number | null;
  status: string;
  text: string;
}

/** An element with data-* attributes, as the in-page callbacks below read it. */
interface DataElement {
  dataset: Record<string, string | undefined>;
  textContent: string | null;
}

/** The chart's accessible task list: one item per bar, with its PID and status. */
function taskItems(page: Page): Promise<TaskItem[]> {
  return page
    .locator('ul[aria-label="Tasks"] > li[data-task-id]')
    .evaluateAll((items: DataElement[]) =>
      items.map((li) => ({
        id: Number(li.dataset.taskId),
        pid: li.dataset.pid ? Number(li.dataset.pid) : null,
        status: li.dataset.status ?? '',
        text: (li.textContent ?? '').trim(),
      })),
    );
}

/** A future's details pane: each polling call and what it gives, as shown. */
async function pollsOf(details: Locator): Promise<[string, string][]> {
  await details.locator('dl.polls dt').first().waitFor();
  const calls = await details.locator('dl.polls dt').allInnerTexts();
  const outcomes = await details.locator('dl.polls dd').allInnerTexts();
  return calls.map((call, i) => [call.trim(), outcomes[i]!.trim()]);
}

/** Clicks the chart on the lane of `pid`, `seconds` into the run (read off the axis ticks). */
async function clickChartAt(page: Page, pid: number, seconds: number): Promise<void> {
  const label = (await page.locator(`text[data-pid="${pid}"]`).boundingBox())!;
  const tick = async (s: number) => {
    const box = (await page
      .locator('text.tick', { hasText: new RegExp(`^${s} s$`) })
      .boundingBox())!;
    return box.x + box.width / 2;
  };
  const [x0, x1] = [await tick(0), await tick(1)];
  await page.mouse.click(x0 + seconds * (x1 - x0), label.y + label.height / 2);
}

/** The PIDs of the chart's lanes, top to bottom. */
function lanePids(page: Page): Promise<number[]> {
  return page
    .locator('text[data-pid]')
    .evaluateAll((labels: DataElement[]) => labels.map((t) => Number(t.dataset.pid)));
}

const distinct = <T>(xs: readonly T[]) => [...new Set(xs)];
const sorted = (xs: readonly (number | null)[]) => [...xs].sort((a, b) => (a ?? -1) - (b ?? -1));

/** The futures panel's row for a call, e.g. "slow_add(3.1, 6, 7)". */
const futureRow = (page: Page, call: string) =>
  page.getByRole('list', { name: 'Futures' }).getByRole('listitem').filter({ hasText: call });

/** The future.py preset's calls and what each future ends with. */
const FUTURE_PY = [
  ['slow_add(3.1, 6, 7)', 'done → 13'],
  ['slow_diff(2.1, 5, 2)', 'done → 3'],
  ['slow_add(1.1, 8, 1)', 'done → 9'],
  ['slow_diff(5.1, 9, 2)', 'done → 7'],
  ['broken_function(4.1)', 'failed: ValueError: Called broken function'],
] as const;

async function runFuturePyOnThree(page: Page): Promise<void> {
  await setMaxWorkersByKeyboard(page, 3);
  await runPreset(page, 'future.py', 'future.py');
}

/** Story 2's proof: the UI's workers are the master's real, live children, and there are three. */
async function expectThreeRealWorkers(app: AppUnderTest): Promise<void> {
  const { page, masterPid } = app;
  await expect(page.getByRole('toolbar', { name: 'Chart' }).innerText()).resolves.toContain(
    'max_workers=3',
  );
  const shown = await liveWorkers(page);
  expect(shown.count).toBe(3);
  expect(shown.pids).toHaveLength(3);
  expect(shown.pids.every(isAlive)).toBe(true);
  expect(shown.pids.map((pid) => procStat(pid)?.ppid)).toEqual([masterPid, masterPid, masterPid]);
  expect(workerPidsOf(masterPid)).toEqual(sorted(shown.pids));
  // The eight sleeps kept all three busy at once: each ran tasks.
  expect(sorted(distinct((await taskItems(page)).map((t) => t.pid)))).toEqual(sorted(shown.pids));
}

interface CsvRow {
  task_id: string;
  pid: string;
  started_s: string;
  finished_s: string;
  status: string;
  result: string;
  error: string;
}

/** Reads a CSV export with Python's csv module, as a spreadsheet or pandas user would. */
function readCsv(path: string): CsvRow[] {
  const script =
    'import csv, json, sys\n' +
    "with open(sys.argv[1], newline='') as f: print(json.dumps(list(csv.DictReader(f))))";
  return JSON.parse(python(script, path)) as CsvRow[];
}

type Interval = { pid: number; start: number; end: number };
const intervalsOf = (rows: CsvRow[]): Interval[] =>
  rows.map((r) => ({ pid: Number(r.pid), start: Number(r.started_s), end: Number(r.finished_s) }));
const overlap = (a: Interval, b: Interval) => a.start < b.end && b.start < a.end;

async function exportCsv(app: AppUnderTest): Promise<CsvRow[]> {
  return readCsv(await app.exportAs('CSV table'));
}

function expectSvgValid(path: string, shell: string): void {
  const script =
    'import json, sys, xml.etree.ElementTree as ET\n' +
    'root = ET.parse(sys.argv[1]).getroot()\n' +
    "bars = [e.attrib for e in root.iter() if 'data-task-id' in e.attrib]\n" +
    "print(json.dumps({'tag': root.tag, 'bars': bars}))";
  const svg = JSON.parse(python(script, path)) as { tag: string; bars: Record<string, string>[] };
  expect(svg.tag).toBe('{http://www.w3.org/2000/svg}svg');
  expect(svg.bars.map((b) => b['data-status']).sort()).toEqual([
    'done',
    'done',
    'done',
    'done',
    'failed',
  ]);
  const png = `${path}.png`;
  const rsvg = spawnSync('rsvg-convert', ['-o', png, path], { encoding: 'utf8' });
  expect(rsvg.status, rsvg.stderr).toBe(0);
  const bytes = readFileSync(png);
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  expect(bytes.readUInt32BE(16)).toBeGreaterThan(0); // IHDR width
  copyFileSync(png, join(ARTIFACTS, `${shell}-4-export-svg-rendered.png`));
}

function expectChromeTraceValid(path: string, pids: number[]): void {
  type Event = { ph: string; name: string; pid: unknown; tid: unknown; args?: { name?: string } };
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as { traceEvents: Event[] } | Event[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const slices = events.filter((e) => e.ph === 'X');
  expect(slices).toHaveLength(5);
  for (const e of slices) {
    expect(Number.isInteger(e.pid) && Number.isInteger(e.tid), JSON.stringify(e)).toBe(true);
  }
  const trackNames = new Map(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name')
      .map((e) => [e.tid, e.args?.name]),
  );
  const tids = distinct(slices.map((e) => e.tid as number));
  expect(sorted(tids)).toEqual(sorted(pids));
  for (const tid of tids) expect(trackNames.get(tid)).toBe(`PID ${tid}`);
}

export const STORIES: readonly Story[] = [
  {
    title: 'launch: the empty chart, the master PID and max_workers',
    async run(app) {
      const { page } = app;
      await page.getByText('Pick a preset or build a workload, then Run').waitFor();
      const header = page.locator('header');
      const fact = (name: string) =>
        header.locator('dt', { hasText: name }).locator('xpath=../dd').innerText();
      expect(await fact('master PID')).toBe(String(app.masterPid));
      expect(await fact('CPUs')).toBe(String(availableParallelism()));
      // CPython's default max_workers is the CPU count; workers start on demand, so none yet.
      expect(await slider(page).inputValue()).toBe(String(availableParallelism()));
      await poolReports(page, availableParallelism());
      expect(await liveWorkers(page)).toEqual({ count: 0, pids: [] });
      await screenshot(page, `${app.shell}-1-launch`);
    },
  },
  {
    title: 'drag the slider to 3 with the mouse: the pool has 3 live workers',
    async run(app) {
      const { page } = app;
      await dragSliderTo(page, 3);
      expect(await slider(page).inputValue()).toBe('3');
      await poolReports(page, 3);
      await runPreset(page, 'Sleeping tasks', 'sleeping tasks');
      await expectThreeRealWorkers(app);
      await screenshot(page, `${app.shell}-2-slider-pointer`);
    },
  },
  {
    title: 'set the slider to 3 with the keyboard: the pool has 3 live workers',
    async run(app) {
      const { page } = app;
      const s = slider(page);
      await s.focus();
      await s.press('End');
      expect(await s.inputValue()).toBe(await s.getAttribute('max'));
      await s.press('Home');
      expect(await s.inputValue()).toBe('1');
      await s.press('ArrowRight');
      await s.press('ArrowRight');
      expect(await s.getAttribute('aria-valuetext')).toBe('3 workers');
      await poolReports(page, 3);
      await runPreset(page, 'Sleeping tasks', 'sleeping tasks');
      await expectThreeRealWorkers(app);
      await screenshot(page, `${app.shell}-2-slider-keyboard`);
    },
  },
  {
    title: 'future.py on 3 workers: five bars, the broken call failed, results 13, 3, 9, 7',
    async run(app) {
      const { page } = app;
      await runFuturePyOnThree(page);
      const tasks = await taskItems(page);
      expect(tasks).toHaveLength(5);
      const pids = distinct(tasks.map((t) => t.pid));
      expect(pids.length).toBeLessThanOrEqual(3);
      expect(pids.every((pid) => pid !== null && isAlive(pid))).toBe(true);
      // One lane per worker, each task's PID among them.
      const lanes = await lanePids(page);
      expect(lanes.length).toBeLessThanOrEqual(3);
      expect(lanes).toEqual(expect.arrayContaining(pids));
      const broken = tasks.find((t) => t.text.startsWith('broken_function('));
      expect(broken?.status).toBe('failed');
      expect(broken?.text).toContain('Called broken function');
      expect(tasks.filter((t) => t.status === 'done')).toHaveLength(4);
      for (const [call, state] of FUTURE_PY) {
        await expect(futureRow(page, call).innerText()).resolves.toContain(state);
      }
      await expect(
        futureRow(page, 'broken_function(4.1)').locator('.future').getAttribute('class'),
      ).resolves.toContain('failed');

      // The tutorial's polling, made visible: what the broken call's future gives when asked.
      await futureRow(page, 'broken_function(4.1)').getByRole('button').click();
      const broken4 = page.getByRole('region', { name: 'Future 4' });
      expect(await pollsOf(broken4)).toEqual([
        ['future.done()', '→ True'],
        ['future.running()', '→ False'],
        ['future.cancelled()', '→ False'],
        ['future.result()', 'raises ValueError: Called broken function'],
        ['future.exception()', "→ ValueError('Called broken function')"],
      ]);
      await expect(broken4.locator('summary').innerText()).resolves.toBe(
        // future.py's preset runs on CPython when it is there: its own traceback.
        `Traceback from the worker (PID ${broken!.pid})`,
      );
      await screenshot(page, `${app.shell}-3-future`);
      // Escape closes it while the keyboard is in the futures panel (the row just clicked).
      await page.keyboard.press('Escape');
      await broken4.waitFor({ state: 'detached' });

      // A click on a bar opens its future: slow_add(3.1, 6, 7) is running 2 s into the run.
      const first = tasks.find((t) => t.id === 0)!;
      await clickChartAt(page, first.pid!, 2);
      const first0 = page.getByRole('region', { name: 'Future 0' });
      expect(await pollsOf(first0)).toContainEqual(['future.result()', '→ 13']);
      // On CPython (the default when python3 is there), future.py's own functions run: they print
      // nothing, as the tutorial's do; the Node built-ins print the tutorial's sleep lines.
      const onPython = await page.getByRole('radio', { name: /^Python 3/ }).isChecked();
      const printed = first0.getByRole('list', { name: "What future 0's call printed" });
      const pid0 = first.pid!;
      if (onPython) {
        expect(await printed.count()).toBe(0);
        expect(await page.getByRole('list', { name: 'Worker output' }).count()).toBe(0);
      } else {
        await expect(printed.innerText()).resolves.toBe(
          `Process ${pid0} going to sleep for 3.1 second(s)\nProcess ${pid0} waking up`,
        );
      }
      await first0.getByRole('button', { name: 'Close the details of future 0' }).click();
      await first0.waitFor({ state: 'detached' });
      // A line in the output panel opens the future whose call printed it: applyasync.py's
      // slow_add prints on either runtime.
      if (onPython) await runPreset(page, 'applyasync.py', 'applyasync.py');
      const [opens, call] = onPython
        ? [/future 1: Process \d+ going to sleep for 1 second\(s\)$/, 'slow_add(1, 2, 3)']
        : [/future 1: Process \d+ going to sleep for 2\.1 second\(s\)$/, 'slow_diff(2.1, 5, 2)'];
      await page
        .getByRole('list', { name: 'Worker output' })
        .getByRole('button', { name: opens })
        .click();
      await page.getByRole('region', { name: 'Future 1' }).getByText(call).waitFor();
      await screenshot(page, `${app.shell}-3-future-printed`);
    },
  },
  {
    title: 'export SVG, CSV and Chrome JSON of future.py: valid files with the run in them',
    async run(app) {
      const { page } = app;
      await runFuturePyOnThree(page);
      const pids = distinct((await taskItems(page)).map((t) => t.pid)) as number[];

      expectSvgValid(await app.exportAs('SVG image'), app.shell);

      const rows = await exportCsv(app);
      expect(rows.map((r) => [r.task_id, r.status, r.result, r.error])).toEqual([
        ['0', 'done', '13', ''],
        ['1', 'done', '3', ''],
        ['2', 'done', '9', ''],
        ['3', 'done', '7', ''],
        ['4', 'failed', '', 'ValueError: Called broken function'],
      ]);
      expect(sorted(distinct(rows.map((r) => Number(r.pid))))).toEqual(sorted(pids));

      expectChromeTraceValid(await app.exportAs('Chrome trace JSON'), pids);
      await screenshot(page, `${app.shell}-4-export`);
    },
  },
  {
    title: 'the exercise on 1 worker is one lane; on 4, bars overlap on distinct PIDs',
    async run(app) {
      const { page } = app;
      await setMaxWorkersByKeyboard(page, 1);
      await runPreset(page, 'Exercise: more calls', 'exercise');
      const single = intervalsOf(await exportCsv(app));
      expect(single).toHaveLength(8);
      expect(distinct(single.map((t) => t.pid))).toHaveLength(1);
      expect(await lanePids(page)).toEqual([single[0]!.pid]);
      const inOrder = [...single].sort((a, b) => a.start - b.start);
      expect(inOrder.some((t, i) => i > 0 && overlap(inOrder[i - 1]!, t))).toBe(false);
      await screenshot(page, `${app.shell}-5-exercise-1-worker`);

      await setMaxWorkersByKeyboard(page, 4);
      await runAndWait(page, 'exercise');
      const rows = await exportCsv(app);
      const wide = intervalsOf(rows);
      expect(wide).toHaveLength(8);
      const overlapping = wide.flatMap((a, i) =>
        wide.slice(i + 1).filter((b) => a.pid !== b.pid && overlap(a, b)),
      );
      expect(overlapping.length).toBeGreaterThan(0);
      // The chart shows the run the file came from: the same PIDs, one lane each.
      const tasks = await taskItems(page);
      expect(tasks.map((t) => t.pid)).toEqual(wide.map((t) => t.pid));
      const lanes = await lanePids(page);
      expect(lanes).toEqual(expect.arrayContaining(distinct(wide.map((t) => t.pid))));
      expect(lanes.length).toBeGreaterThan(1);
      await screenshot(page, `${app.shell}-5-exercise-4-workers`);
    },
  },
  {
    title: 'a fresh pool per run: its own workers, started before the clock, gone after the run',
    async run(app) {
      const { page } = app;
      await setMaxWorkersByKeyboard(page, 2);
      const appPool = await liveWorkers(page);
      const fresh = page.getByLabel('a fresh pool per run', { exact: false });
      await fresh.check();
      try {
        await runPreset(page, 'Sleeping tasks', 'sleeping tasks');
        await expect(page.getByRole('status').innerText()).resolves.toMatch(
          /Its fresh pool started 2 workers in [\d.]+ m?s, before the clock\.$/,
        );
        const ran = distinct((await taskItems(page)).map((t) => t.pid));
        expect(ran).toHaveLength(2);
        expect(sorted(await lanePids(page))).toEqual(sorted(ran));
        // Its workers were not the app's, and went with the run; the app's pool is as it was.
        expect(ran.filter((pid) => appPool.pids.includes(pid!))).toEqual([]);
        await expect.poll(async () => (await liveWorkers(page)).pids).toEqual(appPool.pids);
        await page.locator('header dt', { hasText: "this run's workers" }).waitFor({
          state: 'detached',
        });
        await screenshot(page, `${app.shell}-7-fresh-pool`);
      } finally {
        await fresh.uncheck();
      }
    },
  },
  {
    title: 'cancel a queued future: cancel() is True while it waits, False once it runs',
    async run(app) {
      const { page } = app;
      await setMaxWorkersByKeyboard(page, 1);
      await page.getByRole('button', { name: 'Sleeping tasks', exact: true }).click();
      const call = page.getByRole('listitem', { name: 'Call 1' });
      await call.getByLabel('nsecs').fill('3');
      await call.getByLabel('× repeat').fill('2');
      const rows = page.getByRole('list', { name: 'Futures' }).getByRole('listitem');
      const cancel = async (id: number) => {
        await rows.nth(id).getByRole('button').click();
        const details = page.getByRole('region', { name: `Future ${id}` });
        await details.getByRole('button', { name: 'future.cancel()' }).click();
        // The answer comes back from the pool's owner: wait for it, then read the line.
        await details.locator('.cancel [aria-live]').waitFor();
        return details.locator('.cancel').innerText();
      };
      await runAndWait(page, 'sleeping tasks', async () => {
        // One worker: call 0 runs for 3 s while call 1 waits in the queue.
        await rows
          .nth(0)
          .getByText(/^running on PID \d+$/)
          .waitFor();
        await expect(cancel(1)).resolves.toMatch(/→ True\s+— it is cancelled and will never run/);
        // The details follow the future live: it is now cancelled, and done.
        // (The trace learns of the cancel from the event stream, just after cancel() answers.)
        await expect
          .poll(() => pollsOf(page.getByRole('region', { name: 'Future 1' })))
          .toEqual([
            ['future.done()', '→ True'],
            ['future.running()', '→ False'],
            ['future.cancelled()', '→ True'],
            ['future.result()', 'raises CancelledError'],
            ['future.exception()', 'raises CancelledError'],
          ]);
        await expect(cancel(0)).resolves.toMatch(/→ False\s+— it is (running|done): too late/);
        await screenshot(page, `${app.shell}-6-cancel-future`);
      });
      // Future 0's details, open since it was running, now show it done.
      const future0 = page.getByRole('region', { name: 'Future 0' });
      await expect.poll(() => pollsOf(future0)).toContainEqual(['future.result()', '→ 3']);
      expect(await pollsOf(future0)).toContainEqual(['future.running()', '→ False']);
      await expect(rows.nth(0).innerText()).resolves.toContain('done → 3');
      await expect(rows.nth(1).innerText()).resolves.toContain('cancelled');
      const [first, second] = await taskItems(page);
      expect([first?.status, second?.status]).toEqual(['done', 'cancelled']);
      expect(second?.pid).toBeNull(); // it never ran anywhere
    },
  },
  {
    title:
      'after max_workers went down, one lane per live worker; future.py printed beside its chart; layouts at 1024x700, 1440x900 and 1920x1080',
    async run(app) {
      const { page } = app;
      // Four workers, busy together, then max_workers down to 2 while they are still alive.
      await setMaxWorkersByKeyboard(page, 4);
      await runPreset(page, 'Sleeping tasks', 'sleeping tasks');
      await expect.poll(async () => (await liveWorkers(page)).count).toBe(4);
      await setMaxWorkersByKeyboard(page, 2);
      await runPreset(page, 'future.py', 'future.py');

      // The run's lanes are the two workers that lived in it, in the chart and in its SVG.
      const tasks = await taskItems(page);
      const ran = distinct(tasks.map((t) => t.pid));
      expect(ran).toHaveLength(2);
      expect(sorted(await lanePids(page))).toEqual(sorted(ran));
      const svg = readFileSync(await app.exportAs('SVG image'), 'utf8');
      expect(distinct([...svg.matchAll(/>PID (\d+)</g)].map((m) => Number(m[1])))).toHaveLength(2);
      expect(svg).toContain('5 tasks on 2 worker PIDs');

      // The Script view: what python3 future.py prints, from this run's futures, and its source.
      await page.getByRole('button', { name: 'Script', exact: true }).click();
      const transcript = page.getByRole('list', { name: 'Transcript' });
      await transcript.getByText('Here are the results.').waitFor();
      const printed = (await transcript.locator('.text').allInnerTexts()).map((t) => t.trimEnd());
      expect(printed.filter((t) => t === 'Have the workers finished?').length).toBeGreaterThan(3);
      expect(printed.slice(-6)).toEqual(FUTURE_PY_RESULTS.slice(1));
      const source = page.getByRole('list', { name: 'Python source of future.py' });
      await expect(source.innerText()).resolves.toContain('print("\\nHave the workers finished?")');

      for (const [width, height] of [
        [1024, 700],
        [1440, 900],
        [1920, 1080],
      ] as const) {
        await page.setViewportSize({ width, height });
        // Nothing is cut sideways, the chart's title shows, and the chart gets most of the width.
        await expect
          .poll(() => page.evaluate<number>('document.documentElement.scrollWidth'))
          .toBeLessThanOrEqual(width);
        const title = (await page
          .getByRole('toolbar', { name: 'Chart' })
          .locator('h2')
          .boundingBox())!;
        expect(title.width).toBeGreaterThan(100);
        const chart = (await page.locator('canvas').first().boundingBox())!;
        expect(chart.width / width).toBeGreaterThan(0.45);
        await page.screenshot({
          path: join(ARTIFACTS, `${app.shell}-layout-${width}x${height}.png`),
        });
      }
    },
  },
];
