/**
 * The page's only door to main: one named method per request channel and `onEvent`, never the
 * raw ipcRenderer. A sandboxed preload may require nothing but 'electron', so values come only
 * from shared/channels.ts (which imports nothing) and the contract is imported for types alone.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNEL, REQUEST_CHANNELS, methodName } from '../../shared/channels';
import type { AppEvent, PoolScopeApi } from '../../shared/contract';

export function buildApi(ipc: Pick<typeof ipcRenderer, 'invoke' | 'on' | 'removeListener'>) {
  const api: Record<string, unknown> = {};
  for (const channel of REQUEST_CHANNELS) {
    api[methodName(channel)] = (payload: unknown) => ipc.invoke(channel, payload);
  }
  api.onEvent = (listener: (event: AppEvent) => void) => {
    // The page never sees the IpcRendererEvent (it carries `sender`, the raw ipcRenderer).
    const relay = (_event: IpcRendererEvent, event: AppEvent) => listener(event);
    ipc.on(EVENT_CHANNEL, relay);
    return () => void ipc.removeListener(EVENT_CHANNEL, relay);
  };
  // Built in a loop, so the compiler cannot see the shape: the test checks one method per channel.
  return api as PoolScopeApi;
}

contextBridge.exposeInMainWorld('poolscope', buildApi(ipcRenderer));

/**
 * A dropped file's path (File.path is gone since Electron 32): only webUtils, in the preload, can
 * map a File the user dropped to where it is on disk; '' for a File not backed by a disk file.
 */
export function buildFiles(utils: Pick<typeof webUtils, 'getPathForFile'>) {
  return { pathFor: (file: File): string => utils.getPathForFile(file) };
}
contextBridge.exposeInMainWorld('poolscopeFiles', buildFiles(webUtils));
