/**
 * Where the tracer package (poolscope_trace) is: out/python/ in a build, electron/python/ in the
 * sources, found from this module's own place. The one function that knows the layouts.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PYTHON_DIR_ENV = 'POOLSCOPE_PYTHON_DIR';

export function tracerPythonDir(): string {
  const hasTracer = (dir: string) => existsSync(join(dir, 'poolscope_trace', '__main__.py'));
  const fromEnv = process.env[PYTHON_DIR_ENV];
  if (fromEnv) {
    if (!hasTracer(fromEnv))
      throw new Error(`${PYTHON_DIR_ENV} has no poolscope_trace: ${fromEnv}`);
    return fromEnv;
  }
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates: string[] = [];
  for (let dir = here; ; dir = dirname(dir)) {
    candidates.push(
      join(dir, 'python'),
      join(dir, 'out', 'python'),
      join(dir, 'electron', 'python'),
    );
    if (dirname(dir) === dir) break;
  }
  const found = candidates.find(hasTracer);
  if (!found)
    throw new Error(`the tracer package poolscope_trace was not found (looked from ${here})`);
  return found;
}
