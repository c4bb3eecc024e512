import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { EVENT_CHANNEL, REQUEST_CHANNELS, methodName } from '../../shared/channels';
import type { AppEvent } from '../../shared/contract';

// The sandboxed preload's whole world is these two objects; fake them and load the real module.
const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
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

beforeAll(async () => {
  await import('../../electron/preload/index');
  expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  const [name, exposed] = electron.contextBridge.exposeInMainWorld.mock.calls[0]!;
  expect(name).toBe('poolscope');
  api = exposed as typeof api;
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

  it('builds to a CommonJS bundle that requires nothing but electron', () => {
    const bundle = resolve(import.meta.dirname, '../../out/preload/index.cjs');
    expect(existsSync(bundle), `${bundle} is missing: run npm run build`).toBe(true);
    const requires = [...readFileSync(bundle, 'utf8').matchAll(/\brequire\(\s*([^)]*)\)/g)].map(
      (m) => m[1],
    );
    expect(requires).toEqual(['"electron"']);
  });
});
