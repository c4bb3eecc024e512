/**
 * The live run as the renderer sees it: the trace folded from event batches with the same
 * `applyEvents` the main side records with, so the two cannot disagree.
 *
 * `applyEvents` mutates the trace in place (a run may hold 100k tasks; copying it per batch would
 * be the bottleneck), so the trace is `$state.raw` and `version` is bumped once per batch: anything
 * derived from the trace reads `version` to know it changed. What a batch changed is kept too, so
 * that nothing has to walk every task per batch or per frame: the totals are folded in as events
 * arrive (TraceTally), and the ids of the changed tasks are logged for the chart's bars.
 */
import type { AppEvent, EventMap } from '../../../shared/contract';
import type { PoolEvent } from '../../../shared/events';
import { applyEvents, type Trace } from '../../../shared/trace';
import { TraceTally } from './tally';

/**
 * A trace at one version: a new object each time the trace changes in place, so a `$derived`
 * that reads `snapshot.trace` re-runs when it should.
 */
export interface TraceSnapshot {
  readonly trace: Trace;
  readonly version: number;
  /** The trace's totals, current at this version. */
  readonly tally: TraceTally;
  /**
   * The ids of the tasks each batch changed, appended in order (an id may come more than once):
   * a consumer remembers how far it read (ChangeReader). Grows while `trace` is the same object.
   */
  readonly changed: readonly number[];
}

/** What the chart and panels draw: the live run or a trace opened from a file. */
export interface TraceSource {
  readonly snapshot: TraceSnapshot | null;
  /** The chart's "now", ms since the run's start: running bars grow to it. */
  readonly now: number;
  readonly live: boolean;
}

/** The clock and frame loop, injectable so the store runs in Node tests. */
export interface Ticker {
  now(): number;
  frame(cb: () => void): number;
  cancel(handle: number): void;
}

export const browserTicker: Ticker = {
  now: () => Date.now(),
  frame: (cb) => requestAnimationFrame(cb),
  cancel: (h) => cancelAnimationFrame(h),
};

export type RunPhase = 'idle' | 'running' | 'finished';

export class RunStore implements TraceSource {
  trace = $state.raw<Trace | null>(null);
  version = $state(0);
  runId = $state<string | null>(null);
  phase = $state<RunPhase>('idle');
  /** The service's verdict once the run ends. */
  outcome = $state.raw<EventMap['run:finished'] | null>(null);
  now = $state(0);
  readonly live = true;
  #tally: TraceTally | null = null;
  #changed: number[] = [];
  readonly snapshot: TraceSnapshot | null = $derived(
    this.trace && this.#tally
      ? { trace: this.trace, version: this.version, tally: this.#tally, changed: this.#changed }
      : null,
  );

  /** The latest event time seen (ms since start): `now` never runs behind it. */
  #lastEvent = 0;
  #frame: number | null = null;
  readonly #ticker: Ticker;

  constructor(ticker: Ticker = browserTicker) {
    this.#ticker = ticker;
  }

  /** Folds one event from the service in; events of other runs are ignored. */
  handle(event: AppEvent): void {
    switch (event.channel) {
      case 'run:started':
        this.#start(event.payload.runId, event.payload.trace);
        return;
      case 'run:events': {
        const { trace } = this;
        if (!trace || event.payload.runId !== this.runId) return;
        const { events } = event.payload;
        applyEvents(trace, events);
        this.#tally?.fold(events);
        logChanged(this.#changed, events);
        const last = events.at(-1);
        if (last) this.#lastEvent = Math.max(this.#lastEvent, last.t - trace.startedAt);
        this.version++;
        return;
      }
      case 'run:finished':
        if (event.payload.runId !== this.runId) return;
        this.outcome = event.payload;
        this.phase = 'finished';
        this.#stopTicking();
        this.now = Math.max(this.#lastEvent, event.payload.summary.makespanMs);
        return;
    }
  }

  /** Stops the frame loop (the component that owns the store is going away). */
  dispose(): void {
    this.#stopTicking();
  }

  #start(runId: string, header: Trace) {
    this.#stopTicking();
    // The header lists the workers the pool already had; copies, as the trace changes in place.
    const trace: Trace = {
      ...header,
      tasks: [...header.tasks],
      workers: header.workers.map((w) => ({ ...w })),
      output: [...header.output],
      marks: [...header.marks],
    };
    this.#tally = new TraceTally(trace);
    this.#changed = [];
    this.trace = trace;
    this.runId = runId;
    this.phase = 'running';
    this.outcome = null;
    this.#lastEvent = 0;
    this.now = 0;
    this.version++;
    this.#tick();
  }

  readonly #tick = () => {
    const { trace } = this;
    if (!trace || this.phase !== 'running') return;
    this.now = Math.max(this.#lastEvent, this.#ticker.now() - trace.startedAt);
    this.#frame = this.#ticker.frame(this.#tick);
  };

  #stopTicking() {
    if (this.#frame !== null) this.#ticker.cancel(this.#frame);
    this.#frame = null;
  }
}

/** A finished trace opened from a file or the history: read-only, never changes. */
export class StaticTrace implements TraceSource {
  readonly snapshot: TraceSnapshot;
  readonly live = false;
  readonly now: number;

  constructor(
    trace: Trace,
    /** Where it came from, for the banner: a file name. */
    readonly name: string,
  ) {
    this.snapshot = { trace, version: 0, tally: new TraceTally(trace), changed: [] };
    this.now = lastMoment(trace);
  }
}

/** The last moment a trace knows of (ms since start): its end, else its last recorded event. */
export function lastMoment(trace: Trace): number {
  let end = trace.endedAt ?? 0;
  for (const t of trace.tasks) {
    if (t) end = Math.max(end, t.finishedAt ?? t.startedAt ?? t.submittedAt);
  }
  for (const w of trace.workers) end = Math.max(end, w.exitedAt ?? w.spawnedAt);
  for (const m of trace.marks) end = Math.max(end, m.t);
  return end;
}

function logChanged(changed: number[], events: readonly PoolEvent[]): void {
  for (const e of events) if ('taskId' in e && e.taskId !== undefined) changed.push(e.taskId);
}

/**
 * Reads what changed in a snapshot since the last read: 'all' the first time and whenever the
 * snapshot is of another trace (a new run, an opened file), then the ids logged since.
 */
export class ChangeReader {
  #trace: Trace | null = null;
  #read = 0;

  next({ trace, changed }: TraceSnapshot): readonly number[] | 'all' {
    const from = trace === this.#trace ? this.#read : -1;
    this.#trace = trace;
    this.#read = changed.length;
    return from < 0 ? 'all' : changed.slice(from);
  }
}
