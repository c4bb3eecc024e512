/**
 * The run service: owns the pool and runs workloads on it, for both transports (Electron IPC and
 * browser mode's WebSocket), through one entry, `dispatch`. Plain Node: never imports electron.
 */
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { ProcessPoolExecutor } from '../pool';
import { BUILTIN_FUNCTIONS } from '../../shared/catalog';
import {
  MAX_WORKERS_PER_CPU,
  SWEEP_REPEATS,
  REQUEST_CHANNELS,
  isRequestChannel,
  maxWorkersLimit,
  parseRequest,
  type AppEvent,
  type AppInfo,
  type PoolState,
  type Reply,
  type RequestChannel,
  type RequestPayload,
  type ResponseMap,
} from '../../shared/contract';
import type { ScriptSpec } from '../../shared/script';
import { runtimeOf, taskCount, type Runtime, type Workload } from '../../shared/workload';
import { version } from '../../package.json';
import { ScriptError, ScriptRunSource, checkRequest, tracerPythonDir } from '../trace';
import { ServiceError, replyFrom } from './errors';
import { HistoryStore } from './history';
import { PoolRunSource } from './pool-source';
import { EVENT_BATCH_MS, RunRecorder, type RunOutcome } from './recorder';
import type { WorkerLauncher } from '../pool/launcher';
import type { RunInputs, RunSource } from './run-source';
import { NodeRuntime, PythonRuntime, type RunPlan, type RuntimeHost } from './runtimes';
import { Sweep, runOnStartedPool, type PointOutcome } from './sweep';
import { Throttle } from './throttle';

/** How long running calls may go on once the app is asked to quit (ms). */
export const SHUTDOWN_GRACE_MS = 2000;

export interface RunServiceOptions {
  mode: 'desktop' | 'browser';
  /** The history folder. */
  dataDir: string;
  /** The built worker entry (out/main/worker.js); the pool's default when absent. */
  workerPath?: string;
  /** The program that runs workers: Electron's binary (as Node) in the desktop app. */
  execPath?: string;
  /** The python runtime's interpreter: a path or a command on PATH (default python3). */
  python?: string;
  env?: NodeJS.ProcessEnv;
  /** How the app's pools start their workers (the desktop app's: electron/main/launcher.ts). */
  launcher?: WorkerLauncher;
  cpuCount?: number;
}

type Handlers = {
  [C in RequestChannel]: (payload: RequestPayload<C>) => ResponseMap[C] | Promise<ResponseMap[C]>;
};

export class RunService {
  readonly cpuCount: number;
  readonly maxWorkersLimit: number;
  private readonly history: HistoryStore;
  private readonly listeners = new Set<(event: AppEvent) => void>();
  /** pool:state at most ~60 times a second, always the latest. */
  private readonly stateUpdates = new Throttle(EVENT_BATCH_MS, () =>
    this.emit({ channel: 'pool:state', payload: this.poolState() }),
  );
  private readonly node: NodeRuntime;
  private readonly python: PythonRuntime;
  private readonly runtimes: Record<Runtime, RuntimeHost>;
  /** The runtime of the last run: whose pool pool:state shows and the slider resizes. */
  private runtime: Runtime = 'node';
  /** A run or sweep being planned (a python module inspected): the service is busy meanwhile. */
  private starting = false;
  private run: RunRecorder | null = null;
  private runDone: Promise<unknown> = Promise.resolve();
  private sweep: Sweep | null = null;
  private closing: Promise<void> | null = null;

  private readonly handlers: Handlers = {
    'app:info': () => this.info(),
    'pool:resize': ({ maxWorkers }) => this.resize(maxWorkers, 'pool:resize'),
    'run:start': (p) => this.startRun(p.workload, p.maxWorkers, p.freshPool === true),
    'run:cancel': ({ runId }) => this.cancelRun(runId),
    'future:cancel': ({ runId, taskId }) => this.cancelFuture(runId, taskId),
    'sweep:start': (p) => this.startSweep(p.workload, p.from, p.to, p.repeats),
    'sweep:cancel': ({ sweepId }) => this.cancelSweep(sweepId),
    'history:list': () => this.history.list(),
    'history:get': ({ id }) => this.history.get(id),
    'history:rename': async ({ id, name }) => ({ entry: await this.history.rename(id, name) }),
    'history:delete': async ({ id }) => ({ deleted: await this.history.delete(id) }),
    'file:save': () => desktopOnly('file:save'),
    'file:open': () => desktopOnly('file:open'),
    'file:openPath': () => desktopOnly('file:openPath', 'drop the file or use Open… instead'),
    'prefs:get': () => desktopOnly('prefs:get', 'this browser keeps them'),
    'prefs:theme': () => desktopOnly('prefs:theme', 'this browser keeps it'),
    'menu:state': () => desktopOnly('menu:state', 'the page has no native menu'),
    'python:interpreter': ({ executable }) => this.python.choose(executable),
    'module:inspect': ({ path }) => this.python.inspect(path),
    'module:choose': () => desktopOnly('module:choose', 'type the module’s path instead'),
    'script:start': ({ script }) => this.startScript(script),
    'script:sweep': (p) => this.startScriptSweep(p.script, p.from, p.to, p.repeats),
  };

