/** Reading a command's arguments: node's parseArgs, with usage errors a person can act on. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses `argv` strictly: an unknown option or a missing value is a UsageError naming it. */
export function parseCommandArgs<O extends Options>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(parseArgsProblem(e as Error & { code?: string }));
  }
}

function parseArgsProblem(e: Error & { code?: string }): string {
  const option = /'(-[^']*)'/.exec(e.message)?.[1];
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option ?? e.message}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return option ? `${option.split(' ')[0]} needs a value` : e.message;
    default:
      return e.message;
  }
}

/** Exactly one positional argument, named `what` in the message when it is missing or extra. */
export function onePositional(positionals: string[], what: string): string {
  if (positionals.length === 0) throw new UsageError(`missing ${what}`);
  if (positionals.length > 1) {
    throw new UsageError(
      `expected one ${what}, got ${positionals.length}: ${positionals.join(' ')}`,
    );
  }
  return positionals[0]!;
}

/** A whole number from `min` to `max` given as `--name`, or a UsageError quoting it. */
export function intOption(text: string, name: string, min: number, max: number): number {
  const n = /^\s*[+-]?\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${text}"`);
  }
  return n;
}

/** One of `choices`, given as `--name`. */
export function choiceOption<const T extends string>(
  text: string,
  name: string,
  choices: readonly T[],
): T {
  if ((choices as readonly string[]).includes(text)) return text as T;
  throw new UsageError(`--${name} must be ${choices.join(' or ')}, not "${text}"`);
}
