/** What the python tests share: the real interpreter, pools on it, always cleaned up. */
import { afterEach, expect } from 'vitest';
import { ProcessPoolExecutor, type PoolOptions } from '../../electron/pool';
import { probePython } from '../../electron/python-host/interpreter';
import { pythonPoolSpec } from '../../electron/python-host/runtime';
import type { PythonInfo } from '../../shared/python';

export const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

let found: Promise<PythonInfo> | null = null;

/** python3 from PATH: these machines have it, and the tests never skip. */
export function python(): Promise<PythonInfo> {
  found ??= probePython(undefined, process.env).then((status) => {
    if (!status.ok) expect.fail(`python3 is needed for these tests: ${status.problem}`);
    return status.python;
  });
  return found;
}

/** A pool of CPython workers importing `module` (absolute, or `poolscope:...`). */
export async function pythonPool(
  module: string,
  options: Omit<PoolOptions, 'launcher' | 'taskModules'> = {},
): Promise<ProcessPoolExecutor> {
  const spec = await pythonPoolSpec(await python(), module);
  const pool = new ProcessPoolExecutor({ ...options, ...spec.options });
  cleanups.push(async () => {
    void pool.shutdown({ wait: false, cancelFutures: true });
    for (const pid of pool.pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await pool.shutdown();
  });
  return pool;
}
