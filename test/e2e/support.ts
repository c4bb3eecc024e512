/**
 * What the end-to-end stories share: finding a browser (or Electron), starting browser mode as a
 * real child process, and saving screenshots as test artifacts under test-results/e2e/.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import {
  _electron,
  chromium,
  type Browser,
  type BrowserContextOptions,
  type ElectronApplication,
  type Page,
} from 'playwright-core';
import { expect } from 'vitest';

export { isAlive, procStat } from '../support/processes';
import { isAlive, procStat } from '../support/processes';

export const ROOT = resolve(import.meta.dirname, '../..');
export const ARTIFACTS = join(ROOT, 'test-results', 'e2e');

/** Chromium from $POOLSCOPE_CHROMIUM or $CHROME_PATH, Debian's package, or Playwright's own install. */
export function findChromium(): string | null {
  const candidates = [
    process.env.POOLSCOPE_CHROMIUM,
    process.env.CHROME_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ];
  try {
    candidates.push(chromium.executablePath());
  } catch {
    // Playwright has no browser of its own here: fine, the system ones come first anyway.
  }
  return candidates.find((p): p is string => !!p && existsSync(p)) ?? null;
}

export const NO_CHROMIUM =
  'no Chromium found: set POOLSCOPE_CHROMIUM, or `apt-get install chromium` (CI installs it)';

/** The Electron binary `npm install` fetched, or null where the install skipped it. */
export { findElectronBinary as findElectron } from '../../scripts/electron-binary.mjs';

export const NO_ELECTRON =
  'the Electron binary is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD=1 skips it, and this network cannot fetch it); these stories run in Chromium against browser mode instead';

export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

/** What a test runs when it ends, last registered first. */
export type Cleanups = (() => unknown)[];

/** The app's window size in Chromium: the layout's three columns at a laptop's size. */
export const VIEWPORT = { width: 1400, height: 900 };

/** Stops the app, then checks that every worker it had is gone (they are children of `master`). */
export async function stopAndCheckWorkers(
  master: number,
  stop: () => Promise<void>,
): Promise<void> {
  const workers = workerPidsOf(master);
  await stop();
  expect(workers.filter(isAlive), 'workers left running after the app stopped').toEqual([]);
}

/**
 * Browser mode on a free port, and a page on it in a fresh headless Chromium (`context` on top of
 * the app's viewport), both ended by `cleanups`, which also check that no worker outlived the server.
 */
export async function openBrowserPage(
  executablePath: string,
  cleanups: Cleanups,
  context: BrowserContextOptions = {},
) {
  const server = await startBrowserMode();
  const masterPid = server.child.pid!;
  cleanups.push(() => stopAndCheckWorkers(masterPid, server.stop));
  const browser = await launchChromium(executablePath);
  cleanups.push(() => browser.close());
  const page = await (await browser.newContext({ viewport: VIEWPORT, ...context })).newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(server.url);
  return { page, server, browser, masterPid };
}

/**
 * The desktop app (out/main/index.js) in Electron, with its config folder (userData follows
 * $XDG_CONFIG_HOME on Linux) at `configHome` and `args` after its entry. Without a display, Xvfb
 * provides one; as root, Chromium's sandbox cannot start, so it is switched off (the renderer's
 * own isolation settings are unchanged). Closed by `cleanups`, which checks no worker is left.
 */
export async function launchElectron(
  executablePath: string,
  cleanups: Cleanups,
  configHome: string,
  args: string[] = [],
): Promise<{ app: ElectronApplication; page: Page; masterPid: number }> {
  let display = process.env.DISPLAY;
  if (process.platform === 'linux' && !display) {
    const xvfb = await startXvfb();
    cleanups.push(() => xvfb.stop());
    display = xvfb.display;
  }
  const app = await _electron.launch({
    executablePath,
    args: [
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      join(ROOT, 'out/main/index.js'),
      ...args,
    ],
    env: { ...process.env, XDG_CONFIG_HOME: configHome, ...(display && { DISPLAY: display }) },
  });
  const masterPid = app.process().pid!;
  cleanups.push(() => stopAndCheckWorkers(masterPid, () => app.close().catch(() => {})));
  const page = await app.firstWindow();
  page.setDefaultTimeout(30_000);
  return { app, page, masterPid };
}

export interface BrowserMode {
  url: string;
  child: ChildProcess;
  dataDir: string;
  stop(): Promise<void>;
}

/** `node out/main/serve.js` on a free port with a fresh data folder; resolves once it prints its URL. */
export async function startBrowserMode(): Promise<BrowserMode> {
  const serve = join(ROOT, 'out/main/serve.js');
  if (!existsSync(serve)) throw new Error(`${serve} is missing: run npm run build first`);
  const dataDir = mkdtempSync(join(tmpdir(), 'poolscope-e2e-'));
  const child = spawn(process.execPath, [serve, '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((ok, fail) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const m = /https?:\/\/\S+token=\S+/.exec(line);
      if (m) ok(m[0]);
    });
    child.once('exit', (code) => fail(new Error(`serve.js exited with ${code}: ${stderr}`)));
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { url, child, dataDir, stop };
}

/** Saves a full-page screenshot as a test artifact and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * The pool's workers as the OS sees them: live children of `masterPid` running the built worker
 * entry (out/main/worker.js, under Node or under Electron as Node; out/python/worker.py, CPython's). Linux only (/proc); the stories
 * compare it with the PIDs the UI shows.
 */
export function workerPidsOf(masterPid: number): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || procStat(pid)?.ppid !== masterPid || !isAlive(pid)) continue;
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const worker = (a: string) =>
        a.endsWith(join('out', 'main', 'worker.js')) ||
        a.endsWith(join('out', 'python', 'worker.py'));
      if (argv.some(worker)) pids.push(pid);
    } catch {
      // It exited between the listing and the read: not a live worker.
    }
  }
  return pids.sort((a, b) => a - b);
}

/** Runs a python3 script with `args` as sys.argv[1:]; returns its stdout, throws with its stderr. */
export function python(script: string, ...args: string[]): string {
  const result = spawnSync('python3', ['-c', script, ...args], { encoding: 'utf8' });
  if (result.error) throw result.error;
  if (result.status !== 0)
    throw new Error(`python3 exited with ${result.status}: ${result.stderr}`);
  return result.stdout;
}

export interface Display {
  /** For the DISPLAY variable, e.g. ":99". */
  display: string;
  stop(): Promise<void>;
}

/**
 * A virtual X display for Electron on a Linux machine without one (CI): Xvfb picks a free display
 * number itself and writes it to the file descriptor given by -displayfd once it is ready.
 */
export async function startXvfb(): Promise<Display> {
  const child = spawn(
    'Xvfb',
    ['-displayfd', '3', '-screen', '0', '1400x900x24', '-nolisten', 'tcp'],
    {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const number = await new Promise<string>((ok, fail) => {
    let out = '';
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (d: Buffer) => {
      out += d.toString();
      if (out.endsWith('\n')) ok(out.trim());
    });
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`Xvfb exited with ${code}: ${stderr}`)));
  });
  return {
    display: `:${number}`,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
