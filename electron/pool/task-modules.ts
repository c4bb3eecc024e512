/**
 * Which functions a pool can call by name: the built-ins, plus the named function exports of
 * the task modules the user supplies. The parent imports each module once to learn its export
 * names, so an unknown name fails at submit() rather than later in a worker; CPython likewise
 * has the function object in the parent and pickles it by name.
 */
import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUILTIN_FUNCTIONS } from '../../shared/catalog';
import { taskExports } from './protocol';

const BUILTIN_NAMES: readonly string[] = BUILTIN_FUNCTIONS.map((f) => f.name);

/** Absolute module path -> its callable export names, for every module loaded so far. */
const loaded = new Map<string, readonly string[]>();

function checkPath(path: string): void {
  if (!isAbsolute(path)) throw new TypeError(`task module path must be absolute: "${path}"`);
  if (!/\.(mjs|js)$/.test(path)) {
    throw new TypeError(`task module must be a .mjs or .js file (workers run plain JS): "${path}"`);
  }
}

/** Imports the modules (once each) to learn their export names. */
export async function loadTaskModules(paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    checkPath(path);
    if (loaded.has(path)) continue;
    if (!existsSync(path)) throw new Error(`task module not found: ${path}`);
    let mod: Record<string, unknown>;
    try {
      mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
    } catch (error) {
      throw new Error(`task module ${path} failed to load: ${(error as Error).message}`, {
        cause: error,
      });
    }
    loaded.set(
      path,
      taskExports(mod).map(([name]) => name),
    );
  }
}

/**
 * The names callable in a pool with these modules. Throws if a module was not loaded (use
 * ProcessPoolExecutor.create) or if two sources export the same name.
 */
export function callableNames(paths: readonly string[]): Set<string> {
  const names = new Set(BUILTIN_NAMES);
  for (const path of paths) {
    checkPath(path);
    const exported = loaded.get(path);
    if (!exported) {
      throw new Error(
        `task module ${path} is not loaded: create the pool with await ProcessPoolExecutor.create(options)`,
      );
    }
    for (const name of exported) {
      if (names.has(name)) {
        throw new TypeError(`task module ${path} exports "${name}", which is already defined`);
      }
      names.add(name);
    }
  }
  return names;
}
