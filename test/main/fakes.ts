/** Small stand-ins for the Electron objects main touches, recording what was done to them. */
import { EventEmitter } from 'node:events';

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => unknown) | null = null;
  mainFrame = { url: 'file:///app/out/renderer/index.html' };
  sent: [string, unknown][] = [];
  destroyed = false;

  setWindowOpenHandler(handler: (details: { url: string }) => unknown): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export class FakeWindow extends EventEmitter {
  static created: FakeWindow[] = [];
  readonly webContents = new FakeWebContents();
  loaded: string | null = null;
  shown = false;

  constructor(readonly options: { webPreferences: Record<string, unknown> }) {
    super();
    FakeWindow.created.push(this);
  }
  loadFile(path: string): Promise<void> {
    this.loaded = path;
    return Promise.resolve();
  }
  loadURL(url: string): Promise<void> {
    this.loaded = url;
    return Promise.resolve();
  }
  show(): void {
    this.shown = true;
  }
  isDestroyed(): boolean {
    return false;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  focus(): void {}
}
