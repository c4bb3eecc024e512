/**
 * The "Run a Python script" form's state and its requests: a learner's own .py, or the
 * tutorial's, traced on CPython's own pool (script:start). Stop is the run's Cancel.
 */
import type { AppInfo, PoolScopeApi } from '../../../shared/contract';
import {
  TUTORIAL_SCRIPTS,
  maxWorkersRule,
  splitArgs,
  type ScriptSpec,
  type StartMethod,
} from '../../../shared/script';

/** Which max_workers the script's pools get: its own, the slider's where it passes none, or always. */
export type WorkersMode = 'script' | 'where-none' | 'always';

export interface ScriptContext {
  info: () => AppInfo;
  /** The slider's value: max_workers for the next run (a CPython pool cannot be resized). */
  maxWorkers: () => number;
  say: (text: string, tone?: 'info' | 'error') => void;
  /** A run started: show it. */
  started: () => void;
}

export class ScriptRunner {
  path = $state('');
  argsText = $state('');
  startMethod = $state<StartMethod>('default');
  mode = $state<WorkersMode>('where-none');
  starting = $state(false);
  readonly args = $derived(splitArgs(this.argsText));
  readonly rule = $derived(maxWorkersRule(this.workers()));
  readonly #api: PoolScopeApi;
  readonly #ctx: ScriptContext;

  constructor(api: PoolScopeApi, ctx: ScriptContext) {
    this.#api = api;
    this.#ctx = ctx;
  }

  /** What Run sends, or why it cannot. */
  get check(): { spec: ScriptSpec } | { problem: string } {
    if (this.path.trim() === '') return { problem: 'give the path of a .py file' };
    const args = this.args;
    if (!args.ok) return { problem: `arguments: ${args.problem}` };
    return {
      spec: {
        path: this.path.trim(),
        args: args.args,
        startMethod: this.startMethod,
        ...this.workers(),
      },
    };
  }

  async run(spec: ScriptSpec): Promise<void> {
    this.starting = true;
    try {
      const reply = await this.#api.scriptStart({ script: spec });
      if (!reply.ok) return this.#ctx.say(`Cannot run the script: ${reply.error.message}`, 'error');
      this.#ctx.started();
      this.#ctx.say(`Running ${spec.path.split('/').pop()} under CPython…`);
    } finally {
      this.starting = false;
    }
  }

  /**
   * The script once per max_workers from `from` to `to` (script:sweep), drawn as any sweep. The
   * sweep sets each point's size: where the script passes its own, only "always" overrides it.
   */
  async sweep(spec: ScriptSpec, from: number, to: number): Promise<void> {
    this.starting = true;
    try {
      const { maxWorkers: _, ...rest } = spec;
      const reply = await this.#api.scriptSweep({ script: rest, from, to });
      if (!reply.ok)
        return this.#ctx.say(`Cannot sweep the script: ${reply.error.message}`, 'error');
      this.#ctx.say(`Sweeping ${spec.path.split('/').pop()} from ${from} to ${to} workers…`);
    } finally {
      this.starting = false;
    }
  }

  /** The tutorial's own .py behind a preset, unchanged (the exercise gets the slider as argv[1]). */
  tutorialSpec(presetId: string): ScriptSpec | null {
    const script = TUTORIAL_SCRIPTS[presetId];
    const dir = this.#ctx.info().tutorialScriptsDir;
    if (!script || !dir) return null;
    const n = this.#ctx.maxWorkers();
    return {
      path: `${dir}/${script.file}`,
      args: script.workersArg ? [String(n)] : [],
      startMethod: this.startMethod,
      ...this.workers(),
    };
  }

  /** Desktop: the native Open dialog for a .py file (the module chooser's) fills the path. */
  async pick(): Promise<void> {
    const reply = await this.#api.moduleChoose(undefined);
    if (!reply.ok) return this.#ctx.say(`Cannot choose a script: ${reply.error.message}`, 'error');
    if (reply.value.chosen) this.path = reply.value.path;
  }

  private workers(): Pick<ScriptSpec, 'maxWorkers' | 'forceMaxWorkers'> {
    if (this.mode === 'script') return { forceMaxWorkers: false };
    return { maxWorkers: this.#ctx.maxWorkers(), forceMaxWorkers: this.mode === 'always' };
  }
}
