/**
 * The application menu, built from the one action table (shared/actions.ts) plus the platform's
 * own roles (the macOS app menu, Edit for copy and paste, Window). Pure: it returns a template,
 * so tests read it without Electron; app.ts builds it and rebuilds it when the recent files, the
 * theme or what the page can do change.
 */
import type { MenuItemConstructorOptions } from 'electron';
import {
  ACTIONS,
  MENUS,
  actionEnabled,
  themeOf,
  type Action,
  type MenuId,
  type PageState,
} from '../../shared/actions';
import type { DesktopPrefs } from '../../shared/contract';

export interface MenuContext {
  mac: boolean;
  appName: string;
  prefs: DesktopPrefs;
  /** Carries out an action from the table (sends it to the page, or does it in main). */
  run(action: Action): void;
  openRecent(path: string): void;
  clearRecent(): void;
  /** What the page can do now (menu:state); every action applies until it says. */
  page?: PageState;
  /** Adds View ▸ Toggle Developer Tools (development builds only). */
  devTools?: boolean;
}

const MENU_LABEL: Record<MenuId, string> = { file: 'File', run: 'Run', view: 'View', help: 'Help' };

export function menuTemplate(ctx: MenuContext): MenuItemConstructorOptions[] {
  const menus = MENUS.map((menu): MenuItemConstructorOptions => {
    const items = itemsOf(menu, ctx);
    if (menu === 'file') {
      items.splice(1, 0, recentMenu(ctx));
      if (!ctx.mac) items.push({ type: 'separator' }, { role: 'quit', accelerator: 'CmdOrCtrl+Q' });
    }
    if (menu === 'view') {
      items.push({ type: 'separator' }, { role: 'togglefullscreen' });
      if (ctx.devTools) items.push({ role: 'toggleDevTools' });
    }
    return { label: MENU_LABEL[menu], submenu: items };
  });
  const [file, run, view, help] = menus as [
    MenuItemConstructorOptions,
    MenuItemConstructorOptions,
    MenuItemConstructorOptions,
    MenuItemConstructorOptions,
  ];
  // Edit carries the roles that make Cmd+C/V work in text fields on macOS.
  const edit: MenuItemConstructorOptions = { role: 'editMenu' };
  if (!ctx.mac) return [file, edit, run, view, help];
  return [
    { role: 'appMenu', label: ctx.appName },
    file,
    edit,
    run,
    view,
    { role: 'windowMenu' },
    help,
  ];
}

/** The table's items of one menu, grouped into their submenus (Export ▸, Theme ▸) in order. */
function itemsOf(menu: MenuId, ctx: MenuContext): MenuItemConstructorOptions[] {
  const items: MenuItemConstructorOptions[] = [];
  const submenus = new Map<string, MenuItemConstructorOptions[]>();
  for (const action of ACTIONS.filter((a) => a.menu === menu)) {
    const item = itemOf(action, ctx);
    if (action.submenu) {
      let sub = submenus.get(action.submenu);
      if (!sub) {
        sub = [];
        submenus.set(action.submenu, sub);
        if (action.separatorBefore) items.push({ type: 'separator' });
        items.push({ label: action.submenu, submenu: sub });
      }
      sub.push(item);
      continue;
    }
    if (action.separatorBefore) items.push({ type: 'separator' });
    items.push(item);
  }
  return items;
}

function itemOf(action: Action, ctx: MenuContext): MenuItemConstructorOptions {
  const theme = themeOf(action.id);
  return {
    id: action.id,
    label: action.label,
    accelerator: action.accelerator,
    enabled: ctx.page ? actionEnabled(action.id, ctx.page) : true,
    ...(action.radio ? { type: 'radio' as const, checked: theme === ctx.prefs.theme } : {}),
    click: () => ctx.run(action),
  };
}

function recentMenu(ctx: MenuContext): MenuItemConstructorOptions {
  const recent = ctx.prefs.recent;
  // macOS keeps its own Open Recent (fed by app.addRecentDocument) under this role.
  if (ctx.mac)
    return {
      label: 'Open Recent',
      role: 'recentDocuments',
      submenu: [{ role: 'clearRecentDocuments' }],
    };
  const submenu: MenuItemConstructorOptions[] = recent.length
    ? recent.map((f) => ({ label: f.name, toolTip: f.path, click: () => ctx.openRecent(f.path) }))
    : [{ label: 'No recent traces', enabled: false }];
  submenu.push(
    { type: 'separator' },
    { label: 'Clear Menu', enabled: recent.length > 0, click: () => ctx.clearRecent() },
  );
  return { id: 'file.recent', label: 'Open Recent', submenu };
}

/** Every item of a template, depth first (for tests and for looking an item up by id). */
export function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])]);
}
