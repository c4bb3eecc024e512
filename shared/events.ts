import type { JsonValue } from './json';
import type { TracePython, TraceScript } from './trace';

/** An error as it crosses a process boundary; rebuilt as an `Error` where it is thrown again. */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
}

export type OutputStream = 'stdout' | 'stderr';

/** A call ended on worker `pid` (`thread`: a thread of the master, `pid` being its TID). */
interface TaskFinished {
  type: 'task-finished';
  t: number;
  taskId: number;
  pid: number;
  thread?: true;
}

/**
 * The pool's one event stream. Every time `t` is epoch milliseconds with sub-millisecond
 * resolution (`performance.timeOrigin + performance.now()`), taken in the process where the
 * event happened: task start and finish are stamped inside the worker.
 */
export type PoolEvent =
  /** `thread`: the worker is a thread of the master (a ThreadPoolExecutor's), `pid` its TID. */
  | { type: 'worker-spawned'; t: number; pid: number; thread?: string }
  | { type: 'worker-exited'; t: number; pid: number; code: number | null; signal: string | null }
  | { type: 'task-submitted'; t: number; taskId: number; fn: string; args: JsonValue[] }
  /**
   * A traced script's future became RUNNING in CPython: it moved into the call queue, which may
   * be long before a worker takes it (CPython's quirk; PoolScope's own pool never sends this).
   */
  | { type: 'task-queued'; t: number; taskId: number }
  /** `thread`: it ran on a thread of the master, `pid` being the thread's TID. */
  | { type: 'task-started'; t: number; taskId: number; pid: number; thread?: true }
  | (TaskFinished & { ok: true; result: JsonValue })
  | (TaskFinished & { ok: false; error: SerializedError })
  /** Cancelled before it ran, or failed without running (pool broken, shut down with cancelFutures). */
  | { type: 'task-cancelled'; t: number; taskId: number }
  | { type: 'task-failed-unstarted'; t: number; taskId: number; error: SerializedError }
  | {
      type: 'worker-output';
      t: number;
      pid: number;
      stream: OutputStream;
      line: string;
      taskId?: number;
    }
  | { type: 'resized'; t: number; maxWorkers: number }
  /** A traced script's header as it becomes known: the interpreter, then how the script ended. */
  | {
      type: 'script-header';
      t: number;
      maxWorkers: number;
      python?: TracePython;
      script?: TraceScript;
    };

export type PoolEventType = PoolEvent['type'];
