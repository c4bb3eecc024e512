// `node scripts/frame-attack.mjs [out/main/serve.js] [--lines N] [--depth N]`: measures how long
// another client waits while one client sends browser mode a huge frame (issue 14). Starts the
// server and a bystander process that asks app:info every 20 ms (its own process, so the
// attacker's work to build and mask the frame is not counted), then sends one frame of N
// invalid calls (and one nested N deep). Prints the bystander's longest wait during each attack
// and how the attacker was answered.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { WebSocket } from 'ws';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    lines: { type: 'string', default: '1000000' },
    depth: { type: 'string', default: '0' },
    bystander: { type: 'string' },
  },
});
if (values.bystander) await bystand(new URL(values.bystander));

/** The bystander: app:info every 20 ms; on each line of stdin, prints its longest wait since. */
async function bystand(page) {
  const ws = new WebSocket(`ws://${page.host}/ws?token=${page.searchParams.get('token')}`, {
    origin: page.origin,
  });
  await new Promise((ok) => ws.once('open', ok));
  let longest = 0;
  let asked = 0;
  createInterface({ input: process.stdin }).on('line', () => {
    console.log(JSON.stringify({ longest, asked }));
    longest = 0;
    asked = 0;
  });
  for (let id = 1; ; id++) {
    const sent = performance.now();
    await new Promise((ok) => {
      const onMessage = (raw) => {
        if (JSON.parse(String(raw)).id !== id) return;
        ws.off('message', onMessage);
        ok();
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ id, channel: 'app:info', payload: null }));
    });
    longest = Math.max(longest, performance.now() - sent);
    asked++;
    await new Promise((r) => setTimeout(r, 20));
  }
}
const serveJs = resolve(positionals[0] ?? 'out/main/serve.js');
const dataDir = mkdtempSync(join(tmpdir(), 'poolscope-attack-'));
const server = spawn(process.execPath, [serveJs, '--port', '0', '--data-dir', dataDir], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise((ok) =>
  createInterface({ input: server.stdout }).on('line', (line) => {
    const m = /(http:\/\/\S+)/.exec(line);
    if (m) ok(new URL(m[1]));
  }),
);
const wsUrl = `ws://${url.host}/ws?token=${url.searchParams.get('token')}`;
const open = () =>
  new Promise((ok, fail) => {
    const ws = new WebSocket(wsUrl, { origin: url.origin, maxPayload: 0 });
    ws.once('open', () => ok(ws));
    ws.once('error', fail);
  });

const bystander = spawn(process.execPath, [import.meta.filename, '--bystander', url.href], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
const reports = createInterface({ input: bystander.stdout });
const nextReport = () => {
  bystander.stdin.write('\n');
  return new Promise((ok) => reports.once('line', (line) => ok(JSON.parse(line))));
};
await new Promise((r) => setTimeout(r, 500));

async function attack(label, frame) {
  const attacker = await open();
  await nextReport(); // start afresh
  const t0 = performance.now();
  const answer = new Promise((ok) => {
    attacker.once('message', (raw) => ok(`reply: ${String(raw).slice(0, 100)}...`));
    attacker.once('close', (code, reason) => ok(`close ${code} "${reason}"`));
  });
  attacker.send(frame);
  const how = await answer;
  const answeredMs = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 300));
  const { longest, asked } = await nextReport();
  console.log(
    `${label}: ${(frame.length / 1e6).toFixed(1)} MB; attacker answered after ${answeredMs.toFixed(0)} ms (${how}); ` +
      `bystander: ${asked} app:info, longest wait ${longest.toFixed(0)} ms`,
  );
  attacker.terminate();
}

const lines = Number(values.lines);
const call = '{"fn":"nope","args":["x"],"repeat":-1}';
const calls = new Array(lines).fill(call).join(',');
await attack(
  `${lines} invalid calls`,
  `{"id":1,"channel":"run:start","payload":{"workload":{"name":"w","calls":[${calls}]}}}`,
);
const depth = Number(values.depth);
if (depth > 0) {
  await attack(
    `nested ${depth} deep`,
    `{"id":2,"channel":"app:info","payload":${'['.repeat(depth)}${']'.repeat(depth)}}`,
  );
}
// Well within the limit: the most a client can make the server parse per frame.
const near = Math.floor((1024 * 1024 - 200) / (call.length + 1));
await attack(
  `${near} invalid calls (just under the limit)`,
  `{"id":3,"channel":"run:start","payload":{"workload":{"name":"w","calls":[${new Array(near).fill(call).join(',')}]}}}`,
);
bystander.kill();
server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
rmSync(dataDir, { recursive: true, force: true });
