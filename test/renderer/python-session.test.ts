/** The python session reads a preset's module; an answer that comes after another preset was picked is dropped. */
import { describe, expect, it } from 'vitest';
import type { AppInfo, PoolScopeApi } from '../../shared/contract';
import { PRESETS } from '../../shared/presets';
import type { ModuleInfo } from '../../shared/python';
import { WorkloadDraft } from '../../renderer/src/lib/draft.svelte';
import { PythonSession } from '../../renderer/src/lib/python.svelte';

describe('PythonSession', () => {
  it('keeps the module of the preset picked last when an earlier read answers late', async () => {
    const pending = new Map<string, (info: ModuleInfo) => void>();
    const api = {
      moduleInspect: ({ path }: { path: string }) =>
        new Promise((resolve) => pending.set(path, (info) => resolve({ ok: true, value: info }))),
    } as unknown as PoolScopeApi;
    const info = { mode: 'browser', python: { ok: false, problem: 'none here' } } as AppInfo;
    const draft = new WorkloadDraft(PRESETS[0]!.workload);
    const python = new PythonSession(api, info, draft, () => {});
    const [first, second] = [PRESETS[0]!, PRESETS[1]!];

    python.pickPreset(first, 'python');
    const firstModule = draft.module;
    python.ensureModule();
    python.pickPreset(second, 'python');
    const secondModule = draft.module;
    expect(secondModule).not.toBe(firstModule);
    python.ensureModule();

    const answer = (path: string): ModuleInfo => ({ name: path, path, functions: [] });
    pending.get(firstModule)!(answer(firstModule)); // late: the draft has moved on
    await Promise.resolve();
    await Promise.resolve();
    expect(draft.module).toBe(secondModule);
    expect(draft.moduleInfo).toBeNull();
    pending.get(secondModule)!(answer(secondModule));
    await expect.poll(() => draft.moduleInfo?.path).toBe(secondModule);
    expect(draft.module).toBe(secondModule);
  });
});
