/**
 * Picks the transport once, at start-up: the preload bridge in the desktop app, else a WebSocket
 * to the browser-mode server that served this page. The rest of the UI only sees PoolScopeApi.
 */
import type { PoolScopeApi } from '../../../../shared/contract';
import { createWsClient, socketUrl, type ConnectionStatus } from './ws';

export { ConnectError } from './ws';
export type { ConnectionStatus } from './ws';

declare global {
  interface Window {
    /** Set by the desktop app's preload script; absent in browser mode. */
    poolscope?: PoolScopeApi;
    /** The desktop app's preload: a dropped File's path on disk (webUtils.getPathForFile). */
    poolscopeFiles?: { pathFor(file: File): string };
  }
}

/** `onStatus` reports the socket's state in browser mode; the desktop bridge never drops. */
export async function connect(onStatus?: (s: ConnectionStatus) => void): Promise<PoolScopeApi> {
  if (window.poolscope) return window.poolscope;
  const client = createWsClient({ url: socketUrl(window.location), onStatus });
  await client.ready;
  return client.api;
}
