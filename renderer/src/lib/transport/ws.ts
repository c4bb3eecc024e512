/**
 * Browser mode's implementation of PoolScopeApi: the same contract as the preload bridge, carried
 * as WsClientMessage / WsServerMessage over one WebSocket. Requests carry ids and wait in a pending
 * map until their reply (or a timeout); a dropped socket fails every pending request with a clear
 * error and is re-opened with back-off, and the UI is told through `onStatus`.
 */
import * as v from 'valibot';
import {
  ERROR_CODES,
  REQUEST_CHANNELS,
  methodName,
  type AppEvent,
  type EventChannel,
  type PoolScopeApi,
  type Reply,
  type RequestChannel,
  type WsClientMessage,
} from '../../../../shared/contract';

/** The part of the DOM WebSocket the client uses, so tests can hand it a plain object. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

const OPEN = 1;

export type ConnectionStatus =
  | { state: 'open' }
  | { state: 'closed'; retryInMs: number; attempt: number }
  | { state: 'connecting'; attempt: number };

export interface WsClientOptions {
  url: string;
  /** Opens a socket; the browser's `new WebSocket(url)` by default. */
  open?: (url: string) => SocketLike;
  /** A request with no reply after this long fails (ms). */
  timeoutMs?: number;
  /** Waits between reconnection attempts (ms); the last one repeats. */
  retryDelaysMs?: readonly number[];
  onStatus?: (status: ConnectionStatus) => void;
}

export interface WsClient {
  api: PoolScopeApi;
  /** Resolves once the first socket opens; rejects if it closes before opening. */
  ready: Promise<void>;
  close(): void;
}

/** Every event channel, checked against the contract's EventMap at compile time. */
const EVENT_CHANNELS = [
  'pool:state',
  'run:started',
  'run:events',
  'run:finished',
  'sweep:progress',
  'sweep:finished',
  'app:action',
  'file:opened',
  'file:refused',
  'prefs:changed',
] as const satisfies readonly EventChannel[];
type Missing = Exclude<EventChannel, (typeof EVENT_CHANNELS)[number]>;
const _everyEventChannelListed: [Missing] extends [never] ? true : Missing = true;

/** The envelope of every server message, checked before anything reads it. */
const ServerMessageSchema = v.variant('kind', [
  v.object({
    kind: v.literal('reply'),
    id: v.number(),
    reply: v.variant('ok', [
      v.object({ ok: v.literal(true), value: v.unknown() }),
      v.object({
        ok: v.literal(false),
        error: v.object({ code: v.picklist(ERROR_CODES), message: v.string() }),
      }),
    ]),
  }),
  v.object({
    kind: v.literal('event'),
    event: v.object({ channel: v.picklist(EVENT_CHANNELS), payload: v.unknown() }),
  }),
]);

/**
 * The page could not reach the browser-mode server: no token in its address, a token from another
 * launch, or no server. Its message names the address without the token (a secret, and no help
 * when it is the wrong one); the app adds what to do about it.
 */
export class ConnectError extends Error {
  override name = 'ConnectError';
}

/** `url` with its token left out: "ws://127.0.0.1:5173/ws". */
export function withoutToken(url: string): string {
  const u = new URL(url);
  u.search = '';
  return u.href;
}

const failure = (message: string): Reply<never> => ({
  ok: false,
  error: { code: 'failed', message },
});

export function createWsClient(options: WsClientOptions): WsClient {
  const open = options.open ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const delays = options.retryDelaysMs ?? [500, 1000, 2000, 5000];
  const pending = new Map<
    number,
    { resolve: (r: Reply<unknown>) => void; timer: ReturnType<typeof setTimeout> }
  >();
  const listeners = new Set<(e: AppEvent) => void>();
  let nextId = 1;
  let socket: SocketLike | null = null;
  let attempt = 0;
  let closedByUser = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let settleReady: { ok: () => void; fail: (e: Error) => void } | null = null;
  const ready = new Promise<void>((ok, fail) => (settleReady = { ok, fail }));

  function settle(id: number, reply: Reply<unknown>) {
    const p = pending.get(id);
    if (!p) return; // a reply after its timeout: already answered
    pending.delete(id);
    clearTimeout(p.timer);
    p.resolve(reply);
  }

  function onMessage(data: unknown) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(String(data));
    } catch {
      console.error('PoolScope: ignored a server message that is not JSON');
      return;
    }
    const msg = v.safeParse(ServerMessageSchema, parsed);
    if (!msg.success) {
      console.error('PoolScope: ignored a malformed server message', msg.issues[0]?.message);
      return;
    }
    const m = msg.output;
    if (m.kind === 'reply') settle(m.id, m.reply);
    else for (const l of listeners) l(m.event as AppEvent);
  }

  function dial() {
    options.onStatus?.({ state: 'connecting', attempt });
    const s = open(options.url);
    socket = s;
    s.onopen = () => {
      attempt = 0;
      settleReady?.ok();
      settleReady = null;
      options.onStatus?.({ state: 'open' });
    };
    s.onmessage = (ev) => onMessage(ev.data);
    s.onerror = () => {}; // always followed by onclose, which does the work
    s.onclose = () => {
      if (socket !== s) return;
      socket = null;
      for (const id of [...pending.keys()]) {
        settle(id, failure('The connection to the PoolScope server was lost before it replied.'));
      }
      if (settleReady) {
        const where = withoutToken(options.url);
        settleReady.fail(new ConnectError(`Cannot connect to the PoolScope server at ${where}.`));
        settleReady = null;
        return;
      }
      if (closedByUser) return;
      const retryInMs = delays[Math.min(attempt, delays.length - 1)] ?? 1000;
      attempt++;
      options.onStatus?.({ state: 'closed', retryInMs, attempt });
      retryTimer = setTimeout(dial, retryInMs);
    };
  }

  function request(channel: RequestChannel, payload: unknown): Promise<Reply<unknown>> {
    if (!socket || socket.readyState !== OPEN) {
      return Promise.resolve(
        failure('Not connected to the PoolScope server; reconnecting, try again in a moment.'),
      );
    }
    const id = nextId++;
    const message: WsClientMessage = { id, channel, payload: payload ?? null };
    return new Promise((resolve) => {
      const timer = setTimeout(
        () => settle(id, failure(`No reply to ${channel} within ${timeoutMs / 1000} s.`)),
        timeoutMs,
      );
      pending.set(id, { resolve, timer });
      socket!.send(JSON.stringify(message));
    });
  }

  const methods = Object.fromEntries(
    REQUEST_CHANNELS.map((c) => [methodName(c), (payload: unknown) => request(c, payload)]),
  );
  const api = {
    ...methods,
    onEvent(listener: (e: AppEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as PoolScopeApi;

  dial();
  return {
    api,
    ready,
    close() {
      closedByUser = true;
      clearTimeout(retryTimer);
      socket?.close();
    },
  };
}

/** The endpoint for this page: same host, `/ws`, the token the server printed in the page's URL. */
export function socketUrl(location: { protocol: string; host: string; search: string }): string {
  const token = new URLSearchParams(location.search).get('token');
  if (!token) {
    throw new ConnectError('This page needs the ?token=… part of the address it was opened from.');
  }
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/ws?token=${encodeURIComponent(token)}`;
}
