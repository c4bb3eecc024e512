/** Finds the interpreter to trace with: an explicit path, $POOLSCOPE_PYTHON, or python3 on PATH. */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

export const PYTHON_ENV = 'POOLSCOPE_PYTHON';

/** The interpreter's path, or null when there is none (the caller says so in a sentence). */
export function findPython(explicit?: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const wanted = explicit ?? env[PYTHON_ENV] ?? 'python3';
  if (isAbsolute(wanted) || wanted.includes('/')) return executable(wanted) ? wanted : null;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const path = join(dir, wanted);
    if (executable(path)) return path;
  }
  return null;
}

function executable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