  constructor(private readonly options: RunServiceOptions) {
    this.cpuCount = options.cpuCount ?? availableParallelism();
    this.maxWorkersLimit = maxWorkersLimit(this.cpuCount);
    this.history = new HistoryStore(options.dataDir);
    const { workerPath, execPath, env, launcher } = options;
    const host = {
      maxWorkers: this.cpuCount,
      changed: () => this.stateUpdates.schedule(),
      env: env ?? process.env,
    };
    this.node = new NodeRuntime({ workerPath, execPath, env, launcher }, host);
    this.python = new PythonRuntime(options.python, host);
    this.runtimes = { node: this.node, python: this.python };
  }

  /**
   * The one entry both transports use. Checks the channel, validates the payload against the
   * contract, runs the handler; every failure is a typed error reply. Never throws.
   */
  async dispatch(channel: unknown, payload: unknown): Promise<Reply<unknown>> {
    if (!isRequestChannel(channel)) {
      const known = REQUEST_CHANNELS.join(', ');
      const message = `unknown channel ${describeChannel(channel)}; known: ${known}`;
      return { ok: false, error: { code: 'unknown-channel', message } };
    }
    const parsed = parseRequest(channel, payload);
    if (!parsed.ok) return parsed;
    return replyFrom(() => this.handle(channel, parsed.value));
  }

  onEvent(listener: (event: AppEvent) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /**
   * Cancels what is pending, gives running calls `graceMs` to finish, then kills their workers,
   * saves the interrupted run (as cancelled, with what it did), and shuts every pool down: when
   * this resolves, no worker is left. CPython's `shutdown(cancel_futures=True)` would wait for
   * running calls without bound; an app being quit must not.
   */
  close({ graceMs = SHUTDOWN_GRACE_MS }: { graceMs?: number } = {}): Promise<void> {
    this.closing ??= (async () => {
      this.sweep?.cancel();
      this.run?.interrupt();
      await Promise.all(Object.values(this.runtimes).map((r) => r.pools.close(graceMs)));
      await Promise.all([this.runDone, this.sweep?.done, this.python.idle()]);
      this.stateUpdates.cancel();
    })();
    return this.closing;
  }

  /**
   * Kills every worker now (SIGKILL, before this returns): a second Ctrl-C, about to exit.
   * Their calls fail; a close() under way still saves the run.
   */
  terminate(): void {
    this.run?.interrupt();
    for (const runtime of Object.values(this.runtimes)) runtime.pools.killAll();
  }

  private handle<C extends RequestChannel>(
    channel: C,
    payload: RequestPayload<C>,
  ): ResponseMap[C] | Promise<ResponseMap[C]> {
    return (this.handlers[channel] as Handlers[C])(payload);
  }

  private emit(event: AppEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (e) {
        // A broken listener (say, a closed window) must not stop the run or the other listeners.
        console.error('PoolScope: an event listener failed:', e);
      }
    }
  }

  private currentRun(): Pick<AppInfo, 'currentRun'> {
    const currentRun = this.run?.snapshot();
    return currentRun ? { currentRun } : {};
  }

  private async info(): Promise<AppInfo> {
    const python = await this.python.status();
    return {
      mode: this.options.mode,
      version,
      masterPid: process.pid,
      cpuCount: this.cpuCount,
      maxWorkersLimit: this.maxWorkersLimit,
      pool: this.poolState(),
      catalog: [...BUILTIN_FUNCTIONS],
      python,
      ...tutorialScripts(),
      ...this.currentRun(),
    };
  }

  private poolState(): PoolState {
    return { ...this.runtimes[this.runtime].pools.state(), runtime: this.runtime };
  }

  private checkWorkers(n: number, where: string): void {
    if (n > this.maxWorkersLimit) {
      throw new ServiceError(
        'invalid-payload',
        `${where}: at most ${this.maxWorkersLimit} workers on this machine ` +
          `(${MAX_WORKERS_PER_CPU} × ${this.cpuCount} CPUs)`,
      );
    }
  }

  /** `channel` names the request in a refusal. */
  private resize(maxWorkers: number, channel: string): PoolState {
    this.checkWorkers(maxWorkers, `${channel}: maxWorkers`);
    for (const runtime of Object.values(this.runtimes)) runtime.pools.resize(maxWorkers);
    return this.poolState();
  }

