/**
 * ProcessPoolExecutor: CPython's concurrent.futures API over worker processes (see launcher.ts).
 * It owns the queue of pending futures, hands them to workers that are up and free, spawns
 * workers on demand, resizes, shuts down, and breaks (or heals) when a worker dies. See docs/pool.md for where Node forces
 * a difference from CPython.
 */
import type { OutputStream, PoolEvent } from '../../shared/events';
import type { JsonValue } from '../../shared/json';
import { Batching, EXTRA_COMMITTED } from './batching';
import { clockBase, now } from './clock';
import { BrokenProcessPool, TimeoutError, rebuildError, serializeError } from './errors';
import { Future, type FutureOwner } from './future';
import { checkCall, checkCount, settingsFrom, type PoolOptions, type Settings } from './options';
import { PendingQueue } from './pending';
import { CHUNK_FUNCTION, type FromWorker, type TaskCall, type WorkerEvent } from './protocol';
import { orderedResults, zip } from './map';
import { loadTaskModules } from './task-modules';
import { GRACE_MS, WorkerProcess } from './worker-process';

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

export interface TerminateOptions {
  /** How long running calls may go on before their workers are killed (ms). Default 2000. */
  graceMs?: number;
}

/** The parent's view of one worker. */
class Slot {
  /** Set by spawn() right after construction: the process's handlers need the slot. */
  proc!: WorkerProcess;
  /** live: takes calls once ready; retiring: finishes what it has, then leaves; killed: being terminated. */
  state: 'live' | 'retiring' | 'killed' | 'exited' = 'live';
  /** It said `ready`: it takes calls. */
  ready = false;
  /** Calls sent and not finished, in order: only the first may have begun. */
  inflight: Future[] = [];
  /** Calls ever sent to it, for maxTasksPerChild. */
  assigned = 0;
  /** A `revoke` is on its way: send nothing more until it is answered. */
  revoking = false;
  timer: NodeJS.Timeout | null = null;
  initError: string | null = null;

  get busy(): boolean {
    return this.inflight.length > 0;
  }
}

export class ProcessPoolExecutor implements FutureOwner {
  private readonly settings: Settings;
  private maxWorkersValue: number;
  private readonly batching: Batching;

  /** Every worker process not yet exited, in spawn order. */
  private slots: Slot[] = [];
  /** Ready, live workers with nothing to do, longest idle first. */
  private idle: Slot[] = [];
  /** Workers in the 'live' state, ready or not: what maxWorkers bounds. */
  private active = 0;
  private readonly pending = new PendingQueue();
  /** Calls sent to a worker and not yet begun there: CPython's committed calls. */
  private committed = 0;
  private nextId = 0;
  private listeners: ((e: PoolEvent) => void)[] = [];
  private brokenError: BrokenProcessPool | null = null;
  private shutdownDone: Promise<void> | null = null;
  private resolveShutdown: () => void = () => {};
  /** startWorkers() callers waiting for the workers to come up. */
  private startWaiters: { resolve(): void; reject(e: Error): void }[] = [];
  /**
   * Holds the event loop open while calls are pending or running. Workers do not hold it
   * themselves, so a script that never calls shutdown() still ends once its work is done.
   */
  private readonly keepAlive = setInterval(() => {}, 2 ** 31 - 1).unref();

  /** Loads the task modules first, so submit() can reject unknown names synchronously. */
  static async create(options: PoolOptions = {}): Promise<ProcessPoolExecutor> {
    if (!options.launcher?.functions) await loadTaskModules(options.taskModules ?? []);
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
   * Starts workers up to maxWorkers and resolves once every one is up (has said `ready`), so
   * a run can time its calls without the start-up. Rejects if the pool breaks meanwhile.
   */
  startWorkers(): Promise<void> {
    this.checkOpen();
    while (this.active < this.maxWorkersValue) this.spawn();
    if (!this.slots.some((s) => s.state === 'live' && !s.ready)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.startWaiters.push({ resolve, reject });
      this.holdLoopWhileWorking();
    });
  }

