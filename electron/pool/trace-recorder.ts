/**
 * Records one run: turns the pool's event stream into a shared/trace.ts Trace. The pool
 * outlives runs and numbers its tasks globally; a trace numbers its own tasks 0..n-1.
 */
import type { PoolEvent } from '../../shared/events';
import { applyEvent, emptyTrace, type Trace } from '../../shared/trace';
import { now } from './clock';
import type { ProcessPoolExecutor } from './executor';

export interface RecorderHeader {
  name: string;
  cpuCount: number;
  masterPid: number;
}

export class TraceRecorder {
  readonly trace: Trace;
  /**
   * The pool's id of this run's first task. Pool ids only grow, so every task submitted from
   * now on has an id at least this, and its run-local id is the difference.
   */
  private firstId: number | undefined = undefined;
  private listeners: ((e: PoolEvent) => void)[] = [];
  private readonly unsubscribe: () => void;

  constructor(pool: ProcessPoolExecutor, header: RecorderHeader) {
    this.trace = emptyTrace({ ...header, startedAt: now(), maxWorkers: pool.maxWorkers });
    for (const w of pool.workers()) {
      this.trace.workers.push({ pid: w.pid, spawnedAt: w.spawnedAt - this.trace.startedAt });
    }
    this.unsubscribe = pool.on((e) => this.record(e));
  }

  /** Subscribes to the events as recorded (run-local task ids); returns the unsubscribe. */
  onEvent(listener: (e: PoolEvent) => void): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  /** Ends the recording: stamps endedAt and stops listening. */
  stop(): Trace {
    this.unsubscribe();
    this.trace.endedAt ??= now() - this.trace.startedAt;
    return this.trace;
  }

  private record(e: PoolEvent): void {
    const taskId = 'taskId' in e ? e.taskId : undefined;
    if (taskId === undefined) {
      this.fold(e);
      return;
    }
    if (e.type === 'task-submitted') this.firstId ??= taskId;
    const first = this.firstId;
    if (first === undefined || taskId < first) return; // a task from before this run
    if (this.listeners.length > 0) {
      this.fold({ ...e, taskId: taskId - first } as PoolEvent);
      return;
    }
    // Nobody takes the renumbered events: rather than allocate a copy of each (three per task,
    // a good part of the recorder's cost), fold the pool's own event with its id shifted for
    // the moment. applyEvent keeps no reference to the event, and listeners run one at a time.
    const shifted = e as { taskId: number };
    shifted.taskId = taskId - first;
    try {
      applyEvent(this.trace, e);
    } finally {
      shifted.taskId = taskId;
    }
  }

  private fold(e: PoolEvent): void {
    applyEvent(this.trace, e);
    for (const listener of this.listeners) listener(e);
  }
}