  private assertIdle(): void {
    if (this.starting) throw new ServiceError('busy', 'a run is starting');
    if (this.run) throw new ServiceError('busy', `run ${this.run.id} is still running`);
    if (this.sweep) throw new ServiceError('busy', `sweep ${this.sweep.id} is still running`);
  }

  /**
   * A run on the app's pool, or with `freshPool` on one of its own, as `with
   * ProcessPoolExecutor(max_workers) as pool:` makes: started before the clock (the start-up is
   * timed apart), shut down after. The slider's value is its size either way.
   */
  private async startRun(
    workload: Workload,
    maxWorkers: number | undefined,
    freshPool: boolean,
  ): Promise<{ runId: string }> {
    this.assertIdle();
    if (maxWorkers !== undefined) this.checkWorkers(maxWorkers, 'run:start: maxWorkers');
    const plan = await this.planned(workload);
    if (maxWorkers !== undefined) this.resize(maxWorkers, 'run:start');
    const runId = newId('run');
    const pools = this.runtimes[this.runtime].pools;
    let run: Promise<unknown>;
    if (freshPool) {
      // Busy ("a run is starting") while its workers start: the run is current only after.
      this.starting = true;
      run = pools
        .withFreshPool(plan.spec, pools.maxWorkers, 'run', (pool) =>
          runOnStartedPool(pool, (startupMs) => {
            this.starting = false;
            return this.record(this.poolSource(pool, workload, plan), runId, { startupMs });
          }),
        )
        .finally(() => (this.starting = false));
    } else {
      run = this.record(this.poolSource(pools.live(plan.spec), workload, plan), runId);
    }
    this.runDone = run.catch((e: unknown) => console.error(`PoolScope: run ${runId} failed:`, e));
    return { runId };
  }

  /**
   * How `workload` runs, its runtime now the current one. The service counts as busy while a
   * python module is inspected, so no second run starts meanwhile.
   */
  private async planned(workload: Workload): Promise<RunPlan> {
    this.starting = true;
    try {
      const host = this.runtimes[runtimeOf(workload)];
      const plan = await host.plan(workload);
      if (this.closing) throw new ServiceError('failed', 'PoolScope is shutting down');
      if (this.runtime !== host.name) {
        this.runtime = host.name;
        this.stateUpdates.schedule();
      }
      return plan;
    } finally {
      this.starting = false;
    }
  }

  private poolSource(pool: ProcessPoolExecutor, workload: Workload, plan: RunPlan): RunSource {
    return new PoolRunSource({
      pool,
      workload,
      cpuCount: this.cpuCount,
      masterPid: process.pid,
      header: plan.header,
    });
  }

  /** Records `source`'s run to the end (events, history, run:finished); it is current till then. */
  private record(
    source: RunSource,
    runId: string,
    more: { sweepId?: string; startupMs?: number } = {},
  ): Promise<RunOutcome> {
    const run = new RunRecorder({
      id: runId,
      source,
      ...more,
      emit: (e) => this.emit(e),
      save: (summary, trace, workload) => this.history.saveRun(summary, trace, workload),
      ended: () => {
        if (this.run === run) this.run = null;
      },
    });
    this.run = run;
    return run.outcome;
  }

  private async cancelRun(runId: string): Promise<{ cancelled: boolean }> {
    if (this.run?.id === runId) return { cancelled: this.run.cancel() };
    if (await this.history.has(runId)) return { cancelled: false };
    throw new ServiceError('not-found', `no run ${runId}`);
  }

  /** `Future.cancel()` on call `taskId` of run `runId`; a finished run's futures are all done. */
  private async cancelFuture(runId: string, taskId: number): Promise<{ cancelled: boolean }> {
    const noCall = () => new ServiceError('not-found', `run ${runId} has no call ${taskId}`);
    if (this.run?.id === runId) {
      const cancelled = this.run.cancelCall(taskId);
      if (cancelled === null) throw noCall();
      return { cancelled };
    }
    const entry = await this.history.entry(runId).catch(() => null);
    if (entry?.kind !== 'run') throw new ServiceError('not-found', `no run ${runId}`);
    if (taskId >= entry.summary.tasks) throw noCall();
    return { cancelled: false };
  }

  /** A sweep may start: nothing else runs, and from..to is a range of allowed worker counts. */
  private checkSweepRange(from: number, to: number, channel: string): void {
    this.assertIdle();
    if (from > to) {
      throw new ServiceError(
        'invalid-payload',
        `${channel}: from (${from}) is more than to (${to})`,
      );
    }
    this.checkWorkers(to, `${channel}: to`);
  }

