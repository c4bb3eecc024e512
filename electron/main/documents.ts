/**
 * The traces the desktop app opens by path (a dropped file, the command line, the OS, Open
 * Recent) and what it remembers about them and the theme: one owner for the recent list (the
 * preferences file plus the OS's own list) and for nativeTheme, telling its listeners (the menu,
 * the page) when either changes.
 */
import type { App, NativeTheme } from 'electron';
import type { DesktopPrefs, Theme } from '../../shared/contract';
import type { Preferences } from '../service/preferences';
import { readTrace } from './files';
import type { DesktopHandlers } from './ipc';

export interface DocumentsOptions {
  prefs: Preferences;
  app: Pick<App, 'addRecentDocument' | 'clearRecentDocuments'>;
  nativeTheme: Pick<NativeTheme, 'themeSource'>;
}

export type OpenedTrace = Awaited<ReturnType<typeof readTrace>>;

export class Documents {
  readonly #o: DocumentsOptions;
  readonly #listeners = new Set<(prefs: DesktopPrefs) => void>();

  constructor(options: DocumentsOptions) {
    this.#o = options;
    options.nativeTheme.themeSource = options.prefs.theme;
  }

  get prefs(): DesktopPrefs {
    return { theme: this.#o.prefs.theme, recent: this.#o.prefs.recent };
  }

  /** Reads the trace at `path` (or rejects with a sentence) and puts it first in the recent list. */
  async open(path: string): Promise<OpenedTrace> {
    const file = await readTrace(path);
    await this.noteOpened(file.path);
    return file;
  }

  async noteOpened(path: string): Promise<void> {
    this.#o.app.addRecentDocument(path);
    await this.#o.prefs.addRecent(path);
    this.#changed();
  }

  async clearRecent(): Promise<void> {
    this.#o.app.clearRecentDocuments();
    await this.#o.prefs.clearRecent();
    this.#changed();
  }

  async setTheme(theme: Theme): Promise<void> {
    this.#o.nativeTheme.themeSource = theme;
    await this.#o.prefs.setTheme(theme);
    this.#changed();
  }

  onChange(listener: (prefs: DesktopPrefs) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  handlers(): Pick<DesktopHandlers, 'file:openPath' | 'prefs:get' | 'prefs:theme'> {
    return {
      'file:openPath': async ({ path }) => ({ opened: true as const, ...(await this.open(path)) }),
      'prefs:get': () => Promise.resolve(this.prefs),
      'prefs:theme': async ({ theme }) => {
        await this.setTheme(theme);
        return this.prefs;
      },
    };
  }

  #changed(): void {
    const prefs = this.prefs;
    for (const listener of this.#listeners) listener(prefs);
  }
}
