/**
 * Turns what a traced script reports (wire events from its processes, the master's own output
 * lines) into the app's pool events and trace, as PoolScope's pool would have sent them: lanes
 * from the workers' PIDs, bars from the workers' own stamps. Pure: no process, no socket.
 */
import type { OutputStream, PoolEvent, SerializedError } from '../../shared/events';
import { applyEvent, emptyTrace, type Trace, type TraceScript } from '../../shared/trace';
import type { WireEvent } from './wire';

/** Output lines kept per run; past it lines are counted, not kept. */
export const MAX_OUTPUT_LINES = 20_000;
/** A master output line longer than this is cut. */
export const MAX_OUTPUT_LINE = 10_000;
/** Worker events held for calls whose submit has not arrived yet (see `early`). */
const MAX_EARLY_EVENTS = 10_000;

export interface ScriptTraceHeader {
  name: string;
  startedAt: number;
  cpuCount: number;
  masterPid: number;
  /** The max_workers PoolScope asked for, or the CPU count (CPython's default) when none. */
  maxWorkers: number;
  script: Pick<TraceScript, 'path' | 'args' | 'maxWorkersFrom'>;
}

export class ScriptTrace {
  readonly trace: Trace;
  private readonly script: TraceScript;
  private readonly spawned = new Set<number>();
  /** The TIDs of the master's threads that are workers (a ThreadPoolExecutor's). */
  private readonly threads = new Set<number>();
  /**
   * A worker's events come on its own connection, the submit on the master's: a worker's start
   * can be read before the master's submit of the same call. They wait here for it.
   */
  private readonly early = new Map<number, WireEvent[]>();
  private earlyCount = 0;
  private listener: ((e: PoolEvent) => void) | null = null;

  constructor(header: ScriptTraceHeader) {
    const { script, ...rest } = header;
    this.script = { ...script, pools: [], droppedOutput: 0, droppedEvents: 0 };
    this.trace = { ...emptyTrace(rest), runtime: 'python-script', script: this.script };
  }

  /** Every pool event, once applied to `trace`. */
  onEvent(listener: (e: PoolEvent) => void): void {
    this.listener = listener;
  }

  get pools(): number {
    return this.script.pools.length;
  }

  /** A wire line that failed to parse or bounds (counted in the trace). */
  refused(): void {
    this.script.droppedEvents++;
  }

  /** A line the master wrote to its stdout or stderr, stamped when PoolScope read it. */
  masterLine(stream: OutputStream, line: string, t: number): void {
    const clipped = line.length > MAX_OUTPUT_LINE ? line.slice(0, MAX_OUTPUT_LINE) : line;
    this.output({ type: 'worker-output', t, pid: this.trace.masterPid, stream, line: clipped });
  }

  wire(e: WireEvent): void {
    if (
      (e.e === 'start' || e.e === 'finish' || (e.e === 'out' && e.id !== undefined)) &&
      !this.task(e.id!)
    ) {
      this.holdEarly(e.id!, e);
      return;
    }
    switch (e.e) {
      case 'hello':
        return;
      case 'master':
        this.trace.python = {
          version: e.python,
          executable: e.executable,
          startMethod: e.startMethod,
        };
        this.header(e.t);
        return;
      case 'pool':
        this.pool(e);
        return;
      case 'spawn':
        if (this.spawned.has(e.pid)) return;
        this.spawned.add(e.pid);
        if (e.thread !== undefined) this.threads.add(e.pid);
        this.apply({
          type: 'worker-spawned',
          t: e.t,
          pid: e.pid,
          ...(e.thread !== undefined && { thread: e.thread }),
        });
        return;
      case 'exit':
        if (!this.spawned.has(e.pid)) return;
        this.apply({ type: 'worker-exited', t: e.t, pid: e.pid, code: e.code, signal: e.signal });
        return;
      case 'submit':
        if (this.trace.tasks[e.id]) return this.refused();
        this.apply({ type: 'task-submitted', t: e.t, taskId: e.id, fn: e.fn, args: e.args });
        this.replayEarly(e.id);
        return;
      case 'queued':
        // From the master; the worker's start may have been read first.
        if (!this.task(e.id) || this.task(e.id)?.queuedAt !== undefined) return;
        this.apply({ type: 'task-queued', t: e.t, taskId: e.id });
        return;
      case 'start': {
        const task = this.task(e.id);
        if (!task || task.finishedAt !== undefined) return;
        this.apply(this.onThread({ type: 'task-started', t: e.t, taskId: e.id, pid: e.pid }));
        return;
      }
      case 'finish': {
        if (!this.task(e.id)) return;
        const base = { type: 'task-finished', t: e.t, taskId: e.id, pid: e.pid } as const;
        this.apply(
          this.onThread(
            e.ok ? { ...base, ok: true, result: e.result } : { ...base, ok: false, error: e.error },
          ),
        );
        return;
      }
      case 'done':
        this.done(e);
        return;
      case 'out': {
        const line: PoolEvent = {
          type: 'worker-output',
          t: e.t,
          pid: e.pid,
          stream: e.stream,
          line: e.line,
        };
        if (e.id !== undefined && this.task(e.id)) line.taskId = e.id;
        this.output(line);
        return;
      }
    }
  }

