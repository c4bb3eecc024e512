import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppInfo } from '../../shared/contract';
import { HistoryStore } from '../../electron/service/history';
import { connect, isAlive } from './support';
import { tempDir } from '../support/temp-dir';

const SERVE = resolve(import.meta.dirname, '../../out/main/serve.js');
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** Starts serve.js and resolves with the URL it prints; the child is killed after the test if still alive. */
async function serve(
  dataDir = tempDir(cleanups),
  command = [process.execPath, SERVE],
): Promise<{ child: ChildProcess; url: URL; lines: string[] }> {
  expect(existsSync(SERVE), `${SERVE} is missing: run npm run build`).toBe(true);
  const [program, ...args] = command;
  const child = spawn(program!, [...args, '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: resolve(import.meta.dirname, '../..'),
  });
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const lines: string[] = [];
  const url = await new Promise<URL>((ok, fail) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      const m = /^PoolScope browser mode: (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43})$/.exec(
        line,
      );
      if (m) ok(new URL(m[1]!));
    });
    child.once('exit', (code) => fail(new Error(`serve.js exited with ${code}`)));
  });
  return { child, url, lines };
}

async function connectTo(url: URL) {
  const client = await connect(
    `ws://${url.host}/ws?token=${url.searchParams.get('token')}`,
    url.origin,
  );
  cleanups.push(() => client.close());
  return client;
}

/** How many task-started events the client has seen. */
function tasksStarted(client: { events: { channel: string; payload: unknown }[] }): number {
  let n = 0;
  for (const e of client.events) {
    if (e.channel !== 'run:events') continue;
    for (const pe of (e.payload as { events: { type: string }[] }).events) {
      if (pe.type === 'task-started') n++;
    }
  }
  return n;
}

/** Resolves once `done()` holds, checking every 50 ms (the test's timeout bounds the wait). */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((r) => setTimeout(r, 50));
}

describe('node out/main/serve.js', () => {
  it('prints its URL, serves a run, and on SIGINT shuts the pool down and exits 0 with no worker left', async () => {
    const { child, url, lines } = await serve();
    const origin = url.origin;
    const client = await connect(
      `ws://${url.host}/ws?token=${url.searchParams.get('token')}`,
      origin,
    );
    const workload = { name: 'sleepers', calls: [{ fn: 'slow_function', args: [0.3], repeat: 2 }] };
    expect((await client.request('run:start', { workload, maxWorkers: 2 })).ok).toBe(true);
    await client.nextEvent('run:events', (p) => p.events.some((e) => e.type === 'task-started'));
    const { value: info } = (await client.request('app:info')) as { value: AppInfo };
    expect(info.masterPid).toBe(child.pid);
    expect(info.pool.pids.length).toBeGreaterThan(0);
    expect(info.pool.pids.every(isAlive)).toBe(true);

    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(info.pool.pids.filter(isAlive)).toEqual([]);
    expect(lines.some((l) => l.startsWith('PoolScope: SIGINT: shutting the pool down'))).toBe(true);
    expect(lines).toContain('PoolScope: stopped; no worker left.');
  });

  it('SIGTERM cancels pending calls, stops running ones after the grace, and saves the run as cancelled', async () => {
    const dataDir = tempDir(cleanups);
    const { child, url } = await serve(dataDir);
    const client = await connectTo(url);
    const workload = { name: 'long', calls: [{ fn: 'slow_function', args: [60], repeat: 4 }] };
    const started = await client.request('run:start', { workload, maxWorkers: 2 });
    const { runId } = (started as { value: { runId: string } }).value;
    // Both workers running a call (the other two wait): only then is the signal sent.
    await until(() => tasksStarted(client) === 2);
    const { value: info } = (await client.request('app:info')) as { value: AppInfo };

    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(info.pool.pids.filter(isAlive)).toEqual([]);
    const store = new HistoryStore(dataDir);
    const { entry, trace } = await store.get(runId);
    expect(entry).toMatchObject({ kind: 'run', summary: { status: 'cancelled', tasks: 4 } });
    const statuses = trace!.tasks.map((t) => t.status).sort();
    expect(statuses).toEqual(['cancelled', 'cancelled', 'failed', 'failed']);
    // The running calls were stopped long before their 60 s were up.
    for (const t of trace!.tasks.filter((t) => t.status === 'failed')) {
      expect(t.finishedAt).toBeLessThan(60_000);
    }
  });

  it('a second SIGINT stops every worker and exits at once', async () => {
    const { child, url, lines } = await serve();
    const client = await connectTo(url);
    const workload = { name: 'long', calls: [{ fn: 'slow_function', args: [60], repeat: 2 }] };
    await client.request('run:start', { workload, maxWorkers: 2 });
    await client.nextEvent('run:events', (p) => p.events.some((e) => e.type === 'task-started'));
    const { value: info } = (await client.request('app:info')) as { value: AppInfo };
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGINT');
    await until(() => lines.some((l) => l.startsWith('PoolScope: SIGINT: shutting')));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(lines).toContain('PoolScope: SIGINT again: stopping every worker now.');
    // SIGKILLed before the exit; the kernel may take a moment to finish them.
    await until(() => info.pool.pids.every((p) => !isAlive(p)));
  });

  it('npm run serve: SIGTERM to npm (which does not pass it on) still ends the server and its workers', async () => {
    const { child, url } = await serve(tempDir(cleanups), [
      'npm',
      'run',
      '--silent',
      'serve',
      '--',
    ]);
    const client = await connectTo(url);
    const workload = { name: 'long', calls: [{ fn: 'slow_function', args: [60], repeat: 2 }] };
    await client.request('run:start', { workload, maxWorkers: 2 });
    await client.nextEvent('run:events', (p) => p.events.some((e) => e.type === 'task-started'));
    const { value: info } = (await client.request('app:info')) as { value: AppInfo };
    expect(info.masterPid).not.toBe(child.pid);
    child.kill('SIGTERM');
    await until(() => !isAlive(info.masterPid) && info.pool.pids.every((p) => !isAlive(p)));
  });

  it('rejects a bad option with the usage and exit code 2', () => {
    const result = spawnSync(process.execPath, [SERVE, '--port', 'eighty'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--port must be a whole number from 0 to 65535, not "eighty"');
    expect(result.stderr).toContain('usage: serve.js');
  });
});
