/**
 * The one contract between the UI and the process that owns the pool, carried by Electron IPC
 * (preload bridge) and by WebSocket (browser mode) alike. Every inbound payload has a schema here;
 * types are inferred from the schemas, never written twice.
 */
import * as v from 'valibot';
import type { FunctionSpec } from './catalog';
import type { PoolEvent } from './events';
import type { ModuleInfo, PythonStatus } from './python';
import type { Trace } from './trace';
import { MAX_TASKS_PER_RUN, WorkloadSchema, type Runtime } from './workload';
import { ScriptSpecSchema } from './script';
import type { MethodName, RequestChannel } from './channels';
import type { ActionId } from './actions';

export { EVENT_CHANNEL, REQUEST_CHANNELS, methodName } from './channels';
export type { MethodName, RequestChannel } from './channels';

/** The slider's upper bound is this many times the CPU count (and at least this absolute floor). */
export const MAX_WORKERS_PER_CPU = 4;
export const MAX_WORKERS_FLOOR = 8;
export const maxWorkersLimit = (cpuCount: number) =>
  Math.max(MAX_WORKERS_FLOOR, MAX_WORKERS_PER_CPU * cpuCount);
/** A sweep runs each worker count this many times by default, and at most MAX_SWEEP_REPEATS. */
export const SWEEP_REPEATS = 3;
export const MAX_SWEEP_REPEATS = 20;
/** Absolute bound accepted at the boundary whatever the CPU count; the service checks the real one. */
export const MAX_WORKERS_HARD_LIMIT = 256;

const workers = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_WORKERS_HARD_LIMIT));
/** Runs per worker count of a sweep, each on a fresh pool (default SWEEP_REPEATS). */
const repeats = v.optional(
  v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_SWEEP_REPEATS)),
);
const id = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'ids are 1-64 letters, digits, _ or -'),
);
const none = v.optional(v.null());

/** The app's colour scheme: the OS's (prefers-color-scheme), or one chosen by the user. */
export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export const EXPORT_FORMATS = ['svg', 'png', 'csv', 'chrome-json', 'poolscope-json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Request channels: renderer asks, the owner of the pool answers. One schema per payload. */
export const requestSchemas = {
  'app:info': none,
  'pool:resize': v.strictObject({ maxWorkers: workers }),
  /**
   * `freshPool`: run on a pool of its own, like `with ProcessPoolExecutor() as pool:`: its workers
   * are started and ready before the clock, and it is shut down after the run.
   */
  'run:start': v.strictObject({
    workload: WorkloadSchema,
    maxWorkers: v.optional(workers),
    freshPool: v.optional(v.boolean()),
  }),
  'run:cancel': v.strictObject({ runId: id }),
  /** `Future.cancel()` on one call of a run (its run-local id, as in the trace). */
  'future:cancel': v.strictObject({
    runId: id,
    taskId: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_TASKS_PER_RUN - 1)),
  }),
  /** `repeats`: runs per worker count, each on a fresh pool (default SWEEP_REPEATS). */
  'sweep:start': v.strictObject({
    workload: WorkloadSchema,
    from: workers,
    to: workers,
    repeats,
  }),
  'sweep:cancel': v.strictObject({ sweepId: id }),
  'history:list': none,
  'history:get': v.strictObject({ id }),
  'history:rename': v.strictObject({
    id,
    name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200)),
  }),
  'history:delete': v.strictObject({ id }),
  /** Desktop only: a native Save dialog, then an atomic write. Browser mode downloads instead. */
  'file:save': v.strictObject({
    format: v.picklist(EXPORT_FORMATS),
    suggestedName: v.pipe(v.string(), v.minLength(1), v.maxLength(255)),
    data: v.pipe(v.string(), v.maxLength(512 * 1024 * 1024)),
    encoding: v.picklist(['utf8', 'base64']),
  }),
  /** Desktop only: a native Open dialog; returns the chosen file's text. */
  'file:open': none,
  // desktop (#15) ---------------------------------------------------------------------------
  /** Desktop only: opens a trace by path (a dropped file's, or one from the recent list). */
  'file:openPath': v.strictObject({
    path: v.pipe(v.string(), v.minLength(1), v.maxLength(4096)),
  }),
  /** Desktop only: the theme and the recent files, remembered in the preferences file. */
  'prefs:get': none,
  /** Desktop only: the theme chosen (also sets nativeTheme, so menus and title bar follow). */
  'prefs:theme': v.strictObject({ theme: v.picklist(THEMES) }),
  /** Desktop only: what the page can do now, so the menu greys out the rest. */
  'menu:state': v.strictObject({
    /** A trace is shown: Export and Save apply. */
    canExport: v.boolean(),
    /** A trace opened from a file is shown: Close trace applies. */
    traceOpen: v.boolean(),
    /** A run or sweep is under way: Cancel applies, Run and Sweep wait. */
    busy: v.boolean(),
  }),
  // python runtime (issue 10)
  /** Chooses the python runtime's interpreter (a path, or a command on PATH); null: python3. */
  'python:interpreter': v.strictObject({
    executable: v.nullable(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(4096))),
  }),
  /** A learner's module (absolute path, or `poolscope:` and one of the app's own): its functions. */
  'module:inspect': v.strictObject({ path: v.pipe(v.string(), v.minLength(1), v.maxLength(4096)) }),
  /** Desktop only: a native Open dialog for a .py file; returns its path. */
  'module:choose': none,
  // Traced scripts (issue 11): a learner's own .py run on CPython's own pool. Stop is run:cancel
  // (or sweep:cancel); a sweep reruns the script once per max_workers.
  'script:start': v.strictObject({ script: ScriptSpecSchema }),
  'script:sweep': v.strictObject({ script: ScriptSpecSchema, from: workers, to: workers, repeats }),
  // Choosing the script on the desktop is module:choose's Open dialog (a .py file's path).
} as const satisfies Record<RequestChannel, v.GenericSchema>; // one schema per channel, no extras

