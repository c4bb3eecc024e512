/**
 * The process pool engine: CPython's concurrent.futures.ProcessPoolExecutor over worker
 * processes started by a WorkerLauncher, with one event stream recording everything. Plain Node: never imports electron.
 */
export { ProcessPoolExecutor } from './executor';
export type { MapOptions, PoolOptions, TerminateOptions, WorkerInfo } from './executor';
export { forkLauncher } from './launcher';
export type { ForkOptions, LaunchHandlers, LaunchedWorker, WorkerLauncher } from './launcher';
export { Future } from './future';
export type { FutureState } from './future';
export { wait, asCompleted } from './wait';
export type { ReturnWhen, WaitResult } from './wait';
export { BrokenProcessPool, CancelledError, TimeoutError } from './errors';
export { TraceRecorder } from './trace-recorder';
export type { RecorderHeader } from './trace-recorder';
export { defaultWorkerPath } from './worker-path';
