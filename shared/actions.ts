/**
 * The one table of user actions: the desktop app's menu, the chart's toolbar and browser mode's
 * keyboard shortcuts are all built from it, so a label or a shortcut is written once. Pure data:
 * main turns it into a Menu template, the renderer into buttons and a keydown handler.
 */
import { EXPORT_FORMATS, THEMES, type ExportFormat, type Theme } from './contract';
import { EXPORT_FORMAT_INFO } from './export/file-names';

export { THEMES, type Theme } from './contract';

/** The tutorial PoolScope accompanies: Parallel Python, part 2 (asynchronous functions and futures). */
export const TUTORIAL_URL = 'https://chryswoods.com/parallel_python/futures_part2.html';

export const MENUS = ['file', 'run', 'view', 'help'] as const;
export type MenuId = (typeof MENUS)[number];

export type ActionId =
  | 'file.open'
  | `file.export.${ExportFormat}`
  | 'file.save'
  | 'file.close'
  | 'run.start'
  | 'run.cancel'
  | 'run.sweep'
  | 'view.zoomIn'
  | 'view.zoomOut'
  | 'view.fit'
  | `view.theme.${Theme}`
  | 'help.tutorial'
  | 'help.about';

export interface Action {
  id: ActionId;
  menu: MenuId;
  /** Menu item and button text ("…" where a dialog follows). */
  label: string;
  /** Electron's accelerator syntax; the renderer parses the same string for browser mode. */
  accelerator?: string;
  /**
   * Whether browser mode binds the accelerator too: false where the browser keeps the key for
   * itself (Ctrl+W closes the tab whatever the page does).
   */
  inBrowser: boolean;
  /** The menu item it sits under (Export ▸ ..., Theme ▸ ...). */
  submenu?: string;
  /** Shown as a radio item (the themes). */
  radio?: boolean;
  /**
   * Who carries it out in the desktop app: the page (through the `app:action` event), or main
   * (About reads the process's versions, the tutorial opens in a browser, a theme sets
   * nativeTheme). In browser mode the page does everything it can.
   */
  runs: 'page' | 'main';
  /** A separator above it in its menu. */
  separatorBefore?: boolean;
}

const exportActions: Action[] = EXPORT_FORMATS.map((format, i) => ({
  id: `file.export.${format}` as const,
  menu: 'file',
  label: EXPORT_FORMAT_INFO[format].label,
  // The first format (SVG) takes Ctrl/Cmd+E, the export users reach for.
  accelerator: i === 0 ? 'CmdOrCtrl+E' : undefined,
  inBrowser: true,
  submenu: 'Export',
  runs: 'page',
}));

const themeLabel: Record<Theme, string> = {
  system: 'Follow the system',
  light: 'Light',
  dark: 'Dark',
};

export const ACTIONS: readonly Action[] = Object.freeze([
  {
    id: 'file.open',
    menu: 'file',
    label: 'Open trace…',
    accelerator: 'CmdOrCtrl+O',
    inBrowser: true,
    runs: 'page',
  },
  ...exportActions,
  {
    id: 'file.save',
    menu: 'file',
    label: 'Save as PoolScope JSON…',
    accelerator: 'CmdOrCtrl+S',
    inBrowser: true,
    runs: 'page',
  },
  {
    id: 'file.close',
    menu: 'file',
    label: 'Close trace',
    accelerator: 'CmdOrCtrl+W',
    inBrowser: false,
    runs: 'page',
    separatorBefore: true,
  },
  {
    id: 'run.start',
    menu: 'run',
    label: 'Run',
    accelerator: 'CmdOrCtrl+Enter',
    inBrowser: true,
    runs: 'page',
  },
  {
    id: 'run.cancel',
    menu: 'run',
    label: 'Cancel',
    accelerator: 'CmdOrCtrl+.',
    inBrowser: true,
    runs: 'page',
  },
  {
    id: 'run.sweep',
    menu: 'run',
    label: 'Sweep max_workers',
    accelerator: 'CmdOrCtrl+Shift+Enter',
    inBrowser: true,
    runs: 'page',
    separatorBefore: true,
  },
  {
    id: 'view.zoomIn',
    menu: 'view',
    label: 'Zoom in',
    accelerator: 'CmdOrCtrl+=',
    inBrowser: true,
    runs: 'page',
  },
  {
    id: 'view.zoomOut',
    menu: 'view',
    label: 'Zoom out',
    accelerator: 'CmdOrCtrl+-',
    inBrowser: true,
    runs: 'page',
  },
  {
    id: 'view.fit',
    menu: 'view',
    label: 'Fit the whole run',
    accelerator: 'CmdOrCtrl+0',
    inBrowser: true,
    runs: 'page',
  },
  ...THEMES.map((theme, i): Action => ({
    id: `view.theme.${theme}`,
    menu: 'view',
    label: themeLabel[theme],
    inBrowser: false,
    submenu: 'Theme',
    radio: true,
    // Main sets nativeTheme (the page's prefers-color-scheme, the menus, the title bar follow).
    runs: 'main',
    separatorBefore: i === 0,
  })),
  {
    id: 'help.tutorial',
    menu: 'help',
    label: 'The futures tutorial',
    inBrowser: false,
    runs: 'main',
  },
  {
    id: 'help.about',
    menu: 'help',
    label: 'About PoolScope',
    inBrowser: false,
    runs: 'main',
  },
] satisfies Action[]);

