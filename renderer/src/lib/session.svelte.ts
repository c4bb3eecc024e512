/**
 * The app's state and its requests to the service: app info and pool state, the live run, a
 * trace opened read-only, the chart's view, the status line, the workload being built, and the
 * experiments (sweep, compare, history) with the tab that shows them. Components read it and call
 * its methods; only this class and the experiment stores it owns talk to the API.
 */
import type {
  EventMap,
  AppEvent,
  AppInfo,
  ExportFormat,
  PoolScopeApi,
  PoolState,
} from '../../../shared/contract';
import { parseTraceFile } from '../../../shared/export/poolscope-json';
import { PRESETS } from '../../../shared/presets';
import type { Trace } from '../../../shared/trace';
import { taskCount, workloadOf, type Workload } from '../../../shared/workload';
import { ChartView } from './chart-view.svelte';
import { WorkloadDraft } from './draft.svelte';
import { PythonSession } from './python.svelte';
import { CompareStore, type PinStorage } from './experiments/compare.svelte';
import { HistoryStore } from './experiments/history.svelte';
import { defaultRange } from './experiments/sweep-range';
import { SweepStore } from './experiments/sweep.svelte';
import { extentOf } from './extent';
import { renderExport } from './export';
import { formatCount, plural } from './format';
import { endedMessage } from './run-status';
import { fileAccess, type FileAccess, type SaveRequest } from './files';
import { RunStore, StaticTrace, type TraceSource } from './run.svelte';
import { ScriptRunner } from './script.svelte';

export interface Notice {
  text: string;
  tone: 'info' | 'error';
}

/** The views above the centre of the window. */
export const TABS = ['run', 'sweep', 'compare', 'history'] as const;
export type Tab = (typeof TABS)[number];

/** Where the read-only trace came from, for its banner. */
export type OpenedFrom = 'file' | 'history';

export class Session {
  info: AppInfo;
  pool: PoolState;
  readonly run = new RunStore();
  /** A trace opened from a file, shown instead of the live run until closed. */
  opened = $state.raw<StaticTrace | null>(null);
  openedFrom = $state<OpenedFrom>('file');
  notice = $state.raw<Notice | null>(null);
  /** A request to start a run is on its way. */
  starting = $state(false);
  readonly shown: TraceSource = $derived(this.opened ?? this.run);
  /** The future whose details are open, and the trace it belongs to. */
  #selection = $state.raw<{ trace: Trace; taskId: number } | null>(null);
  readonly chart = new ChartView(() => extentOf(this.shown));
  tab = $state<Tab>('run');
  /** The workload panel's builder: what Run and a sweep run. */
  readonly draft = new WorkloadDraft(PRESETS[0]!.workload, PRESETS[0]!.blurb);
  /** The python runtime: interpreter, runtime switch, the module the builder offers. */
  readonly python: PythonSession;
  readonly sweep: SweepStore;
  readonly history: HistoryStore;
  readonly compare: CompareStore;
  /** Traced scripts (the tracer's form): a learner's own .py on CPython's own pool. */
  readonly script: ScriptRunner;
  readonly #api: PoolScopeApi;
  readonly #files: FileAccess;

  constructor(api: PoolScopeApi, info: AppInfo) {
    this.#api = api;
    this.info = $state.raw(info);
    this.pool = $state.raw(info.pool);
    this.#files = fileAccess(api, info.mode);
    const say = (text: string, tone?: Notice['tone']) => this.say(text, tone);
    this.python = new PythonSession(api, info, this.draft, say);
    // The presets run on CPython when it is there; the switch goes back to the Node built-ins.
    this.python.pickPreset(PRESETS[0]!, this.python.preferred);
    this.sweep = new SweepStore(api, say, defaultRange(info.cpuCount, info.maxWorkersLimit));
    this.history = new HistoryStore(api, say);
    this.compare = new CompareStore(api, say, browserStorage());
    this.script = new ScriptRunner(api, {
      info: () => this.info,
      maxWorkers: () => this.pool.maxWorkers,
      say,
      started: () => {
        this.closeFile();
        this.tab = 'run';
      },
    });
  }

  /** A run or a sweep is under way: Run and Sweep wait for it. */
  get busy(): boolean {
    return this.run.phase === 'running' || this.sweep.live !== null;
  }

  handle(event: AppEvent): void {
    if (event.channel === 'pool:state') this.pool = event.payload;
    this.sweep.handle(event);
    this.history.handle(event);
    const wasRun = this.run.runId;
    this.run.handle(event);
    if (event.channel === 'run:started' && this.run.runId !== wasRun && !this.opened) {
      this.chart.fit();
    }
    if (event.channel === 'run:finished' && event.payload.runId === this.run.runId) {
      const { status, error, summary } = event.payload;
      const name = summary.name;
      if (status === 'failed') this.say(`${name} failed: ${error ?? 'the pool broke'}`, 'error');
      else this.say(endedMessage(summary, this.run.snapshot?.tally.stats() ?? null));
    }
  }

  /**
   * A page that joins mid-run (a reload, a second window): the run so far, its calls in the
   * builder (they are what runs), and the status line saying so.
   */
  joinRun(run: EventMap['run:started']): void {
    this.handle({ channel: 'run:started', payload: run });
    const found = workloadOf(run.trace);
    if (found.ok) {
      const preset = PRESETS.find((p) => p.workload.name === found.workload.name);
      this.draft.load(found.workload, preset?.blurb ?? '');
    }
    this.say(`Running ${run.trace.name}… (it started before this page loaded)`);
  }

