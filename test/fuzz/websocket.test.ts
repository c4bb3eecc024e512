/**
 * The WebSocket boundary of browser mode, fuzzed against a real server on 127.0.0.1: random and
 * hostile frames each get a typed reply (or, over the size limit, a 1009 close), the server never
 * crashes, and it goes on answering. Each case is bounded by fast-check's per-run timeout.
 */
import fc from 'fast-check';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ERROR_CODES, REQUEST_CHANNELS } from '../../shared/contract';
import { MAX_MESSAGE_BYTES } from '../../electron/server/limits';
import { writeJson } from '../../electron/server/sliced-json';
import { startTestServer } from '../server/support';

const ReplySchema = v.strictObject({
  kind: v.literal('reply'),
  id: v.pipe(v.number(), v.integer(), v.minValue(-1)),
  reply: v.variant('ok', [
    v.strictObject({ ok: v.literal(true), value: v.unknown() }),
    v.strictObject({
      ok: v.literal(false),
      error: v.strictObject({ code: v.picklist(ERROR_CODES), message: v.string() }),
    }),
  ]),
});

const cleanups: (() => unknown)[] = [];
let wsUrl = '';
let origin = '';
let socket: WebSocket;

beforeAll(async () => {
  ({ wsUrl, origin } = await startTestServer(cleanups));
  socket = await open();
});
afterAll(async () => {
  socket.terminate();
  while (cleanups.length) await cleanups.pop()!();
});

function open(): Promise<WebSocket> {
  const ws = new WebSocket(wsUrl, { origin });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Sends one frame; resolves with the next reply, or the close code if the server closed. */
function exchange(ws: WebSocket, data: string | Buffer): Promise<unknown> {
  return new Promise((resolve) => {
    const onMessage = (raw: Buffer) => {
      const m = JSON.parse(String(raw)) as { kind: string };
      if (m.kind !== 'reply') return; // an event: not this frame's answer
      ws.off('message', onMessage);
      ws.off('close', onClose);
      resolve(m);
    };
    const onClose = (code: number) => {
      ws.off('message', onMessage);
      resolve({ closed: code });
    };
    ws.on('message', onMessage);
    ws.once('close', onClose);
    ws.send(data);
  });
}

const channel = fc.oneof(fc.constantFrom(...REQUEST_CHANNELS), fc.string({ maxLength: 30 }));
const hostileValue = fc.oneof(
  fc.jsonValue({ maxDepth: 6 }),
  fc.constantFrom(
    { __proto__: { admin: true } },
    { constructor: { prototype: { polluted: true } } },
    { id: '../../etc/passwd' },
    { maxWorkers: 1e308 },
    { workload: { name: 'w', calls: [{ fn: 'nope', args: [1e308], repeat: 200_000 }] } },
    { workload: { name: 'w', calls: [] } },
  ),
);
const envelope = fc.record(
  {
    id: fc.oneof(fc.nat(), fc.integer(), fc.double(), fc.string()),
    channel,
    payload: hostileValue,
  },
  { requiredKeys: [] },
);
const frame = fc.oneof(
  envelope.map((e) => JSON.stringify(e)),
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc
    .integer({ min: 1, max: 5000 })
    .map((n) => `{"id":1,"channel":"app:info","payload":${'['.repeat(n)}${']'.repeat(n)}}`),
  fc.uint8Array({ maxLength: 100 }).map((bytes) => Buffer.from(bytes)),
);

describe('WebSocket boundary, fuzzed', () => {
  it('answers every frame with a typed reply and keeps serving', async () => {
    await fc.assert(
      fc.asyncProperty(frame, async (data) => {
        if (socket.readyState !== WebSocket.OPEN) socket = await open();
        const answer = await exchange(socket, data);
        expect(v.safeParse(ReplySchema, answer).success, JSON.stringify(answer)).toBe(true);
        // A request a well-formed page would make still works after it.
        const info = await exchange(socket, '{"id":7,"channel":"app:info","payload":null}');
        expect(info).toMatchObject({ kind: 'reply', id: 7, reply: { ok: true } });
      }),
      { numRuns: 300, plugins: [fc.timeout(5000), fc.interruptAfterTimeLimit(60_000)] },
    );
  });

  it('closes with 1009 on any frame over the limit, and the next connection is served', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1024 * 1024 }), async (extra) => {
        const ws = await open();
        expect(await exchange(ws, 'x'.repeat(MAX_MESSAGE_BYTES + extra))).toEqual({
          closed: 1009,
        });
      }),
      { numRuns: 10, plugins: [fc.timeout(10_000)] },
    );
    const ws = await open();
    expect(await exchange(ws, '{"id":1,"channel":"app:info"}')).toMatchObject({
      reply: { ok: true },
    });
    ws.terminate();
  });
});

describe('replies written in slices', () => {
  it('are the same text JSON.stringify writes, for any JSON value and long lists', async () => {
    // Long enough to be written in two or three slices; small items keep each case cheap.
    const item = fc.oneof(fc.integer(), fc.string({ maxLength: 8 }), fc.constant(null));
    const long = fc.array(item, { minLength: 5001, maxLength: 11_000 });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.jsonValue(), long, fc.record({ trace: fc.record({ tasks: long }) })),
        async (value) => {
          const text = await new Promise<string>((resolve) => writeJson(value, resolve));
          expect(text).toBe(JSON.stringify(value));
        },
      ),
      { numRuns: 40, plugins: [fc.timeout(5000)] },
    );
  });
});
