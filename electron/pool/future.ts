/**
 * A task's placeholder result, as CPython's concurrent.futures.Future. Node cannot block, so
 * result() and exception() return promises; awaiting one is the `.result()` of the tutorial.
 */
import type { JsonValue } from '../../shared/json';
import { CancelledError, TimeoutError } from './errors';

/** CPython's state names. A dispatched task stays PENDING until its worker reports its start. */
export type FutureState = 'PENDING' | 'RUNNING' | 'CANCELLED' | 'FINISHED';

/** What the executor hears from a future it owns. */
export interface FutureOwner {
  cancelled(future: Future): void;
}

type DoneListener = (future: Future) => void;

export class Future {
  private stateName: FutureState = 'PENDING';
  /** Handed to a worker: too late to cancel, even before the worker reports its start. */
  private dispatched = false;
  private value: JsonValue = null;
  private error: Error | null = null;
  private pidValue: number | undefined = undefined;
  private startedAtValue: number | undefined = undefined;
  private finishedAtValue: number | undefined = undefined;
  /** One listener, or several: most futures of a large run have one (a wait()) or none. */
  private listeners: DoneListener | DoneListener[] | null = null;

  /** @internal Futures are made by ProcessPoolExecutor.submit. */
  constructor(
    readonly id: number,
    readonly fn: string,
    readonly args: JsonValue[],
    /** Epoch ms. */
    readonly submittedAt: number,
    private readonly owner: FutureOwner,
  ) {}

  get state(): FutureState {
    return this.stateName;
  }
  /** The worker that ran (or is running) the task. */
  get pid(): number | undefined {
    return this.pidValue;
  }
  /** Epoch ms, stamped in the worker. */
  get startedAt(): number | undefined {
    return this.startedAtValue;
  }
  /** Epoch ms: stamped in the worker, or in the parent when the task failed without finishing. */
  get finishedAt(): number | undefined {
    return this.finishedAtValue;
  }

  /** @internal Finished with an error (not cancelled). */
  get failed(): boolean {
    return this.error !== null;
  }

  done(): boolean {
    return this.stateName === 'FINISHED' || this.stateName === 'CANCELLED';
  }

  /** True only while the task executes on a worker. */
  running(): boolean {
    return this.stateName === 'RUNNING';
  }

  cancelled(): boolean {
    return this.stateName === 'CANCELLED';
  }

  /** Cancels a task that no worker has taken yet. False once running or finished. */
  cancel(): boolean {
    if (this.stateName === 'CANCELLED') return true;
    if (this.stateName !== 'PENDING' || this.dispatched) return false;
    this.stateName = 'CANCELLED';
    this.owner.cancelled(this);
    this.notify();
    return true;
  }

  /** The task's value; rejects with its error, CancelledError, or TimeoutError after `timeoutMs`. */
  result(timeoutMs?: number): Promise<JsonValue> {
    return this.whenDone(timeoutMs, 'result');
  }

  /** The task's error, or null if it succeeded; rejects with CancelledError or TimeoutError. */
  exception(timeoutMs?: number): Promise<Error | null> {
    return this.whenDone(timeoutMs, 'exception');
  }

  /** Calls `cb` when the future is done (at once if it already is). Errors in `cb` are logged. */
  addDoneCallback(cb: (future: Future) => void): void {
    this.onDone(cb);
  }

  /** @internal Like addDoneCallback, but removable with offDone: for wait() and timeouts. */
  onDone(listener: DoneListener): void {
    const current = this.listeners;
    if (this.done()) invoke(listener, this);
    else if (current === null) this.listeners = listener;
    else if (Array.isArray(current)) current.push(listener);
    else this.listeners = [current, listener];
  }

  /** @internal */
  offDone(listener: DoneListener): void {
    const current = this.listeners;
    if (current === listener) {
      this.listeners = null;
    } else if (Array.isArray(current)) {
      const i = current.indexOf(listener);
      if (i >= 0) current.splice(i, 1);
    }
  }

  /** @internal The executor handed the task to a worker. */
  markDispatched(): void {
    this.dispatched = true;
  }

  /** @internal The worker gave the call back unbegun: it waits again, and can be cancelled. */
  markReturned(): void {
    this.dispatched = false;
  }

  /** @internal The worker reported the start. */
  markRunning(pid: number, startedAt: number): void {
    this.stateName = 'RUNNING';
    this.pidValue = pid;
    this.startedAtValue = startedAt;
  }

  /** @internal The task returned `value`. */
  setResult(value: JsonValue, finishedAt: number, pid?: number): void {
    if (this.done()) return;
    this.value = value;
    this.settle(finishedAt, pid);
  }

  /** @internal The task failed, or could not run. */
  setException(error: Error, finishedAt: number, pid?: number): void {
    if (this.done()) return;
    this.error = error;
    this.settle(finishedAt, pid);
  }

  private settle(finishedAt: number, pid: number | undefined): void {
    this.stateName = 'FINISHED';
    this.finishedAtValue = finishedAt;
    if (pid !== undefined) this.pidValue = pid;
    this.notify();
  }

  /** One promise per call, and none until someone asks: a large run may never ask. */
  private whenDone(timeoutMs: number | undefined, what: 'result'): Promise<JsonValue>;
  private whenDone(timeoutMs: number | undefined, what: 'exception'): Promise<Error | null>;
  private whenDone(timeoutMs: number | undefined, what: 'result' | 'exception'): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (this.done()) {
        this.deliver(what, resolve, reject);
        return;
      }
      const listener = () => {
        if (timer) clearTimeout(timer);
        this.deliver(what, resolve, reject);
      };
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              this.offDone(listener);
              reject(
                new TimeoutError(`task ${this.id} (${this.fn}) not done within ${timeoutMs} ms`),
              );
            }, timeoutMs);
      this.onDone(listener);
    });
  }

  private deliver(
    what: 'result' | 'exception',
    resolve: (value: unknown) => void,
    reject: (error: Error) => void,
  ): void {
    if (this.stateName === 'CANCELLED') reject(new CancelledError(`task ${this.id} was cancelled`));
    else if (what === 'exception') resolve(this.error);
    else if (this.error) reject(this.error);
    else resolve(this.value);
  }

  private notify(): void {
    const listeners = this.listeners;
    if (listeners === null) return;
    this.listeners = null;
    if (Array.isArray(listeners)) for (const cb of listeners) invoke(cb, this);
    else invoke(listeners, this);
  }
}

/** CPython logs and ignores an exception raised by a done callback; so do we. */
function invoke(cb: DoneListener, future: Future): void {
  try {
    cb(future);
  } catch (error) {
    console.error(`exception calling callback for future ${future.id}:`, error);
  }
}