  /**
   * Changes how many workers may run. Growing spawns on demand; shrinking retires idle workers
   * now, the most recently spawned first, and busy ones after their current calls.
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
      for (const f of this.pending.waiting()) f.cancel();
    }
    if (!this.shutdownDone) {
      this.shutdownDone = new Promise((resolve) => (this.resolveShutdown = resolve));
      for (const slot of [...this.idle]) this.retire(slot);
      for (const slot of this.slots) if (!slot.ready && !slot.busy) this.retire(slot);
      this.checkShutdownDone();
    }
    return wait ? this.shutdownDone : Promise.resolve();
  }

  /**
   * Shutdown in bounded time, for quitting: cancels every pending call, lets running ones go on
   * for `graceMs`, then kills the workers still running and fails their calls with a
   * BrokenProcessPool saying so. Resolves once every worker has exited.
   */
  async terminate({ graceMs = GRACE_MS }: TerminateOptions = {}): Promise<void> {
    if (!(typeof graceMs === 'number' && graceMs >= 0 && graceMs < Infinity)) {
      throw new RangeError(`graceMs must be a number >= 0, got ${String(graceMs)}`);
    }
    const done = this.shutdown({ cancelFutures: true });
    const timer = setTimeout(() => {
      for (const slot of [...this.slots]) {
        const error = new BrokenProcessPool(
          `the pool was terminated: worker ${slot.proc.pid} was killed, its call still running ${graceMs} ms after terminate()`,
        );
        this.kill(slot, error, 'SIGKILL');
      }
    }, graceMs);
    try {
      await done;
    } finally {
      clearTimeout(timer);
    }
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
    this.pending.cancelled();
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
    this.pending.push(future);
    if (this.listeners.length > 0) {
      this.emit({ type: 'task-submitted', t: future.submittedAt, taskId: future.id, fn, args });
    }
    this.dispatch();
    return future;
  }

  /**
   * Pull dispatch: idle workers that are up take the oldest pending calls; while calls are
   * short, workers may hold a few more (within CPython's commitment); workers are spawned for
   * calls nobody will take; and when a worker is idle with nothing pending, calls waiting
   * behind another worker's running call are asked back. Called whenever any of that changes.
   */
  private dispatch(): void {
    if (this.brokenError) return this.holdLoopWhileWorking();
    const short = this.batching.short;
    // Calls that may be long go out one at a time, each once the last has begun: then free
    // workers start them in submission order, whatever order the OS wakes the workers in.
    while (this.pending.size > 0 && this.idle.length > 0 && (short || this.committed === 0)) {
      this.send(this.idle.shift()!);
    }
    if (short) this.sendAhead();
    const booting = this.slots.filter((s) => s.state === 'live' && !s.ready).length;
    for (let uncovered = this.pending.size - booting; uncovered > 0; uncovered--) {
      if (this.active >= this.maxWorkersValue) break;
      this.spawn();
    }
    if (this.pending.size === 0 && this.idle.length > 0) this.revokeWaiting();
    this.holdLoopWhileWorking();
  }

  /** Room for calls sent and not begun, as CPython's call queue holds maxWorkers + 1. */
  private get room(): number {
    return this.maxWorkersValue + EXTRA_COMMITTED - this.committed;
  }

  /** Sends the calls an idle worker takes: one, or while calls are short, a few. */
  private send(slot: Slot): void {
    const share = Math.ceil(this.pending.size / this.maxWorkersValue);
    const size = Math.max(1, Math.min(this.batching.depth, share, this.room));
    if (this.assign(slot, size) === 0) this.retire(slot); // it has run its maxTasksPerChild
  }

