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
  focused = false;
  destroyed = false;

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
    return this.destroyed;
  }
  isMinimized(): boolean {
    return false;
  }
  isFocused(): boolean {
    return this.focused;
  }
  restore(): void {}
  focus(): void {
    this.focused = true;
  }
  /** What closing the window does: destroyed, then 'closed'. */
  close(): void {
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

/** Electron's app as far as main uses it: quit() emits a preventable 'before-quit'. */
export class FakeApp extends EventEmitter {
  quits = 0;
  ready = false;
  isPackaged = false;
  recentDocuments: string[] = [];
  lockReleased = false;
  aboutPanel: Record<string, string> | null = null;
  constructor(
    private readonly userData: string,
    private readonly gotLock = true,
  ) {
    super();
  }
  requestSingleInstanceLock() {
    return this.gotLock;
  }
  whenReady() {
    this.ready = true;
    return Promise.resolve();
  }
  isReady() {
    return this.ready;
  }
  getPath(name: string) {
    return `${this.userData}/${name}`;
  }
  getName() {
    return 'PoolScope';
  }
  getVersion() {
    return '0.1.0';
  }
  appUserModelId: string | null = null;
  setAppUserModelId(id: string) {
    this.appUserModelId = id;
  }
  releaseSingleInstanceLock() {
    this.lockReleased = true;
  }
  setAboutPanelOptions(options: Record<string, string>) {
    this.aboutPanel = options;
  }
  addRecentDocument(path: string) {
    this.recentDocuments.unshift(path);
  }
  clearRecentDocuments() {
    this.recentDocuments = [];
  }
  quit() {
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) this.quits++;
  }
  exit() {}
}

/** Menu.buildFromTemplate returns the template itself, so tests read what was set. */
export class FakeMenu {
  static current: unknown[] | null = null;
  static buildFromTemplate(template: unknown[]) {
    return template;
  }
  static setApplicationMenu(menu: unknown[] | null) {
    FakeMenu.current = menu;
  }
}

export class FakeNotification extends EventEmitter {
  static shown: FakeNotification[] = [];
  static isSupported() {
    return true;
  }
  constructor(readonly options: { title: string; body: string }) {
    super();
  }
  show() {
    FakeNotification.shown.push(this);
  }
}
