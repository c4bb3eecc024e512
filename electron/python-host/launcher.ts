/**
 * The CPython launcher: each worker is `python3 worker.py` forked with Node's IPC channel, whose
 * fd the worker finds in NODE_CHANNEL_FD, speaking the pool's protocol (docs/pool.md) from
 * electron/python/poolscope_worker. The pool learns the callable names from the inspected module.
 */
import { forkLauncher, type WorkerLauncher } from '../pool';
import type { PythonInfo } from '../../shared/python';
import { pythonFile } from './python-dir';

export interface PythonLauncherOptions {
  python: PythonInfo;
  /** The names the workers can call: the module's functions. */
  functions: readonly string[];
  env?: NodeJS.ProcessEnv;
}

export function pythonLauncher({ python, functions, env }: PythonLauncherOptions): WorkerLauncher {
  const fork = forkLauncher({
    modulePath: pythonFile('worker.py'),
    execPath: python.executable,
    env: {
      ...(env ?? process.env),
      // What the learner prints is captured line by line in the worker, as UTF-8 text; what
      // bypasses sys.stdout should not sit in a buffer when the worker dies.
      PYTHONUNBUFFERED: '1',
      PYTHONIOENCODING: 'utf-8',
    },
  });
  return {
    description: `${python.executable} (Python ${python.version}) ${pythonFile('worker.py')}`,
    functions,
    launch: (handlers) => fork.launch(handlers),
  };
}
