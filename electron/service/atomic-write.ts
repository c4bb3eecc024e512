import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `data` to `path` so that readers see the old file or the whole new one, never a part:
 * the bytes go to a temporary file in the same folder (same file system, so the rename is atomic),
 * are flushed to disk, then renamed over `path`. On any failure the temporary file is removed and
 * the error rethrown with a message a person can act on (see `writeProblem`).
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  // A short temporary name, so a long final name fails as itself at the rename, not here.
  const temp = join(dirname(path), `.poolscope-${randomBytes(6).toString('hex')}.tmp`);
  try {
    const file = await open(temp, 'wx', 0o644);
    try {
      await file.writeFile(data);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (e) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw new Error(writeProblem(e, path), { cause: e });
  }
}

/** A failed write of `path`, in words: which folder, and what to do about it. */
export function writeProblem(e: unknown, path: string): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const dir = dirname(path);
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `no permission to write ${dir}`;
    case 'EROFS':
      return `${dir} is on a read-only file system`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `disk full: could not write ${path}`;
    case 'ENOENT':
      return `the folder ${dir} does not exist`;
    case 'ENOTDIR':
      return `${dir} is not a folder`;
    case 'EISDIR':
      return `${path} is a folder`;
    case 'ENAMETOOLONG':
    case 'EINVAL':
      return `invalid name: ${basename(path)}`;
    default:
      return `could not write ${path}: ${e instanceof Error ? e.message : String(e)}`;
  }
}
