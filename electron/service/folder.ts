import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Creates `dir` and its parents, failing with what is really wrong. Node's recursive mkdir
 * reports ENOENT when a parent cannot be made (on a read-only file system, say), so on ENOENT
 * the missing folders are made one by one to learn the real cause.
 */
export async function ensureFolder(dir: string, what = 'the folder'): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    const cause = errnoOf(e) === 'ENOENT' ? ((await stepByStep(dir)) ?? e) : e;
    throw new Error(`cannot create ${what} ${dir}: ${folderProblem(cause)}`, { cause });
  }
}

/** Why a folder could not be made, in words. */
export function folderProblem(e: unknown): string {
  switch (errnoOf(e)) {
    case 'EROFS':
      return 'it is on a read-only file system';
    case 'EACCES':
    case 'EPERM':
      return 'no permission to create it';
    case 'ENOSPC':
    case 'EDQUOT':
      return 'the disk is full';
    case 'ENOTDIR':
    case 'EEXIST':
      return 'a file is in the way of it';
    default:
      return e instanceof Error ? e.message : String(e);
  }
}

async function stepByStep(dir: string): Promise<unknown> {
  const missing: string[] = [];
  for (let p = dir; !(await exists(p)); p = dirname(p)) {
    missing.unshift(p);
    if (dirname(p) === p) break;
  }
  for (const p of missing) {
    try {
      await mkdir(p);
    } catch (e) {
      if (errnoOf(e) !== 'EEXIST') return e;
    }
  }
  return undefined;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

function errnoOf(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}
