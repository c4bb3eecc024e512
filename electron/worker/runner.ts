/**
 * The heart of a Node worker, free of process details so it can be tested directly: it loads
 * task modules, runs the initializer, says it is ready, then runs calls one at a time in
 * arrival order and reports what happened (docs/pool.md "Protocol"): starts, output lines and
 * outcomes, coalesced into few messages without holding any back.
 */
import { jsonProblem, type JsonValue } from '../../shared/json';
import type { OutputStream } from '../../shared/events';
import { now, useClockBase } from '../pool/clock';
import { serializeError } from '../pool/errors';
import type { FromWorker, TaskCall, ToWorker, WorkerEvent } from '../pool/protocol';
import {
  CHUNK_FUNCTION,
  FLUSH_MS,
  MAX_LINE,
  MAX_REPORT_EVENTS,
  taskExports,
  type TaskFunction,
} from '../pool/wire';

export interface RunnerHost {
  send(message: FromWorker): void;
  /** Exits with `code` once everything sent has been written. */
  exit(code: number): void;
  importModule(path: string): Promise<Record<string, unknown>>;
  /** Runs `fn` once the event loop has nothing else to do (setImmediate). */
  whenIdle(fn: () => void): void;
  /** A call ends: unfinished output lines are written now, so they belong to it. */
  endLines(): void;
}

const TAGS = new Set(['init', 'run', 'revoke', 'stop']);

export class Runner {
  private readonly functions = new Map<string, TaskFunction>();
  /** Calls received and not begun. */
  private queue: TaskCall[] = [];
  /** Per queued call: the parent wants its start before it runs. */
  private announce: boolean[] = [];
  private head = 0;
  private ready = false;
  /** An asynchronous call is running: later calls wait their turn. */
  private awaiting = false;
  private stopping = false;
  /** The running call's id, for its output. */
  private current: number | null = null;
  private events: WorkerEvent[] = [];
  private oldest = 0;
  private idleFlushQueued = false;

  constructor(
    builtins: Readonly<Record<string, TaskFunction>>,
    private readonly host: RunnerHost,
  ) {
    for (const [name, fn] of Object.entries(builtins)) this.functions.set(name, fn);
    this.functions.set(CHUNK_FUNCTION, (fn, chunk) => this.processChunk(fn, chunk));
  }

  /** Takes one message from the parent; untagged messages belong to someone else. */
  receive(message: unknown): void {
    const tag = (message as { ps?: unknown } | null)?.ps;
    if (typeof tag !== 'string' || !TAGS.has(tag)) return;
    const m = message as ToWorker;
    switch (m.ps) {
      case 'init':
        this.init(m);
        return;
      case 'run':
        for (const call of m.calls) {
          this.queue.push(call);
          this.announce.push(m.announce);
        }
        this.pump();
        return;
      case 'revoke': {
        const ids = this.queue.slice(this.head).map(([id]) => id);
        this.queue = [];
        this.announce = [];
        this.head = 0;
        this.add(['revoked', ids]);
        this.flush();
        return;
      }
      case 'stop':
        this.stopping = true;
        this.pump();
        return;
    }
  }

  /** A line the running call (or, outside calls, the worker) wrote. */
  line(stream: OutputStream, text: string): void {
    for (let i = 0; i === 0 || i < text.length; i += MAX_LINE) {
      this.add(['out', this.current, now(), stream, text.slice(i, i + MAX_LINE)]);
    }
  }

  private init(message: Extract<ToWorker, { ps: 'init' }>): void {
    useClockBase(message.clock);
    if (message.modules.length === 0 && !message.initializer) {
      this.becomeReady();
      return;
    }
    this.load(message).then(
      () => this.becomeReady(),
      (error: unknown) => {
        this.flush();
        this.host.send({ ps: 'init-failed', error: serializeError(error) });
        this.host.exit(1);
      },
    );
  }

  private async load({ modules, initializer }: Extract<ToWorker, { ps: 'init' }>): Promise<void> {
    for (const path of modules) {
      for (const [name, fn] of taskExports(await this.host.importModule(path))) {
        this.functions.set(name, fn);
      }
    }
    if (initializer) await this.call(initializer.fn, initializer.args);
  }

