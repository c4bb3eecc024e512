/**
 * Where PoolScope's Python files are (worker.py, poolscope_inspect.py, tutorial.py, ...): the
 * one resolver for every layout. CPython cannot read inside an asar archive, so the packaged
 * app ships them unpacked (app.asar.unpacked/out/python), and that copy always wins.
 */
import { existsSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PYTHON_DIR_ENV = 'POOLSCOPE_PYTHON_DIR';
/** A file every layout has: how a candidate folder is recognised. */
const MARKER = 'worker.py';

/** Candidate folders for code running in `here`, best first. */
export function pythonDirCandidates(here: string): string[] {
  // Built: out/main (or out/main/chunks) -> out/python. Sources (vitest): electron/python-host
  // -> electron/python.
  const plain = [join(here, '..', 'python'), join(here, '..', '..', 'python')];
  const asar = `${sep}app.asar${sep}`;
  const unpacked = plain
    .filter((dir) => dir.includes(asar))
    .map((dir) => dir.replace(asar, `${sep}app.asar.unpacked${sep}`));
  return [...unpacked, ...plain];
}

export function pythonDir(here = dirname(fileURLToPath(import.meta.url))): string {
  const fromEnv = process.env[PYTHON_DIR_ENV];
  if (fromEnv) {
    if (!existsSync(join(fromEnv, MARKER))) {
      throw new Error(`${PYTHON_DIR_ENV} names a folder without ${MARKER}: ${fromEnv}`);
    }
    return fromEnv;
  }
  const candidates = pythonDirCandidates(here);
  const found = candidates.find((dir) => existsSync(join(dir, MARKER)));
  if (!found) {
    throw new Error(
      `PoolScope's Python files (out/python/${MARKER}) not found near ${here}: run npm run build`,
    );
  }
  return found;
}

/** A file of PoolScope's own, by its path under electron/python/ ("worker.py", "tutorial/future.py"). */
export function pythonFile(relative: string, dir = pythonDir()): string {
  return join(dir, ...relative.split('/'));
}
