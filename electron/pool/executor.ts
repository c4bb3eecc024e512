/**
 * ProcessPoolExecutor: CPython's concurrent.futures API over forked Node workers. It owns the
 * queue of pending futures, hands them to free workers, spawns workers on demand, resizes,
 * shuts down, and breaks (or heals) when a worker dies. See docs/pool.md for where Node forces
 * a difference from CPython.
 */
import type { OutputStream, PoolEvent } from '../../shared/events';
import type { JsonValue } from '../../shared/json';
import { Batching } from './batching';
import { now } from './clock';
import { BrokenProcessPool, TimeoutError, rebuildError, serializeError } from './errors';
import { Future, type FutureOwner } from './future';
import { checkCall, checkCount, settingsFrom, type PoolOptions, type Settings } from './options';
import { CHUNK_FUNCTION, type FromWorker, type TaskCall, type TaskOutcome } from './protocol';
import { orderedResults, zip } from './map';
import { loadTaskModules } from './task-modules';
import { WorkerProcess } from './worker-process';

export type { PoolOptions } from './options';

export interface WorkerInfo {
  pid: number;
  /** Epoch ms. */
  spawnedAt: number;
  busy: boolean;
}

export interface MapOptions {
  chunksize?: number;
  /** Counted from the call, as CPython counts it. */
  timeoutMs?: number;
}

/** The parent's view of one worker. */
class Slot {
  /** Set by spawn() right after construction: the process's handlers need the slot. */
  proc!: WorkerProcess;
  /** live: takes tasks; retiring: finishes what it has, then leaves; killed: being terminated. */
  state: 'live' | 'retiring' | 'killed' | 'exited' = 'live';
  /** Tasks handed to the worker, in order; those before `head` are finished. */
  inflight: Future[] = [];
  head = 0;
  /** Tasks ever handed to it, for maxTasksPerChild. */
  assigned = 0;
  timer: NodeJS.Timeout | null = null;
  initError: string | null = null;

  get busy(): boolean {
    return this.head < this.inflight.length;
  }
}

export class ProcessPoolExecutor implements FutureOwner {
  private readonly settings: Settings;
  private maxWorkersValue: number;
  private readonly batching: Batching;

  /** Every worker process not yet exited, in spawn order. */
  private slots: Slot[] = [];
  /** Live workers with nothing to do, longest idle first. */
  private idle: Slot[] = [];
  /** Workers in the 'live' state: what maxWorkers bounds. */
  private active = 0;
  /** Futures in submission order; those before `queueHead` were taken or cancelled. */
  private queue: Future[] = [];
  private queueHead = 0;
  private pendingCount = 0;
  private nextId = 0;
  private listeners: ((e: PoolEvent) => void)[] = [];
  private brokenError: BrokenProcessPool | null = null;
  private shutdownDone: Promise<void> | null = null;
  /**
   * Holds the event loop open while tasks are pending or running. Workers do not hold it
   * themselves, so a script that never calls shutdown() still ends once its work is done.
   */
  private readonly keepAlive = setInterval(() => {}, 2 ** 31 - 1).unref();
  private resolveShutdown: () => void = () => {};

  /** Loads the task modules first, so submit() can reject unknown names synchronously. */
  static async create(options: PoolOptions = {}): Promise<ProcessPoolExecutor> {
    await loadTaskModules(options.taskModules ?? []);
    return new ProcessPoolExecutor(options);
  }

  /** Built-ins only, or task modules already loaded by create(). */
  constructor(options: PoolOptions = {}) {
    this.settings = settingsFrom(options);
    this.maxWorkersValue = this.settings.maxWorkers;
    this.batching = new Batching(this.settings.taskTimeoutMs === undefined);
  }

  get maxWorkers(): number {
    return this.maxWorkersValue;
  }

  /** Live worker PIDs, in spawn order. */
  get pids(): number[] {
    return this.slots.filter((s) => s.proc.pid > 0).map((s) => s.proc.pid);
  }

