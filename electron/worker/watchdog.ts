/**
 * A thread that ends this worker when its parent is gone, even while a synchronous call keeps
 * the main thread from hearing the channel close: the parent's death reparents us, so our
 * parent PID changes. The thread polls it and kills the process (SIGKILL: nothing to save).
 */
import { Worker } from 'node:worker_threads';

/** How often the thread looks (ms): a worker outlives its parent by at most about this. */
export const WATCH_MS = 200;

const WATCHER = `
const { workerData } = require('node:worker_threads');
setInterval(() => {
  if (process.ppid !== workerData.ppid) process.kill(process.pid, 'SIGKILL');
}, workerData.everyMs);
`;

export function watchParent(): void {
  const thread = new Worker(WATCHER, {
    eval: true,
    workerData: { ppid: process.ppid, everyMs: WATCH_MS },
    // The thread needs no stdio of its own; the worker's is captured.
    stdout: true,
    stderr: true,
  });
  thread.unref();
}
