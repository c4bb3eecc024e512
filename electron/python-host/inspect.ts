/**
 * A learner's module, as the builder shows it: its top-level functions with their signatures and
 * docstrings, read by importing it in a CPython of its own (under its own name, so its
 * `if __name__ == "__main__":` block does not run). Every way it can fail is a sentence.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { basename, isAbsolute } from 'node:path';
import * as v from 'valibot';
import {
  ModuleInfoSchema,
  bundledModule,
  type ModuleInfo,
  type PythonInfo,
} from '../../shared/python';
import { pythonFile } from './python-dir';
import { runInspect } from './run-python';

/** A module that cannot be used, and why, in words fit for the user. */
export class ModuleProblem extends Error {
  override readonly name = 'ModuleProblem';
  constructor(
    message: string,
    readonly kind: 'not-found' | 'unreadable' | 'import-failed' | 'no-functions' | 'invalid',
  ) {
    super(message);
  }
}

/** The file a workload's `module` names: one of the app's own, or an absolute path. */
export function modulePath(module: string): string {
  const bundled = bundledModule(module);
  if (bundled) return pythonFile(bundled);
  if (module.startsWith('poolscope:')) {
    throw new ModuleProblem(`${module} is not one of PoolScope's own modules`, 'not-found');
  }
  if (!isAbsolute(module)) {
    throw new ModuleProblem(
      `module ${JSON.stringify(module)}: the path must be absolute`,
      'invalid',
    );
  }
  if (!module.endsWith('.py')) {
    throw new ModuleProblem(`${module} is not a Python file (.py)`, 'invalid');
  }
  return module;
}

/** Checks the file is there and readable, so the message says so rather than Python's. */
export async function checkModuleFile(path: string): Promise<void> {
  const file = basename(path);
  let info;
  try {
    info = await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new ModuleProblem(`${file} does not exist: ${path}`, 'not-found');
    }
    throw new ModuleProblem(`${file} cannot be read (${code ?? String(e)}): ${path}`, 'unreadable');
  }
  if (!info.isFile()) throw new ModuleProblem(`${path} is not a file`, 'invalid');
  try {
    await access(path, constants.R_OK);
  } catch {
    throw new ModuleProblem(`${file} cannot be read (permission denied): ${path}`, 'unreadable');
  }
}

const Answer = v.union([
  v.object({ module: ModuleInfoSchema }),
  v.object({
    error: v.object({ name: v.string(), message: v.string(), stack: v.optional(v.string()) }),
  }),
]);

/** Imports `module` (a workload's module) with `python` and lists its functions. */
export async function inspectModule(
  python: PythonInfo,
  module: string,
  env: NodeJS.ProcessEnv,
): Promise<ModuleInfo> {
  const path = modulePath(module);
  await checkModuleFile(path);
  const file = basename(path);
  const { json } = await runInspect(python.executable, [path], env).catch((e: unknown) => {
    throw new ModuleProblem(
      `${file} could not be inspected: ${(e as Error).message}`,
      'import-failed',
    );
  });
  const parsed = v.safeParse(Answer, json);
  if (!parsed.success) {
    throw new ModuleProblem(
      `${file}: PoolScope's inspector gave an answer it cannot read`,
      'import-failed',
    );
  }
  const answer = parsed.output;
  if ('error' in answer) {
    const { name, message, stack } = answer.error;
    throw new ModuleProblem(
      `${file} cannot be imported:\n${stack ?? `${name}: ${message}`}`,
      'import-failed',
    );
  }
  if (answer.module.functions.length === 0) {
    throw new ModuleProblem(
      `${file} defines no functions at top level: PoolScope calls a module's own functions (def name(...): ...)`,
      'no-functions',
    );
  }
  return answer.module;
}
