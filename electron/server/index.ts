/**
 * Browser mode: the run service over HTTP (the built renderer, as static files) and a WebSocket
 * (the contract: requests in, replies and events out), so the whole app but the Electron shell
 * runs in any browser. Plain Node: never imports electron.
 */
import { STATUS_CODES, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import type { AppEvent, WsServerMessage } from '../../shared/contract';
import type { RunService } from '../service';
import { isWildcard, newToken, pageHosts, refuseUpgrade } from './auth';
import { BoundedSocket, Connection } from './connection';
import { readCsp } from './csp';
import { CLIENT_LIMITS, MAX_MESSAGE_BYTES, type ClientLimits } from './limits';
import { staticFiles } from './static';

export { MAX_MESSAGE_BYTES } from './limits';

export interface ServerOptions {
  host?: string;
  port?: number;
  /** The built renderer (out/renderer). */
  rendererDir?: string;
  service: Pick<RunService, 'dispatch' | 'onEvent'>;
  /** The WebSocket token; a fresh random one when absent. */
  token?: string;
  /** What one client may ask (./limits.ts); tests tighten them. */
  limits?: Partial<ClientLimits>;
}

export interface RunningServer {
  /** The page to open, token included. */
  url: string;
  token: string;
  port: number;
  /** How many WebSocket clients are connected now. */
  readonly clients: number;
  /** Stops listening and drops every connection; the service is the caller's to close. */
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { host = '127.0.0.1', port = 0, rendererDir = 'out/renderer', service } = options;
  const token = options.token ?? newToken();
  const limits = { ...CLIENT_LIMITS, ...options.limits };
  const headers = {
    'Content-Security-Policy': readCsp(join(rendererDir, 'index.html')),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
  const serveFile = staticFiles(rendererDir, headers);
  const server = createServer((req, res) => void serveFile(req, res));
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    WebSocket: BoundedSocket,
  });
  const connections = new Set<Connection>();

  await listen(server, host, port);
  const bound = (server.address() as AddressInfo).port;
  const hosts = pageHosts(host);

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const refusal = refuseUpgrade(req, token, hosts, bound);
    if (refusal) {
      const body = `${refusal.reason}\n`;
      socket.end(
        `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status]}\r\n` +
          `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
          `Connection: close\r\n\r\n${body}`,
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const connection = new Connection(ws, service, limits);
      connections.add(connection);
      ws.once('close', () => connections.delete(connection));
    });
  });

  const unsubscribe = service.onEvent((event: AppEvent) => {
    const text = JSON.stringify({ kind: 'event', event } satisfies WsServerMessage);
    for (const connection of connections) connection.sendEvent(text);
  });

  const shownHost = isWildcard(host) ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${bound}/?token=${token}`,
    token,
    port: bound,
    get clients() {
      return connections.size;
    },
    async close() {
      unsubscribe();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      done();
    });
  });
}
