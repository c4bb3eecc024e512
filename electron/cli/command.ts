/**
 * What every `poolscope` command is: a name, its help, and `run`. commands.ts lists them in one
 * table; a new command is one more module and one more entry there.
 */
import type { Interrupts } from './interrupts';

/** Where a command writes, and what it may know about the terminal. */
export interface Io {
  /** The command's output: results, the --json summary. */
  out(text: string): void;
  /** Messages and errors. */
  err(text: string): void;
  /** True when stderr is a terminal: only then is there live progress. */
  stderrIsTty: boolean;
  /** Ctrl-C (SIGINT) and SIGTERM, for a command that runs something to cancel. */
  interrupts: Interrupts;
  /** The folder of the built entry (out/main): the worker and the other built files are here. */
  builtDir: string;
}

export interface Command {
  name: string;
  /** One line, for `poolscope --help`. */
  summary: string;
  /** The whole text of `poolscope NAME --help`. */
  help: string;
  /** Runs with the arguments after the command's name; resolves with the exit code. */
  run(argv: string[], io: Io): Promise<number>;
}
