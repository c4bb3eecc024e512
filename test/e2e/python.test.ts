/**
 * The python runtime's story (issue 10) in real Chromium against browser mode: open a learner's
 * module by its path, call its function at two worker counts (the lanes are CPython processes),
 * then open a failed future and read Python's own traceback. Screenshots go to test-results/e2e/.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { openInChromium, type Cleanups } from './app';
import { NO_CHROMIUM, findChromium, isAlive, screenshot, tempDir } from './support';

// In-page callbacks run in the browser, but this folder typechecks with Node's lib.
declare const MutationObserver: new (
  callback: (records: unknown, observer: { disconnect(): void }) => void,
) => { observe(target: unknown, options: object): void };

const chromium = findChromium();
if (!chromium) console.warn(`e2e: skipped: ${NO_CHROMIUM}`);

const cleanups: Cleanups = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const MODULE = `"""Words, joined slowly: a learner's first module."""
import os
import time


def slow_join(nsecs, a, b):
    """Sleeps for 'nsecs' seconds, then joins a and b."""
    print(f"Process {os.getpid()} joining {a!r} and {b!r}")
    time.sleep(nsecs)
    return a + b


def check_word(word):
    """Refuses words that are not all letters."""
    if not word.isalpha():
        raise ValueError(f"not a word: {word!r}")
    return word


if __name__ == "__main__":
    print("run as a script")
`;

/** The chart's accessible task list: each bar's PID, status and text. */
function tasks(page: Page) {
  return page
    .locator('ul[aria-label="Tasks"] > li[data-task-id]')
    .evaluateAll(
      (items: { dataset: Record<string, string | undefined>; textContent: string | null }[]) =>
        items.map((li) => ({
          pid: Number(li.dataset.pid),
          status: li.dataset.status ?? '',
          text: (li.textContent ?? '').trim(),
        })),
    );
}

async function setMaxWorkers(page: Page, n: number): Promise<void> {
  const slider = page.getByRole('slider', { name: 'max_workers' });
  await slider.focus();
  await slider.press('Home');
  for (let i = 1; i < n; i++) await slider.press('ArrowRight');
  await page.locator(`input[data-pool-max-workers="${n}"]`).waitFor();
}

/** The status line, as the in-page callbacks below see it. */
interface WatchedStatus {
  textContent: string | null;
  poolscopeVerdict?: Promise<string>;
}

/**
 * Clicks Run and waits for this run's verdict on the status line, watched from before the click
 * (a repeated run ends in the same words as the one before it).
 */
async function run(page: Page, name: string): Promise<void> {
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
  const verdict = await status.evaluate((el: WatchedStatus) => el.poolscopeVerdict);
  expect(verdict).toContain(`${name} completed: `);
}

const field = (page: Page, call: number, param: string) =>
  page.getByRole('listitem', { name: `Call ${call}` }).getByLabel(param, { exact: true });

describe.skipIf(!chromium)('the python runtime in Chromium (browser mode)', () => {
  it('open a module, call its function at two worker counts, read a failed future’s Python traceback', async () => {
    const { app } = await openInChromium(chromium!, cleanups);
    const { page } = app;
    const dir = tempDir('poolscope-e2e-python-');
    const path = join(dir, 'words.py');
    writeFileSync(path, MODULE);

    // python3 is on this machine: the header names it, and the builder runs on it.
    const pythonLine = page.locator('header dt', { hasText: 'python' }).locator('xpath=../dd');
    await expect(pythonLine.innerText()).resolves.toMatch(/^3\.\d+\.\d+ (…)?\/.*python/);
    await expect(page.getByRole('radio', { name: /^Python 3/ }).isChecked()).resolves.toBe(true);

    await page.getByRole('textbox', { name: 'Path of a Python module' }).fill(path);
    await page.getByRole('button', { name: 'Open module' }).click();
    await page.getByRole('status').getByText('Opened words.py: 2 functions.').waitFor();
    const fn = page.getByRole('combobox', { name: 'Function of call 1' });
    await expect(fn.inputValue()).resolves.toBe('slow_join');
    await page
      .getByRole('listitem', { name: 'Call 1' })
      .getByText("Sleeps for 'nsecs' seconds, then joins a and b.")
      .waitFor();
    await field(page, 1, 'nsecs').fill('0.4');
    await field(page, 1, 'a').fill("'con'");
    await field(page, 1, 'b').fill("'cat'");
    await page.getByRole('listitem', { name: 'Call 1' }).getByLabel('× repeat').fill('4');

    const seen: number[][] = [];
    for (const n of [1, 2]) {
      await setMaxWorkers(page, n);
      await run(page, 'words.py');
      const bars = await tasks(page);
      expect(bars).toHaveLength(4);
      expect(
        bars.every((b) => b.status === 'done' && b.text.includes("slow_join(0.4, 'con', 'cat')")),
      ).toBe(true);
      const pids = [...new Set(bars.map((b) => b.pid))];
      expect(pids).toHaveLength(n);
      for (const pid of pids) {
        expect(isAlive(pid)).toBe(true);
        const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        expect(argv.some((a) => a.endsWith(join('out', 'python', 'worker.py')))).toBe(true);
      }
      seen.push(pids);
    }
    await expect(
      page.getByRole('list', { name: 'Futures' }).getByRole('listitem').first().innerText(),
    ).resolves.toContain("'concat'");
    await screenshot(page, 'chromium-python-module');

    // A call that raises: its future holds the ValueError, with Python's traceback.
    await page.getByRole('button', { name: '+ Add call' }).click();
    await page.getByRole('combobox', { name: 'Function of call 2' }).selectOption('check_word');
    await field(page, 2, 'word').fill("'no words'");
    await run(page, 'words.py');
    const row = page
      .getByRole('list', { name: 'Futures' })
      .getByRole('listitem')
      .filter({ hasText: "check_word('no words')" });
    await row.getByRole('button').click();
    const details = page.getByRole('region', { name: 'Future 4' });
    await details.locator('summary').click();
    const traceback = await details.locator('pre').innerText();
    expect(traceback).toMatch(
      new RegExp(
        String.raw`^Traceback \(most recent call last\):\n  File ".*words\.py", line 16, in check_word\n    raise ValueError\(f"not a word: \{word!r\}"\)\nValueError: not a word: 'no words'$`,
      ),
    );
    await expect(details.innerText()).resolves.toContain(
      "raises ValueError: not a word: 'no words'",
    );
    await screenshot(page, 'chromium-python-traceback');
  });
});
