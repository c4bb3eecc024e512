/**
 * Saving and opening files: the one place that knows the desktop app and browser mode differ.
 * Desktop asks the main process (a native dialog, an atomic write); browser mode downloads the
 * file and reads one the user picks with <input type=file>.
 */
import type { AppInfo, ExportFormat, PoolScopeApi, Reply } from '../../../shared/contract';
import { TRACE_TEXT_BOUNDS } from '../../../shared/export/trace-schema';
import { formatSize } from '../../../shared/json-bounds';

export interface SaveRequest {
  format: ExportFormat;
  suggestedName: string;
  data: string;
  encoding: 'utf8' | 'base64';
  mime: string;
}

/** `where` is the path written (desktop) or the downloaded file's name (browser). */
export type SaveOutcome = { saved: false } | { saved: true; where: string; downloaded: boolean };
export type OpenOutcome = { opened: false } | { opened: true; name: string; text: string };

export interface FileAccess {
  save(request: SaveRequest): Promise<Reply<SaveOutcome>>;
  open(): Promise<Reply<OpenOutcome>>;
}

export function fileAccess(api: PoolScopeApi, mode: AppInfo['mode']): FileAccess {
  return mode === 'desktop' ? desktopFiles(api) : browserFiles;
}

function desktopFiles(api: PoolScopeApi): FileAccess {
  return {
    async save({ format, suggestedName, data, encoding }) {
      const reply = await api.fileSave({ format, suggestedName, data, encoding });
      if (!reply.ok) return reply;
      const v = reply.value;
      return { ok: true, value: v.saved ? { saved: true, where: v.path, downloaded: false } : v };
    },
    open: () => api.fileOpen(undefined),
  };
}

const browserFiles: FileAccess = {
  async save({ suggestedName, data, encoding, mime }) {
    const bytes = encoding === 'base64' ? base64ToBytes(data) : data;
    const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
    const a = document.createElement('a');
    a.href = url;
    a.download = suggestedName;
    a.rel = 'noopener';
    document.body.append(a);
    a.click();
    a.remove();
    // The download has taken its copy once click() returns; a later revoke is belt and braces.
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    return { ok: true, value: { saved: true, where: suggestedName, downloaded: true } };
  },
  open() {
    return new Promise((resolve) => {
      const input = document.createElement('input');
      input.type = 'file';
      input.accept = '.json,application/json';
      input.addEventListener('cancel', () => resolve({ ok: true, value: { opened: false } }));
      input.addEventListener('change', () => {
        const file = input.files?.[0];
        if (!file) return resolve({ ok: true, value: { opened: false } });
        // Refused before reading: a file bigger than any trace must not fill the tab's memory.
        const max = TRACE_TEXT_BOUNDS.maxChars;
        if (file.size > max) {
          const message = `${file.name} is ${formatSize(file.size)}; PoolScope opens traces of at most ${formatSize(max)}`;
          return resolve({ ok: false, error: { code: 'failed', message } });
        }
        file.text().then(
          (text) => resolve({ ok: true, value: { opened: true, name: file.name, text } }),
          (e: unknown) =>
            resolve({
              ok: false,
              error: { code: 'failed', message: `Cannot read ${file.name}: ${String(e)}` },
            }),
        );
      });
      input.click();
    });
  },
};

function base64ToBytes(data: string): Uint8Array<ArrayBuffer> {
  const bin = atob(data);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/** Base64 of binary data, in chunks (one String.fromCharCode over megabytes overflows the stack). */
export function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin);
}
