// npm run bench:renderer: the renderer at 1k, 10k and 100k bars, in real headless Chromium against
// browser mode (the built code). For each N it runs `slow_add(0, 1, 2)` × N through the page's own
// controls (the "Many short tasks" preset, repeat = N), then counts the events the server sent
// against those the page received, and measures frame times while zooming and panning the chart.
// Prints a table; writes bench-results/bench-renderer.json.
//
// - sent: PoolEvents in the run's `run:events` messages, counted by a second WebSocket client in
//   this process (the server broadcasts every event to every client, so it sees what the page is
//   sent). received: the same count taken in the page, by a wrapper around its WebSocket that
//   sees each message before the app does. The page's own summary must also show N tasks done.
// - frame times: requestAnimationFrame deltas in the page over FRAMES frames, one wheel event per
//   frame on the chart (zoom: deltaY about the pointer; pan: deltaX, the trackpad's sideways
//   swipe), starting from the whole run in view, so each frame re-plans and repaints every bar in
//   view. Chromium runs with its frame rate unlocked (--disable-frame-rate-limit,
//   --disable-gpu-vsync): paced at 60 Hz every interval would read >= 16.7 ms however light the
//   frame, so an interval here is what the frame cost. --disable-gpu: bars are rasterised on the
//   CPU, as on a machine without a usable GPU.
// - makespan: the run's own (first submit to last finish); server s: from the click on Run to the
//   server's run:finished (submitting, running, saving the history), seen by the second client.
// - page lag: how long after the server's run:finished the page showed the run completed. The page
//   folds events as they arrive; a page that cannot keep up falls behind, it does not drop them.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import WebSocket from 'ws';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** `node scripts/bench-renderer.mjs 1000,10000` measures other sizes. */
const SIZES = (process.argv[2] ?? '1000,10000,100000').split(',').map(Number);
const FRAMES = 60;
const TARGET_P95_MS = 16;
const SHOTS = join(ROOT, 'test-results', 'bench');
const CHROMIUM = [process.env.POOLSCOPE_CHROMIUM, process.env.CHROME_PATH, '/usr/bin/chromium']
  .filter(Boolean)
  .find((p) => existsSync(p));

const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * p)];
const round = (x) => Math.round(x * 10) / 10;

/** `node out/main/serve.js` on a free port with a throwaway history folder. */
async function startServer() {
  const serve = join(ROOT, 'out/main/serve.js');
  if (!existsSync(serve)) throw new Error(`${serve} is missing: run npm run build first`);
  const dataDir = mkdtempSync(join(tmpdir(), 'poolscope-bench-'));
  const child = spawn(process.execPath, [serve, '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((ok, fail) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = /https?:\/\/\S+token=\S+/.exec(line);
      if (m) ok(new URL(m[0]));
    });
    child.once('exit', (code) => fail(new Error(`serve.js exited with ${code}`)));
  });
  const stop = async () => {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGINT');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { url, stop };
}

/** A second client of the server: counts the events it broadcasts, per run. */
async function watchServer(url) {
  const ws = new WebSocket(`ws://${url.host}/ws?token=${url.searchParams.get('token')}`, {
    origin: url.origin,
    maxPayload: 0,
  });
  const sent = new Map();
  const finished = new Map();
  const waiters = [];
  ws.on('message', (data) => {
    const m = JSON.parse(String(data));
    if (m.kind !== 'event') return;
    const { channel, payload } = m.event;
    if (channel === 'run:events') {
      sent.set(payload.runId, (sent.get(payload.runId) ?? 0) + payload.events.length);
    } else if (channel === 'run:finished') {
      finished.set(payload.summary.name, { ...payload, at: performance.now() });
      for (const w of waiters.splice(0)) w();
    }
  });
  await new Promise((ok, fail) => (ws.once('open', ok), ws.once('error', fail)));
  return {
    sent,
    async finishedRun(name) {
      while (!finished.has(name)) await new Promise((r) => waiters.push(r));
      return finished.get(name);
    },
    close: () => ws.close(),
  };
}

/** In the page, before its scripts: counts the PoolEvents each run's messages carry. */
function countReceivedEvents() {
  const Native = window.WebSocket;
  const received = {};
  window.poolscopeReceived = received;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        const m = JSON.parse(e.data);
        if (m.kind === 'event' && m.event.channel === 'run:events') {
          const { runId, events } = m.event.payload;
          received[runId] = (received[runId] ?? 0) + events.length;
        }
      });
    }
  };
}

