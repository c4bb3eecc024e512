/**
 * Browser mode's limits (electron/server/limits.ts) against a real server on 127.0.0.1: what is
 * too big is refused before the work, and one client cannot stall or bloat the server for others.
 * Proved by ordering and by what the server answers, never by timing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { TOO_BIG_REASON } from '../../electron/server/connection';
import { MAX_MESSAGE_BYTES } from '../../electron/server/limits';
import type { RunService } from '../../electron/service';
import { HistoryStore } from '../../electron/service/history';
import type { Reply, WsServerMessage } from '../../shared/contract';
import { bigTrace } from '../shared/traces';
import { connect, startTestServer } from './support';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A run:start frame of `lines` invalid calls, about 32 bytes a line. */
function manyLines(id: number, lines: number): string {
  const line = '{"fn":"nope","args":["x"],"repeat":-1}';
  const calls = new Array<string>(lines).fill(line).join(',');
  return `{"id":${id},"channel":"run:start","payload":{"workload":{"name":"w","calls":[${calls}]}}}`;
}

/** Saves run `run-big` of `n` calls in the service's history folder. */
async function saveBigRun(service: RunService, n: number): Promise<void> {
  const history = new HistoryStore((service as unknown as { history: HistoryStore }).history.dir);
  const trace = bigTrace(n, 4);
  const summary = {
    id: 'run-big',
    name: 'big',
    startedAt: trace.startedAt,
    maxWorkers: 4,
    tasks: n,
    makespanMs: 1,
    status: 'completed' as const,
  };
  await history.saveRun(summary, trace, {
    workload: { name: 'big', calls: [{ fn: 'slow_add', args: [0, 1, 2], repeat: 1 }] },
  });
}

