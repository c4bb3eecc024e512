/**
 * `poolscope trace SCRIPT.py [options] [-- ARGS...]`: a learner's script run unchanged under the
 * tracer (electron/trace), its output shown as Python shows it, then the trace and any export
 * written, without a window.
 */
import { availableParallelism } from 'node:os';
import { EXPORT_FORMATS, MAX_WORKERS_HARD_LIMIT } from '../../../shared/contract';
import { renderTrace } from '../../../shared/export/render';
import { START_METHODS, maxWorkersRule, type ScriptSpec } from '../../../shared/script';
import { ScriptError, TracedScript } from '../../trace';
import { choiceOption, intOption, parseCommandArgs } from '../args';
import type { Command } from '../command';
import { CliError, EXIT, UsageError } from '../errors';
import { checkFolders, extensionsFor, planOutputs } from '../outputs';
import { rasterise } from '../png';
import { writeAndReport } from '../report';
import { runSummary, runText } from '../summary';

const OPTIONS = {
  'max-workers': { type: 'string', short: 'w' },
  'force-max-workers': { type: 'boolean' },
  'start-method': { type: 'string' },
  out: { type: 'string', short: 'o', multiple: true },
  json: { type: 'boolean' },
} as const;

export const traceCommand: Command = {
  name: 'trace',
  summary: "run a Python script unchanged and trace CPython's own pool",
  help: `usage: poolscope trace SCRIPT.py [--max-workers N] [--force-max-workers]
                       [--start-method M] [--out FILE]... [--json] [-- ARGS...]

Runs SCRIPT.py unchanged under CPython (python3, or $POOLSCOPE_PYTHON) with PoolScope's tracer,
which watches the script's own ProcessPoolExecutor and multiprocessing.Pool: which worker PID ran
each call, when, what it returned or raised, and what it printed. The script's output is shown as
it runs; then the numbers are printed and the files asked for are written.

  -w, --max-workers N    max_workers for the script's pools where it passes none
  --force-max-workers    ... and also where it passes its own
  --start-method M       ${START_METHODS.join(', ')} (default: the script's own)
  -o, --out FILE         write FILE; its extension says what: ${extensionsFor(EXPORT_FORMATS).join(' ')}
                         (.json is PoolScope's trace, with the script's header); repeat for several
  --json                 print the summary as JSON on stdout (the script's output goes to stderr)
  -- ARGS...             the script's own arguments (sys.argv[1:])

Exit status: the script's own; 1 when it could not start or made no pool; 2 on a usage error;
130 on Ctrl-C (the script and every process it started are stopped; what was recorded is written).

example: poolscope trace future_exercise.py --out exercise.svg -- 3`,

  async run(argv, io) {
    const dash = argv.indexOf('--');
    const own = dash === -1 ? argv : argv.slice(0, dash);
    const scriptArgs = dash === -1 ? [] : argv.slice(dash + 1);
    const { values, positionals } = parseCommandArgs(own, OPTIONS);
    if (positionals.length === 0) throw new UsageError('missing SCRIPT.py');
    if (positionals.length > 1) {
      throw new UsageError(
        `the script's own arguments go after --: poolscope trace ${positionals[0]} -- ${positionals.slice(1).join(' ')}`,
      );
    }
    const maxWorkers =
      values['max-workers'] === undefined
        ? undefined
        : intOption(values['max-workers'], 'max-workers', 1, MAX_WORKERS_HARD_LIMIT);
    const force = values['force-max-workers'] ?? false;
    if (force && maxWorkers === undefined) {
      throw new UsageError('--force-max-workers needs --max-workers N');
    }
    const spec: ScriptSpec = {
      path: positionals[0]!,
      args: scriptArgs,
      startMethod: choiceOption(values['start-method'] ?? 'default', 'start-method', START_METHODS),
      ...(maxWorkers !== undefined && { maxWorkers }),
      forceMaxWorkers: force,
    };
    const outputs = planOutputs(values.out ?? [], EXPORT_FORMATS);
    await checkFolders(outputs);
    const json = values.json ?? false;
    // With --json, stdout is the summary's: the script's own output goes to stderr.
    const print = json ? io.err : io.out;

    let run: TracedScript;
    try {
      run = await TracedScript.start(spec, {
        cpuCount: availableParallelism(),
        onEvent(e) {
          if (e.type === 'worker-output') (e.stream === 'stderr' ? io.err : print)(e.line);
        },
      });
    } catch (e) {
      if (e instanceof ScriptError) throw new CliError(e.message);
      throw e;
    }
    let interrupted = false;
    const stopListening = io.interrupts.listen(() => {
      interrupted = true;
      run.stop();
    });
    const { trace, status, error } = await run.outcome.finally(stopListening);

    const summary = (written: string[]) =>
      runSummary(trace, status, {
        interrupted,
        outputs: written,
        ...(error && { error }),
      });
    if (!json) {
      io.out(runText(summary([]), trace));
      io.out(`  ${maxWorkersRule(spec)}`);
    }
    const report = await writeAndReport(
      io,
      outputs,
      (format) => renderTrace(trace, format, { rasterise }),
      { json, partial: interrupted },
    );
    if (json) io.out(JSON.stringify(summary(report.written), null, 2));
    if (interrupted) return io.interrupts.exitCode;
    if (error) io.err(`poolscope: ${error}`);
    const code = trace.script?.exitCode;
    if (typeof code === 'number' && code !== 0) return code;
    if (status === 'failed' || report.failed.length > 0) return EXIT.failed;
    return EXIT.ok;
  },
};
