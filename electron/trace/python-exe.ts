/** The interpreter to trace with when none is given: $POOLSCOPE_PYTHON, or python3 on PATH. */
import { accessSync, constants, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { DEFAULT_PYTHON, whichOnPath } from '../python-host/interpreter';

export const PYTHON_ENV = 'POOLSCOPE_PYTHON';

/** The interpreter's path, or null when there is none (the caller says so in a sentence). */
export function findPython(explicit?: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const wanted = explicit ?? env[PYTHON_ENV] ?? DEFAULT_PYTHON;
  if (isAbsolute(wanted) || wanted.includes('/')) return executable(wanted) ? wanted : null;
  return whichOnPath(wanted, env);
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
