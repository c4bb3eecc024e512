/** `poolscope export TRACE.json --out FILE...`: a saved trace, in any format, as the app exports it. */
import { EXPORT_FORMATS } from '../../../shared/contract';
import { parseTraceFile } from '../../../shared/export/poolscope-json';
import { renderTrace } from '../../../shared/export/render';
import { onePositional, parseCommandArgs } from '../args';
import type { Command } from '../command';
import { CliError, EXIT, UsageError } from '../errors';
import { readTextFile } from '../files';
import { checkFolders, extensionsFor, planOutputs } from '../outputs';
import { rasterise } from '../png';
import { writeAndReport } from '../report';

const OPTIONS = { out: { type: 'string', short: 'o', multiple: true } } as const;

/** As large as the app accepts a file (file:save's bound): a 200k-call trace fits easily. */
const MAX_TRACE_BYTES = 512 * 1024 * 1024;

export const exportCommand: Command = {
  name: 'export',
  summary: 'write a saved PoolScope or Chrome trace JSON as SVG, PNG, CSV or JSON',
  help: `usage: poolscope export TRACE.json --out FILE...

Reads a trace PoolScope saved (its own .json, or the Chrome trace JSON it writes) and writes it
again in the formats the extensions ask for: ${extensionsFor(EXPORT_FORMATS).join(' ')}.

example: poolscope export future-3.json --out future-3.png --out future-3.csv`,

  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, OPTIONS);
    const path = onePositional(positionals, 'TRACE.json');
    if (!values.out?.length) throw new UsageError('export needs at least one --out FILE');
    const outputs = planOutputs(values.out, EXPORT_FORMATS);
    const parsed = parseTraceFile(await readTextFile(path, MAX_TRACE_BYTES, 'trace file'));
    if (!parsed.ok) throw new CliError(`${path}: ${parsed.error}`);
    await checkFolders(outputs);
    const { trace } = parsed;
    const report = await writeAndReport(
      io,
      outputs,
      (format) => renderTrace(trace, format, { rasterise }),
      { json: false, partial: false },
    );
    return report.failed.length > 0 ? EXIT.failed : EXIT.ok;
  },
};
