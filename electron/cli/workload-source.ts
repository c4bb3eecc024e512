/**
 * What `run` and `sweep` run: a preset, by its id or its title as `poolscope presets` lists them,
 * a workload file in the app's schema (shared/workload.ts), or a saved trace whose calls run
 * again. A file's problem names the file, the call (the builder's line) and the field, as the
 * builder does.
 */
import { dirname, resolve } from 'node:path';
import * as v from 'valibot';
import { findFunction, paramProblem } from '../../shared/catalog';
import { PRESETS, type Preset } from '../../shared/presets';
import { parseTraceFile } from '../../shared/export/poolscope-json';
import { TRACE_FORMAT } from '../../shared/trace';
import {
  MAX_TASKS_PER_RUN,
  WorkloadSchema,
  taskCount,
  workloadOf,
  type Workload,
} from '../../shared/workload';
import { CliError, UsageError } from './errors';
import { readTextFile } from './files';
import { jsonErrorOffset, lineAndColumn } from './json-position';

/** A workload file is a few lines per call; anything this large is not one. */
const MAX_WORKLOAD_FILE_BYTES = 4 * 1024 * 1024;

export interface WorkloadChoice {
  workload: Workload;
  /** Something to tell the user about it: calls of a trace that could not be taken. */
  note?: string;
}

/** The preset whose id or title is `name` (case does not matter), if any. */
export function findPreset(name: string): Preset | undefined {
  const key = name.trim().toLowerCase();
  return PRESETS.find((p) => p.id.toLowerCase() === key || p.title.toLowerCase() === key);
}

/**
 * A preset when `arg` names one, else the workload file at `arg`. `extra` (say, the runtime from
 * --runtime) is merged into the workload before it is checked against the schema.
 */
export async function chooseWorkload(
  arg: string,
  extra: Record<string, unknown> = {},
): Promise<WorkloadChoice> {
  const preset = findPreset(arg);
  if (preset) {
    const source = `preset ${preset.title}`;
    return { workload: checkWorkload({ ...preset.workload, ...extra }, source) };
  }
  if (!looksLikeFile(arg)) {
    const known = PRESETS.map((p) => `${p.id} (${p.title})`).join(', ');
    throw new UsageError(
      `no preset or workload file "${arg}". Presets: ${known}. A workload file ends in .json.`,
    );
  }
  const text = await readTextFile(arg, MAX_WORKLOAD_FILE_BYTES, 'workload file');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new CliError(`${arg}: not JSON: ${jsonProblem(e as Error, text)}`);
  }
  if (isTrace(value)) return fromTrace(arg, text, extra);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CliError(`${arg}: a workload is a JSON object with "name" and "calls"`);
  }
  const fields = { ...(value as Record<string, unknown>), ...extra };
  // A module is named relative to the workload file; the service takes it absolute.
  if (typeof fields.module === 'string' && !fields.module.startsWith('poolscope:')) {
    fields.module = resolve(dirname(resolve(arg)), fields.module);
  }
  return { workload: checkWorkload(fields, arg) };
}

/** A saved run (PoolScope or Chrome trace JSON), as the app's "Load its calls" reads it. */
function isTrace(value: unknown): boolean {
  if (Array.isArray(value)) return true;
  if (typeof value !== 'object' || value === null) return false;
  return 'traceEvents' in value || (value as { format?: unknown }).format === TRACE_FORMAT;
}

/** The calls of a saved run, to run them again (say, on another max_workers). */
function fromTrace(path: string, text: string, extra: Record<string, unknown>): WorkloadChoice {
  const parsed = parseTraceFile(text);
  if (!parsed.ok) throw new CliError(`${path}: ${parsed.error}`);
  const recovered = workloadOf(parsed.trace);
  if (!recovered.ok)
    throw new CliError(`${path}: cannot run its calls again: ${recovered.problem}`);
  const { workload, skipped } = recovered;
  const n = taskCount(workload);
  const note =
    skipped > 0
      ? `${path}: running ${n} of its calls again; ${skipped} could not be made here and are left out`
      : undefined;
  return { workload: checkWorkload({ ...workload, ...extra }, path), ...(note && { note }) };
}

