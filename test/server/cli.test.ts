import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppInfo } from '../../shared/contract';
import { connect, isAlive } from './support';
import { tempDir } from '../support/temp-dir';

const SERVE = resolve(import.meta.dirname, '../../out/main/serve.js');
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** Starts serve.js and resolves with the URL it prints; the child is killed after the test if still alive. */
async function serve(): Promise<{ child: ChildProcess; url: URL; lines: string[] }> {
  expect(existsSync(SERVE), `${SERVE} is missing: run npm run build`).toBe(true);
  const child = spawn(process.execPath, [SERVE, '--port', '0', '--data-dir', tempDir(cleanups)], {
    stdio: ['ignore', 'pipe', 'pipe'],
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
    expect(lines).toContain('PoolScope: SIGINT: shutting the pool down...');
    expect(lines).toContain('PoolScope: stopped; no worker left.');
  });

  it('rejects a bad option with the usage and exit code 2', () => {
    const result = spawnSync(process.execPath, [SERVE, '--port', 'eighty'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--port must be a whole number from 0 to 65535, not "eighty"');
    expect(result.stderr).toContain('usage: serve.js');
  });
});