  /**
   * The workers in service, in spawn order: not those retiring (max_workers went down) that
   * have yet to exit, so a run recorded from now on shows only the workers that live in it.
   */
  workers(): WorkerInfo[] {
    return this.slots
      .filter((s) => s.proc.pid > 0 && s.state === 'live')
      .map((s) => ({ pid: s.proc.pid, spawnedAt: s.proc.spawnedAt, busy: s.busy }));
  }

  get broken(): boolean {
    return this.brokenError !== null;
  }

  get isShutdown(): boolean {
    return this.shutdownDone !== null;
  }

  /** Schedules fn(...args). Throws at once on an unknown name, non-JSON args, or a closed pool. */
  submit(fn: string, ...args: JsonValue[]): Future {
    this.checkOpen();
    this.checkCall(fn, args, 'args');
    return this.enqueue(fn, args);
  }

  /**
   * CPython's map: every call is submitted now; results come back in input order. With a
   * chunksize, each chunk of calls is one task. Leaving the loop early cancels what has not run.
   */
  map(
    fn: string,
    iterables: Iterable<JsonValue>[],
    opts: MapOptions = {},
  ): AsyncIterable<JsonValue> {
    const chunksize = checkCount(opts.chunksize ?? 1, 'chunksize');
    this.checkOpen();
    const calls = zip(iterables);
    calls.forEach((args, i) => this.checkCall(fn, args, `call ${i}: args`));
    const futures: Future[] = [];
    if (chunksize === 1) {
      for (const args of calls) futures.push(this.enqueue(fn, args));
    } else {
      for (let i = 0; i < calls.length; i += chunksize) {
        futures.push(this.enqueue(CHUNK_FUNCTION, [fn, calls.slice(i, i + chunksize)]));
      }
    }
    const deadline = opts.timeoutMs === undefined ? undefined : performance.now() + opts.timeoutMs;
    return orderedResults(futures, chunksize > 1, deadline);
  }

  /**
   * Changes how many workers may run. Growing spawns on demand; shrinking retires idle workers
   * now, the most recently spawned first, and busy ones after their current task.
   */
  resize(maxWorkers: number): void {
    this.maxWorkersValue = checkCount(maxWorkers, 'maxWorkers');
    this.emit({ type: 'resized', t: now(), maxWorkers: this.maxWorkersValue });
    for (let i = this.slots.length - 1; i >= 0 && this.active > this.maxWorkersValue; i--) {
      const slot = this.slots[i]!;
      if (slot.state === 'live' && !slot.busy) this.retire(slot);
    }
    this.dispatch();
  }

  /**
   * No new submissions; pending work still runs unless `cancelFutures`. Resolves, with `wait`
   * (the default), once every future is done and every worker has exited.
   */
  shutdown({ wait = true, cancelFutures = false } = {}): Promise<void> {
    if (cancelFutures) {
      for (let f = this.nextPending(); f; f = this.nextPending()) f.cancel();
    }
    if (!this.shutdownDone) {
      this.shutdownDone = new Promise((resolve) => (this.resolveShutdown = resolve));
      for (const slot of [...this.idle]) this.retire(slot);
      this.checkShutdownDone();
    }
    return wait ? this.shutdownDone : Promise.resolve();
  }

  /** Subscribes to the event stream (shared/events.ts); returns the unsubscribe function. */
  on(listener: (e: PoolEvent) => void): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  /** @internal FutureOwner: a pending future was cancelled. */
  cancelled(future: Future): void {
    this.pendingCount--;
    this.emit({ type: 'task-cancelled', t: now(), taskId: future.id });
    this.holdLoopWhileWorking();
    this.checkShutdownDone();
  }

  private checkOpen(): void {
    if (this.brokenError) throw new BrokenProcessPool(this.brokenError.message);
    if (this.shutdownDone) throw new Error('cannot schedule new futures after shutdown');
  }

