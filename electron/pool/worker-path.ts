/**
 * Where the worker entry is. Node cannot fork TypeScript, so workers always run the built
 * out/main/worker.js, wherever the code asking runs from: the built app, a built chunk, or the
 * TypeScript sources under vitest.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WORKER_PATH_ENV = 'POOLSCOPE_WORKER_PATH';

export function defaultWorkerPath(): string {
  const fromEnv = process.env[WORKER_PATH_ENV];
  if (fromEnv) {
    if (!existsSync(fromEnv))
      throw new Error(`${WORKER_PATH_ENV} names a missing file: ${fromEnv}`);
    return fromEnv;
  }
  const here = dirname(fileURLToPath(import.meta.url));
  // Built: next to this module, or one up when the bundler put this code in out/main/chunks/.
  const candidates = [join(here, 'worker.js'), join(here, '..', 'worker.js')];
  // Sources: walk up to the repository's out/main/worker.js.
  for (let dir = here; ; dir = dirname(dir)) {
    candidates.push(join(dir, 'out', 'main', 'worker.js'));
    if (dirname(dir) === dir) break;
  }
  const found = candidates.find((path) => existsSync(path));
  if (!found) {
    throw new Error(
      `worker entry out/main/worker.js not found (looked from ${here}): run npm run build`,
    );
  }
  return found;
}