  private async startSweep(
    workload: Workload,
    from: number,
    to: number,
    repeats = SWEEP_REPEATS,
  ): Promise<{ sweepId: string }> {
    this.checkSweepRange(from, to, 'sweep:start');
    const plan = await this.planned(workload);
    const pools = this.runtimes[this.runtime].pools;
    const range = { from, to, repeats, calls: taskCount(workload) };
    return this.sweepOf(workload.name, { workload }, range, (n, sweepId) =>
      pools.withFreshPool(plan.spec, n, 'sweep', (pool) =>
        runOnStartedPool(pool, (startupMs) =>
          this.record(this.poolSource(pool, workload, plan), newId('run'), { sweepId, startupMs }),
        ),
      ),
    );
  }

  /** A traced script (issue 11): refused with a sentence when it cannot start. */
  private async startScript(spec: ScriptSpec): Promise<{ runId: string }> {
    this.assertIdle();
    if (spec.maxWorkers !== undefined) {
      this.checkWorkers(spec.maxWorkers, 'script:start: maxWorkers');
    }
    const source = await this.scriptSource(spec, 'script:start');
    this.assertIdle(); // still, after the interpreter check
    const runId = newId('run');
    this.runDone = this.record(source, runId).catch((e: unknown) =>
      console.error(`PoolScope: run ${runId} failed:`, e),
    );
    return { runId };
  }

  /** The script on the python runtime's interpreter (the one chosen in Settings, say a venv's). */
  private async scriptSource(spec: ScriptSpec, channel: string): Promise<RunSource> {
    const status = await this.python.status();
    if (!status.ok) throw new ServiceError('failed', `${channel}: ${status.problem}`);
    const options = {
      cpuCount: this.cpuCount,
      python: status.python.executable,
      ...(this.options.env && { env: this.options.env }),
    };
    try {
      checkRequest(spec, options);
    } catch (e) {
      if (e instanceof ScriptError) {
        throw new ServiceError('invalid-payload', `${channel}: ${e.message}`);
      }
      throw e;
    }
    return new ScriptRunSource(spec, options);
  }

  /**
   * The script once per max_workers, each point an ordinary traced run. CPython's pool starts its
   * own workers, inside the run: a script's start-up is not apart.
   */
  private async startScriptSweep(
    spec: ScriptSpec,
    from: number,
    to: number,
    repeats = SWEEP_REPEATS,
  ): Promise<{ sweepId: string }> {
    this.checkSweepRange(from, to, 'script:sweep');
    const { name } = await this.scriptSource(spec, 'script:sweep');
    this.assertIdle();
    return this.sweepOf(name, { script: spec }, { from, to, repeats }, async (n, sweepId) => ({
      ...(await this.record(
        await this.scriptSource({ ...spec, maxWorkers: n }, 'script:sweep'),
        newId('run'),
        { sweepId },
      )),
      startupMs: 0,
    }));
  }

  private sweepOf(
    name: string,
    inputs: RunInputs,
    range: { from: number; to: number; repeats: number; calls?: number },
    runPoint: (n: number, sweepId: string) => Promise<PointOutcome>,
  ): { sweepId: string } {
    const sweep = new Sweep({
      record: {
        id: newId('sweep'),
        name,
        startedAt: Date.now(),
        cpuCount: this.cpuCount,
        ...range,
        points: [],
        status: 'running',
      },
      inputs,
      runPoint,
      save: (record, what) => this.history.saveSweep(record, what),
      emit: (e) => this.emit(e),
    });
    this.sweep = sweep;
    void sweep.done.finally(() => (this.sweep = null));
    return { sweepId: sweep.id };
  }

  private async cancelSweep(sweepId: string): Promise<{ cancelled: boolean }> {
    if (this.sweep?.id === sweepId) {
      const cancelled = this.sweep.cancel();
      this.run?.cancel();
      return { cancelled };
    }
    if (await this.history.has(sweepId)) return { cancelled: false };
    throw new ServiceError('not-found', `no sweep ${sweepId}`);
  }
}

/** Where the tutorial's .py files are, when this build ships them. */
function tutorialScripts(): Pick<AppInfo, 'tutorialScriptsDir'> {
  try {
    return { tutorialScriptsDir: join(tracerPythonDir(), 'tutorial') };
  } catch {
    return {};
  }
}

function desktopOnly(channel: string, instead = 'the page downloads instead'): never {
  throw new ServiceError('failed', `${channel} is not available in browser mode; ${instead}`);
}

/** A fresh id, sortable by time: `run-lx3k9a-1f2e3d4c`. */
function newId(kind: 'run' | 'sweep'): string {
  return `${kind}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

function describeChannel(value: unknown): string {
  return typeof value === 'string'
    ? JSON.stringify(value.slice(0, 100))
    : `of type ${typeof value}`;
}