describe('browser-mode limits', () => {
  it('closes with 1009 and a reason on a message over the limit, before reading it', async () => {
    const { origin, wsUrl } = await startTestServer(cleanups);
    const client = await connect(wsUrl, origin);
    const closed = new Promise<[number, string]>((resolve) =>
      client.ws.once('close', (code, reason) => resolve([code, reason.toString()])),
    );
    client.ws.send('x'.repeat(MAX_MESSAGE_BYTES + 1));
    expect(await closed).toEqual([1009, TOO_BIG_REASON]);
    expect(TOO_BIG_REASON).toBe('message too big: at most 1 MiB');
  });

  it("refuses deep nesting unparsed, counts a workload's lines before checking each, and keeps serving", async () => {
    const { origin, wsUrl } = await startTestServer(cleanups);
    const client = await connect(wsUrl, origin);
    cleanups.push(() => client.close());
    const deep = `{"id":3,"channel":"app:info","payload":${'['.repeat(500_000)}${']'.repeat(500_000)}}`;
    await expect(client.sendRaw(deep, -1)).resolves.toEqual({
      ok: false,
      error: {
        code: 'invalid-payload',
        message: 'message refused unread: it nests arrays and objects more than 32 deep',
      },
    });
    await expect(client.sendRaw(manyLines(4, 25_000), 4)).resolves.toEqual({
      ok: false,
      error: {
        code: 'invalid-payload',
        message: 'run:start: workload.calls: a workload may list at most 1000 calls (use repeat)',
      },
    });
    expect((await client.request('app:info')).ok).toBe(true);
  });

  it("answers another client's app:info while an attacker's big frames are still being read", async () => {
    const { origin, wsUrl } = await startTestServer(cleanups);
    const attacker = await connect(wsUrl, origin);
    const other = await connect(wsUrl, origin);
    cleanups.push(
      () => attacker.close(),
      () => other.close(),
    );
    // The first app:info looks for python3 (a child process); the rest answer from memory.
    expect((await other.request('app:info')).ok).toBe(true);
    const order: string[] = [];
    const frames = 20;
    const attacks = Array.from({ length: frames }, (_, i) =>
      attacker.sendRaw(manyLines(i + 1, 25_000), i + 1).then(() => order.push(`attack ${i + 1}`)),
    );
    await attacks[0];
    const info = await other.request('app:info');
    order.push('app:info');
    await Promise.all(attacks);
    expect(info.ok).toBe(true);
    // Each frame is its own turn of the event loop: the other client is not queued behind all 20.
    expect(order.indexOf('app:info')).toBeLessThan(frames);
  });

  it('answers busy beyond the requests one client may have under way', async () => {
    const { origin, wsUrl } = await startTestServer(cleanups, { limits: { maxInFlight: 2 } });
    const client = await connect(wsUrl, origin);
    cleanups.push(() => client.close());
    const replies = await Promise.all(
      Array.from({ length: 6 }, () => client.request('history:list')),
    );
    const busy = replies.filter((r) => !r.ok);
    expect(replies.filter((r) => r.ok).length).toBeGreaterThanOrEqual(2);
    expect(busy.length).toBeGreaterThan(0);
    for (const r of busy) {
      expect(r).toEqual({
        ok: false,
        error: {
          code: 'busy',
          message:
            'history:list not done: this connection already has 2 requests under way; wait for their replies',
        },
      });
    }
    expect((await client.request('history:list')).ok).toBe(true);
  });

  it("works on one client's history:get requests a few at a time, the rest in turn", async () => {
    const { origin, wsUrl, service } = await startTestServer(cleanups, {
      limits: { maxHeavyInFlight: 1 },
    });
    await saveBigRun(service, 2000);
    const client = await connect(wsUrl, origin);
    cleanups.push(() => client.close());
    const order: string[] = [];
    const gets = Array.from({ length: 3 }, (_, i) =>
      client.request('history:get', { id: 'run-big' }).then((r) => {
        order.push(`get ${i}`);
        return r;
      }),
    );
    // A light request is not queued behind them.
    await client.request('history:list').then(() => order.push('list'));
    const replies = await Promise.all(gets);
    expect(replies.every((r) => r.ok)).toBe(true);
    expect(order.indexOf('list')).toBeLessThan(order.indexOf('get 2'));
    expect(order.filter((o) => o.startsWith('get'))).toEqual(['get 0', 'get 1', 'get 2']);
  });

  it('tells a client that stops reading, answers its requests busy unworked, then drops it', async () => {
    const { origin, wsUrl, service, server } = await startTestServer(cleanups, {
      limits: { slowReaderBytes: 1024 * 1024, slowReaderGraceMs: 300 },
    });
    // One reply (~10 MB) is more than the kernel's socket buffers take, so it stays queued.
    await saveBigRun(service, 60_000);
    // A raw client that never reads: its socket is paused from the start.
    const slow = new WebSocket(wsUrl, { origin });
    await new Promise((resolve) => slow.once('open', resolve));
    slow.pause();
    const closed = new Promise((resolve) => slow.once('close', resolve));
    for (let id = 1; id <= 10; id++) {
      slow.send(JSON.stringify({ id, channel: 'history:get', payload: { id: 'run-big' } }));
    }
    const reader = await connect(wsUrl, origin);
    cleanups.push(() => reader.close());
    // The server stays responsive to others while it holds back the slow reader's replies.
    expect((await reader.request('app:info')).ok).toBe(true);
    await until(() => server.clients === 1); // the slow one dropped, the reader left
    // What the slow client was sent, read once it resumes: some replies, then the end.
    const seen: WsServerMessage[] = [];
    slow.on('message', (data) => seen.push(JSON.parse(String(data)) as WsServerMessage));
    slow.resume();
    await closed;
    const replies = seen.filter((m) => m.kind === 'reply').map((m) => m.reply as Reply<unknown>);
    expect(replies.filter((r) => r.ok).length).toBeLessThan(10);
    expect((await reader.request('app:info')).ok).toBe(true);
  });
});

/** Resolves once `done()` holds, checking every 20 ms (the test's timeout bounds the wait). */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((r) => setTimeout(r, 20));
}