function looksLikeFile(arg: string): boolean {
  return arg.endsWith('.json') || arg.includes('/') || arg.includes('\\');
}

/** `value` as a Workload, or a CliError naming `source`, the call and the field. */
export function checkWorkload(value: Record<string, unknown>, source: string): Workload {
  const result = v.safeParse(WorkloadSchema, value);
  if (result.success) return result.output as Workload;
  throw new CliError(`${source}: ${describeIssue(result.issues[0], value)}`);
}

type Issue = v.BaseIssue<unknown>;

/** "call 3 (slow_add), args[0] nsecs: nsecs must be at least 0" from a schema issue. */
export function describeIssue(issue: Issue, input: Record<string, unknown>): string {
  const keys = (issue.path ?? []).map((p) => p.key as string | number);
  if (issue.type === 'strict_object' && issue.expected === 'never' && keys.length > 0) {
    const key = keys.pop()!;
    return [...where(keys, input), `unknown field "${String(key)}"`].join(': ');
  }
  const [field, message] = fieldProblem(issue, keys, input);
  return [...where(keys, input, field), message].join(': ');
}

/** The place of an issue: the call (numbered from 1, as the builder's rows) and the field. */
function where(keys: (string | number)[], input: Record<string, unknown>, field?: string) {
  const parts: string[] = [];
  if (keys[0] === 'calls' && typeof keys[1] === 'number') {
    const call = (input.calls as unknown[])[keys[1]] as Record<string, unknown> | undefined;
    const fn = typeof call?.fn === 'string' ? ` (${call.fn})` : '';
    const rest =
      field ??
      keys
        .slice(2)
        .map((k, i) => (i > 0 ? `[${k}]` : k))
        .join('');
    parts.push(`call ${keys[1] + 1}${fn}${rest ? `, ${rest}` : ''}`);
  } else if (keys.length > 0) {
    parts.push(keys.join('.'));
  }
  return parts;
}

/** The field to name and the message, for the issues the builder would show at a field. */
function fieldProblem(
  issue: Issue,
  keys: (string | number)[],
  input: Record<string, unknown>,
): [string | undefined, string] {
  const [top, index, field, argIndex] = keys;
  if (top === 'calls' && typeof index === 'number') {
    const call = (input.calls as unknown[])[index] as Record<string, unknown>;
    if (field === 'repeat' && issue.kind !== 'schema') {
      return [undefined, `repeat must be a whole number from 1 to ${MAX_TASKS_PER_RUN}`];
    }
    if (field === undefined && issue.kind === 'validation') return callField(call, issue.message);
    if (field === 'args' && typeof argIndex === 'number') {
      const name = findFunction(String(call.fn))?.params[argIndex]?.name;
      if (name) return [`args[${argIndex}] ${name}`, typeMessage(issue)];
    }
  }
  return [undefined, typeMessage(issue)];
}

/** A call the catalog refuses: the first argument it refuses, as the builder flags it. */
function callField(call: Record<string, unknown>, message: string): [string | undefined, string] {
  const spec = findFunction(String(call.fn));
  if (!spec) return ['fn', message];
  const args = call.args as unknown[];
  if (args.length !== spec.params.length) return ['args', message];
  for (const [i, param] of spec.params.entries()) {
    const problem = paramProblem(param, args[i]);
    if (problem) return [`args[${i}] ${param.name}`, problem];
  }
  return [undefined, message];
}

function typeMessage(issue: Issue): string {
  if (issue.kind !== 'schema') return issue.message;
  if (issue.received === 'undefined') return 'missing';
  return `expected ${issue.expected}, got ${issue.received}`;
}

/** JSON.parse's complaint, shortened, with the line and column where the text goes wrong. */
function jsonProblem(e: Error, text: string): string {
  // V8 quotes the text around the mistake ('..."calls": [}" is not valid JSON'): keep the words.
  const message = e.message
    .replace(/,\s*(?:\.\.\.)?"[\s\S]*$/, '')
    .replace(/ (?:in JSON )?at position \d+[\s\S]*$/, '');
  const offset = jsonErrorOffset(text);
  if (offset === null) return message;
  const { line, column } = lineAndColumn(text, offset);
  return `${message} at line ${line}, column ${column}`;
}
