/** What is checked before a script starts: the file, and an interpreter to run it with. */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ScriptSpec } from '../../shared/script';
import { findPython } from './python-exe';

/** A request PoolScope refuses before starting anything: the message says what is wrong. */
export class ScriptError extends Error {}

/**
 * The script's absolute path and the interpreter, or a ScriptError saying what is wrong: called
 * before anything starts, so a bad request is refused with a sentence and nothing recorded.
 */
export function checkRequest(
  request: Pick<ScriptSpec, 'path'>,
  options: { python?: string; env?: NodeJS.ProcessEnv },
): { path: string; python: string } {
  const path = resolve(request.path);
  checkScript(path);
  const python = findPython(options.python, options.env ?? process.env);
  if (!python) {
    throw new ScriptError(
      'python3 was not found on PATH: install Python 3.9 or later (or set POOLSCOPE_PYTHON)',
    );
  }
  return { path, python };
}

function checkScript(path: string): void {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new ScriptError(`${path}: no such file`);
  }
  if (!stat.isFile()) throw new ScriptError(`${path} is not a file`);
}
