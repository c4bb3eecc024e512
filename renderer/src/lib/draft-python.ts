/**
 * The builder's fields for a Python function: one per positional parameter, from
 * inspect.signature, each a Python literal (parsed as typed, shown as Python writes it); a blank
 * field takes the parameter's default. Pure functions, table-tested.
 */
import { findFunction } from '../../../shared/catalog';
import type { JsonValue } from '../../../shared/json';
import {
  parsePyLiteral,
  positionalParams,
  pyRepr,
  type ModuleInfo,
  type PyFunction,
} from '../../../shared/python';
import type { Workload } from '../../../shared/workload';
import { repeatProblem, type CallProblems, type DraftCall } from './draft';

/** What a call row offers, whatever the runtime: a function, its doc, one field per parameter. */
export interface FunctionChoice {
  name: string;
  doc: string;
  params: { name: string; hint: string; placeholder: string }[];
}

export function pythonChoices(module: ModuleInfo): FunctionChoice[] {
  return module.functions.map((f) => ({
    name: f.name,
    doc: f.doc,
    params: positionalParams(f).map((p) => ({
      name: p.name,
      hint: [p.annotation, p.default !== undefined && `default ${p.default}`, 'a Python literal']
        .filter(Boolean)
        .join(', '),
      placeholder: p.default ?? '',
    })),
  }));
}

/** The call's arguments, or what is wrong with each field. */
export function checkPyCall(
  call: DraftCall,
  fn: PyFunction | undefined,
  file: string,
): CallProblems & { values: JsonValue[] | null } {
  if (!fn) {
    return { fn: `${file} has no function "${call.fn}"`, args: [], repeat: null, values: null };
  }
  const params = positionalParams(fn);
  const values: JsonValue[] = [];
  const problems = params.map(() => null as string | null);
  // Blank fields at the end take their defaults: the call passes the ones before them.
  let last = params.length - 1;
  while (last >= 0 && (call.args[last] ?? '').trim() === '') last--;
  params.forEach((p, i) => {
    const text = (call.args[i] ?? '').trim();
    if (i > last) {
      if (p.default === undefined) problems[i] = `${p.name} has no default: type a value`;
      return;
    }
    if (text === '') {
      problems[i] = `${p.name}: type a value (only the last fields may be left to their defaults)`;
      return;
    }
    const parsed = parsePyLiteral(text);
    if (parsed.ok) values.push(parsed.value);
    else problems[i] = `${p.name}: ${parsed.problem}`;
  });
  const repeat = repeatProblem(call.repeat);
  const ok = problems.every((p) => p === null) && repeat === null;
  return { fn: null, args: problems, repeat, values: ok ? values : null };
}

/**
 * A new call of `fn`: blank where the parameter has a default (the placeholder shows it), and for
 * the tutorial's functions the values the Node built-ins start with.
 */
export function defaultPyCall(fn: PyFunction | undefined, name: string, key: number): DraftCall {
  const builtin = findFunction(name);
  const args = (fn ? positionalParams(fn) : []).map((p) => {
    if (p.default !== undefined) return '';
    const same = builtin?.params.find((b) => b.name === p.name);
    return same ? String(same.default) : '';
  });
  return { key, fn: name, args, repeat: '1' };
}

/** A python workload's calls as editable text: each argument as Python writes it. */
export function toPyDraftCalls(workload: Workload, nextKey: () => number): DraftCall[] {
  return workload.calls.map((c) => ({
    key: nextKey(),
    fn: c.fn,
    args: c.args.map(pyRepr),
    repeat: String(c.repeat),
  }));
}
