/**
 * The files a command writes (`--out`, repeatable): the format from the extension, checked before
 * any work starts, then each written atomically (electron/service/atomic-write.ts), so a failure
 * names the file and the reason and leaves nothing behind.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { ExportFormat } from '../../shared/contract';
import { writeFileAtomic } from '../service/atomic-write';
import { CliError, UsageError } from './errors';

/** Extensions, longest first: `.chrome.json` (and `.trace.json`, the app's name for it) before `.json`. */
const EXTENSIONS: readonly [suffix: string, format: ExportFormat][] = [
  ['.chrome.json', 'chrome-json'],
  ['.trace.json', 'chrome-json'],
  ['.json', 'poolscope-json'],
  ['.svg', 'svg'],
  ['.png', 'png'],
  ['.csv', 'csv'],
];

export interface OutputFile {
  path: string;
  format: ExportFormat;
}

/** The format `path` asks for, or null for an extension PoolScope does not write. */
export function formatOf(path: string): ExportFormat | null {
  const lower = path.toLowerCase();
  return EXTENSIONS.find(([suffix]) => lower.endsWith(suffix))?.[1] ?? null;
}

/** `extensions` a command accepts, for its messages and help. */
export function extensionsFor(formats: readonly ExportFormat[]): string[] {
  return EXTENSIONS.filter(([, f]) => formats.includes(f)).map(([suffix]) => suffix);
}

/** The --out list as files and formats; a UsageError for an unknown extension or a repeat. */
export function planOutputs(paths: readonly string[], formats: readonly ExportFormat[]) {
  const seen = new Set<string>();
  return paths.map((path): OutputFile => {
    const format = formatOf(path);
    if (!format || !formats.includes(format)) {
      const known = extensionsFor(formats).join(' ');
      throw new UsageError(`--out ${path}: the extension says which format to write: ${known}`);
    }
    const full = resolve(path);
    if (seen.has(full)) throw new UsageError(`--out ${path} is given twice`);
    seen.add(full);
    return { path, format };
  });
}

/**
 * Fails early, before a run, when an output's folder is missing or not writable (a full disk can
 * only show at the write itself).
 */
export async function checkFolders(outputs: readonly OutputFile[]): Promise<void> {
  for (const { path } of outputs) {
    const dir = dirname(resolve(path));
    const info = await stat(dir).catch(() => null);
    if (!info)
      throw new CliError(`cannot write ${path}: the folder ${dirname(path)} does not exist`);
    if (!info.isDirectory())
      throw new CliError(`cannot write ${path}: ${dirname(path)} is not a folder`);
    const writable = await access(dir, constants.W_OK).then(
      () => true,
      () => false,
    );
    if (!writable)
      throw new CliError(`cannot write ${path}: no permission to write ${dirname(path)}`);
  }
}

export interface WriteReport {
  written: string[];
  /** One message per file not written, naming it and the reason. */
  failed: string[];
}

/**
 * Renders and writes every output; one failing does not stop the others. Once `stop()` says so,
 * the outputs not yet begun are skipped (and listed as not written).
 */
export async function writeOutputs(
  outputs: readonly OutputFile[],
  render: (format: ExportFormat) => Promise<string | Uint8Array>,
  stop: () => boolean = () => false,
): Promise<WriteReport> {
  const report: WriteReport = { written: [], failed: [] };
  for (const { path, format } of outputs) {
    if (stop()) {
      report.failed.push(`${path} not written: interrupted`);
      continue;
    }
    try {
      await writeFileAtomic(path, await render(format));
      report.written.push(path);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      // writeProblem's words; some already say "could not write <path>".
      report.failed.push(why.includes(`write ${path}`) ? why : `cannot write ${path}: ${why}`);
    }
  }
  return report;
}
