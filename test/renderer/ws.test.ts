import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppEvent } from '../../shared/contract';
import {
  ConnectError,
  createWsClient,
  socketUrl,
  withoutToken,
  type ConnectionStatus,
  type SocketLike,
} from '../../renderer/src/lib/transport/ws';

/** A socket the test drives by hand: what the client sent, and the server's side of the line. */
class TestSocket implements SocketLike {
  readyState = 0;
  sent: { id: number; channel: string; payload: unknown }[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.drop();
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({});
  }
  receive(message: unknown) {
    this.onmessage?.({ data: typeof message === 'string' ? message : JSON.stringify(message) });
  }
}

let sockets: TestSocket[];
let statuses: ConnectionStatus[];
const last = () => sockets.at(-1)!;

function client(timeoutMs = 1000) {
  return createWsClient({
    url: 'ws://127.0.0.1:1/ws?token=t',
    open: (url) => {
      const s = new TestSocket(url);
      sockets.push(s);
      return s;
    },
    timeoutMs,
    retryDelaysMs: [100, 200],
    onStatus: (s) => statuses.push(s),
  });
}

beforeEach(() => {
  vi.useFakeTimers();
  sockets = [];
  statuses = [];
});
afterEach(() => {
  vi.useRealTimers();
});

describe('WebSocket client', () => {
  it('resolves ready when the socket opens and exposes one method per request channel', async () => {
    const c = client();
    last().open();
    await expect(c.ready).resolves.toBeUndefined();
    expect(typeof c.api.appInfo).toBe('function');
    expect(typeof c.api.historyRename).toBe('function');
    expect(statuses.at(-1)).toEqual({ state: 'open' });
  });

  it('rejects ready with the address, not its token, when the first socket never opens', async () => {
    const c = client();
    last().drop();
    const error = await c.ready.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as Error).message).toBe(
      'Cannot connect to the PoolScope server at ws://127.0.0.1:1/ws.',
    );
  });

  it('matches replies to requests by id, whatever order they come back in', async () => {
    const c = client();
    last().open();
    const a = c.api.poolResize({ maxWorkers: 3 });
    const b = c.api.runCancel({ runId: 'r1' });
    const [ma, mb] = last().sent;
    expect(ma).toMatchObject({ channel: 'pool:resize', payload: { maxWorkers: 3 } });
    expect(mb).toMatchObject({ channel: 'run:cancel', payload: { runId: 'r1' } });
    expect(ma!.id).not.toBe(mb!.id);
    last().receive({ kind: 'reply', id: mb!.id, reply: { ok: true, value: { cancelled: true } } });
    last().receive({
      kind: 'reply',
      id: ma!.id,
      reply: { ok: false, error: { code: 'invalid-payload', message: 'maxWorkers: too big' } },
    });
    await expect(b).resolves.toEqual({ ok: true, value: { cancelled: true } });
    await expect(a).resolves.toEqual({
      ok: false,
      error: { code: 'invalid-payload', message: 'maxWorkers: too big' },
    });
  });

  it('sends null for a channel that takes no payload', () => {
    const c = client();
    last().open();
    void c.api.appInfo(undefined);
    expect(last().sent[0]).toMatchObject({ channel: 'app:info', payload: null });
  });

  it('fails a request that gets no reply in time, and ignores the late reply', async () => {
    const c = client(500);
    last().open();
    const reply = c.api.historyList(undefined);
    vi.advanceTimersByTime(500);
    await expect(reply).resolves.toEqual({
      ok: false,
      error: { code: 'failed', message: 'No reply to history:list within 0.5 s.' },
    });
    const id = last().sent[0]!.id;
    expect(() =>
      last().receive({ kind: 'reply', id, reply: { ok: true, value: { entries: [] } } }),
    ).not.toThrow();
  });

  it('delivers events to every listener until they unsubscribe', () => {
    const c = client();
    last().open();
    const seen: AppEvent[] = [];
    const off = c.api.onEvent((e) => seen.push(e));
    const event = {
      channel: 'pool:state',
      payload: { maxWorkers: 2, pids: [10, 11], broken: false },
    };
    last().receive({ kind: 'event', event });
    off();
    last().receive({ kind: 'event', event });
    expect(seen).toEqual([event]);
  });

  it('ignores messages that are not JSON or not a known shape', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const c = client();
    last().open();
    const seen: AppEvent[] = [];
    c.api.onEvent((e) => seen.push(e));
    last().receive('not json {');
    last().receive({ kind: 'event', event: { channel: 'nope', payload: {} } });
    last().receive({ kind: 'reply', id: 'x' });
    expect(seen).toEqual([]);
    expect(errors).toHaveBeenCalledTimes(3);
    errors.mockRestore();
  });

  it('on a dropped socket fails pending requests, says so, and reconnects with back-off', async () => {
    const c = client();
    last().open();
    const pending = c.api.runStart({ workload: { name: 'w', calls: [] } });
    last().drop();
    await expect(pending).resolves.toMatchObject({
      ok: false,
      error: { message: 'The connection to the PoolScope server was lost before it replied.' },
    });
    expect(statuses.at(-1)).toEqual({ state: 'closed', retryInMs: 100, attempt: 1 });
    await expect(c.api.appInfo(undefined)).resolves.toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('Not connected') },
    });

    vi.advanceTimersByTime(100);
    expect(sockets).toHaveLength(2);
    last().drop();
    expect(statuses.at(-1)).toEqual({ state: 'closed', retryInMs: 200, attempt: 2 });
    vi.advanceTimersByTime(200);
    last().open();
    expect(statuses.at(-1)).toEqual({ state: 'open' });
    void c.api.appInfo(undefined);
    expect(last().sent).toHaveLength(1);
  });

  it('stops reconnecting once closed by its owner', () => {
    const c = client();
    last().open();
    c.close();
    vi.advanceTimersByTime(10_000);
    expect(sockets).toHaveLength(1);
  });
});

describe('socketUrl', () => {
  it.each([
    [
      { protocol: 'http:', host: '127.0.0.1:5173', search: '?token=abc' },
      'ws://127.0.0.1:5173/ws?token=abc',
    ],
    [{ protocol: 'https:', host: 'h:1', search: '?x=1&token=a%2Bb' }, 'wss://h:1/ws?token=a%2Bb'],
  ])('builds the endpoint from %o', (location, url) => {
    expect(socketUrl(location)).toBe(url);
  });

  it('explains a missing token', () => {
    expect(() => socketUrl({ protocol: 'http:', host: 'h', search: '' })).toThrow(
      new ConnectError('This page needs the ?token=… part of the address it was opened from.'),
    );
  });

  it.each([
    ['ws://127.0.0.1:5173/ws?token=s3cret', 'ws://127.0.0.1:5173/ws'],
    ['wss://h:1/ws?x=1&token=a%2Bb', 'wss://h:1/ws'],
  ])('withoutToken(%s) is %s', (url, shown) => {
    expect(withoutToken(url)).toBe(shown);
  });
});
