/**
 * A learner's own script, traced on CPython's own pool (issue 11): what the user asks to run,
 * checked and bounded at the boundary, and the tutorial's scripts behind the presets.
 */
import * as v from 'valibot';
import { ranOn } from './chart/geometry';

export const START_METHODS = ['default', 'fork', 'spawn', 'forkserver'] as const;
export type StartMethod = (typeof START_METHODS)[number];

export const MAX_SCRIPT_ARGS = 64;

const noNul = (what: string) =>
  v.check((s: string) => !s.includes('\0'), `${what} may not contain a NUL character`);

export const ScriptSpecSchema = v.strictObject({
  /** The script's path on the machine that runs it (absolute, or relative to its folder). */
  path: v.pipe(
    v.string(),
    v.trim(),
    v.minLength(1, 'give the path of a .py file'),
    v.maxLength(4096),
    noNul('a path'),
  ),
  /** Its command-line arguments: sys.argv[1:]. */
  args: v.pipe(
    v.array(v.pipe(v.string(), v.maxLength(4096), noNul('an argument'))),
    v.maxLength(MAX_SCRIPT_ARGS, `at most ${MAX_SCRIPT_ARGS} arguments`),
  ),
  startMethod: v.picklist(START_METHODS),
  /** The pool size PoolScope applies: when the script passes none, or always if forced. */
  maxWorkers: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(256))),
  forceMaxWorkers: v.boolean(),
});

export type ScriptSpec = v.InferOutput<typeof ScriptSpecSchema>;

/**
 * The tutorial's scripts (electron/python/tutorial) behind its presets. `workersArg`: the
 * exercise's future.py takes max_workers as sys.argv[1], so the slider's value is its argument.
 */
export const TUTORIAL_SCRIPTS: Readonly<Record<string, { file: string; workersArg?: true }>> = {
  pool_submit_slow_function: { file: 'pool_submit.py' },
  pool_submit_slow_add: { file: 'pool_submit_slow_add.py' },
  applyasync: { file: 'applyasync.py' },
  future: { file: 'future.py' },
  exercise: { file: 'future_exercise.py', workersArg: true },
};

/** Which max_workers a run gets, in the words the form shows. */
export function maxWorkersRule(spec: Pick<ScriptSpec, 'maxWorkers' | 'forceMaxWorkers'>): string {
  if (spec.maxWorkers === undefined)
    return "the script's own max_workers (CPython's default if it passes none)";
  if (spec.forceMaxWorkers)
    return `max_workers=${spec.maxWorkers}, even where the script passes its own`;
  return `max_workers=${spec.maxWorkers} where the script passes none; its own where it does`;
}

/**
 * A command line's arguments as a shell would split them for sys.argv: whitespace between words,
 * single or double quotes around a word with spaces, a backslash before a character to keep it.
 * An unclosed quote is a problem, not a guess.
 */
export function splitArgs(
  text: string,
): { ok: true; args: string[] } | { ok: false; problem: string } {
  const args: string[] = [];
  let word: string | null = null;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) word += text[++i]!;
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      word ??= '';
    } else if (c === '\\' && i + 1 < text.length) {
      word = (word ?? '') + text[++i]!;
    } else if (/\s/.test(c)) {
      if (word !== null) args.push(word);
      word = null;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (quote)
    return { ok: false, problem: `an unclosed ${quote === '"' ? 'double' : 'single'} quote` };
  if (word !== null) args.push(word);
  if (args.length > MAX_SCRIPT_ARGS)
    return { ok: false, problem: `at most ${MAX_SCRIPT_ARGS} arguments` };
  return { ok: true, args };
}

/** A traced future's state in CPython's words, with its quirk spelled out. */
export function cpythonState(task: {
  status: string;
  queuedAt?: number;
  startedAt?: number;
  pid?: number;
  thread?: true;
}): string {
  switch (task.status) {
    case 'done':
    case 'failed':
      return 'FINISHED';
    case 'cancelled':
      return 'CANCELLED';
    case 'running':
      return task.pid === undefined
        ? 'RUNNING, in the call queue'
        : `RUNNING, executing on ${ranOn(task)}`;
    default:
      // CPython says RUNNING as soon as the call enters the call queue, before any worker has it.
      return task.queuedAt === undefined ? 'PENDING' : 'RUNNING, in the call queue';
  }
}
