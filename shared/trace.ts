import type { JsonValue } from './json';
import type { OutputStream, PoolEvent, SerializedError } from './events';
import type { PythonInfo } from './python';
import type { Runtime } from './workload';

export const TRACE_FORMAT = 'poolscope-trace';
export const TRACE_VERSION = 1;

export type TaskStatus = 'pending' | 'running' | 'done' | 'failed' | 'cancelled';

/** Times in a trace are milliseconds since the run's start (`Trace.startedAt`). */
export interface TraceTask {
  id: number;
  fn: string;
  args: JsonValue[];
  status: TaskStatus;
  submittedAt: number;
  /** Traced scripts: when CPython marked the future RUNNING (it entered the call queue). */
  queuedAt?: number;
  startedAt?: number;
  finishedAt?: number;
  pid?: number;
  /** It ran on a thread of the master (a ThreadPoolExecutor's): `pid` is the thread's TID. */
  thread?: true;
  result?: JsonValue;
  error?: SerializedError;
}

export interface TraceWorker {
  /** A process's PID, or for a thread of the master (a ThreadPoolExecutor's) its TID. */
  pid: number;
  /** The thread's name ("ThreadPoolExecutor-0_0"), for a worker that is a thread. */
  thread?: string;
  spawnedAt: number;
  exitedAt?: number;
  exitCode?: number | null;
  signal?: string | null;
}

export interface TraceOutput {
  t: number;
  pid: number;
  stream: OutputStream;
  line: string;
  taskId?: number;
}

/** A moment worth marking on the time axis: the user moved the max_workers slider. */
export interface TraceMark {
  t: number;
  kind: 'resize';
  maxWorkers: number;
}

export interface TraceHeader {
  format: typeof TRACE_FORMAT;
  version: typeof TRACE_VERSION;
  /** The workload's name, e.g. "future.py". */
  name: string;
  /** Epoch milliseconds of time zero. */
  startedAt: number;
  /** Milliseconds since start when the run ended; absent while it runs. */
  endedAt?: number;
  maxWorkers: number;
  cpuCount: number;
  masterPid: number;
  /**
   * Where the calls ran; absent in traces from before the python runtime: node. A traced
   * script's calls ran on CPython's own pool: python-script.
   */
  runtime?: TraceRuntime;
  /** The interpreter of a python run or a traced script (with the start method its pools used). */
  python?: TracePython;
  /** The module a python run's calls came from, as its workload names it. */
  module?: string;
  /** A traced script's run: what ran and how it ended. */
  script?: TraceScript;
}

export type TraceRuntime = Runtime | 'python-script';

export type TracePython = PythonInfo & {
  /** A traced script's pools' start method (fork, spawn, forkserver). */
  startMethod?: string;
};

/** A traced script's run: what ran, how it ended, and what the bounds left out. */
export interface TraceScript {
  path: string;
  args: string[];
  /** Which max_workers applied: the script's own, PoolScope's (the script passed none), or forced. */
  maxWorkersFrom: 'script' | 'poolscope' | 'forced';
  exitCode?: number | null;
  signal?: string | null;
  /** The pools the script made, in order. */
  pools: { kind: string; maxWorkers: number; startMethod: string }[];
  /** Output lines not kept (past the bound), and wire events refused (malformed or past bounds). */
  droppedOutput: number;
  droppedEvents: number;
}

export interface Trace extends TraceHeader {
  tasks: TraceTask[];
  workers: TraceWorker[];
  output: TraceOutput[];
  marks: TraceMark[];
}

export function emptyTrace(header: Omit<TraceHeader, 'format' | 'version'>): Trace {
  return {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    ...header,
    tasks: [],
    workers: [],
    output: [],
    marks: [],
  };
}

/**
 * Folds pool events into a trace, in place (a live trace may hold 100k tasks: copying it per
 * batch would be the bottleneck). Used by the main-side recorder and by the renderer, so the
 * two can never disagree. Task ids are dense per run, so `tasks[id]` is the task; events for
 * tasks the trace never saw submitted are ignored.
 */
export function applyEvents(trace: Trace, events: readonly PoolEvent[]): void {
  for (const e of events) applyEvent(trace, e);
}

export function applyEvent(trace: Trace, e: PoolEvent): void {
  const rel = e.t - trace.startedAt;
  switch (e.type) {
    case 'worker-spawned':
      trace.workers.push({ pid: e.pid, spawnedAt: rel, ...(e.thread && { thread: e.thread }) });
      return;
    case 'worker-exited': {
      const w = findWorker(trace, e.pid);
      if (w) {
        w.exitedAt = rel;
        w.exitCode = e.code;
        w.signal = e.signal;
      }
      return;
    }
    case 'task-submitted':
      trace.tasks[e.taskId] = {
        id: e.taskId,
        fn: e.fn,
        args: e.args,
        status: 'pending',
        submittedAt: rel,
      };
      return;
    case 'task-queued': {
      const task = trace.tasks[e.taskId];
      if (task) task.queuedAt = rel;
      return;
    }
    case 'task-started': {
      const task = trace.tasks[e.taskId];
      if (!task) return;
      task.status = 'running';
      task.startedAt = rel;
      task.pid = e.pid;
      if (e.thread) task.thread = true;
      return;
    }
    case 'task-finished': {
      const task = trace.tasks[e.taskId];
      if (!task) return;
      task.pid = e.pid;
      if (e.thread) task.thread = true;
      task.startedAt ??= rel;
      task.finishedAt = rel;
      if (e.ok) {
        task.status = 'done';
        task.result = e.result;
      } else {
        task.status = 'failed';
        task.error = e.error;
      }
      return;
    }
    case 'task-cancelled': {
      const task = trace.tasks[e.taskId];
      if (!task) return;
      task.status = 'cancelled';
      task.finishedAt = rel;
      return;
    }
    case 'task-failed-unstarted': {
      const task = trace.tasks[e.taskId];
      if (!task) return;
      task.status = 'failed';
      task.finishedAt = rel;
      task.error = e.error;
      return;
    }
    case 'worker-output': {
      const line: TraceOutput = { t: rel, pid: e.pid, stream: e.stream, line: e.line };
      if (e.taskId !== undefined) line.taskId = e.taskId;
      trace.output.push(line);
      return;
    }
    case 'resized':
      trace.marks.push({ t: rel, kind: 'resize', maxWorkers: e.maxWorkers });
      return;
    case 'script-header':
      trace.maxWorkers = e.maxWorkers;
      if (e.python) trace.python = { ...e.python };
      if (e.script) trace.script = structuredClone(e.script);
      return;
  }
}

function findWorker(trace: Trace, pid: number): TraceWorker | undefined {
  for (let i = trace.workers.length - 1; i >= 0; i--) {
    const w = trace.workers[i];
    if (w?.pid === pid) return w;
  }
  return undefined;
}

/** The task list without holes (ids are dense, but a trace built by hand may skip some). */
export function tasksOf(trace: Trace): TraceTask[] {
  return trace.tasks.filter((t): t is TraceTask => t !== undefined);
}