  /** Short calls: tops up the least loaded workers, within the commitment. */
  private sendAhead(): void {
    const depth = this.batching.depth;
    const open = this.slots.filter(
      (s) => s.state === 'live' && s.ready && !s.revoking && s.inflight.length < depth,
    );
    // Plan first, least loaded first, so each worker gets its share in one message.
    const extra = new Map<Slot, number>();
    for (let left = Math.min(this.room, this.pending.size); left > 0; left--) {
      let best: Slot | undefined;
      let bestLoad = depth;
      for (const s of open) {
        const load = s.inflight.length + (extra.get(s) ?? 0);
        if (load < bestLoad) [best, bestLoad] = [s, load];
      }
      if (!best) break;
      extra.set(best, (extra.get(best) ?? 0) + 1);
    }
    for (const [slot, count] of extra) this.assign(slot, count);
  }

  /** Sends up to `size` pending calls to the worker; returns how many it sent. */
  private assign(slot: Slot, size: number): number {
    const { maxTasksPerChild } = this.settings;
    if (maxTasksPerChild !== undefined) size = Math.min(size, maxTasksPerChild - slot.assigned);
    const calls: TaskCall[] = [];
    for (let f = size > 0 ? this.pending.take() : undefined; f;) {
      f.markDispatched();
      slot.inflight.push(f);
      calls.push([f.id, f.fn, f.args]);
      f = calls.length < size ? this.pending.take() : undefined;
    }
    if (calls.length === 0) return 0;
    this.committed += calls.length;
    slot.assigned += calls.length;
    // Calls observed short go unannounced: their starts ride with their outcomes.
    slot.proc.send({ ps: 'run', calls, announce: !this.batching.short });
    return calls.length;
  }

  /** Asks workers holding calls behind a running one to give them back, for an idle worker. */
  private revokeWaiting(): void {
    for (const slot of this.slots) {
      if (slot.state !== 'live' || slot.revoking || slot.inflight.length < 2) continue;
      if (!slot.inflight[0]!.running()) continue;
      slot.revoking = true;
      slot.proc.send({ ps: 'revoke' });
    }
  }

  private holdLoopWhileWorking(): void {
    const starting = this.startWaiters.length > 0;
    if (this.pending.size > 0 || starting || this.slots.some((s) => s.busy)) this.keepAlive.ref();
    else this.keepAlive.unref();
  }

  private spawn(): Slot {
    const slot = new Slot();
    slot.proc = new WorkerProcess(this.settings.launcher, {
      message: (m) => this.onMessage(slot, m),
      malformed: (error) => this.protocolError(slot, error.message),
      nativeOutput: (stream, line) => {
        const running = slot.inflight[0];
        this.emitOutput(slot, stream, line, now(), running?.running() ? running.id : null);
      },
      exit: (code, signal, error) => this.onExit(slot, code, signal, error),
    });
    this.slots.push(slot);
    this.active++;
    const { modules, initializer } = this.settings;
    slot.proc.send({ ps: 'init', modules, initializer, clock: clockBase() });
    if (slot.proc.pid > 0) {
      this.emit({ type: 'worker-spawned', t: slot.proc.spawnedAt, pid: slot.proc.pid });
    }
    return slot;
  }

  private onMessage(slot: Slot, m: FromWorker): void {
    switch (m.ps) {
      case 'init-failed':
        slot.initError = `${m.error.name}: ${m.error.message}`;
        return;
      case 'ready':
        if (slot.ready) return this.protocolError(slot, 'said ready twice');
        slot.ready = true;
        this.onIdle(slot);
        this.settleStartWaiters();
        return;
      case 'report':
        this.onReport(slot, m.events);
        return;
    }
  }

  /**
   * A worker's report, in two passes: first the bookkeeping (which calls began, which ended),
   * so the worker's next calls go out at once; then the events and the futures' outcomes, in
   * the worker's order, with whatever the listeners and callbacks do.
   */
  private onReport(slot: Slot, events: WorkerEvent[]): void {
    // A worker being killed may still report; its calls have already been failed.
    if (slot.state === 'killed' || this.brokenError) return;
    const futures: (Future | undefined)[] = [];
    let problem: string | undefined;
    for (const e of events) {
      problem = this.account(slot, e, futures);
      if (problem) break;
    }
    if (!problem) {
      if (slot.inflight.length === 0) this.onIdle(slot);
      else this.dispatch();
    }
    for (let i = 0; i < futures.length; i++) this.announce(slot, events[i]!, futures[i]);
    if (problem) this.protocolError(slot, problem);
  }