  private checkCall(fn: string, args: JsonValue[], where: string): void {
    checkCall(this.settings.names, fn, args, where);
  }

  private enqueue(fn: string, args: JsonValue[]): Future {
    const future = new Future(this.nextId++, fn, args, now(), this);
    this.queue.push(future);
    this.pendingCount++;
    if (this.listeners.length > 0) {
      this.emit({ type: 'task-submitted', t: future.submittedAt, taskId: future.id, fn, args });
    }
    this.dispatch();
    return future;
  }

  /** The oldest future still waiting for a worker, taken off the queue. */
  private nextPending(): Future | undefined {
    while (this.queueHead < this.queue.length) {
      const future = this.queue[this.queueHead++]!;
      if (future.state === 'PENDING') return future;
    }
    this.queue = [];
    this.queueHead = 0;
    return undefined;
  }

  /** Hands pending tasks to idle workers, spawning one per task while below maxWorkers. */
  private dispatch(): void {
    while (this.pendingCount > 0) {
      const slot = this.idle.shift() ?? this.spawnIfRoom();
      if (!slot) break;
      this.assign(slot);
    }
    this.holdLoopWhileWorking();
  }

  private holdLoopWhileWorking(): void {
    if (this.pendingCount > 0 || this.slots.some((s) => s.busy)) this.keepAlive.ref();
    else this.keepAlive.unref();
  }

  private spawnIfRoom(): Slot | undefined {
    if (this.brokenError || this.active >= this.maxWorkersValue) return undefined;
    return this.spawn();
  }

  private spawn(): Slot {
    const slot = new Slot();
    slot.proc = new WorkerProcess(this.settings.spawn, {
      message: (m) => this.onMessage(slot, m),
      nativeOutput: (stream, line) => {
        const running = slot.inflight[slot.head];
        this.emitOutput(slot, {
          stream,
          line,
          t: now(),
          id: running?.running() ? running.id : undefined,
        });
      },
      exit: (code, signal, error) => this.onExit(slot, code, signal, error),
    });
    this.slots.push(slot);
    this.active++;
    const { modules, initializer } = this.settings;
    slot.proc.send({ ps: 'init', modules, initializer });
    if (slot.proc.pid > 0) {
      this.emit({ type: 'worker-spawned', t: slot.proc.spawnedAt, pid: slot.proc.pid });
    }
    return slot;
  }

  /** Sends the next task (or, when tasks are short, a batch of them) to a free worker. */
  private assign(slot: Slot): void {
    const quiet = this.batching.short;
    let size = this.batching.size(this.pendingCount, this.maxWorkersValue);
    const { maxTasksPerChild } = this.settings;
    if (maxTasksPerChild !== undefined) size = Math.min(size, maxTasksPerChild - slot.assigned);
    const calls: TaskCall[] = [];
    for (let f = this.nextPending(); f; f = calls.length < size ? this.nextPending() : undefined) {
      f.markDispatched();
      slot.inflight.push(f);
      calls.push([f.id, f.fn, f.args]);
    }
    this.pendingCount -= calls.length;
    slot.assigned += calls.length;
    slot.proc.send({ ps: 'run', announce: !quiet, calls });
  }

  private onMessage(slot: Slot, m: FromWorker): void {
    switch (m.ps) {
      case 'output':
        this.emitOutput(slot, m);
        return;
      case 'init-failed':
        slot.initError = `${m.error.name}: ${m.error.message}`;
        return;
    }
    // A worker being killed may still report; its tasks have already been failed.
    if (slot.state === 'killed') return;
    if (m.ps === 'started') this.onStarted(slot, m.id, m.t);
    else this.onOutcomes(slot, m.outcomes);
  }

