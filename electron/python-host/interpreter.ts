/**
 * Which CPython the python runtime uses: the one chosen in settings (a virtualenv's, say), or
 * python3 from PATH; checked by running it, so the header can show its real path and version.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import * as v from 'valibot';
import { MIN_PYTHON, PythonInfoSchema, type PythonStatus } from '../../shared/python';
import { runInspect } from './run-python';

const FIX =
  'Install Python 3.9 or later (Debian/Ubuntu: sudo apt install python3; otherwise python.org), ' +
  'or choose an interpreter in Settings. The Node built-ins still work.';

/** The default command: python3, or python on Windows (where python3 is often a store stub). */
export const DEFAULT_PYTHON = process.platform === 'win32' ? 'python' : 'python3';

/** `command` on PATH, as a shell would find it; null when it is not there. */
export function whichOnPath(command: string, env: NodeJS.ProcessEnv): string | null {
  const exts = process.platform === 'win32' ? ['.exe', ''] : [''];
  for (const dir of (env.PATH ?? env.Path ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = join(dir, command + ext);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return null;
}

function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds and runs the interpreter: `choice` is a path or a command name (default python3 from
 * PATH). Never throws: a missing, broken or too old interpreter is a problem that says how to fix it.
 */
export async function probePython(
  choice: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<PythonStatus> {
  const command = choice?.trim() || DEFAULT_PYTHON;
  const byPath = isAbsolute(command) || /[\\/]/.test(command);
  const executable = byPath ? command : whichOnPath(command, env);
  if (!executable) {
    return { ok: false, problem: `${command} was not found on PATH. ${FIX}` };
  }
  if (byPath && !isExecutable(executable)) {
    return {
      ok: false,
      problem: `${executable} is not an executable file. ${FIX}`,
      executable,
    };
  }
  let json: unknown;
  try {
    ({ json } = await runInspect(executable, [], env));
  } catch (e) {
    return { ok: false, problem: `${(e as Error).message}. ${FIX}`, executable };
  }
  const parsed = v.safeParse(v.object({ python: PythonInfoSchema }), json);
  if (!parsed.success) {
    return {
      ok: false,
      problem: `${executable} did not answer as CPython does. ${FIX}`,
      executable,
    };
  }
  const { python } = parsed.output;
  const [major = 0, minor = 0] = python.version.split('.').map(Number);
  const [needMajor, needMinor] = MIN_PYTHON;
  if (major < needMajor || (major === needMajor && minor < needMinor)) {
    return {
      ok: false,
      problem: `${executable} is Python ${python.version}; PoolScope needs ${needMajor}.${needMinor} or later. ${FIX}`,
      executable,
    };
  }
  return { ok: true, python };
}