export type RequestPayload<C extends RequestChannel> = v.InferOutput<(typeof requestSchemas)[C]>;

export interface PoolState {
  maxWorkers: number;
  /** Live worker PIDs in spawn order. */
  pids: number[];
  /** True after a worker died and broke the pool; the next run re-creates it. */
  broken: boolean;
  /** Whose pool this is: the runtime of the last run (node before any). */
  runtime?: Runtime;
  /**
   * While a sweep point or a fresh-pool run is under way: the pool of its own it runs on, apart
   * from the app's pool above, which the slider sets.
   */
  fresh?: { for: 'sweep' | 'run'; maxWorkers: number; pids: number[] };
}

export interface AppInfo {
  mode: 'desktop' | 'browser';
  version: string;
  masterPid: number;
  cpuCount: number;
  maxWorkersLimit: number;
  pool: PoolState;
  catalog: FunctionSpec[];
  /** The python runtime's interpreter, or why it cannot run. */
  python: PythonStatus;
  /** The run under way when the page connected (a reload mid-run), as recorded so far. */
  currentRun?: EventMap['run:started'];
  /** Where the tutorial's .py files are on this machine, for "Run the real script". */
  tutorialScriptsDir?: string;
}

const finiteNumber = v.pipe(v.number(), v.finite());
const wholeNumber = v.pipe(v.number(), v.integer(), v.minValue(0));

export const RunStatusSchema = v.picklist(['completed', 'cancelled', 'failed']);
export type RunStatus = v.InferOutput<typeof RunStatusSchema>;

/** What the history lists for a run; also the schema its entry file is checked with. */
export const RunSummarySchema = v.object({
  id,
  name: v.string(),
  /** Epoch ms. */
  startedAt: finiteNumber,
  maxWorkers: wholeNumber,
  tasks: wholeNumber,
  makespanMs: finiteNumber,
  status: RunStatusSchema,
  /** Set when the run was one point of a sweep. */
  sweepId: v.optional(id),
  /** On a fresh pool: starting its workers until each was ready, before the clock started. */
  startupMs: v.optional(finiteNumber),
});
export type RunSummary = v.InferOutput<typeof RunSummarySchema>;

/** One run of a sweep point. */
export const SweepRepeatSchema = v.object({
  runId: id,
  /** Run start (workers up and ready) to the last finish. */
  makespanMs: finiteNumber,
  /** The sum of the calls' run times. */
  busyMs: finiteNumber,
  /** Forking max_workers workers and waiting until each was ready, before the clock started. */
  startupMs: finiteNumber,
});
export type SweepRepeat = v.InferOutput<typeof SweepRepeatSchema>;

export const SweepPointSchema = v.object({
  maxWorkers: wholeNumber,
  /** The median repeat's run (the one the point opens). */
  runId: id,
  /** The median of the repeats' makespans. */
  makespanMs: finiteNumber,
  /** Parallelism of the median run: busy time ÷ makespan. */
  speedup: finiteNumber,
  /** Every run of this point, in the order they ran; absent in sweeps saved before repeats. */
  repeats: v.optional(v.array(SweepRepeatSchema)),
});
export type SweepPoint = v.InferOutput<typeof SweepPointSchema>;

export const SweepRecordSchema = v.object({
  id,
  name: v.string(),
  startedAt: finiteNumber,
  cpuCount: wholeNumber,
  from: wholeNumber,
  to: wholeNumber,
  /** Runs per worker count (1 in sweeps saved before repeats). */
  repeats: v.optional(wholeNumber),
  /** The workload's call count, for the reading ("8 calls take 2 rounds on 4 workers"). */
  calls: v.optional(wholeNumber),
  points: v.array(SweepPointSchema),
  status: v.picklist(['running', ...RunStatusSchema.options]),
});
export type SweepRecord = v.InferOutput<typeof SweepRecordSchema>;

