/** `poolscope sweep PRESET|WORKLOAD.json --from A --to B`: the same workload on A..B workers. */
import { MAX_SWEEP_REPEATS, MAX_WORKERS_HARD_LIMIT, SWEEP_REPEATS } from '../../../shared/contract';
import {
  SWEEP_EXPORT_FORMATS,
  renderSweep,
  isSweepExportFormat,
} from '../../../shared/export/render';
import { RUNTIMES, taskCount } from '../../../shared/workload';
import { choiceOption, intOption, onePositional, parseCommandArgs } from '../args';
import type { Command } from '../command';
import { EXIT, UsageError } from '../errors';
import { checkFolders, extensionsFor, planOutputs } from '../outputs';
import { rasterise } from '../png';
import { Progress, sweepLine } from '../progress';
import { withEngine, writeAndReport } from '../report';
import { sweepSummary, sweepText } from '../summary';
import { chooseWorkload } from '../workload-source';

const OPTIONS = {
  from: { type: 'string' },
  to: { type: 'string' },
  repeats: { type: 'string' },
  runtime: { type: 'string' },
  python: { type: 'string' },
  out: { type: 'string', short: 'o', multiple: true },
  json: { type: 'boolean' },
} as const;

export const sweepCommand: Command = {
  name: 'sweep',
  summary: 'run a workload once per worker count and plot makespan and speedup',
  help: `usage: poolscope sweep PRESET|WORKLOAD.json --from A --to B [--repeats K]
                      [--runtime node|python] [--python PATH] [--out FILE]... [--json]

Runs the workload with max_workers = A, A+1, ..., B, each on a fresh pool, and plots the
makespan and the speedup against the worker count.

  --from A, --to B    the first and last worker count (1 <= A <= B; B at most 4 × the CPUs,
                      and at least 8)
  --repeats K         runs per worker count, each on a fresh pool (default ${SWEEP_REPEATS}, at
                      most ${MAX_SWEEP_REPEATS}); a point is the median run, the plot shows the
                      spread
  --runtime R         node (default) or python (see poolscope run --help)
  --python PATH       the interpreter for the python runtime (default: python3 on PATH)
  -o, --out FILE      ${extensionsFor(SWEEP_EXPORT_FORMATS).join(' ')}: the plot (.svg, .png) or its points (.csv)
  --json              print the points as JSON on stdout

example: poolscope sweep "Sleeping tasks" --from 1 --to 4 --repeats 1 --out sleep.svg --out sleep.csv`,

  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, OPTIONS);
    const target = onePositional(positionals, 'PRESET or WORKLOAD.json');
    if (values.from === undefined || values.to === undefined) {
      throw new UsageError('a sweep needs --from and --to (the first and last worker count)');
    }
    const from = intOption(values.from, 'from', 1, MAX_WORKERS_HARD_LIMIT);
    const to = intOption(values.to, 'to', 1, MAX_WORKERS_HARD_LIMIT);
    if (from > to) throw new UsageError(`--from (${from}) is more than --to (${to})`);
    const repeats =
      values.repeats === undefined
        ? undefined
        : intOption(values.repeats, 'repeats', 1, MAX_SWEEP_REPEATS);
    const runtime = values.runtime && choiceOption(values.runtime, 'runtime', RUNTIMES);
    const outputs = planOutputs(values.out ?? [], SWEEP_EXPORT_FORMATS);
    const { workload, note } = await chooseWorkload(target, { ...(runtime && { runtime }) });
    if (note) io.err(note);
    const payload = { workload, from, to, ...(repeats !== undefined && { repeats }) };
    await checkFolders(outputs);
    const json = values.json ?? false;

    return withEngine(io, { python: values.python }, async (engine) => {
      const info = await engine.info();
      if (to > info.maxWorkersLimit) {
        throw new UsageError(
          `--to must be at most ${info.maxWorkersLimit} on this machine (${info.cpuCount} CPUs), not ${to}`,
        );
      }
      const progress = new Progress(process.stderr, io.stderrIsTty);
      const total = taskCount(workload);
      const startedAt = performance.now();
      progress.show(() => `${workload.name}: sweep starting...`);
      const { sweep, interrupted } = await engine
        .sweep(payload, {
          interrupts: io.interrupts,
          say: (text) => progress.say(text),
          changed(live) {
            progress.show(() => `${workload.name}: ${sweepLine(live, startedAt, total)}`);
          },
        })
        .finally(() => progress.stop());

      if (!json) io.out(sweepText(sweep));
      const report = await writeAndReport(
        io,
        outputs,
        (format) => {
          if (!isSweepExportFormat(format)) throw new Error(`a sweep does not write ${format}`);
          return renderSweep(sweep, format, { rasterise });
        },
        { json, partial: interrupted },
      );
      if (json) {
        io.out(
          JSON.stringify(sweepSummary(sweep, { interrupted, outputs: report.written }), null, 2),
        );
      }
      if (interrupted) return io.interrupts.exitCode;
      if (sweep.status === 'failed') {
        io.err(`poolscope: the sweep of ${workload.name} failed: a point's pool broke`);
        return EXIT.failed;
      }
      return report.failed.length > 0 ? EXIT.failed : EXIT.ok;
    });
  },
};
