// `node scripts/frame-attack.mjs [out/main/serve.js] [--lines N] [--depth N]`: measures how long
// another client waits while one client sends browser mode a huge frame (issue 14). Starts the
// server and a bystander process that asks app:info every 20 ms (its own process, so the
// attacker's work to build and mask the frame is not counted), then sends one frame of N
// invalid calls (and one nested N deep). Prints the bystander's longest wait during each attack
// and how the attacker was answered. With --slow-reader N, instead: a client that never reads
// asks history:get N times for a 200k-call run; prints the bystander's longest wait, how the
// slow client was answered, and the server's peak RSS.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
    'slow-reader': { type: 'string', default: '0' },
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
const slowReads = Number(values['slow-reader']);
if (slowReads > 0) saveBigRun(dataDir, 200_000);

/** A finished run of `n` calls in the history folder, as the service writes it. */
function saveBigRun(dir, n) {
  const tasks = Array.from({ length: n }, (_, id) => ({
    id,
    fn: 'slow_add',
    args: [0.001, id, 7],
    status: 'done',
    submittedAt: id * 0.01,
    startedAt: id * 0.01 + 1,
    finishedAt: id * 0.01 + 2,
    pid: 1000 + (id % 4),
    result: id + 7,
  }));
  const startedAt = Date.now();
  const trace = {
    format: 'poolscope-trace',
    version: 1,
    name: 'big',
    startedAt,
    endedAt: n * 0.01 + 2,
    maxWorkers: 4,
    cpuCount: 2,
    masterPid: 1,
    tasks,
    workers: [0, 1, 2, 3].map((i) => ({ pid: 1000 + i, spawnedAt: 0 })),
    output: [],
    marks: [],
  };
  const summary = {
    id: 'run-big',
    name: 'big',
    startedAt,
    maxWorkers: 4,
    tasks: n,
    makespanMs: 1,
    status: 'completed',
  };
  const workload = { name: 'big', calls: [{ fn: 'slow_add', args: [0.001, 1, 7], repeat: n }] };
  // As the history writes it (shared/export/poolscope-json.ts traceToJson): one item a line.
  const { tasks: _t, workers, output: _o, marks: _m, ...header } = trace;
  const list = (name, items) =>
    items.length === 0
      ? `  "${name}": []`
      : `  "${name}": [\n    ${items.map((i) => JSON.stringify(i)).join(',\n    ')}\n  ]`;
  const head = JSON.stringify(header, null, 2).slice(0, -2);
  const lists = [
    list('tasks', tasks),
    list('workers', workers),
    list('output', []),
    list('marks', []),
  ];
  writeFileSync(join(dir, 'run-big.trace.json'), `${head},\n${lists.join(',\n')}\n}\n`);
  const entry = {
    format: 'poolscope-history',
    version: 1,
    entry: { kind: 'run', summary },
    workload,
  };
  writeFileSync(join(dir, 'run-big.entry.json'), JSON.stringify(entry));
}
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

if (slowReads > 0) {
  const slow = await open();
  slow.pause(); // never reads
  await nextReport();
  for (let id = 1; id <= slowReads; id++) {
    slow.send(JSON.stringify({ id, channel: 'history:get', payload: { id: 'run-big' } }));
  }
  // A paused socket does not see its end: read again once the server's 10 s grace is over.
  await new Promise((r) => setTimeout(r, 30_000));
  const closed = new Promise((ok) => slow.once('close', () => ok(true)));
  slow.resume();
  const dropped = await Promise.race([
    closed,
    new Promise((r) => setTimeout(() => r(false), 10_000)),
  ]);
  const { longest, asked } = await nextReport();
  const peak = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1];
  console.log(
    `slow reader: ${slowReads} history:get of a 200k-call run, never read; ${dropped ? 'dropped' : 'not dropped'} after the 10 s grace; ` +
      `bystander: ${asked} app:info, longest wait ${longest.toFixed(0)} ms; server peak RSS ${Math.round(Number(peak) / 1024)} MiB`,
  );
  slow.terminate();
  bystander.kill();
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
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