export const HistoryEntrySchema = v.variant('kind', [
  v.object({ kind: v.literal('run'), summary: RunSummarySchema }),
  v.object({ kind: v.literal('sweep'), sweep: SweepRecordSchema }),
]);
export type HistoryEntry = v.InferOutput<typeof HistoryEntrySchema>;

export interface ResponseMap {
  'app:info': AppInfo;
  'pool:resize': PoolState;
  'run:start': { runId: string };
  'run:cancel': { cancelled: boolean };
  /** What CPython's cancel() returns: true once cancelled, false if running or done. */
  'future:cancel': { cancelled: boolean };
  'sweep:start': { sweepId: string };
  'sweep:cancel': { cancelled: boolean };
  'history:list': { entries: HistoryEntry[]; skipped: { file: string; problem: string }[] };
  'history:get': { entry: HistoryEntry; trace?: Trace };
  'history:rename': { entry: HistoryEntry };
  'history:delete': { deleted: boolean };
  'file:save': { saved: false } | { saved: true; path: string };
  'file:open': { opened: false } | { opened: true; name: string; text: string; path?: string };
  'file:openPath': { opened: true; name: string; text: string; path: string };
  'prefs:get': DesktopPrefs;
  'prefs:theme': DesktopPrefs;
  'menu:state': { applied: true };
  'python:interpreter': PythonStatus;
  'module:inspect': ModuleInfo;
  'module:choose': { chosen: false } | { chosen: true; path: string };
  'script:start': { runId: string };
  'script:sweep': { sweepId: string };
}

/** A trace file opened before, newest first. */
export interface RecentFile {
  path: string;
  name: string;
}

export interface DesktopPrefs {
  theme: Theme;
  recent: RecentFile[];
}

/** Events: pushed by the owner of the pool, at most ~60 batches a second. */
export interface EventMap {
  'pool:state': PoolState;
  /** A run began: its trace header (no tasks yet). */
  'run:started': { runId: string; trace: Trace; sweepId?: string };
  /** Pool events for a run, in order, task ids run-local (0..n-1 in submission order). */
  'run:events': { runId: string; events: PoolEvent[] };
  'run:finished': { runId: string; status: RunStatus; summary: RunSummary; error?: string };
  /** `running`: the worker count under way; `repeat`: which of its runs (1-based). */
  'sweep:progress': { sweep: SweepRecord; running?: number; repeat?: number };
  'sweep:finished': { sweep: SweepRecord };
  // desktop (#15) ---------------------------------------------------------------------------
  /** A menu item was chosen: the page carries out the action (shared/actions.ts). */
  'app:action': { action: ActionId };
  /** Main opened a trace by itself: given on the command line, by the OS, or from Open Recent. */
  'file:opened': { name: string; text: string; path: string };
  /** Main could not open a trace it was given (not .json, missing, too large): why, in a sentence. */
  'file:refused': { path: string; message: string };
  /** The theme or the recent files changed (a menu choice, a file opened). */
  'prefs:changed': DesktopPrefs;
}

export type EventChannel = keyof EventMap;
export type AppEvent = { [K in EventChannel]: { channel: K; payload: EventMap[K] } }[EventChannel];

export const ERROR_CODES = [
  'invalid-payload',
  'unknown-channel',
  'forbidden',
  'not-found',
  'busy',
  'failed',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ContractError {
  code: ErrorCode;
  message: string;
}

export type Reply<T> = { ok: true; value: T } | { ok: false; error: ContractError };

/** Validates an inbound payload; a readable, specific message on failure ("maxWorkers: ..."). */
export function parseRequest<C extends RequestChannel>(
  channel: C,
  payload: unknown,
): { ok: true; value: RequestPayload<C> } | { ok: false; error: ContractError } {
  const schema = requestSchemas[channel];
  const result = v.safeParse(schema, payload);
  if (result.success) return { ok: true, value: result.output as RequestPayload<C> };
  const first = result.issues[0];
  const path = first ? v.getDotPath(first) : null;
  const message = first ? (path ? `${path}: ${first.message}` : first.message) : 'invalid payload';
  return { ok: false, error: { code: 'invalid-payload', message: `${channel}: ${message}` } };
}

export function isRequestChannel(x: unknown): x is RequestChannel {
  return typeof x === 'string' && Object.hasOwn(requestSchemas, x);
}

/**
 * The API the renderer sees, derived from the contract: one method per request channel, each
 * resolving to a `Reply`, plus `onEvent`. Implemented by the preload bridge and the WebSocket client.
 */
export type PoolScopeApi = {
  [C in RequestChannel as MethodName<C>]: (
    payload: RequestPayload<C>,
  ) => Promise<Reply<ResponseMap[C]>>;
} & {
  onEvent(listener: (event: AppEvent) => void): () => void;
};

/** The WebSocket message shapes of browser mode. */
export type WsClientMessage = { id: number; channel: string; payload: unknown };
export type WsServerMessage =
  { kind: 'reply'; id: number; reply: Reply<unknown> } | { kind: 'event'; event: AppEvent };
