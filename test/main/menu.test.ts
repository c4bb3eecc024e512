import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import {
  ACTIONS,
  actionById,
  parseAccelerator,
  shortcutLabel,
  type Action,
} from '../../shared/actions';
import { EXPORT_FORMATS } from '../../shared/contract';
import { EXPORT_FORMAT_INFO } from '../../shared/export/file-names';
import { flatten, menuTemplate, type MenuContext } from '../../electron/main/menu';
import { actionForKey, type KeyInput } from '../../renderer/src/lib/desktop/shortcuts';

function template(over: Partial<MenuContext> = {}) {
  const ctx: MenuContext = {
    mac: false,
    appName: 'PoolScope',
    prefs: { theme: 'system', recent: [] },
    run: vi.fn(),
    openRecent: vi.fn(),
    clearRecent: vi.fn(),
    ...over,
  };
  return { ctx, menu: menuTemplate(ctx) };
}

const labels = (items: MenuItemConstructorOptions[]) => items.map((i) => i.label ?? i.role);
const submenu = (item: MenuItemConstructorOptions | undefined) =>
  item?.submenu as MenuItemConstructorOptions[];

describe('the action table', () => {
  it('has unique ids and unique accelerators, all with Cmd/Ctrl, in the syntax Electron reads', () => {
    const ids = ACTIONS.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    const keys = ACTIONS.flatMap((a) => (a.accelerator ? [a.accelerator] : []));
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) expect(parseAccelerator(key).mod, key).toBe(true);
    expect(actionById('file.open').accelerator).toBe('CmdOrCtrl+O');
    expect(actionById('file.save').accelerator).toBe('CmdOrCtrl+S');
    expect(actionById('file.export.svg').accelerator).toBe('CmdOrCtrl+E');
    expect(actionById('run.start').accelerator).toBe('CmdOrCtrl+Enter');
  });

  it('has one Export action per export format, labelled from the formats table', () => {
    const exports = ACTIONS.filter((a) => a.submenu === 'Export');
    expect(exports.map((a) => a.id)).toEqual(EXPORT_FORMATS.map((f) => `file.export.${f}`));
    expect(exports.map((a) => a.label)).toEqual(
      EXPORT_FORMATS.map((f) => EXPORT_FORMAT_INFO[f].label),
    );
  });

  it('reads shortcuts as each platform writes them', () => {
    expect(shortcutLabel('CmdOrCtrl+O', false)).toBe('Ctrl+O');
    expect(shortcutLabel('CmdOrCtrl+O', true)).toBe('⌘O');
    expect(shortcutLabel('CmdOrCtrl+Shift+Enter', false)).toBe('Ctrl+Shift+Enter');
    expect(shortcutLabel('CmdOrCtrl+Shift+Enter', true)).toBe('⇧⌘↩');
  });

  it("maps browser mode's key presses to the same actions (Cmd on macOS, Ctrl elsewhere)", () => {
    const key = (k: string, mods: Partial<KeyInput> = {}) => ({
      key: k,
      ctrlKey: false,
      metaKey: false,
      shiftKey: false,
      altKey: false,
      ...mods,
    });
    expect(actionForKey(key('o', { ctrlKey: true }), false)).toBe('file.open');
    expect(actionForKey(key('O', { ctrlKey: true }), false)).toBe('file.open');
    expect(actionForKey(key('o', { metaKey: true }), true)).toBe('file.open');
    expect(actionForKey(key('o', { ctrlKey: true }), true)).toBeNull(); // Ctrl+O on a Mac: not ours
    expect(actionForKey(key('o'), false)).toBeNull(); // typing
    expect(actionForKey(key('Enter', { ctrlKey: true }), false)).toBe('run.start');
    expect(actionForKey(key('Enter', { ctrlKey: true, shiftKey: true }), false)).toBe('run.sweep');
    expect(actionForKey(key('+', { ctrlKey: true, shiftKey: true }), false)).toBe('view.zoomIn');
    expect(actionForKey(key('s', { ctrlKey: true }), false)).toBe('file.save');
    // Ctrl+W belongs to the browser (it closes the tab): browser mode binds no Close.
    expect(actionForKey(key('w', { ctrlKey: true }), false)).toBeNull();
  });
});

