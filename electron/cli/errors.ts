/** The command line's exit codes, and the two kinds of error that choose between them. */

export const EXIT = {
  /** The command did its work (a run completed, even if calls raised, as in Python). */
  ok: 0,
  /** It could not: a file missing or invalid, the pool broke, an output not written. */
  failed: 1,
  /** The command line itself is wrong: unknown command or option, a bad value. */
  usage: 2,
  /** Ctrl-C. */
  interrupted: 130,
} as const;

/** What the user typed is wrong; exits 2 with a pointer to `--help`. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The command cannot do its work; exits 1 with this message. */
export class CliError extends Error {
  override name = 'CliError';
}