  private onStarted(slot: Slot, id: number, t: number): void {
    const future = slot.inflight[slot.head];
    if (future?.id !== id) {
      this.protocolError(slot, `reported the start of task ${id}`);
      return;
    }
    future.markRunning(slot.proc.pid, t);
    this.emit({ type: 'task-started', t, taskId: id, pid: slot.proc.pid });
    const { taskTimeoutMs } = this.settings;
    if (taskTimeoutMs !== undefined) {
      const left = Math.max(0, t + taskTimeoutMs - now());
      slot.timer = setTimeout(() => this.timedOut(slot, future), left);
    }
  }

  private onOutcomes(slot: Slot, outcomes: TaskOutcome[]): void {
    const pid = slot.proc.pid;
    if (slot.timer) {
      clearTimeout(slot.timer);
      slot.timer = null;
    }
    for (const outcome of outcomes) {
      const future = slot.inflight[slot.head];
      const [id, startedAt, finishedAt] = outcome;
      if (future?.id !== id) {
        this.protocolError(slot, `reported the outcome of task ${id}`);
        return;
      }
      slot.head++;
      const listening = this.listeners.length > 0;
      if (!future.running()) {
        future.markRunning(pid, startedAt);
        if (listening) this.emit({ type: 'task-started', t: startedAt, taskId: id, pid });
      }
      this.batching.observe(finishedAt - startedAt);
      if (outcome[3] === 1) {
        const result = outcome[4];
        if (listening) {
          this.emit({ type: 'task-finished', t: finishedAt, taskId: id, pid, ok: true, result });
        }
        future.setResult(result, finishedAt, pid);
      } else {
        const error = outcome[4];
        if (listening) {
          this.emit({ type: 'task-finished', t: finishedAt, taskId: id, pid, ok: false, error });
        }
        future.setException(rebuildError(error), finishedAt, pid);
      }
    }
    if (!slot.busy) {
      slot.inflight = [];
      slot.head = 0;
      this.onIdle(slot);
    }
  }

  /** A worker finished all it had: retire it, give it more, or let it wait. */
  private onIdle(slot: Slot): void {
    if (slot.state !== 'live') {
      if (slot.state === 'retiring') slot.proc.retire();
      return;
    }
    const { maxTasksPerChild } = this.settings;
    const spent = maxTasksPerChild !== undefined && slot.assigned >= maxTasksPerChild;
    const finished = this.shutdownDone !== null && this.pendingCount === 0;
    if (spent || finished || this.active > this.maxWorkersValue) {
      this.retire(slot);
      this.dispatch();
    } else if (this.pendingCount > 0) {
      this.assign(slot);
    } else {
      this.idle.push(slot);
      this.holdLoopWhileWorking();
    }
  }

  /** Takes a worker out of service; it leaves once its current tasks are done. */
  private retire(slot: Slot): void {
    if (slot.state !== 'live') return;
    slot.state = 'retiring';
    this.active--;
    this.idle = this.idle.filter((s) => s !== slot);
    if (!slot.busy) slot.proc.retire();
  }

  private timedOut(slot: Slot, future: Future): void {
    slot.timer = null;
    if (slot.state !== 'live' || slot.inflight[slot.head] !== future) return;
    const error = new TimeoutError(
      `task ${future.id} (${future.fn}) exceeded the ${this.settings.taskTimeoutMs} ms task timeout: worker ${slot.proc.pid} was killed`,
    );
    this.kill(slot, error);
    this.dispatch();
  }

  private protocolError(slot: Slot, what: string): void {
    this.breakPool(new BrokenProcessPool(`worker ${slot.proc.pid} ${what} out of turn`));
  }

  /** Fails what the worker holds and terminates it. */
  private kill(slot: Slot, error: Error): void {
    this.failInflight(slot, error);
    if (slot.state === 'killed' || slot.state === 'exited') return;
    if (slot.state === 'live') this.active--;
    slot.state = 'killed';
    this.idle = this.idle.filter((s) => s !== slot);
    slot.proc.terminate();
  }

