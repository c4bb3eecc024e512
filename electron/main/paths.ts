/**
 * Where the app's files are, from the folder of the built main entry (out/main). In a packaged
 * app that folder is inside resources/app.asar, and what a separate process must run from disk
 * (the worker entry, the Python files) sits in resources/app.asar.unpacked (electron-builder's
 * asarUnpack): asarPath() maps one to the other.
 */
import { join, sep } from 'node:path';
import type { AppPaths } from './app';

export function resolveAppPaths(mainDir: string, rendererUrl?: string): AppPaths {
  return {
    rendererIndex: join(mainDir, '../renderer/index.html'),
    rendererUrl,
    sourceIndex: join(mainDir, '../../renderer/index.html'),
    preload: join(mainDir, '../preload/index.cjs'),
    workerPath: unpacked(join(mainDir, 'worker.js')),
  };
}

/** The unpacked copy of a path inside app.asar (the path itself outside one). */
export function unpacked(path: string): string {
  return path.replace(`${sep}app.asar${sep}`, `${sep}app.asar.unpacked${sep}`);
}