  /**
   * The bookkeeping of one event: pushes the future it concerns (if any) onto `futures`, or
   * returns what is wrong with it.
   */
  private account(slot: Slot, e: WorkerEvent, futures: (Future | undefined)[]): string | undefined {
    const pid = slot.proc.pid;
    const head = slot.inflight[0];
    switch (e[0]) {
      case 'start': {
        const [, id, t] = e;
        if (head?.id !== id || head.running()) {
          return `reported the start of call ${id} out of turn`;
        }
        head.markRunning(pid, t);
        this.committed--;
        const { taskTimeoutMs } = this.settings;
        if (taskTimeoutMs !== undefined) {
          const left = Math.max(0, t + taskTimeoutMs - now());
          slot.timer = setTimeout(() => this.timedOut(slot, head), left);
        }
        futures.push(head);
        return;
      }
      case 'out': {
        const id = e[1];
        if (id !== null && (head?.id !== id || !head.running())) {
          return `reported output of call ${id}, which is not running`;
        }
        futures.push(undefined);
        return;
      }
      case 'done': {
        const [, id, startedAt, finishedAt] = e;
        if (head?.id !== id || !head.running()) return `reported the end of call ${id} out of turn`;
        slot.inflight.shift();
        if (slot.timer) {
          clearTimeout(slot.timer);
          slot.timer = null;
        }
        this.batching.observe(finishedAt - startedAt);
        futures.push(head);
        return;
      }
      case 'revoked': {
        const ids = e[1];
        if (!slot.revoking) return 'gave back calls it was not asked for';
        const given = slot.inflight.slice(slot.inflight.length - ids.length);
        if (given.some((f, i) => f.id !== ids[i] || f.running())) {
          return `gave back calls ${ids.join(', ')}, which it does not hold unbegun`;
        }
        slot.revoking = false;
        slot.inflight.length -= ids.length;
        slot.assigned -= ids.length;
        this.committed -= ids.length;
        for (const f of given) f.markReturned();
        this.pending.restore(given);
        futures.push(undefined);
        return;
      }
    }
  }

  /** The second pass over one event: what listeners hear, and the future's outcome. */
  private announce(slot: Slot, e: WorkerEvent, future: Future | undefined): void {
    const pid = slot.proc.pid;
    const listening = this.listeners.length > 0;
    switch (e[0]) {
      case 'start':
        if (listening) this.emit({ type: 'task-started', t: e[2], taskId: e[1], pid });
        return;
      case 'out':
        this.emitOutput(slot, e[3], e[4], e[2], e[1]);
        return;
      case 'done': {
        const [, taskId, , t] = e;
        if (e[4] === 1) {
          const result = e[5];
          if (listening) this.emit({ type: 'task-finished', t, taskId, pid, ok: true, result });
          future!.setResult(result, t, pid);
        } else {
          const error = e[5];
          if (listening) this.emit({ type: 'task-finished', t, taskId, pid, ok: false, error });
          future!.setException(rebuildError(error), t, pid);
        }
        return;
      }
    }
  }

  /** A worker has nothing in flight: retire it, give it more, or let it wait. */
  private onIdle(slot: Slot): void {
    if (slot.state !== 'live') {
      if (slot.state === 'retiring' && !slot.busy) slot.proc.retire();
      return;
    }
    if (!slot.ready) return;
    const { maxTasksPerChild } = this.settings;
    const spent = maxTasksPerChild !== undefined && slot.assigned >= maxTasksPerChild;
    const finished = this.shutdownDone !== null && this.pending.size === 0;
    if (spent || finished || this.active > this.maxWorkersValue) {
      this.retire(slot);
    } else if (!this.idle.includes(slot)) {
      this.idle.push(slot);
    }
    this.dispatch();
  }