  private onExit(
    slot: Slot,
    code: number | null,
    signal: NodeJS.Signals | null,
    spawnError?: Error,
  ): void {
    const pid = slot.proc.pid;
    const died = slot.state === 'live' || (slot.state === 'retiring' && slot.busy);
    if (slot.state === 'live') this.active--;
    slot.state = 'exited';
    this.slots = this.slots.filter((s) => s !== slot);
    this.idle = this.idle.filter((s) => s !== slot);
    if (slot.timer) clearTimeout(slot.timer);
    if (pid > 0) this.emit({ type: 'worker-exited', t: now(), pid, code, signal });
    if (died) this.workerDied(slot, code, signal, spawnError);
    this.dispatch();
    this.checkShutdownDone();
  }

  private workerDied(
    slot: Slot,
    code: number | null,
    signal: NodeJS.Signals | null,
    spawnError?: Error,
  ): void {
    const pid = slot.proc.pid;
    const error = new BrokenProcessPool(
      spawnError
        ? `A process in the process pool could not be started: ${spawnError.message}`
        : slot.initError
          ? `A process in the process pool (pid ${pid}) failed to initialise: ${slot.initError}`
          : `A process in the process pool was terminated abruptly while the future was running or pending (pid ${pid}, exit code ${code}, signal ${signal})`,
    );
    // The dead worker is already out of `slots`, so breakPool would not reach its tasks.
    this.failInflight(slot, error);
    // A worker that cannot start would fail again if replaced: that breaks the pool in any mode.
    if (this.settings.onWorkerDeath === 'break' || spawnError || slot.initError) {
      this.breakPool(error);
      return;
    }
    if (!this.shutdownDone && this.active < this.maxWorkersValue) this.onIdle(this.spawn());
  }

  /** As CPython: every pending and running future fails, the other workers are terminated. */
  private breakPool(error: BrokenProcessPool): void {
    if (this.brokenError) return;
    this.brokenError = error;
    for (const slot of [...this.slots]) this.kill(slot, error);
    const t = now();
    for (let f = this.nextPending(); f; f = this.nextPending()) this.failTask(f, error, t);
    this.pendingCount = 0;
  }

  private failInflight(slot: Slot, error: Error): void {
    if (slot.timer) {
      clearTimeout(slot.timer);
      slot.timer = null;
    }
    const t = now();
    for (let i = slot.head; i < slot.inflight.length; i++)
      this.failTask(slot.inflight[i]!, error, t, slot);
    slot.inflight = [];
    slot.head = 0;
  }

  /** A task that started ends with the error on its worker; one that never started fails unstarted. */
  private failTask(future: Future, error: Error, t: number, slot?: Slot): void {
    if (slot && future.running()) {
      const pid = slot.proc.pid;
      this.emit({
        type: 'task-finished',
        t,
        taskId: future.id,
        pid,
        ok: false,
        error: serializeError(error),
      });
      future.setException(error, t, pid);
    } else {
      this.emit({
        type: 'task-failed-unstarted',
        t,
        taskId: future.id,
        error: serializeError(error),
      });
      future.setException(error, t);
    }
  }

  private checkShutdownDone(): void {
    if (this.shutdownDone && this.slots.length === 0 && this.pendingCount === 0) {
      clearInterval(this.keepAlive);
      this.resolveShutdown();
    }
  }

  private emitOutput(
    slot: Slot,
    m: { stream: OutputStream; line: string; t: number; id?: number | undefined },
  ): void {
    if (this.listeners.length === 0) return;
    const e: PoolEvent = {
      type: 'worker-output',
      t: m.t,
      pid: slot.proc.pid,
      stream: m.stream,
      line: m.line,
    };
    if (m.id !== undefined) e.taskId = m.id;
    this.emit(e);
  }

  private emit(e: PoolEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(e);
      } catch (error) {
        console.error('a pool event listener threw:', error);
      }
    }
  }
}
