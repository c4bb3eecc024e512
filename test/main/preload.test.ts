import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { EVENT_CHANNEL, REQUEST_CHANNELS, methodName } from '../../shared/channels';
import type { AppEvent } from '../../shared/contract';

// The sandboxed preload's whole world is these two objects; fake them and load the real module.
const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  webUtils: { getPathForFile: vi.fn((file: { name: string }) => `/home/u/${file.name}`) },
  ipcRenderer: {
    invoke: vi.fn(async (channel: string, payload: unknown) => ({
      ok: true,
      value: { channel, payload },
    })),
    on: vi.fn(),
    removeListener: vi.fn(),
  },
}));
vi.mock('electron', () => electron);

let api: Record<string, (...args: unknown[]) => unknown>;
let files: { pathFor(file: unknown): string };

beforeAll(async () => {
  await import('../../electron/preload/index');
  const calls = electron.contextBridge.exposeInMainWorld.mock.calls;
  expect(calls.map(([name]) => name as string)).toEqual(['poolscope', 'poolscopeFiles']);
  api = calls[0]![1] as typeof api;
  files = calls[1]![1] as typeof files;
});

describe('preload', () => {
  it('exposes exactly one method per request channel, plus onEvent', () => {
    const expected = [...REQUEST_CHANNELS.map((c) => methodName(c)), 'onEvent'].sort();
    expect(Object.keys(api).sort()).toEqual(expected);
    expect(Object.values(api).every((f) => typeof f === 'function')).toBe(true);
  });

  it('sends each method to its own channel with the payload, and resolves to the reply', async () => {
    for (const channel of REQUEST_CHANNELS) {
      const payload = { probe: channel };
      await expect(api[methodName(channel)]!(payload)).resolves.toEqual({
        ok: true,
        value: { channel, payload },
      });
      expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(channel, payload);
    }
  });

  it('onEvent delivers the event alone (never the IpcRendererEvent) and unsubscribes', () => {
    const seen: unknown[][] = [];
    const unsubscribe = api.onEvent!((...args: unknown[]) => seen.push(args)) as () => void;
    const [channel, relay] = electron.ipcRenderer.on.mock.calls[0]!;
    expect(channel).toBe(EVENT_CHANNEL);
    const event: AppEvent = {
      channel: 'pool:state',
      payload: { maxWorkers: 2, pids: [7], broken: false },
    };
    (relay as (e: unknown, x: AppEvent) => void)({ sender: 'the raw ipcRenderer' }, event);
    expect(seen).toEqual([[event]]);
    unsubscribe();
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledWith(EVENT_CHANNEL, relay);
  });

  it('maps a dropped File to its path with webUtils, and exposes nothing else', () => {
    expect(Object.keys(files)).toEqual(['pathFor']);
    expect(files.pathFor({ name: 'run.json' })).toBe('/home/u/run.json');
    expect(electron.webUtils.getPathForFile).toHaveBeenCalledWith({ name: 'run.json' });
  });

  it('builds to a CommonJS bundle that requires nothing but electron', () => {
    const bundle = resolve(import.meta.dirname, '../../out/preload/index.cjs');
    expect(existsSync(bundle), `${bundle} is missing: run npm run build`).toBe(true);
    const requires = [...readFileSync(bundle, 'utf8').matchAll(/\brequire\(\s*([^)]*)\)/g)].map(
      (m) => m[1],
    );
    expect(requires).toEqual(['"electron"']);
  });
});
