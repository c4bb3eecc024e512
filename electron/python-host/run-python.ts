/** Runs PoolScope's poolscope_inspect.py on an interpreter and reads the one JSON line it prints. */
import { execFile } from 'node:child_process';
import { pythonFile } from './python-dir';

/** Long enough for a slow import on a loaded machine; a module that hangs at import is cut off. */
export const INSPECT_TIMEOUT_MS = 20_000;

export interface InspectRun {
  /** The parsed JSON document. */
  json: unknown;
  /** What the module printed while it was imported, and Python's own complaints. */
  stderr: string;
}

export function runInspect(
  executable: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<InspectRun> {
  return new Promise((resolve, reject) => {
    execFile(
      executable,
      [pythonFile('poolscope_inspect.py'), ...args],
      { env, timeout: INSPECT_TIMEOUT_MS, maxBuffer: 32 * 1024 * 1024, windowsHide: true },
      (error, stdout, stderr) => {
        const last = stdout.trimEnd().split('\n').pop() ?? '';
        try {
          resolve({ json: JSON.parse(last), stderr });
          return;
        } catch {
          // fall through: no JSON means the interpreter itself failed
        }
        if (error && (error as { killed?: boolean }).killed) {
          reject(new Error(`${executable} did not answer within ${INSPECT_TIMEOUT_MS / 1000} s`));
        } else if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(Object.assign(new Error(`${executable}: not found`), { code: 'ENOENT' }));
        } else {
          const said = stderr.trim().split('\n').slice(-3).join(' ').slice(0, 500);
          reject(new Error(`${executable} failed${said ? `: ${said}` : ` (${String(error)})`}`));
        }
      },
    );
  });
}
