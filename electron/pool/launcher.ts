/**
 * How a worker process is started. The pool asks a WorkerLauncher for each worker and speaks
 * docs/pool.md's protocol over what it gets back; everything that differs between a forked
 * Node worker, a CPython worker and Electron's utilityProcess lives in a launcher.
 */
import { fork } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { ToWorker } from './protocol';

/** What a launcher tells the pool about one worker; each is called from the launcher only. */
export interface LaunchHandlers {
  /** A message from the worker, unchecked (the pool checks it). */
  message(message: unknown): void;
  /**
   * The process is gone and every message it sent has been delivered; called exactly once.
   * `signal` is null where the platform reports a code only; `error` is set when the process
   * never started (no pid).
   */
  exit(code: number | null, signal: NodeJS.Signals | null, error?: Error): void;
}

/** A started worker process. */
export interface LaunchedWorker {
  /** -1 when the process could not be started (exit follows with an error). */
  readonly pid: number;
  /** Its standard output and error, or null if the launcher gives none. */
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  /** Sends one message; false when the channel is closed (the message went nowhere). */
  send(message: ToWorker): boolean;
  /** Sends a signal; where only one kind of kill exists, any signal is that kill. */
  kill(signal: NodeJS.Signals): void;
  /**
   * Whether the worker's handles keep the parent's event loop alive. The pool holds the loop
   * itself while there is work, so an idle worker does not keep a forgetful script running.
   */
  holdLoop(hold: boolean): void;
}

export interface WorkerLauncher {
  /** Shown in errors, e.g. "node out/main/worker.js". */
  readonly description: string;
  /**
   * The function names its workers can call, for workers whose task modules the parent cannot
   * import to learn them (CPython's, which inspect their .py modules first). Given, they replace
   * the built-ins and the task modules' exports; the task modules still go to each worker's init.
   */
  readonly functions?: readonly string[];
  launch(handlers: LaunchHandlers): LaunchedWorker;
}

export interface ForkOptions {
  /** The script to run: the built worker entry, or a .py file with execPath python3. */
  modulePath: string;
  /** Default: this Node. For Electron, process.execPath with ELECTRON_RUN_AS_NODE=1 in env. */
  execPath?: string;
  args?: string[];
  env?: NodeJS.ProcessEnv;
}

/**
 * child_process.fork: an IPC channel of JSON lines (NODE_CHANNEL_FD in the child, which any
 * language can read), stdout and stderr piped. The exit is reported once the process has ended
 * and its channel has closed, so no message is lost behind it.
 */
export function forkLauncher(options: ForkOptions): WorkerLauncher {
  const { modulePath, execPath, args = [], env } = options;
  return {
    description: `${execPath ?? 'node'} ${modulePath}`,
    launch(handlers) {
      const child = fork(modulePath, args, {
        execPath,
        env,
        // Flags of the parent (a debugger, vitest's loaders) are not for workers.
        execArgv: [],
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        serialization: 'json',
      });
      let status: { code: number | null; signal: NodeJS.Signals | null } | null = null;
      let channelClosed = false;
      let reported = false;
      const settle = (error?: Error) => {
        if (reported || (!error && (!status || !channelClosed))) return;
        reported = true;
        handlers.exit(status?.code ?? null, status?.signal ?? null, error);
      };
      child.on('message', (m: unknown) => handlers.message(m));
      child.on('exit', (code, signal) => {
        status = { code, signal };
        settle();
      });
      child.on('disconnect', () => {
        channelClosed = true;
        settle();
      });
      child.on('error', (error) => {
        // A fork that never started (execPath missing...) has no pid and no exit to wait for.
        if (child.pid === undefined) settle(error);
      });
      return {
        pid: child.pid ?? -1,
        stdout: child.stdout,
        stderr: child.stderr,
        send(message) {
          if (!child.connected) return false;
          child.send(message);
          return true;
        },
        kill(signal) {
          child.kill(signal);
        },
        holdLoop(hold) {
          const method = hold ? 'ref' : 'unref';
          child[method]();
          child.channel?.[method]();
          for (const stream of [child.stdout, child.stderr]) {
            (stream as Partial<{ ref(): void; unref(): void }> | null)?.[method]?.();
          }
        },
      };
    },
  };
}
