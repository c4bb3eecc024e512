/**
 * The heart of a worker, free of process details so it can be tested directly: it loads task
 * modules, runs the initializer, then runs calls one at a time in arrival order and reports
 * each outcome with start and finish stamped here.
 */
import { jsonProblem, type JsonValue } from '../../shared/json';
import { now } from '../pool/clock';
import { serializeError } from '../pool/errors';
import {
  CHUNK_FUNCTION,
  isToWorker,
  taskExports,
  type FromWorker,
  type TaskFunction,
  type TaskOutcome,
  type ToWorker,
} from '../pool/protocol';

export interface RunnerHost {
  send(message: FromWorker): void;
  /** Sends the message, then exits with `code` once it is written. */
  sendAndExit(message: FromWorker, code: number): void;
  importModule(path: string): Promise<Record<string, unknown>>;
  /** A task started (its id) or ended (undefined): output written in between belongs to it. */
  taskChanged(id: number | undefined): void;
}

type RunMessage = Extract<ToWorker, { ps: 'run' }>;

export class Runner {
  private readonly functions = new Map<string, TaskFunction>();
  private readonly queue: RunMessage[] = [];
  /** True until initialised, and while an asynchronous task runs: calls wait their turn. */
  private blocked = true;

  constructor(
    builtins: Readonly<Record<string, TaskFunction>>,
    private readonly host: RunnerHost,
  ) {
    for (const [name, fn] of Object.entries(builtins)) this.functions.set(name, fn);
    this.functions.set(CHUNK_FUNCTION, (fn, chunk) => this.processChunk(fn, chunk));
  }

  /** Takes one message from the parent; untagged messages belong to someone else. */
  receive(message: unknown): void {
    if (!isToWorker(message)) return;
    if (message.ps === 'init') {
      this.init(message);
    } else {
      this.queue.push(message);
      this.pump();
    }
  }

  private init(message: Extract<ToWorker, { ps: 'init' }>): void {
    if (message.modules.length === 0 && !message.initializer) {
      this.unblock();
      return;
    }
    this.load(message).then(
      () => this.unblock(),
      (error: unknown) =>
        this.host.sendAndExit({ ps: 'init-failed', error: serializeError(error) }, 1),
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

  private unblock(): void {
    this.blocked = false;
    this.pump();
  }

  private pump(): void {
    while (!this.blocked) {
      const job = this.queue.shift();
      if (!job) return;
      const pending = this.runCalls(job, 0, []);
      if (pending) {
        this.blocked = true;
        void pending.then(() => this.unblock());
      }
    }
  }

  /**
   * Runs the job's calls from `from` on, synchronously for as long as they are synchronous (a
   * batch of short calls costs no promise), and returns a promise only once a call is not.
   */
  private runCalls(job: RunMessage, from: number, outcomes: TaskOutcome[]): Promise<void> | void {
    const { calls, announce } = job;
    for (let i = from; i < calls.length; i++) {
      const [id, fn, args] = calls[i]!;
      const t0 = now();
      this.host.taskChanged(id);
      if (announce) this.host.send({ ps: 'started', id, t: t0 });
      let value: unknown;
      try {
        value = this.call(fn, args);
      } catch (error) {
        outcomes.push(this.failed(id, t0, error));
        continue;
      }
      if (isThenable(value)) {
        return Promise.resolve(value)
          .then(
            (v) => outcomes.push(this.succeeded(id, fn, t0, v)),
            (error: unknown) => outcomes.push(this.failed(id, t0, error)),
          )
          .then(() => this.runCalls(job, i + 1, outcomes));
      }
      outcomes.push(this.succeeded(id, fn, t0, value));
    }
    this.host.send({ ps: 'done', outcomes });
  }

  private call(fn: string, args: JsonValue[]): unknown {
    const f = this.functions.get(fn);
    if (!f) throw new TypeError(`unknown function "${fn}" in worker ${process.pid}`);
    return f(...args);
  }

  /** What `map(fn, ..., { chunksize })` runs: `fn` over each argument tuple, in order. */
  private async processChunk(fn: JsonValue, chunk: JsonValue): Promise<JsonValue[]> {
    const results: JsonValue[] = [];
    for (const args of chunk as JsonValue[][]) {
      results.push(((await this.call(fn as string, args)) ?? null) as JsonValue);
    }
    return results;
  }

  private succeeded(id: number, fn: string, t0: number, value: unknown): TaskOutcome {
    const t1 = now();
    this.host.taskChanged(undefined);
    // A result must survive JSON on its way back; undefined becomes null, as None.
    const result = value === undefined ? null : value;
    const problem = jsonProblem(result, 'the result');
    if (problem) {
      const error = new TypeError(`${fn} returned a value that cannot be sent back: ${problem}`);
      return [id, t0, t1, 0, serializeError(error)];
    }
    return [id, t0, t1, 1, result as JsonValue];
  }

  private failed(id: number, t0: number, error: unknown): TaskOutcome {
    const t1 = now();
    this.host.taskChanged(undefined);
    return [id, t0, t1, 0, serializeError(error)];
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
