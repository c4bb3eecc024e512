/** A WebSocket client for the tests: requests by id, events kept, refusals as HTTP statuses. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { WebSocket } from 'ws';
import { RunService } from '../../electron/service';
import { startServer, type RunningServer, type ServerOptions } from '../../electron/server';
import type { AppEvent, EventMap, Reply, WsServerMessage } from '../../shared/contract';

export interface Client {
  ws: WebSocket;
  events: AppEvent[];
  /** Sends raw text and resolves with the next reply carrying `id`. */
  sendRaw(data: string | Buffer, id: number): Promise<Reply<unknown>>;
  request(channel: string, payload?: unknown): Promise<Reply<unknown>>;
  nextEvent<K extends keyof EventMap>(
    channel: K,
    match?: (p: EventMap[K]) => boolean,
  ): Promise<EventMap[K]>;
  close(): Promise<void>;
}

/** Opens a connection like a page served at `origin` would; rejects with the HTTP status of a refusal. */
export function connect(wsUrl: string, origin?: string): Promise<Client> {
  const ws = new WebSocket(wsUrl, origin ? { origin } : {});
  const events: AppEvent[] = [];
  const replies = new Map<number, (r: Reply<unknown>) => void>();
  const eventWaiters: ((e: AppEvent) => boolean)[] = [];
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as WsServerMessage;
    if (m.kind === 'reply') {
      replies.get(m.id)?.(m.reply);
      replies.delete(m.id);
      return;
    }
    events.push(m.event);
    for (let i = eventWaiters.length - 1; i >= 0; i--)
      if (eventWaiters[i]!(m.event)) eventWaiters.splice(i, 1);
  });
  let nextId = 1;
  const client: Client = {
    ws,
    events,
    sendRaw(data, id) {
      return new Promise((resolve) => {
        replies.set(id, resolve);
        ws.send(data);
      });
    },
    request(channel, payload = null) {
      const id = nextId++;
      return client.sendRaw(JSON.stringify({ id, channel, payload }), id);
    },
    nextEvent(channel, match = () => true) {
      const hit = (e: AppEvent) => e.channel === channel && match(e.payload as never);
      const seen = events.find(hit);
      if (seen) return Promise.resolve(seen.payload as never);
      return new Promise((resolve) => {
        eventWaiters.push((e) => {
          if (!hit(e)) return false;
          resolve(e.payload as never);
          return true;
        });
      });
    },
    close() {
      if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
      return new Promise((resolve) => {
        ws.once('close', () => resolve());
        ws.close();
      });
    },
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client));
    ws.once('unexpected-response', (_req, res) => {
      reject(new Error(`refused with HTTP ${res.statusCode}`));
      res.resume();
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

export { isAlive } from '../support/processes';

/** A browser-mode server on 127.0.0.1 with its own service and data folder, undone by `cleanups`. */
export async function startTestServer(
  cleanups: (() => unknown)[],
  options: Partial<ServerOptions> = {},
): Promise<{ server: RunningServer; service: RunService; origin: string; wsUrl: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'poolscope-server-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const service = new RunService({ mode: 'browser', dataDir });
  cleanups.push(() => service.close());
  const rendererDir = resolve(import.meta.dirname, '../../out/renderer');
  const server = await startServer({ service, rendererDir, ...options });
  cleanups.push(() => server.close());
  return {
    server,
    service,
    origin: `http://127.0.0.1:${server.port}`,
    wsUrl: `ws://127.0.0.1:${server.port}/ws?token=${server.token}`,
  };
}
