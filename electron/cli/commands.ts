/**
 * The commands of `poolscope`, one module each. A new command is a module exporting a `Command`
 * (command.ts) and one more line here; help, dispatch and exit codes come from this table.
 */
import type { Command } from './command';
import { exportCommand } from './commands/export';
import { presetsCommand } from './commands/presets';
import { runCommand } from './commands/run';
import { sweepCommand } from './commands/sweep';
import { traceCommand } from './commands/trace';

export const COMMANDS: readonly Command[] = [
  runCommand,
  sweepCommand,
  exportCommand,
  presetsCommand,
  traceCommand,
];

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}