  /** Takes a worker out of service; it leaves once its calls are done. */
  private retire(slot: Slot): void {
    if (slot.state !== 'live') return;
    slot.state = 'retiring';
    this.active--;
    this.idle = this.idle.filter((s) => s !== slot);
    if (!slot.busy) slot.proc.retire();
    this.settleStartWaiters();
  }

  private timedOut(slot: Slot, future: Future): void {
    slot.timer = null;
    if (slot.state !== 'live' || slot.inflight[0] !== future) return;
    const error = new TimeoutError(
      `task ${future.id} (${future.fn}) exceeded the ${this.settings.taskTimeoutMs} ms task timeout: worker ${slot.proc.pid} was killed`,
    );
    this.kill(slot, error);
    this.dispatch();
  }

  private protocolError(slot: Slot, what: string): void {
    this.breakPool(new BrokenProcessPool(`worker ${slot.proc.pid} broke the protocol: it ${what}`));
  }

  /** Fails what the worker holds and terminates it (SIGTERM, SIGKILL after the grace). */
  private kill(slot: Slot, error: Error, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): void {
    this.failInflight(slot, error);
    if (slot.state === 'exited') return;
    if (slot.state === 'live') this.active--;
    slot.state = 'killed';
    this.idle = this.idle.filter((s) => s !== slot);
    if (signal === 'SIGKILL') slot.proc.kill();
    else slot.proc.terminate();
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
    this.settleStartWaiters();
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
    // The dead worker is already out of `slots`, so breakPool would not reach its calls.
    this.failInflight(slot, error);
    // A worker that cannot start would fail again if replaced: that breaks the pool in any mode.
    if (this.settings.onWorkerDeath === 'break' || spawnError || slot.initError || !slot.ready) {
      this.breakPool(error);
      return;
    }
    if (!this.shutdownDone && this.active < this.maxWorkersValue) this.spawn();
  }

  /** As CPython: every pending and running future fails, the other workers are terminated. */
  private breakPool(error: BrokenProcessPool): void {
    if (this.brokenError) return;
    this.brokenError = error;
    for (const slot of [...this.slots]) this.kill(slot, error);
    const t = now();
    for (let f = this.pending.take(); f; f = this.pending.take()) this.failTask(f, error, t);
    this.settleStartWaiters();
  }

  private failInflight(slot: Slot, error: Error): void {
    if (slot.timer) {
      clearTimeout(slot.timer);
      slot.timer = null;
    }
    const t = now();
    const calls = slot.inflight;
    slot.inflight = [];
    for (const f of calls) {
      if (!f.running()) this.committed--;
      this.failTask(f, error, t, slot);
    }
  }

  /** A call that began ends with the error on its worker; one that never began fails unstarted. */
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

  /** Resolves startWorkers() once no live worker is still starting; rejects if broken. */
  private settleStartWaiters(): void {
    if (this.startWaiters.length === 0) return;
    const error = this.brokenError;
    if (!error && this.slots.some((s) => s.state === 'live' && !s.ready)) return;
    const waiters = this.startWaiters;
    this.startWaiters = [];
    for (const w of waiters) {
      if (error) w.reject(new BrokenProcessPool(error.message));
      else w.resolve();
    }
    this.holdLoopWhileWorking();
  }

  private checkShutdownDone(): void {
    if (this.shutdownDone && this.slots.length === 0 && this.pending.size === 0) {
      clearInterval(this.keepAlive);
      this.resolveShutdown();
    }
  }

  private emitOutput(
    slot: Slot,
    stream: OutputStream,
    line: string,
    t: number,
    id: number | null,
  ): void {
    if (this.listeners.length === 0) return;
    const e: PoolEvent = { type: 'worker-output', t, pid: slot.proc.pid, stream, line };
    if (id !== null) e.taskId = id;
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
