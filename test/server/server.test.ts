import { request } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppInfo, ResponseMap } from '../../shared/contract';
import { RunService } from '../../electron/service';
import { startServer, type RunningServer } from '../../electron/server';
import { metaCsp } from '../../electron/server/csp';
import { connect, isAlive } from './support';

const ROOT = resolve(import.meta.dirname, '../..');
const RENDERER = join(ROOT, 'out/renderer');
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

beforeAll(() => {
  expect(
    existsSync(join(RENDERER, 'index.html')),
    'out/renderer is missing: run npm run build',
  ).toBe(true);
});

async function start(): Promise<{
  server: RunningServer;
  service: RunService;
  origin: string;
  wsUrl: string;
}> {
  const dataDir = mkdtempSync(join(tmpdir(), 'poolscope-server-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const service = new RunService({ mode: 'browser', dataDir });
  cleanups.push(() => service.close());
  const server = await startServer({ service, rendererDir: RENDERER });
  cleanups.push(() => server.close());
  const origin = `http://127.0.0.1:${server.port}`;
  return {
    server,
    service,
    origin,
    wsUrl: `ws://127.0.0.1:${server.port}/ws?token=${server.token}`,
  };
}

/** A raw HTTP request: the path goes on the wire exactly as given (no client-side normalising). */
function get(port: number, path: string, method = 'GET') {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (done, fail) => {
      const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => done({ status: res.statusCode!, headers: res.headers, body }));
      });
      req.on('error', fail);
      req.end();
    },
  );
}

