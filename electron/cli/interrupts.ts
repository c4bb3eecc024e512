/**
 * Ctrl-C and SIGTERM for the command line. While a command listens, each signal is passed on
 * (the engine takes the first as "cancel", the next as "stop now"); with no listener, the process
 * exits at once with the signal's code.
 */
import { EXIT } from './errors';

export type InterruptListener = (signal: NodeJS.Signals) => void;

export class Interrupts {
  private readonly listeners = new Set<InterruptListener>();
  /** The first signal received, if any: it decides the exit code. */
  signal: NodeJS.Signals | null = null;

  constructor(private readonly proc: NodeJS.Process = process) {
    const handle = (signal: NodeJS.Signals) => this.receive(signal);
    proc.on('SIGINT', handle);
    proc.on('SIGTERM', handle);
  }

  /** Listens until the returned function is called. */
  listen(listener: InterruptListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** 130 after Ctrl-C, 143 after SIGTERM (128 + the signal's number, as shells report). */
  get exitCode(): number {
    return this.signal === 'SIGTERM' ? 143 : EXIT.interrupted;
  }

  private receive(signal: NodeJS.Signals): void {
    this.signal ??= signal;
    if (this.listeners.size === 0) this.proc.exit(this.exitCode);
    for (const listener of this.listeners) listener(signal);
  }
}
