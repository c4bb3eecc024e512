/**
 * The process pool engine: CPython's concurrent.futures.ProcessPoolExecutor over forked Node
 * workers, with one event stream recording everything. Plain Node: never imports electron.
 */
export { ProcessPoolExecutor } from './executor';
export type { MapOptions, PoolOptions, WorkerInfo } from './executor';
export { Future } from './future';
export type { FutureState } from './future';
export { wait, asCompleted } from './wait';
export type { ReturnWhen, WaitResult } from './wait';
export { BrokenProcessPool, CancelledError, TimeoutError } from './errors';
export { TraceRecorder } from './trace-recorder';
export type { RecorderHeader } from './trace-recorder';
export { defaultWorkerPath } from './worker-path';
