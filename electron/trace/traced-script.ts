/**
 * Runs one script under the tracer: `python3 -m poolscope_trace SCRIPT ARGS`, detached in a
 * process group of its own, so Stop (SIGTERM, then SIGKILL) reaches every process it started.
 * The script reads EOF on stdin; its output and the tracer's events become one live trace.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { basename, dirname } from 'node:path';
import type { PoolEvent } from '../../shared/events';
import type { ScriptSpec } from '../../shared/script';
import type { Trace, TraceScript } from '../../shared/trace';
import { BoundedLines } from './lines';
import { tracerPythonDir } from './python-dir';
import { checkRequest } from './request';
import { MAX_OUTPUT_LINE, ScriptTrace } from './script-trace';
import { TraceSocket } from './socket';
import { parseWireLine } from './wire';

export { ScriptError, checkRequest } from './request';

/** What to run: shared/script.ts's spec, checked at the boundary (the path resolved here). */
export type ScriptRequest = ScriptSpec;

export interface ScriptRunOptions {
  cpuCount: number;
  /** The interpreter (default: $POOLSCOPE_PYTHON, else python3 on PATH). */
  python?: string;
  env?: NodeJS.ProcessEnv;
  /** SIGTERM to SIGKILL on Stop. */
  graceMs?: number;
  onEvent?: (e: PoolEvent) => void;
}

export interface ScriptOutcome {
  trace: Trace;
  status: 'completed' | 'cancelled' | 'failed';
  /** Why it failed, in a sentence (exit code, the Python error's last line, no pool made). */
  error?: string;
}

const DEFAULT_GRACE_MS = 2000;
/** After the master exits (its group SIGKILLed): a bound on its workers' connections ending. */
const DRAIN_MS = 10_000;

export class TracedScript {
  readonly outcome: Promise<ScriptOutcome>;
  readonly recorder: ScriptTrace;
  private child: ChildProcess | null = null;
  private stopped = false;
  private exited = false;
  private killTimer: NodeJS.Timeout | null = null;

  private constructor(
    private readonly request: ScriptRequest,
    private readonly options: ScriptRunOptions,
    private readonly python: string,
    private readonly socket: TraceSocket,
    recorder: ScriptTrace,
  ) {
    this.recorder = recorder;
    this.outcome = this.execute();
  }