  /** Stamps the end: exit status and endedAt. */
  finish(end: { t: number; exitCode: number | null; signal: string | null }): Trace {
    this.script.droppedEvents += this.earlyCount; // held for a submit that never came
    this.early.clear();
    this.script.exitCode = end.exitCode;
    this.script.signal = end.signal;
    if (this.script.droppedOutput > 0) {
      // Said in the output too, where the reader notices the gap.
      this.apply({
        type: 'worker-output',
        t: end.t,
        pid: this.trace.masterPid,
        stream: 'stderr',
        line: `[PoolScope kept the first ${MAX_OUTPUT_LINES} lines: ${this.script.droppedOutput} more not kept]`,
      });
    }
    this.header(end.t);
    this.trace.endedAt ??= end.t - this.trace.startedAt;
    return this.trace;
  }

  /** Tells the live views what this trace's header now says (this trace has it already). */
  private header(t: number): void {
    const { python } = this.trace;
    this.listener?.({
      type: 'script-header',
      t,
      maxWorkers: this.trace.maxWorkers,
      ...(python && { python: { ...python } }),
      script: structuredClone(this.script),
    });
  }

  private task(id: number) {
    return this.trace.tasks[id];
  }

  private holdEarly(id: number, e: WireEvent): void {
    if (this.earlyCount >= MAX_EARLY_EVENTS) return this.refused();
    this.earlyCount++;
    const held = this.early.get(id);
    if (held) held.push(e);
    else this.early.set(id, [e]);
  }

  private replayEarly(id: number): void {
    const held = this.early.get(id);
    if (!held) return;
    this.early.delete(id);
    this.earlyCount -= held.length;
    for (const e of held) this.wire(e);
  }

  private pool(e: Extract<WireEvent, { e: 'pool' }>): void {
    this.script.pools.push({ kind: e.kind, maxWorkers: e.maxWorkers, startMethod: e.startMethod });
    if (this.trace.python) this.trace.python.startMethod = e.startMethod;
    if (
      this.script.pools.length === 1 &&
      e.asked !== null &&
      this.script.maxWorkersFrom !== 'forced'
    ) {
      this.script.maxWorkersFrom = 'script';
    }
    if (e.maxWorkers !== this.trace.maxWorkers) {
      // The pool's real size, marked where the pool was made (the header guessed before).
      this.trace.maxWorkers = e.maxWorkers;
      this.apply({ type: 'resized', t: e.t, maxWorkers: e.maxWorkers });
    }
    this.header(e.t);
  }

  /** The call ends failed on worker `pid`, with the master's word for it. */
  private failOn(pid: number, e: { t: number; id: number }, error: SerializedError): void {
    this.apply(
      this.onThread({ type: 'task-finished', t: e.t, taskId: e.id, pid, ok: false, error }),
    );
  }

  /** Flags a call's event when its worker is one of the master's threads (`pid` is its TID). */
  private onThread(
    event: Extract<PoolEvent, { type: 'task-started' | 'task-finished' }>,
  ): PoolEvent {
    if (this.threads.has(event.pid)) event.thread = true;
    return event;
  }

  /** The master's view of a future's end: only what no worker could report. */
  private done(e: Extract<WireEvent, { e: 'done' }>): void {
    const task = this.task(e.id);
    if (!task) return;
    if (e.cancelled) {
      if (task.status === 'pending') this.apply({ type: 'task-cancelled', t: e.t, taskId: e.id });
      return;
    }
    const error: SerializedError | undefined = e.error;
    if (!error) return;
    if (e.remote) {
      // The worker raised and already said so, with its traceback; unless it reported success
      // and the result then failed on the way back (say, it would not pickle).
      if (task.status === 'done' && task.pid !== undefined) this.failOn(task.pid, e, error);
      return;
    }
    if (task.status === 'done' || task.status === 'failed') return;
    if (task.pid !== undefined) {
      // It was running on a worker that died: BrokenProcessPool, at the moment the master knew.
      this.failOn(task.pid, e, error);
    } else {
      this.apply({ type: 'task-failed-unstarted', t: e.t, taskId: e.id, error });
    }
  }

  private output(e: PoolEvent): void {
    if (this.trace.output.length >= MAX_OUTPUT_LINES) {
      this.script.droppedOutput++;
      return;
    }
    this.apply(e);
  }

  private apply(e: PoolEvent): void {
    applyEvent(this.trace, e);
    this.listener?.(e);
  }
}
