/**
 * The Unix socket traced processes report on: one per run, in a fresh 0700 folder (mkdtemp), so
 * only this user can connect. Each process opens its own connection; lines are bounded.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BoundedLines } from './lines';
import { MAX_WIRE_LINE } from './wire';

/** More connections than this (processes in one run) are refused. */
export const MAX_CONNECTIONS = 4096;

export class TraceSocket {
  private readonly open = new Set<Socket>();
  private drainWaiters: (() => void)[] = [];
  /** Connections refused past MAX_CONNECTIONS, and lines cut past MAX_WIRE_LINE. */
  refused = 0;

  private constructor(
    readonly dir: string,
    readonly path: string,
    private readonly server: Server,
    private readonly onLine: (line: string) => void,
  ) {
    server.on('connection', (socket) => this.accept(socket));
  }

  static async open(onLine: (line: string) => void): Promise<TraceSocket> {
    const dir = await mkdtemp(join(tmpdir(), 'poolscope-trace-'));
    const path = join(dir, 'events.sock');
    const server = createServer();
    const socket = new TraceSocket(dir, path, server, onLine);
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(path, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (e) {
      await rm(dir, { recursive: true, force: true });
      throw e;
    }
    return socket;
  }

  /** Resolves once every connection has ended (their processes exited), or after `timeoutMs`. */
  drained(timeoutMs: number): Promise<void> {
    if (this.open.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.drainWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  async close(): Promise<void> {
    for (const s of this.open) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await rm(this.dir, { recursive: true, force: true });
  }

  private accept(socket: Socket): void {
    if (this.open.size >= MAX_CONNECTIONS) {
      this.refused++;
      socket.destroy();
      return;
    }
    this.open.add(socket);
    const lines = new BoundedLines(MAX_WIRE_LINE + 1);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      for (const line of lines.push(chunk)) this.onLine(line);
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      const last = lines.flush();
      if (last !== null) this.onLine(last);
      this.open.delete(socket);
      if (this.open.size === 0) for (const w of this.drainWaiters.splice(0)) w();
    });
  }
}
