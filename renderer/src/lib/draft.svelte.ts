/**
 * The workload being built in the left panel: editable text, checked as the user types, for
 * the runtime it runs on (Node's built-ins, or the functions of a Python module).
 */
import { BUILTIN_FUNCTIONS } from '../../../shared/catalog';
import { DEFAULT_MODULE, moduleFileName, type ModuleInfo } from '../../../shared/python';
import { runtimeOf, type Runtime, type Workload } from '../../../shared/workload';
import { checkDraft, defaultCall, toDraftCalls, type DraftCall, type DraftCheck } from './draft';
import {
  checkPyCall,
  defaultPyCall,
  pythonChoices,
  toPyDraftCalls,
  type FunctionChoice,
} from './draft-python';

const NODE_CHOICES: FunctionChoice[] = BUILTIN_FUNCTIONS.map((f) => ({
  name: f.name,
  doc: f.doc,
  params: f.params.map((p) => ({ name: p.name, hint: p.hint, placeholder: '' })),
}));

export class WorkloadDraft {
  name = $state('');
  calls = $state<DraftCall[]>([]);
  /** What the preset loaded last says about itself; empty once the workload is not that preset. */
  blurb = $state('');
  runtime = $state<Runtime>('node');
  /** python: the module the calls name (absolute, or `poolscope:` and one of the app's own). */
  module = $state(DEFAULT_MODULE);
  /** python: the module as inspected; null until its functions are known. */
  moduleInfo = $state.raw<ModuleInfo | null>(null);
  /** python: why the module cannot be used, as Python said it. */
  moduleProblem = $state<string | null>(null);
  readonly functions: FunctionChoice[] = $derived(
    this.runtime === 'node' ? NODE_CHOICES : this.moduleInfo ? pythonChoices(this.moduleInfo) : [],
  );
  readonly check: DraftCheck = $derived(
    this.runtime === 'node' ? checkDraft(this.name, this.calls) : this.checkPython(),
  );
  #nextKey = 0;

  constructor(initial: Workload, blurb = '') {
    this.load(initial, blurb);
  }

  /** Replaces the workload; `blurb` describes it when it is a preset. */
  load(workload: Workload, blurb = ''): void {
    this.blurb = blurb;
    this.name = workload.name;
    this.runtime = runtimeOf(workload);
    if (this.runtime === 'python') this.setModule(workload.module ?? DEFAULT_MODULE, null);
    const next = () => this.#nextKey++;
    this.calls =
      this.runtime === 'python' ? toPyDraftCalls(workload, next) : toDraftCalls(workload, next);
  }

  /** Switches the runtime, keeping the calls (the tutorial's names exist on both). */
  setRuntime(runtime: Runtime): void {
    this.runtime = runtime;
  }

  /** Names the module; its functions arrive with `info` (null while it is being inspected). */
  setModule(module: string, info: ModuleInfo | null, problem: string | null = null): void {
    this.module = module;
    this.moduleInfo = info;
    this.moduleProblem = problem;
  }

  add(fn = this.functions[0]?.name ?? 'slow_function'): void {
    this.calls.push(this.newCall(fn, this.#nextKey++));
  }

  remove(key: number): void {
    this.calls = this.calls.filter((c) => c.key !== key);
  }

  /** A new function takes its own parameters' defaults. */
  setFunction(key: number, fn: string): void {
    const i = this.calls.findIndex((c) => c.key === key);
    const old = this.calls[i];
    if (old) this.calls[i] = { ...this.newCall(fn, key), repeat: old.repeat };
  }

  /** Starts over with one call of the module's first function (a module just opened). */
  startFromModule(): void {
    const first = this.functions[0];
    this.blurb = '';
    this.name = moduleFileName(this.module);
    this.calls = first ? [this.newCall(first.name, this.#nextKey++)] : [];
  }

  private newCall(fn: string, key: number): DraftCall {
    if (this.runtime === 'node') return defaultCall(fn, key);
    return defaultPyCall(
      this.moduleInfo?.functions.find((f) => f.name === fn),
      fn,
      key,
    );
  }

  private checkPython(): DraftCheck {
    const base = checkDraft(this.name, []);
    const info = this.moduleInfo;
    const file = moduleFileName(this.module);
    const checks = this.calls.map((c) =>
      checkPyCall(
        c,
        info?.functions.find((f) => f.name === c.fn),
        file,
      ),
    );
    const overall = !info
      ? (this.moduleProblem ?? `${file} is being read`)
      : this.calls.length === 0
        ? 'add at least one call'
        : null;
    const ready = !base.name && !overall && checks.every((c) => c.values !== null);
    const workload: Workload | null = ready
      ? {
          name: this.name.trim(),
          runtime: 'python',
          module: this.module,
          calls: this.calls.map((c, i) => ({
            fn: c.fn,
            args: checks[i]!.values!,
            repeat: Number(c.repeat.trim()),
          })),
        }
      : null;
    return { name: base.name, calls: checks, overall, workload };
  }
}
