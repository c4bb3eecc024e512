/**
 * Runs pinned side by side: their Gantt charts stacked on one time axis. They share one ChartView
 * (one ms -> px scale, zoomed and panned together) whose extent covers the longest of them, so a
 * run twice as fast is drawn half as long.
 */
import type { Trace } from '../../../../shared/trace';
import { ChartView } from '../chart-view.svelte';
import { EMPTY_EXTENT, extentOf } from '../extent';
import { StaticTrace } from '../run.svelte';
import type { Domain } from '../zoom';
import type { HistoryApi, Say } from './types';

export interface Pinned {
  /** Which run this is, whoever pinned it (traceKey): a run is pinned once. */
  key: string;
  /** Its history id, when it was pinned from there. */
  runId?: string;
  source: StaticTrace;
}

/** A run's identity from its trace alone: the live run, a history entry and a file agree. */
export function traceKey(trace: Trace): string {
  return `${trace.masterPid}@${trace.startedAt}:${trace.name}`;
}

/** Beyond this many, the charts no longer fit a screen: unpin one first. */
export const MAX_PINNED = 6;

/** From 0 to the latest end among `domains`; `fallback` when there are none. */
export function sharedExtent(domains: readonly Domain[], fallback: Domain): Domain {
  if (domains.length === 0) return fallback;
  return [0, Math.max(...domains.map((d) => d[1]))];
}

/** Where the pinned runs' history ids are kept, so a reload pins them again. */
export const PINS_KEY = 'poolscope.compare.pins';

/** The part of Web Storage the store uses (localStorage in the app; a map in tests). */
export type PinStorage = Pick<Storage, 'getItem' | 'setItem'>;

export class CompareStore {
  pinned = $state.raw<Pinned[]>([]);
  readonly view: ChartView;
  readonly #api: Pick<HistoryApi, 'historyGet'>;
  readonly #say: Say;
  readonly #storage: PinStorage | null;

  constructor(api: Pick<HistoryApi, 'historyGet'>, say: Say, storage: PinStorage | null = null) {
    this.#api = api;
    this.#say = say;
    this.#storage = storage;
    this.view = new ChartView(() =>
      sharedExtent(
        this.pinned.map((p) => extentOf(p.source)),
        EMPTY_EXTENT,
      ),
    );
  }

  hasTrace(trace: Trace): boolean {
    const key = traceKey(trace);
    return this.pinned.some((p) => p.key === key);
  }

  hasRun(runId: string): boolean {
    return this.pinned.some((p) => p.runId === runId);
  }

  /** Pins a finished trace the UI already holds (the Run view's, a sweep point's). */
  pinTrace(trace: Trace, runId?: string, quiet = false): boolean {
    const label = `${trace.name} (max_workers = ${trace.maxWorkers})`;
    if (this.hasTrace(trace)) {
      this.#say(`${label} is already pinned.`);
      return false;
    }
    if (this.pinned.length >= MAX_PINNED) {
      this.#say(`At most ${MAX_PINNED} runs can be compared: unpin one first.`, 'error');
      return false;
    }
    const pin: Pinned = { key: traceKey(trace), source: new StaticTrace(trace, trace.name) };
    if (runId) pin.runId = runId;
    this.#set([...this.pinned, pin]);
    this.view.fit();
    if (!quiet) this.#say(`Pinned ${label} to Compare (${this.pinned.length} pinned).`);
    return true;
  }

  /**
   * Pins again the runs pinned before a reload, from the history, in their order; a run deleted
   * since is left out, and said so.
   */
  async restore(): Promise<void> {
    let ids: unknown;
    try {
      ids = JSON.parse(this.#storage?.getItem(PINS_KEY) ?? '[]');
    } catch {
      return;
    }
    if (!Array.isArray(ids)) return;
    const missing: string[] = [];
    for (const id of ids.slice(0, MAX_PINNED)) {
      if (typeof id !== 'string' || this.hasRun(id)) continue;
      const reply = await this.#api.historyGet({ id });
      const trace = reply.ok ? reply.value.trace : undefined;
      if (trace) this.pinTrace(trace, id, true);
      else missing.push(id);
    }
    if (missing.length > 0) {
      this.#say(`${missing.length} pinned run(s) are no longer in the history: unpinned.`);
    }
  }

  /** Sets the pins and remembers those the history can give back (a file's cannot be). */
  #set(pinned: Pinned[]): void {
    this.pinned = pinned;
    const ids = pinned.flatMap((p) => (p.runId ? [p.runId] : []));
    try {
      this.#storage?.setItem(PINS_KEY, JSON.stringify(ids));
    } catch {
      // Storage full or refused: pins still work, they just do not outlive the page.
    }
  }

  /** Pins a run from the history by its id. */
  async pinRun(runId: string): Promise<boolean> {
    if (this.hasRun(runId)) return false;
    const reply = await this.#api.historyGet({ id: runId });
    if (!reply.ok) {
      this.#say(`Cannot pin ${runId}: ${reply.error.message}`, 'error');
      return false;
    }
    const { trace } = reply.value;
    if (!trace) {
      this.#say(`${runId} is a sweep: pin its runs one by one.`, 'error');
      return false;
    }
    return this.pinTrace(trace, runId);
  }

  unpin(key: string): void {
    this.#set(this.pinned.filter((p) => p.key !== key));
    this.view.fit();
  }

  /** Moves a pinned run up (-1) or down (+1) the stack. */
  move(key: string, delta: -1 | 1): void {
    const i = this.pinned.findIndex((p) => p.key === key);
    const j = i + delta;
    if (i < 0 || j < 0 || j >= this.pinned.length) return;
    const next = [...this.pinned];
    [next[i], next[j]] = [next[j]!, next[i]!];
    this.#set(next);
  }
}
