/**
 * The desktop-only channels: exports saved through a native Save dialog and written atomically,
 * traces read through a native Open dialog. Browser mode has neither: the page downloads and
 * uploads instead.
 */
import type {
  BrowserWindow,
  Dialog,
  FileFilter,
  OpenDialogOptions,
  SaveDialogOptions,
} from 'electron';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join } from 'node:path';
import type { ExportFormat } from '../../shared/contract';
import { writeFileAtomic } from '../service/atomic-write';
import { ServiceError } from '../service/errors';
import type { DesktopHandlers } from './ipc';

/** One filter per export format: the dialog offers exactly the format the page rendered. */
export const FORMAT_FILTERS: Record<ExportFormat, FileFilter> = {
  svg: { name: 'SVG image', extensions: ['svg'] },
  png: { name: 'PNG image', extensions: ['png'] },
  csv: { name: 'CSV table', extensions: ['csv'] },
  'chrome-json': { name: 'Chrome trace JSON (Perfetto)', extensions: ['json'] },
  'poolscope-json': { name: 'PoolScope trace JSON', extensions: ['json'] },
};

/** The largest trace `file:open` reads: a 200k-task run is well under it. */
export const MAX_OPEN_BYTES = 256 * 1024 * 1024;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export interface FileDialogOptions {
  dialog: Pick<Dialog, 'showSaveDialog' | 'showOpenDialog'>;
  /** The window the dialogs belong to. */
  window: () => BrowserWindow | null;
  /** Where the first dialog opens when no folder is remembered; later ones open in the last used. */
  defaultDir: string;
  /** Keeps the last folder across launches (the app passes its Preferences). */
  memory?: FolderMemory;
  /** Told of every trace opened through the dialog (the recent files). */
  onOpened?: (path: string) => unknown;
}

export interface FolderMemory {
  /** The folder last used, if it still exists; otherwise `fallback`. */
  lastFolder(fallback: string): string;
  /** Never rejects: forgetting a folder must not fail a save. */
  rememberFolder(dir: string): Promise<void>;
}

export function fileDialogHandlers(
  options: FileDialogOptions,
): Pick<DesktopHandlers, 'file:save' | 'file:open' | 'module:choose'> {
  let lastDir = options.memory?.lastFolder(options.defaultDir) ?? options.defaultDir;
  /** Dialogs open in `dir` from now on, also after a restart once the returned promise settles. */
  const use = (dir: string) => {
    lastDir = dir;
    return options.memory?.rememberFolder(dir);
  };

  const showSave = (o: SaveDialogOptions) => {
    const win = options.window();
    return win ? options.dialog.showSaveDialog(win, o) : options.dialog.showSaveDialog(o);
  };
  const showOpen = (o: OpenDialogOptions) => {
    const win = options.window();
    return win ? options.dialog.showOpenDialog(win, o) : options.dialog.showOpenDialog(o);
  };

  return {
    async 'file:save'({ format, suggestedName, data, encoding }) {
      const bytes = decode(format, data, encoding);
      const choice = await showSave({
        title: 'Export timing chart',
        defaultPath: join(lastDir, fileName(suggestedName, format)),
        filters: [FORMAT_FILTERS[format]],
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      });
      if (choice.canceled || !choice.filePath) return { saved: false };
      const path = withExtension(choice.filePath, format);
      const remembered = use(dirname(path));
      await writeFileAtomic(path, bytes);
      await remembered;
      return { saved: true, path };
    },

    async 'file:open'() {
      const choice = await showOpen({
        title: 'Open a trace',
        defaultPath: lastDir,
        properties: ['openFile'],
        filters: [{ name: 'PoolScope or Chrome trace JSON', extensions: ['json'] }],
      });
      const path = choice.filePaths[0];
      if (choice.canceled || !path) return { opened: false };
      await use(dirname(path));
      const file = await readTrace(path);
      await options.onOpened?.(file.path);
      return { opened: true, ...file };
    },

    /** The python runtime's module: a .py file's path (the service inspects it). */
    async 'module:choose'() {
      const choice = await showOpen({
        title: 'Choose a Python module',
        defaultPath: lastDir,
        properties: ['openFile'],
        filters: [{ name: 'Python module', extensions: ['py'] }],
      });
      const path = choice.filePaths[0];
      if (choice.canceled || !path) return { chosen: false };
      await use(dirname(path));
      return { chosen: true, path };
    },
  };
}

/**
 * Reads a trace the user chose (dialog, drop, command line, recent list): a .json file no larger
 * than MAX_OPEN_BYTES, or a ServiceError with a sentence saying why not.
 */
export async function readTrace(
  path: string,
): Promise<{ name: string; text: string; path: string }> {
  const name = basename(path);
  if (!isAbsolute(path))
    throw new ServiceError('invalid-payload', `${path} is not an absolute path`);
  if (!/\.json$/i.test(path)) {
    throw new ServiceError(
      'failed',
      `${name} is not a trace: PoolScope opens .json traces (PoolScope or Chrome trace JSON)`,
    );
  }
  try {
    const { size } = await stat(path);
    if (size > MAX_OPEN_BYTES) {
      const mb = (n: number) => Math.round(n / 2 ** 20);
      throw new ServiceError(
        'failed',
        `${name} is ${mb(size)} MB; PoolScope opens traces up to ${mb(MAX_OPEN_BYTES)} MB`,
      );
    }
    return { name, text: await readFile(path, 'utf8'), path };
  } catch (e) {
    if (e instanceof ServiceError) throw e;
    throw new ServiceError('failed', readProblem(e, path));
  }
}

function decode(format: ExportFormat, data: string, encoding: 'utf8' | 'base64'): Buffer {
  if (encoding === 'utf8') {
    if (format === 'png') {
      throw new ServiceError('invalid-payload', 'file:save: a PNG must be sent base64-encoded');
    }
    return Buffer.from(data, 'utf8');
  }
  if (data.length % 4 !== 0 || !BASE64.test(data)) {
    throw new ServiceError('invalid-payload', 'file:save: data is not valid base64');
  }
  return Buffer.from(data, 'base64');
}

/** A default file name that is one plain name on every system, with the format's extension. */
export function fileName(suggested: string, format: ExportFormat): string {
  const plain = suggested
    // eslint-disable-next-line no-control-regex -- control characters are what it removes
    .replace(/[/\\:*?"<>|\u0000-\u001f]/g, '_')
    .trim()
    .slice(0, 200);
  return withExtension(plain.replace(/^\.+/, '') || 'poolscope', format);
}

/** Adds the format's extension when the name lacks it (Linux dialogs do not add it). */
function withExtension(path: string, format: ExportFormat): string {
  const ext = `.${FORMAT_FILTERS[format].extensions[0]}`;
  return path.toLowerCase().endsWith(ext) ? path : path + ext;
}

function readProblem(e: unknown, path: string): string {
  switch ((e as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return `${path} does not exist`;
    case 'EACCES':
    case 'EPERM':
      return `no permission to read ${path}`;
    case 'EISDIR':
      return `${path} is a folder`;
    default:
      return `could not read ${path}: ${(e as Error).message}`;
  }
}
