/**
 * The service's events as the command line follows them: each run's trace folded from run:started
 * and run:events (shared/trace.ts applyEvents, as the app's chart does), counts for progress, the
 * sweep under way, and the worker PIDs alive right now.
 */
import type { AppEvent, EventMap, SweepRecord } from '../../shared/contract';
import type { PoolEvent } from '../../shared/events';
import { applyEvents, type Trace } from '../../shared/trace';

export class LiveRun {
  readonly startedAt = performance.now();
  submitted = 0;
  /** Calls whose future is done: returned, raised or cancelled. */
  finished = 0;
  private started = 0;
  private ended = 0;
  outcome: EventMap['run:finished'] | null = null;

  constructor(readonly trace: Trace) {}

  apply(events: readonly PoolEvent[]): void {
    applyEvents(this.trace, events);
    for (const e of events) {
      if (e.type === 'task-submitted') this.submitted++;
      else if (e.type === 'task-started') this.started++;
      else if (e.type === 'task-finished') {
        this.finished++;
        this.ended++;
      } else if (e.type === 'task-cancelled' || e.type === 'task-failed-unstarted') this.finished++;
    }
  }

  /** Calls on a worker right now. */
  get running(): number {
    return Math.max(0, this.started - this.ended);
  }

  /** PIDs of this run's workers that have not exited. */
  liveWorkers(): number[] {
    return this.trace.workers.filter((w) => w.exitedAt === undefined).map((w) => w.pid);
  }
}

type Waiter = { match: (e: AppEvent) => boolean; resolve: (e: AppEvent) => void };

export class LiveRuns {
  private readonly runs = new Map<string, LiveRun>();
  private readonly finished = new Map<string, AppEvent>();
  private waiters: Waiter[] = [];
  /** The run that started last: a sweep's current point. */
  latest: LiveRun | null = null;
  /** The sweep's last progress: which point runs, and the points so far. */
  sweep: EventMap['sweep:progress'] | null = null;
  /** The PIDs of the last pool:state, the sweep's pool included. */
  private poolPids: number[] = [];

  constructor(private readonly changed: () => void = () => undefined) {}

  receive(e: AppEvent): void {
    switch (e.channel) {
      case 'run:started': {
        const run = new LiveRun(e.payload.trace);
        this.runs.set(e.payload.runId, run);
        this.latest = run;
        break;
      }
      case 'run:events':
        this.runs.get(e.payload.runId)?.apply(e.payload.events);
        break;
      case 'run:finished': {
        const run = this.runs.get(e.payload.runId);
        if (run) run.outcome = e.payload;
        this.finished.set(e.payload.runId, e);
        break;
      }
      case 'sweep:progress':
        this.sweep = e.payload;
        break;
      case 'sweep:finished':
        this.finished.set(e.payload.sweep.id, e);
        break;
      case 'pool:state':
        this.poolPids = [...e.payload.pids, ...(e.payload.fresh?.pids ?? [])];
        break;
    }
    this.changed();
    const ready = this.waiters.filter((w) => w.match(e));
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve(e);
  }

  run(runId: string): LiveRun | undefined {
    return this.runs.get(runId);
  }

  runFinished(runId: string): Promise<EventMap['run:finished']> {
    return this.until(runId, (e) => e.channel === 'run:finished' && e.payload.runId === runId).then(
      (e) => e.payload as EventMap['run:finished'],
    );
  }

  sweepFinished(sweepId: string): Promise<SweepRecord> {
    return this.until(
      sweepId,
      (e) => e.channel === 'sweep:finished' && e.payload.sweep.id === sweepId,
    ).then((e) => (e.payload as EventMap['sweep:finished']).sweep);
  }

  /**
   * The worker PIDs alive as far as the events tell: the current run's and the pools' last state
   * (earlier runs' traces stop at their end, so their workers' exits are not in them).
   */
  liveWorkers(): number[] {
    return [...new Set([...this.poolPids, ...(this.latest?.liveWorkers() ?? [])])];
  }

  private until(id: string, match: (e: AppEvent) => boolean): Promise<AppEvent> {
    const seen = this.finished.get(id);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }
}
