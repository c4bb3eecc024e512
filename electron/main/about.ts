/** Help ▸ About: PoolScope's version and those of what it runs on, for a bug report. */
import type { App, BrowserWindow, Dialog } from 'electron';

export { TUTORIAL_URL } from '../../shared/actions';

/** What it runs on, in one line (macOS's About panel). */
export function aboutVersions(versions = process.versions): string {
  return `Electron ${versions.electron ?? '?'} · Chromium ${versions.chrome ?? '?'} · Node.js ${versions.node}`;
}

export function aboutText(
  app: Pick<App, 'getName' | 'getVersion'>,
  versions = process.versions,
): string {
  return [
    `${app.getName()} ${app.getVersion()}`,
    `Electron ${versions.electron ?? '?'}`,
    `Chromium ${versions.chrome ?? '?'}`,
    `Node.js ${versions.node}`,
    `V8 ${versions.v8}`,
    `${process.platform} ${process.arch}`,
  ].join('\n');
}

export function showAbout(
  dialog: Pick<Dialog, 'showMessageBox'>,
  app: Pick<App, 'getName' | 'getVersion'>,
  window: BrowserWindow | null,
): Promise<unknown> {
  const options = {
    type: 'info' as const,
    title: `About ${app.getName()}`,
    message: app.getName(),
    detail: aboutText(app),
    buttons: ['OK'],
  };
  return window ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options);
}
