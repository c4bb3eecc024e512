/**
 * How the desktop app starts its Node workers: child_process.fork of the built worker entry
 * WITHOUT an execPath. Electron's own fork then runs its Helper executable (the one Chromium's
 * child processes use, so macOS shows no Dock icon per worker) with ELECTRON_RUN_AS_NODE set,
 * and the worker speaks the pool's protocol over Node's IPC channel exactly as under plain Node.
 *
 * Why not utilityProcess.fork (which would let the RunAsNode fuse go): its pid is only known at
 * its 'spawn' event (the pool names a worker by its pid when it launches it), its child talks
 * over process.parentPort rather than the IPC channel the worker (and the CPython worker's
 * protocol) uses, its kill() is SIGTERM only, and Electron does not promise its messages arrive
 * before its 'exit'. So the RunAsNode fuse stays on, deliberately (scripts/fuses.mjs), and the
 * fuses that would let a launched app run injected code stay off. docs/desktop.md says more.
 */
import { forkLauncher, type WorkerLauncher } from '../pool/launcher';

/** What the fuses must allow (scripts/fuses.mjs checks against it in the tests). */
export const WORKER_LAUNCH = 'child_process.fork' as const;

export function electronWorkerLauncher(
  workerPath: string,
  env: NodeJS.ProcessEnv = process.env,
): WorkerLauncher {
  // Electron's fork sets ELECTRON_RUN_AS_NODE for the child itself; a value inherited from our
  // own environment (a developer running `ELECTRON_RUN_AS_NODE=1 electron ...`) is not ours.
  const { ELECTRON_RUN_AS_NODE: _inherited, ...childEnv } = env;
  return forkLauncher({ modulePath: workerPath, env: childEnv });
}
