/**
 * One worker, identified by its PID, started by the pool's launcher: send it messages, hear
 * its checked messages and native output lines, ask it to leave or kill it, hear its exit once.
 */
import type { Readable } from 'node:stream';
import type { OutputStream } from '../../shared/events';
import { now } from './clock';
import type { LaunchedWorker, WorkerLauncher } from './launcher';
import { LineBuffer } from './lines';
import { parseFromWorker, type FromWorker, type ToWorker } from './protocol';

/** How long a worker may take to leave before it is killed. */
export const GRACE_MS = 2000;

export interface WorkerHandlers {
  message(message: FromWorker): void;
  /** A tagged message that breaks the protocol. */
  malformed(error: Error): void;
  /** A line the worker's process wrote natively to its real stdout or stderr. */
  nativeOutput(stream: OutputStream, line: string): void;
  /** The process is gone and its channel drained; `error` is set when it never started. */
  exit(code: number | null, signal: NodeJS.Signals | null, error?: Error): void;
}

export class WorkerProcess {
  readonly pid: number;
  readonly spawnedAt: number;
  private readonly worker: LaunchedWorker;
  private exited = false;
  private killTimer: NodeJS.Timeout | null = null;

  constructor(launcher: WorkerLauncher, handlers: WorkerHandlers) {
    this.spawnedAt = now();
    this.worker = launcher.launch({
      message: (m) => {
        const parsed = parseFromWorker(m);
        if (parsed instanceof Error) handlers.malformed(parsed);
        else if (parsed) handlers.message(parsed);
      },
      exit: (code, signal, error) => {
        this.exited = true;
        if (this.killTimer) clearTimeout(this.killTimer);
        handlers.exit(code, signal, error);
      },
    });
    this.pid = this.worker.pid;
    this.worker.holdLoop(false);
    readLines(this.worker.stdout, 'stdout', handlers);
    readLines(this.worker.stderr, 'stderr', handlers);
  }

  /** False once the channel is closed: messages then go nowhere. */
  send(message: ToWorker): boolean {
    return this.worker.send(message);
  }

  /** Asks the worker to finish its queue and leave; kills it if it is slow to. */
  retire(): void {
    this.worker.holdLoop(true);
    this.send({ ps: 'stop' });
    this.killLater();
  }

  /** SIGTERM now, SIGKILL after the grace period. */
  terminate(): void {
    this.worker.holdLoop(true);
    this.worker.kill('SIGTERM');
    this.killLater();
  }

  /** SIGKILL now. */
  kill(): void {
    this.worker.holdLoop(true);
    if (!this.exited) this.worker.kill('SIGKILL');
  }

  private killLater(): void {
    if (this.killTimer || this.exited) return;
    this.killTimer = setTimeout(() => this.worker.kill('SIGKILL'), GRACE_MS);
    this.killTimer.unref();
  }
}

function readLines(
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
