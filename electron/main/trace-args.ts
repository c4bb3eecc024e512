/**
 * The traces named on a command line: this launch's (`poolscope run.json`), or a second
 * instance's, which Electron hands to the first with its working directory. Flags, the program
 * and the app's own entry (a .js file, or a folder in development) are not traces.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';

export function traceArgs(argv: readonly string[], cwd: string): string[] {
  return argv
    .slice(1)
    .filter((arg) => !arg.startsWith('-') && !/\.[cm]?js$/i.test(arg))
    .map((arg) => resolve(cwd, arg))
    .filter(isFile);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
