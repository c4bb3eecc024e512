/**
 * The IPC side of the contract: every request channel is registered once, generically. A request
 * is answered only if it comes from the main frame of our window showing our page, and only after
 * its payload passes the channel's schema; the desktop-only channels (native file dialogs) are
 * handled here, everything else by the run service that browser mode uses too.
 */
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import {
  EVENT_CHANNEL,
  REQUEST_CHANNELS,
  parseRequest,
  type AppEvent,
  type Reply,
  type RequestChannel,
  type RequestPayload,
  type ResponseMap,
} from '../../shared/contract';
import { replyFrom } from '../service/errors';
import { isAppUrl } from './window';

/** The channels main answers itself; browser mode has none of them. */
export type DesktopChannel =
  | 'file:save'
  | 'file:open'
  | 'file:openPath'
  | 'prefs:get'
  | 'prefs:theme'
  | 'menu:state'
  | 'module:choose';
export type DesktopHandlers = {
  [C in DesktopChannel]: (payload: RequestPayload<C>) => Promise<ResponseMap[C]>;
};

/** What IPC needs of the run service (structural, so tests can hand in a spy). */
export interface ServicePort {
  dispatch(channel: RequestChannel, payload: unknown): Promise<Reply<unknown>>;
  onEvent(listener: (event: AppEvent) => void): () => void;
}

export interface IpcOptions {
  isTrustedSender(event: IpcMainInvokeEvent): boolean;
  desktopHandlers: DesktopHandlers;
}

export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle'>,
  service: Pick<ServicePort, 'dispatch'>,
  options: IpcOptions,
): void {
  // Each handler was typed against its own channel; the lookup by a runtime channel loses that,
  // and `parseRequest(channel, ...)` below is what makes the call safe again.
  const desktop = options.desktopHandlers as Partial<
    Record<RequestChannel, (payload: unknown) => Promise<unknown>>
  >;
  for (const channel of REQUEST_CHANNELS) {
    ipcMain.handle(channel, async (event, payload: unknown): Promise<Reply<unknown>> => {
      if (!options.isTrustedSender(event)) {
        const message = `${channel}: refused: the request did not come from PoolScope's own page`;
        return { ok: false, error: { code: 'forbidden', message } };
      }
      const parsed = parseRequest(channel, payload);
      if (!parsed.ok) return parsed;
      const handler = desktop[channel];
      if (handler) return replyFrom(() => handler(parsed.value));
      return service.dispatch(channel, parsed.value);
    });
  }
}

/**
 * Trusts a request only from the main frame of `window()` while it shows the app's page: not from
 * a subframe, another window, or the window after it navigated elsewhere.
 */
export function trustedSender(window: () => BrowserWindow | null, appUrl: string) {
  return (event: IpcMainInvokeEvent): boolean => {
    const win = window();
    const frame = event.senderFrame;
    if (!win || win.isDestroyed() || !frame) return false;
    return frame === win.webContents.mainFrame && isAppUrl(frame.url, appUrl);
  };
}

/** Sends every service event to the page, while there is one. */
export function forwardEvents(
  service: Pick<ServicePort, 'onEvent'>,
  contents: () => WebContents | null,
): () => void {
  return service.onEvent((event) => {
    const target = contents();
    if (target && !target.isDestroyed()) target.send(EVENT_CHANNEL, event);
  });
}
