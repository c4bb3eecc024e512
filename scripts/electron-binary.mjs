// Where the Electron binary is, without side effects. `require('electron')` itself tries to
// download a missing binary, which on an offline machine means a failed network call and a stack
// trace; this reads the same path.txt that electron's index.js reads, and only checks it.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** @returns {string | null} the Electron executable, or null when the install skipped it. */
export function findElectronBinary() {
  let dir;
  try {
    dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override ? join(override, relative) : join(dir, 'dist', relative);
  return existsSync(binary) ? binary : null;
}