/** What the page reports it can do (the `menu:state` channel's payload). */
export interface PageState {
  canExport: boolean;
  traceOpen: boolean;
  busy: boolean;
}

/** Whether an action applies in `state`: the menu greys out the others. */
export function actionEnabled(id: ActionId, state: PageState): boolean {
  if (id.startsWith('file.export.') || id === 'file.save') return state.canExport;
  if (id === 'file.close') return state.traceOpen;
  if (id === 'run.start' || id === 'run.sweep') return !state.busy;
  if (id === 'run.cancel') return state.busy;
  return true;
}

export const ACTION_IDS: readonly ActionId[] = ACTIONS.map((a) => a.id);

export function actionById(id: ActionId): Action {
  const found = ACTIONS.find((a) => a.id === id);
  if (!found) throw new Error(`no action ${id}`);
  return found;
}

export function isActionId(x: unknown): x is ActionId {
  return typeof x === 'string' && (ACTION_IDS as readonly string[]).includes(x);
}

/** The theme a `view.theme.*` action picks, or null for any other action. */
export function themeOf(id: ActionId): Theme | null {
  const m = /^view\.theme\.(\w+)$/.exec(id);
  return m && (THEMES as readonly string[]).includes(m[1]!) ? (m[1] as Theme) : null;
}

export interface KeyChord {
  /** Cmd on macOS, Ctrl elsewhere. */
  mod: boolean;
  shift: boolean;
  alt: boolean;
  /** As KeyboardEvent.key reports it, lower-cased for letters. */
  key: string;
}

/** "CmdOrCtrl+Shift+Enter" -> { mod, shift, key: 'Enter' }; the subset of Electron's syntax used. */
export function parseAccelerator(accelerator: string): KeyChord {
  const parts = accelerator.split('+');
  // "CmdOrCtrl++" would split into an empty last part; the table never uses it ("=" is zoom in).
  const key = parts.pop() ?? '';
  const chord: KeyChord = {
    mod: false,
    shift: false,
    alt: false,
    key: key.length === 1 ? key.toLowerCase() : key,
  };
  for (const p of parts) {
    if (p === 'CmdOrCtrl' || p === 'CommandOrControl') chord.mod = true;
    else if (p === 'Shift') chord.shift = true;
    else if (p === 'Alt' || p === 'Option') chord.alt = true;
    else throw new Error(`unsupported modifier ${p} in ${accelerator}`);
  }
  return chord;
}

/** How the shortcut reads on this platform: "⌘O" on macOS, "Ctrl+O" elsewhere. */
export function shortcutLabel(accelerator: string, mac: boolean): string {
  const c = parseAccelerator(accelerator);
  const key = c.key.length === 1 ? c.key.toUpperCase() : c.key;
  if (mac)
    return `${c.alt ? '⌥' : ''}${c.shift ? '⇧' : ''}${c.mod ? '⌘' : ''}${key === 'Enter' ? '↩' : key}`;
  return [c.mod && 'Ctrl', c.alt && 'Alt', c.shift && 'Shift', key].filter(Boolean).join('+');
}