  /** After a reconnection: the pool may have changed while the socket was down. */
  async refresh(): Promise<void> {
    const reply = await this.#api.appInfo(undefined);
    if (reply.ok) {
      this.info = reply.value;
      this.pool = reply.value.pool;
      this.python.status = reply.value.python;
    }
  }

  /** Each run on a fresh pool of its own, as `with ProcessPoolExecutor() as pool:` makes. */
  freshPool = $state(false);

  async startRun(workload: Workload): Promise<void> {
    this.starting = true;
    try {
      const reply = await this.#api.runStart({
        workload,
        ...(this.freshPool && { freshPool: true }),
      });
      if (!reply.ok) return this.say(`Cannot run: ${reply.error.message}`, 'error');
      this.closeFile();
      this.tab = 'run';
      this.say(`Running ${workload.name}…`);
    } finally {
      this.starting = false;
    }
  }

  /** Cancels the run, or the whole sweep when the run is one of its points. */
  async cancelRun(): Promise<void> {
    if (this.sweep.live) return this.sweep.cancel();
    const runId = this.run.runId;
    if (!runId) return;
    const reply = await this.#api.runCancel({ runId });
    if (!reply.ok) this.say(`Cannot cancel: ${reply.error.message}`, 'error');
  }

  /**
   * `future.cancel()` on call `taskId` of the live run: what it returned (true: it will never run;
   * false: it is running or done), or null when it could not be asked.
   */
  async cancelFuture(taskId: number): Promise<boolean | null> {
    const runId = this.run.runId;
    if (!runId) return null;
    const reply = await this.#api.futureCancel({ runId, taskId });
    if (!reply.ok) {
      this.say(`Cannot cancel future ${taskId}: ${reply.error.message}`, 'error');
      return null;
    }
    return reply.value.cancelled;
  }

  async resize(maxWorkers: number): Promise<void> {
    const reply = await this.#api.poolResize({ maxWorkers });
    if (reply.ok) this.pool = reply.value;
    else this.say(`Cannot resize the pool: ${reply.error.message}`, 'error');
  }

  async openFile(): Promise<void> {
    const reply = await this.#files.open();
    if (!reply.ok) return this.say(`Cannot open: ${reply.error.message}`, 'error');
    if (!reply.value.opened) return;
    const { name, text } = reply.value;
    const parsed = parseTraceFile(text);
    if (!parsed.ok) return this.say(`Cannot open ${name}: ${parsed.error}`, 'error');
    this.showTrace(new StaticTrace(parsed.trace, name), 'file');
    this.say(`Opened ${name}.`);
  }

  /** Shows a finished trace read-only in the Run view. */
  showTrace(trace: StaticTrace, from: OpenedFrom): void {
    this.opened = trace;
    this.openedFrom = from;
    this.tab = 'run';
    this.chart.fit();
  }

  /** Puts the calls of the trace shown read-only into the workload builder, to run them again. */
  loadOpenedWorkload(): void {
    const trace = this.opened?.snapshot.trace;
    if (!trace) return;
    const found = workloadOf(trace);
    if (!found.ok) return this.say(`Cannot load its calls: ${found.problem}`, 'error');
    const { workload, skipped } = found;
    this.draft.load(workload);
    const left = skipped > 0 ? ` (${formatCount(skipped)} not PoolScope's, left out)` : '';
    this.say(
      `Loaded the ${plural(taskCount(workload), 'call')} of ${workload.name}${left} into the ` +
        `workload; it ran with max_workers=${trace.maxWorkers}.`,
    );
  }

  closeFile(): void {
    if (!this.opened) return;
    this.opened = null;
    this.chart.fit();
  }

  /** The id of the future whose details are open in the trace shown now, or null. */
  get selectedTask(): number | null {
    const selection = this.#selection;
    return selection && selection.trace === this.shown.snapshot?.trace ? selection.taskId : null;
  }

  /** Opens the details of future `taskId` of the trace shown (null closes them). */
  selectTask(taskId: number | null): void {
    const trace = this.shown.snapshot?.trace;
    this.#selection = trace && taskId !== null && trace.tasks[taskId] ? { trace, taskId } : null;
  }

  async exportAs(format: ExportFormat): Promise<void> {
    const trace = this.shown.snapshot?.trace;
    if (!trace) return this.say('Nothing to export yet: run a workload or open a trace.', 'error');
    await this.save(() => renderExport(trace, format));
  }

  /** Saves (desktop) or downloads (browser) what `render` makes, and says how it went. */
  async save(render: () => SaveRequest | Promise<SaveRequest>): Promise<void> {
    try {
      const reply = await this.#files.save(await render());
      if (!reply.ok) return this.say(`Export failed: ${reply.error.message}`, 'error');
      const out = reply.value;
      if (out.saved) this.say(out.downloaded ? `Downloaded ${out.where}` : `Saved ${out.where}`);
    } catch (e) {
      this.say(`Export failed: ${e instanceof Error ? e.message : String(e)}`, 'error');
    }
  }

  say(text: string, tone: Notice['tone'] = 'info'): void {
    this.notice = { text, tone };
  }
}

/** localStorage where the page may use it (not in Node tests, nor when the browser refuses it). */
function browserStorage(): PinStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
