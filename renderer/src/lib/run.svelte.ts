/**
 * The live run as the renderer sees it: the trace folded from event batches with the same
 * `applyEvents` the main side records with, so the two cannot disagree.
 *
 * `applyEvents` mutates the trace in place (a run may hold 100k tasks; copying it per batch would
 * be the bottleneck), so the trace is `$state.raw` and `version` is bumped once per batch: anything
 * derived from the trace reads `version` to know it changed.
 */
import type { AppEvent, EventMap } from '../../../shared/contract';
import { applyEvents, type Trace } from '../../../shared/trace';

/**
 * A trace at one version: a new object each time the trace changes in place, so a `$derived`
 * that reads `snapshot.trace` re-runs when it should.
 */
export interface TraceSnapshot {
  readonly trace: Trace;
  readonly version: number;
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

const browserTicker: Ticker = {
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
  readonly snapshot: TraceSnapshot | null = $derived(
    this.trace ? { trace: this.trace, version: this.version } : null,
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
        applyEvents(trace, event.payload.events);
        const last = event.payload.events.at(-1);
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
    this.trace = {
      ...header,
      tasks: [...header.tasks],
      workers: header.workers.map((w) => ({ ...w })),
      output: [...header.output],
      marks: [...header.marks],
    };
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
    this.snapshot = { trace, version: 0 };
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
