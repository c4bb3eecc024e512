/**
 * What makes the page behave like a desktop tool, in both modes: the actions of the one table
 * (menu clicks, toolbar, shortcuts), the theme, the recent traces, a dropped trace, and a
 * notification when a long run or a sweep ends while the user looks elsewhere. The desktop app
 * keeps the theme and the recent list in main's preferences file; browser mode in this browser.
 */
import { TUTORIAL_URL, type ActionId } from '../../../../shared/actions';
import type { AppEvent, PoolScopeApi, RecentFile, Reply, Theme } from '../../../../shared/contract';
import { parseTraceFile } from '../../../../shared/export/poolscope-json';
import { StaticTrace } from '../run.svelte';
import type { Session } from '../session.svelte';
import { runAction } from './actions';
import { checkDrop, isJsonName } from './drop';
import { BrowserNotifier } from './notify';
import { BrowserRecent } from './recent';
import { applyTheme, storeTheme, storedTheme } from './theme';

export class AppShell {
  theme = $state<Theme>('system');
  recent = $state.raw<RecentFile[]>([]);
  readonly desktop: boolean;
  readonly #session: Session;
  readonly #api: PoolScopeApi;
  readonly #browserRecent: BrowserRecent | null;
  readonly #notifier: BrowserNotifier | null;

  constructor(session: Session, api: PoolScopeApi) {
    this.#session = session;
    this.#api = api;
    this.desktop = session.info.mode === 'desktop';
    this.#browserRecent = this.desktop ? null : new BrowserRecent();
    // The desktop app's notifications are native ones, from main.
    this.#notifier = this.desktop ? null : new BrowserNotifier();
  }

  /** Once the page listens to events: in the desktop app, main then sends any trace queued for it. */
  async start(): Promise<void> {
    if (this.desktop) {
      this.#reportState();
      const reply = await this.#api.prefsGet(undefined);
      if (reply.ok) this.#prefs(reply.value.theme, reply.value.recent);
    } else {
      this.#prefs(storedTheme(), await this.#browserRecent!.list());
    }
  }

  handle(event: AppEvent): void {
    this.#notifier?.handle(event);
    switch (event.channel) {
      case 'app:action':
        return this.run(event.payload.action);
      case 'file:opened':
        this.showText(event.payload.name, event.payload.text);
        return;
      case 'file:refused':
        return this.#session.say(`Cannot open: ${event.payload.message}`, 'error');
      case 'prefs:changed':
        return this.#prefs(event.payload.theme, event.payload.recent);
      default:
    }
  }

  run(id: ActionId): void {
    runAction(
      {
        session: this.#session,
        open: () => void this.open(),
        setTheme: (t) => void this.setTheme(t),
        about: () => this.#session.say(`PoolScope ${this.#session.info.version}`),
        tutorial: () => void window.open(TUTORIAL_URL, '_blank', 'noopener'),
      },
      id,
    );
  }

  async setTheme(theme: Theme): Promise<void> {
    if (!this.desktop) {
      storeTheme(theme);
      return this.#prefs(theme, this.recent);
    }
    const reply = await this.#api.prefsTheme({ theme });
    if (reply.ok) this.#prefs(reply.value.theme, reply.value.recent);
  }

  /**
   * Open…: the desktop app's native dialog (main adds the file to the recent list); browser
   * mode's file picker, read like a dropped file so it joins this browser's recent list too.
   */
  async open(): Promise<void> {
    if (this.desktop) return this.#session.openFile();
    const file = await pickFile();
    if (file) await this.drop([file]);
  }

  /** A trace dropped on the window (or picked in browser mode). */
  async drop(files: readonly File[]): Promise<void> {
    const verdict = checkDrop(files);
    if (!verdict.ok) return this.#session.say(verdict.message, 'error');
    const { file } = verdict;
    const path =
      this.desktop && isJsonName(file.name) ? (window.poolscopeFiles?.pathFor(file) ?? '') : '';
    // A trace on disk: main reads it and adds it to the recent files (menu, OS, preferences).
    // Anything else is read here, so the importers say what it is.
    if (path) return this.#opened(await this.#api.fileOpenPath({ path }));
    let text: string;
    try {
      text = await file.text();
    } catch (e) {
      return this.#session.say(`Cannot read ${file.name}: ${String(e)}`, 'error');
    }
    if (this.showText(file.name, text) && this.#browserRecent) {
      this.recent = await this.#browserRecent.add(file);
    }
  }

  async openRecent(entry: RecentFile): Promise<void> {
    if (this.desktop) return this.#opened(await this.#api.fileOpenPath({ path: entry.path }));
    const file = await this.#browserRecent!.get(entry.path);
    if (!file)
      return this.#session.say(
        `${entry.name} is no longer in this browser's recent list.`,
        'error',
      );
    if (this.showText(file.name, await file.text()))
      this.recent = await this.#browserRecent!.add(file);
  }

  /** Shows a trace read from a file; false (and a sentence in the status line) if it is not one. */
  showText(name: string, text: string): boolean {
    const parsed = parseTraceFile(text);
    if (!parsed.ok) {
      this.#session.say(`Cannot open ${name}: ${parsed.error}`, 'error');
      return false;
    }
    this.#session.showTrace(new StaticTrace(parsed.trace, name), 'file');
    this.#session.say(`Opened ${name}.`);
    return true;
  }

  #opened(reply: Reply<{ name: string; text: string }>): void {
    if (!reply.ok) return this.#session.say(`Cannot open: ${reply.error.message}`, 'error');
    this.showText(reply.value.name, reply.value.text);
  }

  /**
   * Tells main what the page can do whenever that changes, so the menu greys out the rest
   * (Export with nothing to export, Cancel with nothing running).
   */
  #reportState(): void {
    const session = this.#session;
    let sent = '';
    $effect.root(() => {
      $effect(() => {
        const state = {
          canExport: session.shown.snapshot?.trace != null,
          traceOpen: session.opened !== null,
          busy: session.busy,
        };
        // The snapshot changes with every batch of a run; the menu only when these do.
        const key = JSON.stringify(state);
        if (key === sent) return;
        sent = key;
        void this.#api.menuState(state);
      });
    });
  }

  #prefs(theme: Theme, recent: RecentFile[]): void {
    this.theme = theme;
    this.recent = recent;
    applyTheme(theme);
  }
}

/** The browser's file picker for one .json file; null when the user cancels. */
function pickFile(): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.json,application/json';
    input.addEventListener('cancel', () => resolve(null));
    input.addEventListener('change', () => resolve(input.files?.[0] ?? null));
    input.click();
  });
}
