/**
 * `poolscope trace SCRIPT.py [options] [-- ARGS...]`: a learner's script run unchanged under the
 * tracer, its output shown as Python shows it, then the trace and any export written, without a
 * window. Shaped as a command of the headless CLI (electron/cli: name, summary, help, run).
 */
import { mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { traceToChromeJson } from '../../shared/export/chrome-trace';
import { traceToCsv } from '../../shared/export/csv';
import { traceToJson } from '../../shared/export/poolscope-json';
import { traceToSvg } from '../../shared/export/svg';
import {
  START_METHODS,
  maxWorkersRule,
  type ScriptSpec,
  type StartMethod,
} from '../../shared/script';
import { summarize } from '../../shared/stats';
import type { Trace } from '../../shared/trace';
import { writeFileAtomic } from '../service/atomic-write';
import { ScriptError, TracedScript } from './traced-script';

/** Where the command writes (the CLI's Io has these and more). */
export interface TraceIo {
  out(text: string): void;
  err(text: string): void;
}

export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

/** What each --out extension writes; the first matching suffix wins. */
const WRITERS: readonly { suffix: string; what: string; write: (t: Trace) => string }[] = [
  { suffix: '.chrome.json', what: 'Chrome trace JSON', write: traceToChromeJson },
  { suffix: '.trace.json', what: 'Chrome trace JSON', write: traceToChromeJson },
  { suffix: '.json', what: "PoolScope's trace", write: traceToJson },
  { suffix: '.csv', what: 'CSV', write: traceToCsv },
  { suffix: '.svg', what: 'SVG chart', write: (t) => traceToSvg(t) },
];

const HELP = `usage: poolscope trace SCRIPT.py [--max-workers N] [--force-max-workers]
                       [--start-method M] [--out FILE]... [-- ARGS...]

Runs SCRIPT.py unchanged under CPython (python3, or $POOLSCOPE_PYTHON) with PoolScope's tracer,
which watches the script's own ProcessPoolExecutor and multiprocessing.Pool: which worker PID ran
each call, when, what it returned or raised, and what it printed. The script's output is shown
as it runs; then the trace and the files asked for are written.

  -w, --max-workers N    the pools' max_workers where the script passes none
  --force-max-workers    ... and also where it passes its own
  --start-method M       default (the script's), fork, spawn or forkserver
  -o, --out FILE         write FILE: ${WRITERS.map((w) => w.suffix).join(' ')}; repeat for several
  -- ARGS...             the script's own arguments (sys.argv[1:])

Exit status: the script's own; 1 when it could not start; 2 on a usage error; 130 on Ctrl-C
(what was recorded is still written).

example: poolscope trace future_exercise.py --out exercise.svg -- 3`;

export class TraceUsageError extends Error {}

export const traceCommand = {
  name: 'trace',
  summary: "trace a Python script unchanged, on CPython's own pool",
  help: HELP,
  async run(argv: string[], io: TraceIo): Promise<number> {
    let spec: ScriptSpec;
    let outputs: { path: string; write: (t: Trace) => string }[];
    try {
      ({ spec, outputs } = parse(argv));
    } catch (e) {
      if (!(e instanceof TraceUsageError) && !(e instanceof TypeError)) throw e;
      io.err(`poolscope trace: ${e.message}\n${HELP.split('\n')[0]}`);
      return EXIT.usage;
    }
    let run: TracedScript;
    try {
      run = await TracedScript.start(spec, {
        cpuCount: availableParallelism(),
        onEvent(e) {
          if (e.type !== 'worker-output') return;
          (e.stream === 'stderr' ? io.err : io.out)(e.line);
        },
      });
    } catch (e) {
      if (!(e instanceof ScriptError)) throw e;
      io.err(`poolscope trace: ${e.message}`);
      return EXIT.failed;
    }
    let interrupted = false;
    const stop = () => {
      interrupted = true;
      run.stop();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    const { trace, status, error } = await run.outcome.finally(() => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    });
    io.err(`poolscope: ${describe(trace, spec)}${error ? `; ${error}` : ''}`);
    let failedWrite = false;
    for (const out of outputs) {
      try {
        await mkdir(dirname(out.path), { recursive: true });
        await writeFileAtomic(out.path, out.write(trace));
        io.err(`poolscope: wrote ${out.path}`);
      } catch (e) {
        failedWrite = true;
        io.err(`poolscope: could not write ${out.path}: ${(e as Error).message}`);
      }
    }
    if (interrupted || status === 'cancelled') return EXIT.interrupted;
    const code = trace.script?.exitCode;
    if (typeof code === 'number' && code !== 0) return code;
    if (status === 'failed' || failedWrite) return EXIT.failed;
    return EXIT.ok;
  },
};

function parse(argv: string[]): {
  spec: ScriptSpec;
  outputs: { path: string; write: (t: Trace) => string }[];
} {
  const { values, positionals, tokens } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    tokens: true,
    options: {
      'max-workers': { type: 'string', short: 'w' },
      'force-max-workers': { type: 'boolean' },
      'start-method': { type: 'string' },
      out: { type: 'string', short: 'o', multiple: true },
    },
  });
  const terminator = tokens.find((t) => t.kind === 'option-terminator')?.index ?? Infinity;
  const before = tokens.filter((t) => t.kind === 'positional' && t.index < terminator);
  if (before.length === 0) throw new TraceUsageError('give the script to trace: SCRIPT.py');
  if (before.length > 1) {
    throw new TraceUsageError(
      `the script's own arguments go after --: -- ${before
        .slice(1)
        .map((t) => (t.kind === 'positional' ? t.value : ''))
        .join(' ')}`,
    );
  }
  const [path, ...args] = positionals;
  const method = values['start-method'] ?? 'default';
  if (!(START_METHODS as readonly string[]).includes(method)) {
    throw new TraceUsageError(
      `--start-method must be one of ${START_METHODS.join(', ')}, not ${method}`,
    );
  }
  let maxWorkers: number | undefined;
  if (values['max-workers'] !== undefined) {
    maxWorkers = Number(values['max-workers']);
    if (!Number.isInteger(maxWorkers) || maxWorkers < 1 || maxWorkers > 256) {
      throw new TraceUsageError(
        `--max-workers must be a whole number from 1 to 256, not ${values['max-workers']}`,
      );
    }
  }
  const force = values['force-max-workers'] ?? false;
  if (force && maxWorkers === undefined) {
    throw new TraceUsageError('--force-max-workers needs --max-workers N');
  }
  const outputs = (values.out ?? []).map((file) => {
    const writer = WRITERS.find((w) => file.toLowerCase().endsWith(w.suffix));
    if (!writer) {
      throw new TraceUsageError(
        `--out ${file}: say what to write with its extension: ${WRITERS.map((w) => w.suffix).join(' ')}`,
      );
    }
    return { path: file, write: writer.write };
  });
  return {
    spec: {
      path: path!,
      args,
      startMethod: method as StartMethod,
      ...(maxWorkers !== undefined && { maxWorkers }),
      forceMaxWorkers: force,
    },
    outputs,
  };
}

/** One line: what ran, on what, and how it ended. */
function describe(trace: Trace, spec: ScriptSpec): string {
  const stats = summarize(trace);
  const pids = stats.perWorker.map((w) => `${w.pid}: ${w.tasks}`).join(', ');
  const ended = trace.script?.signal
    ? `killed by ${trace.script.signal}`
    : `exit code ${trace.script?.exitCode ?? '?'}`;
  const python = trace.python
    ? `CPython ${trace.python.version}, ${trace.python.startMethod}`
    : 'CPython';
  return (
    `${basename(spec.path)}: ${stats.tasks} calls on max_workers=${trace.maxWorkers} (${python}; ` +
    `${maxWorkersRule(spec)}), makespan ${(stats.makespanMs / 1000).toFixed(3)} s` +
    `${pids ? `, calls per PID ${pids}` : ''}; ${ended}`
  );
}