  private becomeReady(): void {
    this.host.endLines();
    this.flush();
    this.host.send({ ps: 'ready' });
    this.ready = true;
    this.pump();
  }

  /** Runs queued calls until one awaits or none is left; synchronous ones cost no promise. */
  private pump(): void {
    while (this.ready && !this.awaiting && this.head < this.queue.length) {
      const announce = this.announce[this.head]!;
      const [id, fn, args] = this.queue[this.head++]!;
      const t0 = now();
      this.current = id;
      this.add(['start', id, t0]);
      // The parent cannot tell whether it is long, and nothing is queued behind it: the parent
      // hears of its start now, even if it blocks this thread.
      if (announce && this.head === this.queue.length) this.flush();
      let value: unknown;
      try {
        value = this.call(fn, args);
      } catch (error) {
        this.failed(id, t0, error);
        continue;
      }
      if (isThenable(value)) {
        this.awaiting = true;
        this.flushWhenIdle();
        Promise.resolve(value)
          .then(
            (v) => this.succeeded(id, fn, t0, v),
            (error: unknown) => this.failed(id, t0, error),
          )
          .finally(() => {
            this.awaiting = false;
            this.pump();
          });
        return;
      }
      this.succeeded(id, fn, t0, value);
    }
    if (this.awaiting || !this.ready) return;
    this.queue.length = this.announce.length = this.head = 0;
    this.flush();
    if (this.stopping) this.host.exit(0);
  }

  private call(fn: string, args: JsonValue[]): unknown {
    const f = this.functions.get(fn);
    if (!f) throw new TypeError(`unknown function "${fn}" in worker ${process.pid}`);
    return f(...args);
  }

  /**
   * What `map(fn, ..., { chunksize })` runs: `fn` over each argument tuple, in order. It waits
   * only for a call that returns a promise: a chunk of synchronous calls is one synchronous call.
   */
  private processChunk(fn: JsonValue, chunk: JsonValue): JsonValue[] | Promise<JsonValue[]> {
    const calls = chunk as JsonValue[][];
    const results: JsonValue[] = [];
    const rest = async (from: number, pending: unknown): Promise<JsonValue[]> => {
      results.push(((await pending) ?? null) as JsonValue);
      for (let i = from; i < calls.length; i++) {
        results.push(((await this.call(fn as string, calls[i]!)) ?? null) as JsonValue);
      }
      return results;
    };
    for (let i = 0; i < calls.length; i++) {
      const value = this.call(fn as string, calls[i]!);
      if (isThenable(value)) return rest(i + 1, value);
      results.push((value ?? null) as JsonValue);
    }
    return results;
  }

  private succeeded(id: number, fn: string, t0: number, value: unknown): void {
    const t1 = now();
    this.endCall();
    // A result must survive JSON on its way back; undefined becomes null, as None.
    const result = value === undefined ? null : value;
    const problem = jsonProblem(result, 'the result');
    if (problem) {
      const error = new TypeError(`${fn} returned a value that cannot be sent back: ${problem}`);
      this.add(['done', id, t0, t1, 0, serializeError(error)]);
    } else {
      this.add(['done', id, t0, t1, 1, result as JsonValue]);
    }
  }

  private failed(id: number, t0: number, error: unknown): void {
    const t1 = now();
    this.endCall();
    this.add(['done', id, t0, t1, 0, serializeError(error)]);
  }

  private endCall(): void {
    this.host.endLines();
    this.current = null;
  }

  /** Buffers an event; sends the buffer once it is full or its oldest event is FLUSH_MS old. */
  private add(event: WorkerEvent): void {
    const t = now();
    if (this.events.length === 0) this.oldest = t;
    this.events.push(event);
    if (this.events.length >= MAX_REPORT_EVENTS || t - this.oldest >= FLUSH_MS) this.flush();
    else this.flushWhenIdle();
  }

  private flushWhenIdle(): void {
    if (this.idleFlushQueued) return;
    this.idleFlushQueued = true;
    this.host.whenIdle(() => {
      this.idleFlushQueued = false;
      this.flush();
    });
  }

  private flush(): void {
    if (this.events.length === 0) return;
    const events = this.events;
    this.events = [];
    this.host.send({ ps: 'report', events });
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
