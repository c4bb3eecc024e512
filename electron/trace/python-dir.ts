/**
 * Where the tracer package (poolscope_trace) is: python-host's resolver (out/python in a build,
 * unpacked in the packaged app, electron/python in the sources); until the build copies
 * electron/python/** to out/python, built code finds the source tree by walking up.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pythonDir } from '../python-host/python-dir';

const hasTracer = (dir: string) => existsSync(join(dir, 'poolscope_trace', '__main__.py'));

export function tracerPythonDir(): string {
  try {
    const dir = pythonDir();
    if (hasTracer(dir)) return dir;
  } catch {
    // Not built with the Python files yet: look in the source tree below.
  }
  const here = dirname(fileURLToPath(import.meta.url));
  for (let dir = here; ; dir = dirname(dir)) {
    const candidate = join(dir, 'electron', 'python');
    if (hasTracer(candidate)) return candidate;
    if (dirname(dir) === dir) break;
  }
  throw new Error(`the tracer package poolscope_trace was not found (looked from ${here})`);
}
