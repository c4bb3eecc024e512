/**
 * Dropping a trace on the window: one file, no larger than a trace may be. What it holds is for
 * the importers to judge (shared/export: they name a CSV, an SVG, a PNG for what it is); a drop
 * of nothing, of text or of several files is refused here, with a sentence.
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

/** Whether main may open it by path (it reads .json files only). */
export const isJsonName = (name: string) => /\.json$/i.test(name);
