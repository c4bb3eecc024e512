/** The workload being built in the left panel: editable text, checked as the user types. */
import { BUILTIN_FUNCTIONS } from '../../../shared/catalog';
import type { Workload } from '../../../shared/workload';
import { checkDraft, defaultCall, toDraftCalls, type DraftCall } from './draft';

export class WorkloadDraft {
  name = $state('');
  calls = $state<DraftCall[]>([]);
  /** What the preset loaded last says about itself; empty once the workload is not that preset. */
  blurb = $state('');
  readonly check = $derived(checkDraft(this.name, this.calls));
  #nextKey = 0;

  constructor(initial: Workload, blurb = '') {
    this.load(initial, blurb);
  }

  /** Replaces the workload; `blurb` describes it when it is a preset. */
  load(workload: Workload, blurb = ''): void {
    this.blurb = blurb;
    this.name = workload.name;
    this.calls = toDraftCalls(workload, () => this.#nextKey++);
  }

  add(fn = BUILTIN_FUNCTIONS[0]?.name ?? 'slow_function'): void {
    this.calls.push(defaultCall(fn, this.#nextKey++));
  }

  remove(key: number): void {
    this.calls = this.calls.filter((c) => c.key !== key);
  }

  /** A new function takes its own parameters' defaults. */
  setFunction(key: number, fn: string): void {
    const i = this.calls.findIndex((c) => c.key === key);
    const old = this.calls[i];
    if (old) this.calls[i] = { ...defaultCall(fn, key), repeat: old.repeat };
  }
}
