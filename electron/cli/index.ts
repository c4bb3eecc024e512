/**
 * `poolscope`: the app's engine and exports from a terminal or CI, with no window. Built to
 * out/main/cli.js (plain Node: never imports electron); bin/poolscope.mjs starts it.
 */
import { version } from '../../package.json';
import type { Io } from './command';
import { COMMANDS, findCommand } from './commands';
import { CliError, EXIT, UsageError } from './errors';
import { Interrupts } from './interrupts';

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'usage: poolscope COMMAND [ARGS]',
    '',
    'See how calls are distributed across a pool of real worker processes, without a window.',
    '',
    'commands:',
    ...lines,
    '',
    '  poolscope COMMAND --help   that command\u2019s arguments',
    '  poolscope --version        the version',
    '',
    'example: poolscope run future.py --max-workers 3 --out future-3.svg',
  ].join('\n');
}

const wantsHelp = (argv: readonly string[]) => argv.includes('--help') || argv.includes('-h');

/** Runs the command line `argv` (without node and the script); resolves with the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.err(usage());
    return EXIT.usage;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' && rest[0] ? findCommand(rest[0]) : undefined;
    io.out(topic ? topic.help : usage());
    return EXIT.ok;
  }
  if (name === '--version' || name === '-V') {
    io.out(`poolscope ${version}`);
    return EXIT.ok;
  }
  const command = findCommand(name);
  if (!command) {
    io.err(`poolscope: unknown command "${name}"\n\n${usage()}`);
    return EXIT.usage;
  }
  if (wantsHelp(rest)) {
    io.out(command.help);
    return EXIT.ok;
  }
  try {
    const code = await command.run(rest, io);
    // Ctrl-C at any point, even while the files were written, is what the exit status reports.
    return io.interrupts.signal ? io.interrupts.exitCode : code;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`poolscope ${command.name}: ${e.message}\n(see: poolscope ${command.name} --help)`);
      return EXIT.usage;
    }
    if (e instanceof CliError) {
      io.err(`poolscope ${command.name}: ${e.message}`);
      return io.interrupts.signal ? io.interrupts.exitCode : EXIT.failed;
    }
    io.err(
      `poolscope ${command.name}: PoolScope failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
    );
    return EXIT.failed;
  }
}

const io: Io = {
  out: (text) => void process.stdout.write(`${text}\n`),
  err: (text) => void process.stderr.write(`${text}\n`),
  stderrIsTty: process.stderr.isTTY === true,
  interrupts: new Interrupts(),
  builtDir: import.meta.dirname,
};

// `poolscope presets | head`: a reader that leaves early is not an error of ours.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
  throw e;
});

// Exit once stdout has drained (a piped --json summary is never cut short).
void main(process.argv.slice(2), io).then((code) => {
  process.exitCode = code;
  process.stdout.write('', () => process.exit(code));
});
