/**
 * Sweeps as the UI sees them: the one running now (followed through sweep:progress events, even
 * one started from another window), the one plotted (the latest, or one reopened from the
 * history), and the point whose Gantt chart is open.
 *
 * Each point of a sweep is an ordinary run, so the session's RunStore follows its calls live; this
 * store only tracks the sweep around them.
 */
import { SWEEP_REPEATS, type AppEvent, type SweepRecord } from '../../../../shared/contract';
import type { Workload } from '../../../../shared/workload';
import { StaticTrace } from '../run.svelte';
import type { SweepRange } from './sweep-range';
import type { Say, SweepApi } from './types';

/** A point of the plotted sweep, its run's trace loaded from the history. */
export interface OpenedPoint {
  runId: string;
  maxWorkers: number;
  source: StaticTrace;
}

export class SweepStore {
  /** The sweep plotted. */
  shown = $state.raw<SweepRecord | null>(null);
  /** The sweep running now, if any. */
  live = $state.raw<SweepRecord | null>(null);
  /** The worker count of the live sweep's current run, and which of its repeats (1-based). */
  running = $state<number | null>(null);
  repeat = $state<number | null>(null);
  /** A request to start a sweep is on its way. */
  starting = $state(false);
  point = $state.raw<OpenedPoint | null>(null);
  /** The form's fields as typed; they outlive the tab switching away. */
  fromText = $state('');
  toText = $state('');
  repeatsText = $state(String(SWEEP_REPEATS));
  readonly #api: SweepApi;
  readonly #say: Say;

  constructor(api: SweepApi, say: Say, range: SweepRange) {
    this.#api = api;
    this.#say = say;
    this.fromText = String(range.from);
    this.toText = String(range.to);
  }

  handle(event: AppEvent): void {
    if (event.channel === 'sweep:progress') {
      const { sweep, running, repeat } = event.payload;
      if (sweep.status === 'running') {
        // A sweep we have not seen yet takes over the plot: it is what the user just started.
        if (this.live?.id !== sweep.id) this.show(sweep);
        this.live = sweep;
        this.running = running ?? null;
        this.repeat = repeat ?? null;
      }
      if (this.shown?.id === sweep.id) this.shown = sweep;
    } else if (event.channel === 'sweep:finished') {
      const { sweep } = event.payload;
      if (this.live?.id === sweep.id) {
        this.live = null;
        this.running = null;
        this.repeat = null;
      }
      if (this.shown?.id === sweep.id) this.shown = sweep;
      const measured = `${sweep.points.length} of ${sweep.to - sweep.from + 1} worker counts`;
      this.#say(
        `Sweep of ${sweep.name} ${sweep.status}: ${measured} measured.`,
        sweep.status === 'failed' ? 'error' : 'info',
      );
    }
  }

  async start(workload: Workload, { from, to, repeats }: SweepRange): Promise<void> {
    this.starting = true;
    try {
      const reply = await this.#api.sweepStart({ workload, from, to, repeats });
      if (!reply.ok) return this.#say(`Cannot sweep: ${reply.error.message}`, 'error');
      this.#say(`Sweeping ${workload.name} from ${from} to ${to} workers, ${repeats} runs each…`);
    } finally {
      this.starting = false;
    }
  }

  async cancel(): Promise<void> {
    const sweepId = this.live?.id;
    if (!sweepId) return;
    const reply = await this.#api.sweepCancel({ sweepId });
    if (!reply.ok) this.#say(`Cannot cancel the sweep: ${reply.error.message}`, 'error');
  }

  /** Plots `sweep` (one reopened from the history, or a new one). */
  show(sweep: SweepRecord): void {
    this.shown = sweep;
    this.point = null;
  }

  /** Loads the run of one point of the plotted sweep, to show its Gantt chart. */
  async openPoint(runId: string): Promise<void> {
    const sweep = this.shown;
    const at = sweep?.points.find((p) => p.runId === runId);
    if (!sweep || !at) return;
    const reply = await this.#api.historyGet({ id: runId });
    if (!reply.ok) return this.#say(`Cannot open that run: ${reply.error.message}`, 'error');
    const { trace } = reply.value;
    if (!trace) return this.#say(`${runId} has no trace in the history.`, 'error');
    if (this.shown !== sweep && this.shown?.id !== sweep.id) return; // the user moved on
    const name = `${sweep.name} · max_workers = ${at.maxWorkers}`;
    this.point = { runId, maxWorkers: at.maxWorkers, source: new StaticTrace(trace, name) };
  }

  closePoint(): void {
    this.point = null;
  }
}