describe('the application menu', () => {
  it('has File, Edit, Run, View, Help elsewhere, and the app and Window menus on macOS', () => {
    expect(labels(template().menu)).toEqual(['File', 'editMenu', 'Run', 'View', 'Help']);
    expect(labels(template({ mac: true }).menu)).toEqual([
      'PoolScope',
      'File',
      'editMenu',
      'Run',
      'View',
      'windowMenu',
      'Help',
    ]);
  });

  it('lays out File as the issue asks: Open, Open Recent, Export ▸ each format, Save, Close, Quit', () => {
    const file = submenu(template().menu[0]);
    expect(labels(file.filter((i) => i.type !== 'separator'))).toEqual([
      'Open trace…',
      'Open Recent',
      'Export',
      'Save as PoolScope JSON…',
      'Close trace',
      'quit',
    ]);
    const exp = submenu(file.find((i) => i.label === 'Export'));
    expect(exp.map((i) => i.label)).toEqual(EXPORT_FORMATS.map((f) => EXPORT_FORMAT_INFO[f].label));
  });

  it('gives every table action an item with its accelerator, whose click runs that action', () => {
    const { ctx, menu } = template();
    const items = flatten(menu);
    for (const action of ACTIONS) {
      const item = items.find((i) => i.id === action.id);
      expect(item, action.id).toBeDefined();
      expect(item!.accelerator).toBe(action.accelerator);
      (item!.click as () => void)();
      expect(ctx.run).toHaveBeenLastCalledWith(action satisfies Action);
    }
  });

  it('checks the theme in use, and lists the recent traces with a Clear item', () => {
    const recent = [
      { path: '/t/b.json', name: 'b.json' },
      { path: '/t/a.json', name: 'a.json' },
    ];
    const { ctx, menu } = template({ prefs: { theme: 'dark', recent } });
    const items = flatten(menu);
    const checked = items.filter((i) => i.type === 'radio' && i.checked).map((i) => i.id);
    expect(checked).toEqual(['view.theme.dark']);
    const open = submenu(items.find((i) => i.id === 'file.recent'));
    expect(open.map((i) => i.label ?? i.type)).toEqual([
      'b.json',
      'a.json',
      'separator',
      'Clear Menu',
    ]);
    (open[0]!.click as () => void)();
    expect(ctx.openRecent).toHaveBeenCalledWith('/t/b.json');
    (open[3]!.click as () => void)();
    expect(ctx.clearRecent).toHaveBeenCalled();
    // Empty: one disabled line. macOS: the OS's own list (app.addRecentDocument feeds it).
    const none = submenu(flatten(template().menu).find((i) => i.id === 'file.recent'));
    expect(none[0]).toMatchObject({ label: 'No recent traces', enabled: false });
    const mac = flatten(template({ mac: true }).menu).find((i) => i.label === 'Open Recent');
    expect(mac?.role).toBe('recentDocuments');
  });

  it('greys out what the page cannot do now: Export and Save with no trace, Cancel with nothing running', () => {
    const enabled = (page: MenuContext['page']) =>
      Object.fromEntries(
        flatten(template({ page }).menu)
          .filter((i) => typeof i.id === 'string' && !i.id.startsWith('file.recent'))
          .map((i) => [i.id, i.enabled]),
      );
    // Before the page says anything, everything applies.
    expect(Object.values(enabled(undefined)).every((e) => e === true)).toBe(true);
    const idle = enabled({ canExport: false, traceOpen: false, busy: false });
    expect(idle).toMatchObject({
      'file.open': true,
      'file.export.svg': false,
      'file.save': false,
      'file.close': false,
      'run.start': true,
      'run.sweep': true,
      'run.cancel': false,
    });
    const running = enabled({ canExport: true, traceOpen: false, busy: true });
    expect(running).toMatchObject({
      'file.export.png': true,
      'file.save': true,
      'run.start': false,
      'run.sweep': false,
      'run.cancel': true,
      'view.fit': true,
    });
  });
});
