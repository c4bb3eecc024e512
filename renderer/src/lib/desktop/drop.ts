/**
 * Dropping a trace on the window: one .json file (PoolScope or Chrome trace JSON) opens, read
 * with the File API; anything else is refused with a sentence. The desktop app also learns the
 * file's path (webUtils.getPathForFile, through the preload), so it joins the recent files.
 */
import { MAX_TRACE_BYTES } from './limits';

export type DropVerdict = { ok: true; file: File } | { ok: false; message: string };

export function checkDrop(files: readonly File[]): DropVerdict {
  if (files.length === 0) {
    return { ok: false, message: 'Nothing to open: drop a .json trace file (not text or a link).' };
  }
  if (files.length > 1) {
    return { ok: false, message: `Drop one trace at a time (${files.length} files were dropped).` };
  }
  const file = files[0]!;
  if (!/\.json$/i.test(file.name)) {
    return {
      ok: false,
      message: `${file.name} is not a trace: PoolScope opens .json traces (PoolScope or Chrome trace JSON).`,
    };
  }
  if (file.size > MAX_TRACE_BYTES) {
    const mb = (n: number) => Math.round(n / 2 ** 20);
    return {
      ok: false,
      message: `${file.name} is ${mb(file.size)} MB; PoolScope opens traces up to ${mb(MAX_TRACE_BYTES)} MB.`,
    };
  }
  return { ok: true, file };
}

/** Whether a drag carries files (and not text or a link), so the page shows where to drop. */
export function carriesFiles(e: DragEvent): boolean {
  return [...(e.dataTransfer?.types ?? [])].includes('Files');
}
