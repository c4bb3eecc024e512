/** The pool's options: their documentation, defaults and checks, in one place. */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { jsonProblem, type JsonValue } from '../../shared/json';
import type { Initializer } from './protocol';
import { callableNames } from './task-modules';
import { forkLauncher, type WorkerLauncher } from './launcher';
import { defaultWorkerPath } from './worker-path';

export interface PoolOptions {
  /** Default: os.availableParallelism(). */
  maxWorkers?: number;
  /** Absolute paths of .mjs/.js modules whose exported functions become callable by name. */
  taskModules?: string[];
  /** Runs once in each worker before its first task; if it fails, the pool breaks. */
  initializer?: { fn: string; args?: JsonValue[] };
  /** A worker is retired and replaced after this many tasks. */
  maxTasksPerChild?: number;
  /** 'break' (CPython, the default) fails everything; 'replace' fails only the task it ran. */
  onWorkerDeath?: 'break' | 'replace';
  /** A task running longer is failed with TimeoutError and its worker killed. */
  taskTimeoutMs?: number;
  /** How workers are started. Default: forkLauncher of workerPath, with execPath and env. */
  launcher?: WorkerLauncher;
  /** Default: the built out/main/worker.js (see defaultWorkerPath). Ignored with a launcher. */
  workerPath?: string;
  /** For Electron: process.execPath with env ELECTRON_RUN_AS_NODE=1. Ignored with a launcher. */
  execPath?: string;
  env?: NodeJS.ProcessEnv;
}

export interface Settings {
  maxWorkers: number;
  modules: string[];
  /** Every function name a task may call. */
  names: Set<string>;
  initializer: Initializer | null;
  maxTasksPerChild: number | undefined;
  onWorkerDeath: 'break' | 'replace';
  taskTimeoutMs: number | undefined;
  launcher: WorkerLauncher;
}

/** Checks every option, so a bad one fails at construction, naming itself and its value. */
export function settingsFrom(options: PoolOptions): Settings {
  const maxWorkers = checkCount(options.maxWorkers ?? availableParallelism(), 'maxWorkers');
  const modules = [...(options.taskModules ?? [])];
  const names = options.launcher?.functions
    ? new Set(options.launcher.functions)
    : callableNames(modules);
  const initializer = options.initializer
    ? { fn: options.initializer.fn, args: options.initializer.args ?? [] }
    : null;
  if (initializer) checkCall(names, initializer.fn, initializer.args, 'initializer');
  const timeout = options.taskTimeoutMs;
  if (
    timeout !== undefined &&
    !(typeof timeout === 'number' && timeout > 0 && timeout < Infinity)
  ) {
    throw new RangeError(`taskTimeoutMs must be a positive number, got ${shown(timeout)}`);
  }
  const onWorkerDeath = options.onWorkerDeath ?? 'break';
  if (onWorkerDeath !== 'break' && onWorkerDeath !== 'replace') {
    throw new TypeError(`onWorkerDeath must be 'break' or 'replace', got ${shown(onWorkerDeath)}`);
  }
  return {
    maxWorkers,
    modules,
    names,
    initializer,
    maxTasksPerChild:
      options.maxTasksPerChild === undefined
        ? undefined
        : checkCount(options.maxTasksPerChild, 'maxTasksPerChild'),
    onWorkerDeath,
    taskTimeoutMs: timeout,
    launcher: options.launcher ?? defaultLauncher(options),
  };
}

function defaultLauncher({ workerPath, execPath, env }: PoolOptions): WorkerLauncher {
  const modulePath = workerPath ?? defaultWorkerPath();
  if (!existsSync(modulePath)) throw new Error(`worker entry not found: ${modulePath}`);
  return forkLauncher({ modulePath, execPath, env });
}

/** An integer >= 1, or a RangeError naming the option and the value. */
export function checkCount(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} must be an integer >= 1, got ${shown(value)}`);
  }
  return value;
}

/** A call a worker can make: a known name, and arguments that survive JSON. */
export function checkCall(names: Set<string>, fn: string, args: JsonValue[], where: string): void {
  if (!names.has(fn)) {
    throw new TypeError(`unknown function "${fn}"; known: ${[...names].join(', ')}`);
  }
  const problem = jsonProblem(args, where);
  if (problem) throw new TypeError(`${fn}: ${problem}`);
}

function shown(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
