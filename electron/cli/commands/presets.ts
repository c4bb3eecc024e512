/** `poolscope presets`: what `run` and `sweep` accept by name. */
import { PRESETS } from '../../../shared/presets';
import { taskCount } from '../../../shared/workload';
import { parseCommandArgs } from '../args';
import type { Command } from '../command';
import { EXIT, UsageError } from '../errors';

const OPTIONS = { json: { type: 'boolean' } } as const;

export const presetsCommand: Command = {
  name: 'presets',
  summary: 'list the presets (the tutorial\u2019s scripts and a few experiments)',
  help: `usage: poolscope presets [--json]

Lists the presets: their id, their title (either names one for run and sweep), how many calls
they submit, and what to look for. --json prints them with their workloads, in the schema of a
workload file (docs/workload.md).`,

  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, OPTIONS);
    if (positionals.length > 0)
      throw new UsageError(`presets takes no arguments: ${positionals.join(' ')}`);
    if (values.json) {
      io.out(JSON.stringify(PRESETS, null, 2));
      return EXIT.ok;
    }
    const idWidth = Math.max(...PRESETS.map((p) => p.id.length));
    const titleWidth = Math.max(...PRESETS.map((p) => p.title.length));
    for (const p of PRESETS) {
      const calls = taskCount(p.workload);
      io.out(
        `${p.id.padEnd(idWidth)}  ${p.title.padEnd(titleWidth)}  ${String(calls).padStart(6)} call${calls === 1 ? ' ' : 's'}  ${p.blurb}`,
      );
    }
    return EXIT.ok;
  },
};
