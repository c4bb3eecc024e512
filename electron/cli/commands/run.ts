/** `poolscope run PRESET|WORKLOAD.json`: one run on a real pool, its chart and numbers written out. */
import { EXPORT_FORMATS, MAX_WORKERS_HARD_LIMIT } from '../../../shared/contract';
import { renderTrace } from '../../../shared/export/render';
import { RUNTIMES, taskCount } from '../../../shared/workload';
import { choiceOption, intOption, onePositional, parseCommandArgs } from '../args';
import type { Command } from '../command';
import { EXIT, UsageError } from '../errors';
import { checkFolders, extensionsFor, planOutputs } from '../outputs';
import { rasterise } from '../png';
import { Progress, runLine } from '../progress';
import { withEngine, writeAndReport } from '../report';
import { runSummary, runText } from '../summary';
import { chooseWorkload } from '../workload-source';

const OPTIONS = {
  'max-workers': { type: 'string', short: 'w' },
  runtime: { type: 'string' },
  python: { type: 'string' },
  out: { type: 'string', short: 'o', multiple: true },
  json: { type: 'boolean' },
} as const;

export const runCommand: Command = {
  name: 'run',
  summary: 'run a preset or a workload file on a pool of real worker processes',
  help: `usage: poolscope run PRESET|WORKLOAD.json [--max-workers N] [--runtime node|python]
                    [--python PATH] [--out FILE]... [--json]

Submits the workload's calls in order to a ProcessPoolExecutor of N worker processes and waits
for every future, as the tutorial's scripts do; then writes the chart and prints the numbers.

  PRESET              a preset's id or title, as \`poolscope presets\` lists them (future.py)
  WORKLOAD.json       a workload file (docs/workload.md)
  -w, --max-workers N worker processes (default: the CPU count, as CPython's default)
  --runtime R         node (the default): PoolScope's built-in functions on Node workers;
                      python: CPython workers running the workload's module (the tutorial's
                      functions unless the workload names one)
  --python PATH       the interpreter for the python runtime (default: python3 on PATH)
  -o, --out FILE      write FILE; its extension says what: ${extensionsFor(EXPORT_FORMATS).join(' ')}
                      (.chrome.json and .trace.json are Chrome trace JSON, any other .json is
                      PoolScope's own trace); repeat for several files
  --json              print the summary as JSON on stdout (makespan, speedup, calls per PID)

Exit status: 0 when the run completed (even if calls raised, as in Python), 1 when it could not
run or the pool broke, 2 on a usage error, 130 on Ctrl-C (what was recorded is still written).

example: poolscope run future.py --max-workers 3 --out future-3.svg`,

  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, OPTIONS);
    const target = onePositional(positionals, 'PRESET or WORKLOAD.json');
    const runtime = values.runtime && choiceOption(values.runtime, 'runtime', RUNTIMES);
    const maxWorkers =
      values['max-workers'] === undefined
        ? undefined
        : intOption(values['max-workers'], 'max-workers', 1, MAX_WORKERS_HARD_LIMIT);
    const outputs = planOutputs(values.out ?? [], EXPORT_FORMATS);
    const { workload, note } = await chooseWorkload(target, { ...(runtime && { runtime }) });
    if (note) io.err(note);
    await checkFolders(outputs);
    const json = values.json ?? false;

    return withEngine(io, { python: values.python }, async (engine) => {
      const info = await engine.info();
      if (maxWorkers !== undefined && maxWorkers > info.maxWorkersLimit) {
        throw new UsageError(
          `--max-workers must be at most ${info.maxWorkersLimit} on this machine (${info.cpuCount} CPUs), not ${maxWorkers}`,
        );
      }
      const progress = new Progress(process.stderr, io.stderrIsTty);
      const total = taskCount(workload);
      progress.show(() => `${workload.name}: starting the pool...`);
      const result = await engine
        .run(maxWorkers === undefined ? { workload } : { workload, maxWorkers }, {
          interrupts: io.interrupts,
          say: (text) => progress.say(text),
          changed({ latest }) {
            if (latest) progress.show(() => `${workload.name}: ${runLine(latest, total)}`);
          },
        })
        .finally(() => progress.stop());

      const { outcome, trace, interrupted } = result;
      const error = outcome.error ? { error: outcome.error } : {};
      // The words first, then which files were written; the JSON last, once it lists them.
      if (!json)
        io.out(runText(runSummary(trace, outcome.status, { interrupted, outputs: [] }), trace));
      const report = await writeAndReport(
        io,
        outputs,
        (format) => renderTrace(trace, format, { rasterise }),
        { json, partial: interrupted },
      );
      if (json) {
        const summary = runSummary(trace, outcome.status, {
          interrupted,
          outputs: report.written,
          ...error,
        });
        io.out(JSON.stringify(summary, null, 2));
      }
      if (interrupted) return io.interrupts.exitCode;
      if (outcome.status === 'failed') {
        io.err(`poolscope: ${workload.name} failed: ${outcome.error ?? 'the pool broke'}`);
        return EXIT.failed;
      }
      return report.failed.length > 0 ? EXIT.failed : EXIT.ok;
    });
  },
};
