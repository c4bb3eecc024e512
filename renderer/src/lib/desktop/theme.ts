/**
 * The colour scheme: the OS's (prefers-color-scheme) unless the user chose one. The page sets
 * `data-theme` on <html> for a choice, and app.css's variables follow. In the desktop app
 * main also sets nativeTheme (so the page's prefers-color-scheme, menus and title bar agree);
 * browser mode keeps the choice in localStorage.
 */
import { THEMES, type Theme } from '../../../../shared/contract';

const KEY = 'poolscope.theme';

export function applyTheme(theme: Theme, root: HTMLElement = document.documentElement): void {
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
}

/** The theme the page shows now: the choice, else the OS's. */
export function effectiveTheme(root: HTMLElement = document.documentElement): 'light' | 'dark' {
  const chosen = root.dataset.theme;
  if (chosen === 'light' || chosen === 'dark') return chosen;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function storedTheme(storage: Pick<Storage, 'getItem'> = localStorage): Theme {
  const value = storage.getItem(KEY);
  return (THEMES as readonly string[]).includes(value ?? '') ? (value as Theme) : 'system';
}

export function storeTheme(theme: Theme, storage: Pick<Storage, 'setItem'> = localStorage): void {
  storage.setItem(KEY, theme);
}