/** In the page: `frames` frames, each with one wheel event on the chart; their intervals, ms. */
function measureFrames({ frames, kind }) {
  const surface = document.querySelector('[role="application"]');
  const box = surface.getBoundingClientRect();
  const at = { clientX: box.left + box.width / 2, clientY: box.top + 40 };
  return new Promise((resolve) => {
    const intervals = [];
    let last = null;
    let i = 0;
    const frame = (t) => {
      if (last !== null) intervals.push(t - last);
      last = t;
      if (i === frames) return resolve(intervals);
      // Zoom in for the first half (~36x) and out for the second; pan right by less than the
      // half view the chart lets the run go off-screen, then back.
      const sign = i < frames / 2 ? 1 : -1;
      const delta = kind === 'zoom' ? { deltaY: -sign * 60 } : { deltaX: sign * 8 };
      surface.dispatchEvent(
        new WheelEvent('wheel', { ...at, ...delta, bubbles: true, cancelable: true }),
      );
      i++;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}

async function runWorkload(page, server, n) {
  const name = `bench ${n}`;
  await page.getByRole('button', { name: 'Many short tasks', exact: true }).click();
  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  await page.getByRole('listitem', { name: 'Call 1' }).getByLabel('× repeat').fill(String(n));
  const clickedAt = performance.now();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.getByRole('status').getByText(`${name} completed:`).waitFor({ timeout: 600_000 });
  const shownAt = performance.now();
  const { runId, summary, at } = await server.finishedRun(name);
  const received = await page.evaluate((id) => window.poolscopeReceived[id] ?? 0, runId);
  const tasks = await page.getByRole('region', { name: 'Summary' }).innerText();
  const done = /tasks\s+([\d,]+)\s+\(([\d,]+) done/.exec(tasks);
  return {
    makespanMs: summary.makespanMs,
    serverMs: at - clickedAt,
    lagMs: Math.max(0, shownAt - at),
    tasks: summary.tasks,
    doneInPage: done ? Number(done[2].replaceAll(',', '')) : null,
    sent: server.sent.get(runId) ?? 0,
    received,
  };
}

async function main() {
  if (!CHROMIUM) throw new Error('no Chromium: set POOLSCOPE_CHROMIUM or apt-get install chromium');
  const server = await startServer();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-frame-rate-limit',
      '--disable-gpu-vsync',
    ],
  });
  try {
    const watcher = await watchServer(server.url);
    mkdirSync(SHOTS, { recursive: true });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.addInitScript(countReceivedEvents);
    await page.goto(server.url.href);
    await page.getByRole('slider', { name: 'max_workers' }).waitFor();
    const rows = [];
    for (const n of SIZES) {
      const run = await runWorkload(page, watcher, n);
      await page.getByRole('button', { name: 'Fit' }).click();
      const zoom = await page.evaluate(measureFrames, { frames: FRAMES, kind: 'zoom' });
      await page.getByRole('button', { name: 'Fit' }).click();
      const pan = await page.evaluate(measureFrames, { frames: FRAMES, kind: 'pan' });
      const stats = (xs) => ({ p50: round(percentile(xs, 0.5)), p95: round(percentile(xs, 0.95)) });
      rows.push({
        n,
        ...run,
        lost: run.sent - run.received,
        zoom: stats(zoom),
        pan: stats(pan),
      });
      await page.getByRole('button', { name: 'Fit' }).click();
      await page.screenshot({ path: join(SHOTS, `renderer-${n}.png`) });
      console.error(`bench:renderer: ${n} tasks done`);
    }
    watcher.close();
    report(rows, browser.version());
  } finally {
    await browser.close();
    await server.stop();
  }
}

function report(rows, chromiumVersion) {
  const header = [
    'N',
    'events sent',
    'received',
    'lost',
    'done in page',
    'makespan s',
    'server s',
    'page lag s',
    'zoom p50/p95 ms',
    'pan p50/p95 ms',
  ];
  const lines = rows.map((r) => [
    r.n.toLocaleString('en'),
    r.sent.toLocaleString('en'),
    r.received.toLocaleString('en'),
    String(r.lost),
    r.doneInPage?.toLocaleString('en') ?? '?',
    (r.makespanMs / 1000).toFixed(1),
    (r.serverMs / 1000).toFixed(1),
    (r.lagMs / 1000).toFixed(1),
    `${r.zoom.p50} / ${r.zoom.p95}`,
    `${r.pan.p50} / ${r.pan.p95}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells) => cells.map((c, i) => c.padStart(widths[i])).join('  ');
  console.log(fmt(header));
  for (const l of lines) console.log(fmt(l));
  const big = rows.at(-1);
  const worst = Math.max(big.zoom.p95, big.pan.p95);
  const lost = rows.reduce((s, r) => s + r.lost, 0);
  console.log(
    `\nat ${big.n.toLocaleString('en')} bars: frame p95 ${worst} ms ` +
      `(target <= ${TARGET_P95_MS} ms); events lost: ${lost}; ` +
      `Chromium ${chromiumVersion} headless, --disable-gpu, ${availableParallelism()} CPUs`,
  );
  mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
  writeFileSync(
    join(ROOT, 'bench-results', 'bench-renderer.json'),
    JSON.stringify(
      { at: new Date().toISOString(), chromium: chromiumVersion, frames: FRAMES, rows },
      null,
      2,
    ) + '\n',
  );
}

await main();
