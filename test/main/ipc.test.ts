import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { EVENT_CHANNEL, REQUEST_CHANNELS, type AppEvent, type Reply } from '../../shared/contract';
import {
  forwardEvents,
  registerIpc,
  trustedSender,
  type DesktopHandlers,
} from '../../electron/main/ipc';
import { FakeWebContents, FakeWindow } from './fakes';

const APP_URL = 'file:///app/out/renderer/index.html';
type Handler = (event: unknown, payload: unknown) => Promise<Reply<unknown>>;

function setup() {
  const handlers = new Map<string, Handler>();
  const ipcMain = { handle: (channel: string, h: Handler) => handlers.set(channel, h) };
  const service = {
    dispatch: vi.fn(async (channel: unknown) => ({
      ok: true as const,
      value: `served ${String(channel)}`,
    })),
  };
  const desktopHandlers: DesktopHandlers = {
    'file:save': vi.fn(async () => ({ saved: true as const, path: '/tmp/x.svg' })),
    'file:open': vi.fn(async () => {
      throw new Error('disk on fire');
    }),
    'file:openPath': vi.fn(async ({ path }) => ({
      opened: true as const,
      name: 'x',
      text: '',
      path,
    })),
    'prefs:get': vi.fn(async () => ({ theme: 'system' as const, recent: [] })),
    'prefs:theme': vi.fn(async ({ theme }) => ({ theme, recent: [] })),
    'module:choose': vi.fn(async () => ({ chosen: false as const })),
    'menu:state': vi.fn(async () => ({ applied: true as const })),
  };
  const win = new FakeWindow({ webPreferences: {} });
  registerIpc(ipcMain as unknown as IpcMain, service, {
    isTrustedSender: trustedSender(() => win as unknown as BrowserWindow, APP_URL),
    desktopHandlers,
  });
  const call = (
    channel: string,
    payload: unknown,
    senderFrame: unknown = win.webContents.mainFrame,
  ) => handlers.get(channel)!({ senderFrame } as unknown as IpcMainInvokeEvent, payload);
  return { handlers, service, desktopHandlers, win, call };
}

describe('registerIpc', () => {
  it('registers every request channel, and only those', () => {
    expect([...setup().handlers.keys()].sort()).toEqual([...REQUEST_CHANNELS].sort());
  });

  it('passes a valid request from our page to the service, validated', async () => {
    const { service, call } = setup();
    await expect(call('pool:resize', { maxWorkers: 3 })).resolves.toEqual({
      ok: true,
      value: 'served pool:resize',
    });
    expect(service.dispatch).toHaveBeenCalledWith('pool:resize', { maxWorkers: 3 });
  });

  it('refuses a subframe, another frame, a missing frame, or our frame showing another page', async () => {
    const { service, win, call } = setup();
    const forbidden = {
      ok: false,
      error: { code: 'forbidden', message: expect.stringContaining("PoolScope's own page") },
    };
    await expect(call('app:info', null, { url: APP_URL })).resolves.toEqual(forbidden);
    await expect(call('app:info', null, null)).resolves.toEqual(forbidden);
    win.webContents.mainFrame.url = 'https://example.com/';
    await expect(call('app:info', null)).resolves.toEqual(forbidden);
    expect(service.dispatch).not.toHaveBeenCalled();
  });

  it('answers a malformed payload with a typed error, without calling the service', async () => {
    const { service, call } = setup();
    const cases: [string, unknown, RegExp][] = [
      ['pool:resize', { maxWorkers: 0 }, /^pool:resize: maxWorkers: /],
      ['pool:resize', 'three', /^pool:resize: /],
      [
        'run:start',
        { workload: { name: 'x', calls: [{ fn: 'rm_rf', args: [], repeat: 1 }] } },
        /unknown function "rm_rf"/,
      ],
      ['run:cancel', { runId: '../../etc' }, /^run:cancel: runId: /],
      ['history:rename', { id: 'run-1', name: '' }, /^history:rename: name: /],
      ['app:info', { extra: true }, /^app:info: /],
    ];
    for (const [channel, payload, message] of cases) {
      const reply = await call(channel, payload);
      expect(reply).toEqual({
        ok: false,
        error: { code: 'invalid-payload', message: expect.stringMatching(message) },
      });
    }
    expect(service.dispatch).not.toHaveBeenCalled();
  });

  it('handles the desktop channels itself, after validation, and turns a throw into a typed error', async () => {
    const { service, desktopHandlers, call } = setup();
    const save = {
      format: 'svg',
      suggestedName: 'future.py.svg',
      data: '<svg/>',
      encoding: 'utf8',
    };
    await expect(call('file:save', save)).resolves.toEqual({
      ok: true,
      value: { saved: true, path: '/tmp/x.svg' },
    });
    expect(desktopHandlers['file:save']).toHaveBeenCalledWith(save);
    await expect(call('file:save', { ...save, format: 'exe' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid-payload' },
    });
    await expect(call('file:open', null)).resolves.toEqual({
      ok: false,
      error: { code: 'failed', message: 'disk on fire' },
    });
    expect(service.dispatch).not.toHaveBeenCalled();
  });
});

describe('forwardEvents', () => {
  it('sends service events to the page on the event channel, and stops when unsubscribed', () => {
    let listener: ((e: AppEvent) => void) | null = null;
    const service = {
      onEvent: (l: (e: AppEvent) => void) => ((listener = l), () => (listener = null)),
    };
    const contents = new FakeWebContents();
    const stop = forwardEvents(service, () => contents as never);
    const event: AppEvent = {
      channel: 'pool:state',
      payload: { maxWorkers: 1, pids: [], broken: false },
    };
    listener!(event);
    contents.destroyed = true;
    listener!(event);
    expect(contents.sent).toEqual([[EVENT_CHANNEL, event]]);
    stop();
    expect(listener).toBeNull();
  });
});
