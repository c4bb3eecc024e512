/**
 * One forked worker, identified by its PID: spawn, send, read its output, and report its exit
 * once, after every message it sent has arrived.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { OutputStream } from '../../shared/events';
import { now } from './clock';
import { LineBuffer } from './lines';
import { isFromWorker, type FromWorker, type ToWorker } from './protocol';

/** How long a worker may take to leave before it is killed. */
export const GRACE_MS = 2000;

export interface SpawnOptions {
  workerPath: string;
  execPath?: string;
  env?: NodeJS.ProcessEnv;
}

export interface WorkerHandlers {
  message(message: FromWorker): void;
  /** A line the worker's process wrote natively to its real stdout or stderr. */
  nativeOutput(stream: OutputStream, line: string): void;
  /** The process is gone and its channel drained; `error` is set when it never started. */
  exit(code: number | null, signal: NodeJS.Signals | null, error?: Error): void;
}

export class WorkerProcess {
  readonly pid: number;
  readonly spawnedAt: number;
  private readonly child: ChildProcess;
  private exitStatus: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  private channelClosed = false;
  private reported = false;
  private killTimer: NodeJS.Timeout | null = null;

  constructor(options: SpawnOptions, handlers: WorkerHandlers) {
    this.spawnedAt = now();
    this.child = fork(options.workerPath, [], {
      execPath: options.execPath,
      env: options.env,
      // Flags of the parent (a debugger, vitest's loaders) are not for workers.
      execArgv: [],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    this.pid = this.child.pid ?? -1;
    this.holdLoop(false);
    this.child.on('message', (m: unknown) => {
      if (isFromWorker(m)) handlers.message(m);
    });
    this.readLines(this.child.stdout, 'stdout', handlers);
    this.readLines(this.child.stderr, 'stderr', handlers);
    // Report the exit once both the process has ended and the channel has delivered everything.
    const settle = (error?: Error) => {
      if (this.reported || (!error && (!this.exitStatus || !this.channelClosed))) return;
      this.reported = true;
      if (this.killTimer) clearTimeout(this.killTimer);
      handlers.exit(this.exitStatus?.code ?? null, this.exitStatus?.signal ?? null, error);
    };
    this.child.on('exit', (code, signal) => {
      this.exitStatus = { code, signal };
      settle();
    });
    this.child.on('disconnect', () => {
      this.channelClosed = true;
      settle();
    });
    this.child.on('error', (error) => {
      // A fork that never started (execPath missing...) has no pid and no exit to wait for.
      if (this.child.pid === undefined) settle(error);
    });
  }

  /** False once the channel is closed: messages then go nowhere. */
  send(message: ToWorker): boolean {
    if (!this.child.connected) return false;
    this.child.send(message);
    return true;
  }

  /** Asks the worker to leave by closing its channel (it exits on disconnect); kills it if slow. */
  retire(): void {
    this.holdLoop(true);
    if (this.child.connected) this.child.disconnect();
    this.killLater();
  }

  /** SIGTERM now, SIGKILL after the grace period. */
  terminate(): void {
    this.holdLoop(true);
    this.child.kill('SIGTERM');
    this.killLater();
  }

  /**
   * Whether this worker's handles keep the parent's event loop alive. They do not while it
   * works for the pool (the executor holds the loop open while there is work), so a script that
   * forgets shutdown() still ends, as CPython's interpreter exit joins its pool; they do while
   * it leaves, so its exit is always heard.
   */
  private holdLoop(hold: boolean): void {
    const method = hold ? 'ref' : 'unref';
    this.child[method]();
    this.child.channel?.[method]();
    for (const stream of [this.child.stdout, this.child.stderr]) {
      (stream as Partial<{ ref(): void; unref(): void }> | null)?.[method]?.();
    }
  }

  private killLater(): void {
    if (this.killTimer || this.exitStatus) return;
    this.killTimer = setTimeout(() => this.child.kill('SIGKILL'), GRACE_MS);
    this.killTimer.unref();
  }

  private readLines(
    stream: Readable | null,
    name: OutputStream,
    handlers: Pick<WorkerHandlers, 'nativeOutput'>,
  ): void {
    if (!stream) return;
    const lines = new LineBuffer();
    stream.setEncoding('utf8');
    stream.on('data', (text: string) => {
      for (const line of lines.push(text)) handlers.nativeOutput(name, line);
    });
    stream.on('end', () => {
      const rest = lines.flush();
      if (rest !== null) handlers.nativeOutput(name, rest);
    });
  }
}