describe('browser-mode HTTP', () => {
  it('serves the built page with the CSP header from its own meta tag, and its assets with their types', async () => {
    const { server } = await start();
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const page = await get(server.port, `/?token=${server.token}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    const meta = metaCsp(readFileSync(join(RENDERER, 'index.html'), 'utf8'));
    expect(meta).toContain("default-src 'self'");
    expect(page.headers['content-security-policy']).toBe(`${meta}; frame-ancestors 'none'`);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.body).toContain('<div id="app">');
    const script = /src="\.?(\/assets\/[^"]+\.js)"/.exec(page.body)?.[1];
    expect(script).toBeDefined();
    const js = await get(server.port, script!);
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['content-security-policy']).toBeDefined();
    expect((await get(server.port, '/nope.js')).status).toBe(404);
    expect((await get(server.port, '/assets/')).status).toBe(404);
    expect((await get(server.port, '/', 'POST')).status).toBe(405);
  });

  it('refuses every way out of the renderer folder', async () => {
    const { server } = await start();
    for (const path of [
      '/../package.json',
      '/..%2f..%2fpackage.json',
      '/%2e%2e/%2e%2e/package.json',
      '/assets/..%2f..%2f..%2fpackage.json',
      '/..\\..\\package.json',
    ]) {
      const res = await get(server.port, path);
      expect(res.status, path).toBeOneOf([403, 404]);
      expect(res.body, path).not.toContain('"devDependencies"');
    }
    expect((await get(server.port, '/..%2f..%2fpackage.json')).status).toBe(403);
    expect((await get(server.port, '/index.html%00.js')).status).toBe(400);
    expect((await get(server.port, '/%E0%A4%A')).status).toBe(400);
  });
});

describe('browser-mode WebSocket', () => {
  it('refuses a missing or wrong token, a foreign or missing Origin, and another path', async () => {
    const { server, origin } = await start();
    const base = `ws://127.0.0.1:${server.port}`;
    await expect(connect(`${base}/ws`, origin)).rejects.toThrow('HTTP 401');
    await expect(connect(`${base}/ws?token=${server.token}x`, origin)).rejects.toThrow('HTTP 401');
    await expect(connect(`${base}/ws?token=`, origin)).rejects.toThrow('HTTP 401');
    await expect(
      connect(`${base}/ws?token=${server.token}`, 'https://evil.example'),
    ).rejects.toThrow('HTTP 403');
    await expect(
      connect(`${base}/ws?token=${server.token}`, `http://127.0.0.1:${server.port + 1}`),
    ).rejects.toThrow('HTTP 403');
    await expect(
      connect(`${base}/ws?token=${server.token}`, `https://127.0.0.1:${server.port}`),
    ).rejects.toThrow('HTTP 403');
    await expect(connect(`${base}/ws?token=${server.token}`)).rejects.toThrow('HTTP 403');
    await expect(connect(`${base}/other?token=${server.token}`, origin)).rejects.toThrow(
      'HTTP 404',
    );
  });

  it('with the token and its own origin: requests round-trip and a run streams its events', async () => {
    const { server, origin, wsUrl } = await start();
    const client = await connect(wsUrl, origin);
    cleanups.push(() => client.close());
    const info = await client.request('app:info');
    expect(info).toMatchObject({ ok: true, value: { mode: 'browser', masterPid: process.pid } });
    const viaLocalhost = await connect(wsUrl, `http://localhost:${server.port}`);
    cleanups.push(() => viaLocalhost.close());

    const workload = {
      name: 'applyasync.py',
      calls: [
        { fn: 'slow_add', args: [0.1, 6, 7], repeat: 1 },
        { fn: 'slow_add', args: [0.1, 2, 3], repeat: 1 },
      ],
    };
    const started = await client.request('run:start', { workload, maxWorkers: 2 });
    expect(started).toMatchObject({ ok: true, value: { runId: expect.any(String) } });
    const { runId } = (started as { value: { runId: string } }).value;
    const finished = await client.nextEvent('run:finished', (p) => p.runId === runId);
    expect(finished.status).toBe('completed');
    const channels = client.events
      .filter((e) => 'runId' in e.payload && e.payload.runId === runId)
      .map((e) => e.channel);
    expect(channels[0]).toBe('run:started');
    expect(channels.at(-1)).toBe('run:finished');
    expect(channels).toContain('run:events');
    // Every client gets the events.
    await viaLocalhost.nextEvent('run:finished', (p) => p.runId === runId);
  });

  it('answers malformed messages with typed errors and keeps serving the connection', async () => {
    const { origin, wsUrl } = await start();
    const client = await connect(wsUrl, origin);
    cleanups.push(() => client.close());
    const invalid = (message: RegExp) => ({
      ok: false,
      error: { code: 'invalid-payload', message: expect.stringMatching(message) },
    });
    await expect(client.sendRaw('{"id": 1, "chan', -1)).resolves.toEqual(
      invalid(/^message is not valid JSON: /),
    );
    await expect(client.sendRaw(Buffer.from([1, 2, 3]), -1)).resolves.toEqual(
      invalid(/^messages must be JSON text, not binary$/),
    );
    await expect(client.sendRaw('[1, 2]', -1)).resolves.toEqual(
      invalid(/^message must be \{id, channel, payload\}/),
    );
    await expect(client.sendRaw('{"id": 7, "channel": 7}', 7)).resolves.toEqual(
      invalid(/^message must be \{id, channel, payload\}: channel: /),
    );
    await expect(
      client.sendRaw('{"id": 8, "channel": "app:info", "extra": 1}', 8),
    ).resolves.toEqual(invalid(/extra/));
    await expect(client.request('pool:explode', {})).resolves.toEqual({
      ok: false,
      error: {
        code: 'unknown-channel',
        message: expect.stringMatching(/^unknown channel "pool:explode"/),
      },
    });
    await expect(client.request('pool:resize', { maxWorkers: -1 })).resolves.toEqual(
      invalid(/^pool:resize: maxWorkers: /),
    );
    await expect(client.request('history:get', { id: '../../etc/passwd' })).resolves.toEqual(
      invalid(/^history:get: id: /),
    );
    await expect(
      client.request('file:save', {
        format: 'svg',
        suggestedName: 'x.svg',
        data: '<svg/>',
        encoding: 'utf8',
      }),
    ).resolves.toEqual({
      ok: false,
      error: {
        code: 'failed',
        message: 'file:save is not available in browser mode; the page downloads instead',
      },
    });
    const info = await client.request('app:info');
    expect(info.ok).toBe(true);
  });

  it('close() drops the connections; with the service closed no worker is left', async () => {
    const { server, service, origin, wsUrl } = await start();
    const client = await connect(wsUrl, origin);
    const reply = await client.request('run:start', {
      workload: { name: 's', calls: [{ fn: 'slow_function', args: [0.2], repeat: 2 }] },
      maxWorkers: 2,
    });
    expect(reply.ok).toBe(true);
    await client.nextEvent('run:events', (p) => p.events.some((e) => e.type === 'task-started'));
    const { value: info } = (await client.request('app:info')) as { value: AppInfo };
    expect(info.pool.pids.length).toBeGreaterThan(0);
    const closed = new Promise((resolve) => client.ws.once('close', resolve));
    await server.close();
    await closed;
    await service.close();
    expect(info.pool.pids.filter(isAlive)).toEqual([]);
    await expect(connect(wsUrl, origin)).rejects.toThrow(/ECONNREFUSED/);
    const history = await service.dispatch('history:list', null);
    expect((history as { value: ResponseMap['history:list'] }).value.entries).toHaveLength(1);
  });
});