  /** Checks the request, opens the socket and starts Python. Throws ScriptError on bad input. */
  static async start(request: ScriptRequest, options: ScriptRunOptions): Promise<TracedScript> {
    const { path, python } = checkRequest(request, options);
    let recorder: ScriptTrace | null = null;
    const pending: string[] = [];
    const socket = await TraceSocket.open((line) => {
      if (recorder) feed(recorder, line);
      else pending.push(line);
    });
    const maxWorkersFrom: TraceScript['maxWorkersFrom'] =
      request.maxWorkers === undefined
        ? 'script'
        : request.forceMaxWorkers
          ? 'forced'
          : 'poolscope';
    recorder = new ScriptTrace({
      name: basename(path),
      startedAt: performance.timeOrigin + performance.now(),
      cpuCount: options.cpuCount,
      masterPid: 0,
      maxWorkers: request.maxWorkers ?? options.cpuCount,
      script: { path, args: [...request.args], maxWorkersFrom },
    });
    if (options.onEvent) recorder.onEvent(options.onEvent);
    for (const line of pending) feed(recorder, line);
    return new TracedScript({ ...request, path }, options, python, socket, recorder);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Stop: SIGTERM to the whole process group, SIGKILL after the grace. False once it ended. */
  stop(): boolean {
    if (this.stopped || this.exited || !this.child) return false;
    this.stopped = true;
    this.signalGroup('SIGTERM');
    this.killTimer = setTimeout(
      () => this.signalGroup('SIGKILL'),
      this.options.graceMs ?? DEFAULT_GRACE_MS,
    );
    return true;
  }

  private async execute(): Promise<ScriptOutcome> {
    const { request, options, recorder } = this;
    const env: NodeJS.ProcessEnv = {
      ...(options.env ?? process.env),
      PYTHONPATH: [tracerPythonDir(), (options.env ?? process.env).PYTHONPATH]
        .filter(Boolean)
        .join(':'),
      PYTHONUNBUFFERED: '1',
      POOLSCOPE_TRACE_SOCKET: this.socket.path,
      POOLSCOPE_CLOCK_OFFSET_NS: clockOffsetNs().toString(),
    };
    if (request.maxWorkers !== undefined) env.POOLSCOPE_MAX_WORKERS = String(request.maxWorkers);
    if (request.forceMaxWorkers) env.POOLSCOPE_FORCE_MAX_WORKERS = '1';
    if (request.startMethod !== 'default') env.POOLSCOPE_START_METHOD = request.startMethod;

    const child = spawn(this.python, ['-m', 'poolscope_trace', request.path, ...request.args], {
      cwd: dirname(request.path),
      env,
      detached: true, // its own process group: Stop signals every process the script started
      stdio: ['ignore', 'pipe', 'pipe'], // stdin: EOF
    });
    this.child = child;
    recorder.trace.masterPid = child.pid ?? 0;
    const streams = (['stdout', 'stderr'] as const).map((stream) => {
      const lines = new BoundedLines(MAX_OUTPUT_LINE);
      const source = child[stream];
      source?.setEncoding('utf8');
      source?.on('data', (chunk: string) => {
        for (const line of lines.push(chunk)) recorder.masterLine(stream, line, now());
      });
      return new Promise<void>((done) => {
        if (!source) return done();
        source.on('close', () => {
          const last = lines.flush();
          if (last !== null) recorder.masterLine(stream, last, now());
          done();
        });
      });
    });

    const exit = await new Promise<{
      code: number | null;
      signal: string | null;
      spawnError?: Error;
    }>((done) => {
      child.once('error', (e) => done({ code: null, signal: null, spawnError: e }));
      child.once('exit', (code, signal) => done({ code, signal }));
    });
    this.exited = true;
    // The master is gone: whatever it left in its group (a worker, the script's own
    // subprocess) goes too, so nothing outlives the run.
    this.signalGroup('SIGKILL');
    if (this.killTimer) clearTimeout(this.killTimer);
    if (!exit.spawnError) await Promise.all(streams);
    await this.socket.drained(DRAIN_MS);
    await this.socket.close();
    for (let i = 0; i < this.socket.refused; i++) recorder.refused();

    const trace = recorder.finish({ t: now(), exitCode: exit.code, signal: exit.signal });
    if (exit.spawnError) {
      return {
        trace,
        status: 'failed',
        error: `could not start ${this.python}: ${exit.spawnError.message}`,
      };
    }
    if (this.stopped) return { trace, status: 'cancelled' };
    const name = basename(request.path);
    if (exit.code !== 0) {
      const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
      const why = lastErrorLine(trace);
      return { trace, status: 'failed', error: `${name} ${how}${why ? `: ${why}` : ''}` };
    }
    if (recorder.pools === 0) {
      return {
        trace,
        status: 'failed',
        error: `${name} made no pool (ProcessPoolExecutor, ThreadPoolExecutor or multiprocessing.Pool): nothing to trace; its output is kept`,
      };
    }
    return { trace, status: 'completed' };
  }

  private signalGroup(signal: NodeJS.Signals): void {
    const pid = this.child?.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // ESRCH: the group is already empty.
    }
  }
}

function feed(recorder: ScriptTrace, line: string): void {
  const event = parseWireLine(line);
  if (event) recorder.wire(event);
  else recorder.refused();
}

/** The master's last stderr line, as Python ends a traceback: "ValueError: Called broken function". */
function lastErrorLine(trace: Trace): string | undefined {
  for (let i = trace.output.length - 1; i >= 0; i--) {
    const line = trace.output[i];
    if (line?.pid === trace.masterPid && line.stream === 'stderr' && line.line.trim() !== '') {
      return line.line.trim();
    }
  }
  return undefined;
}

function now(): number {
  return performance.timeOrigin + performance.now();
}

/** Node's epoch clock minus the monotonic clock Python's time.monotonic_ns() also reads. */
export function clockOffsetNs(): bigint {
  const hr = process.hrtime.bigint();
  const epochNs = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));
  return epochNs - hr;
}
