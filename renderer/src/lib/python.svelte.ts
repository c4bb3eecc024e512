/**
 * The python runtime in the UI: whether an interpreter is there (the header says which), the
 * runtime switch (python by default when it is), and the module whose functions the builder
 * offers: a preset's tutorial script, or a learner's own file, opened by path or by dialog.
 */
import type { AppInfo, PoolScopeApi } from '../../../shared/contract';
import type { Preset } from '../../../shared/presets';
import { moduleFileName, presetModule, type PythonStatus } from '../../../shared/python';
import type { Runtime } from '../../../shared/workload';
import type { WorkloadDraft } from './draft.svelte';

type Say = (text: string, tone?: 'info' | 'error') => void;

export class PythonSession {
  status = $state.raw<PythonStatus>({ ok: false, problem: 'not asked yet' });
  /** The module asked for last: a second request for it waits; an answer for another is stale. */
  #reading: string | null = null;
  readonly #api: PoolScopeApi;
  readonly #draft: WorkloadDraft;
  readonly #say: Say;
  readonly #mode: AppInfo['mode'];

  constructor(api: PoolScopeApi, info: AppInfo, draft: WorkloadDraft, say: Say) {
    this.#api = api;
    this.#draft = draft;
    this.#say = say;
    this.#mode = info.mode;
    this.status = info.python;
  }

  /** The desktop app opens a module with a native dialog; browser mode takes its path. */
  get canChoose(): boolean {
    return this.#mode === 'desktop';
  }

  /** The runtime presets start on: python when an interpreter is there. */
  get preferred(): Runtime {
    return this.status.ok ? 'python' : 'node';
  }

  /** Loads a preset on the chosen runtime: on python, from the tutorial script it is named after. */
  pickPreset(preset: Preset, runtime: Runtime = this.#draft.runtime): void {
    const workload =
      runtime === 'python'
        ? { ...preset.workload, runtime, module: presetModule(preset.id) }
        : preset.workload;
    this.#draft.load(workload, preset.blurb);
  }

  setRuntime(runtime: Runtime): void {
    this.#draft.setRuntime(runtime);
    if (runtime === 'python' && !this.#draft.moduleInfo) void this.read(this.#draft.module);
  }

  /** Reads the draft's module when its functions are not known yet. */
  ensureModule(): void {
    const draft = this.#draft;
    if (draft.runtime === 'python' && !draft.moduleInfo && !draft.moduleProblem) {
      void this.read(draft.module);
    }
  }

  /** Opens a learner's module by path: its functions replace the builder's calls. */
  async open(path: string): Promise<void> {
    const trimmed = path.trim();
    if (!trimmed) return;
    if (await this.read(trimmed)) {
      this.#draft.startFromModule();
      const n = this.#draft.functions.length;
      this.#say(`Opened ${moduleFileName(trimmed)}: ${n} ${n === 1 ? 'function' : 'functions'}.`);
    }
  }

  /** The native Open dialog (desktop), then `open`. */
  async choose(): Promise<void> {
    const reply = await this.#api.moduleChoose(undefined);
    if (!reply.ok) return this.#say(`Cannot open a module: ${reply.error.message}`, 'error');
    if (reply.value.chosen) await this.open(reply.value.path);
  }

  /** Chooses the interpreter (a virtualenv's python, say); empty: python3 from PATH. */
  async setInterpreter(executable: string): Promise<void> {
    const reply = await this.#api.pythonInterpreter({ executable: executable.trim() || null });
    if (!reply.ok) return this.#say(`Cannot use ${executable}: ${reply.error.message}`, 'error');
    this.status = reply.value;
    if (reply.value.ok) {
      this.#draft.setModule(this.#draft.module, null);
      this.ensureModule();
      this.#say(`Python ${reply.value.python.version}: ${reply.value.python.executable}`);
    } else this.#say(reply.value.problem, 'error');
  }

  /** Inspects `module` into the draft; true when its functions are known. */
  private async read(module: string): Promise<boolean> {
    if (this.#reading === module) return false;
    this.#reading = module;
    try {
      const reply = await this.#api.moduleInspect({ path: module });
      // Another module was asked for since (a preset picked meanwhile): this answer is stale.
      if (this.#reading !== module) return false;
      if (!reply.ok) {
        this.#draft.setModule(module, null, reply.error.message);
        return false;
      }
      this.#draft.setModule(module, reply.value);
      return true;
    } finally {
      if (this.#reading === module) this.#reading = null;
    }
  }
}
