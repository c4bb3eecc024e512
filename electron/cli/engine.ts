/**
 * The app's own engine for the command line: a RunService (the same pool, recorder and history
 * code the app runs), spoken to only through `dispatch` and its events, on a history folder of its
 * own that is removed at the end. Ctrl-C cancels; a second Ctrl-C stops the running calls too.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  AppInfo,
  EventMap,
  RequestChannel,
  RequestPayload,
  ResponseMap,
  SweepRecord,
} from '../../shared/contract';
import type { Trace } from '../../shared/trace';
import { RunService } from '../service';
import { CliError } from './errors';
import type { Interrupts } from './interrupts';
import { LiveRuns } from './live-runs';

export interface RunResult {
  outcome: EventMap['run:finished'];
  trace: Trace;
  /** Ctrl-C (or SIGTERM) came during the run. */
  interrupted: boolean;
}

export interface SweepResult {
  sweep: SweepRecord;
  interrupted: boolean;
}

export interface EngineOptions {
  /** The python runtime's interpreter (a path or a command); default python3 from PATH. */
  python?: string;
}

export interface Watch {
  interrupts: Interrupts;
  /** Called on every event, for progress. */
  changed?: (live: LiveRuns) => void;
  /** Told what Ctrl-C did, for the user. */
  say: (text: string) => void;
}

export class Engine {
  private constructor(
    private readonly service: RunService,
    private readonly dataDir: string,
  ) {}

  /** A service whose workers are the built worker beside the CLI (out/main/worker.js). */
  static async open(builtDir: string, options: EngineOptions = {}): Promise<Engine> {
    const dataDir = await mkdtemp(join(tmpdir(), 'poolscope-cli-'));
    const service = new RunService({
      mode: 'browser',
      dataDir,
      workerPath: join(builtDir, 'worker.js'),
      ...(options.python !== undefined && { python: options.python }),
    });
    return new Engine(service, dataDir);
  }

  info(): Promise<AppInfo> {
    return this.call('app:info', undefined);
  }

  /** One request through the contract; a refusal becomes a CliError with the service's words. */
  async call<C extends RequestChannel>(
    channel: C,
    payload: RequestPayload<C>,
  ): Promise<ResponseMap[C]> {
    const reply = await this.service.dispatch(channel, payload);
    if (!reply.ok) throw new CliError(reply.error.message);
    return reply.value as ResponseMap[C];
  }

  /** Runs a workload to its end (or its cancellation) and returns its trace. */
  async run(payload: RequestPayload<'run:start'>, watch: Watch): Promise<RunResult> {
    const live = new LiveRuns(() => watch.changed?.(live));
    const stop = this.service.onEvent((e) => live.receive(e));
    try {
      const { runId } = await this.call('run:start', payload);
      const finished = live.runFinished(runId);
      const interrupted = this.onInterrupt(watch, live, () =>
        this.service.dispatch('run:cancel', { runId }),
      );
      const outcome = await finished;
      const trace = (await this.savedTrace(runId)) ?? live.run(runId)?.trace;
      if (!trace) throw new CliError(`run ${runId} ended without a trace`);
      return { outcome, trace, interrupted: interrupted() };
    } finally {
      stop();
    }
  }

  /** Runs a sweep to its end (or its cancellation). */
  async sweep(payload: RequestPayload<'sweep:start'>, watch: Watch): Promise<SweepResult> {
    const live = new LiveRuns(() => watch.changed?.(live));
    const stop = this.service.onEvent((e) => live.receive(e));
    try {
      const { sweepId } = await this.call('sweep:start', payload);
      const finished = live.sweepFinished(sweepId);
      const interrupted = this.onInterrupt(watch, live, () =>
        this.service.dispatch('sweep:cancel', { sweepId }),
      );
      return { sweep: await finished, interrupted: interrupted() };
    } finally {
      stop();
    }
  }

  /** Shuts every pool down (no worker is left when this resolves) and removes the history folder. */
  async close(): Promise<void> {
    await this.service.close();
    await rm(this.dataDir, { recursive: true, force: true });
  }

  /**
   * The first Ctrl-C cancels (pending calls never start, running ones finish, as CPython's
   * cancel() does); the next, or a SIGTERM (a process manager will not wait), also kills the
   * running calls' workers, so the run ends now, its futures failed by the broken pool. Returns
   * whether an interrupt came.
   */
  private onInterrupt(watch: Watch, live: LiveRuns, cancel: () => Promise<unknown>): () => boolean {
    let count = 0;
    const stop = watch.interrupts.listen((signal) => {
      count++;
      if (count === 1) void cancel();
      if (count === 1 && signal === 'SIGINT') {
        const running = live.latest?.running ?? 0;
        watch.say(
          running > 0
            ? `Interrupted: cancelling; waiting for the ${running} running call${running === 1 ? '' : 's'} to finish (Ctrl-C again to stop them now)...`
            : 'Interrupted: cancelling (Ctrl-C again to stop at once)...',
        );
        return;
      }
      watch.say(`${count > 1 ? 'Interrupted again' : signal}: stopping the running calls now...`);
      for (const pid of live.liveWorkers()) killChild(pid);
    });
    return () => {
      stop();
      return count > 0;
    };
  }

  /** The trace as the service recorded and saved it (the app's History holds the same). */
  private async savedTrace(runId: string): Promise<Trace | undefined> {
    const reply = await this.service.dispatch('history:get', { id: runId });
    if (reply.ok) return (reply.value as ResponseMap['history:get']).trace;
    return undefined;
  }
}

/** SIGKILLs `pid` if, and only if, it is still a child of this process (never a reused PID). */
async function isChild(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (stat === null) return process.platform !== 'linux';
  const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  return ppid === process.pid;
}

function killChild(pid: number): void {
  void isChild(pid).then((child) => {
    if (!child) return;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  });
}
