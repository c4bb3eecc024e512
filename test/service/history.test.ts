import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunSummary, SweepRecord } from '../../shared/contract';
import { emptyTrace, type Trace } from '../../shared/trace';
import type { Workload } from '../../shared/workload';
import { HistoryStore } from '../../electron/service/history';
import { tempDir } from '../support/temp-dir';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

const workload: Workload = {
  name: 'future.py',
  calls: [{ fn: 'slow_add', args: [0.1, 6, 7], repeat: 2 }],
};

function run(id: string, startedAt: number): { summary: RunSummary; trace: Trace } {
  const trace = emptyTrace({
    name: 'future.py',
    startedAt,
    maxWorkers: 2,
    cpuCount: 2,
    masterPid: 1,
  });
  trace.tasks.push({
    id: 0,
    fn: 'slow_add',
    args: [0.1, 6, 7],
    status: 'done',
    submittedAt: 0,
    startedAt: 1,
    finishedAt: 101,
    pid: 42,
    result: 13,
  });
  trace.endedAt = 101;
  const summary: RunSummary = {
    id,
    name: 'future.py',
    startedAt,
    maxWorkers: 2,
    tasks: 1,
    makespanMs: 101,
    status: 'completed',
  };
  return { summary, trace };
}

const sweep: SweepRecord = {
  id: 'sweep-1',
  name: 'future.py',
  startedAt: 2000,
  cpuCount: 2,
  from: 1,
  to: 2,
  points: [{ maxWorkers: 1, runId: 'run-a', makespanMs: 200, speedup: 1 }],
  status: 'completed',
};

describe('HistoryStore', () => {
  it('lists runs and sweeps newest first, and a new store on the same folder finds them all', async () => {
    const dir = tempDir(cleanups);
    const store = new HistoryStore(join(dir, 'history'));
    expect(await store.list()).toEqual({ entries: [], skipped: [] });
    const a = run('run-a', 1000);
    const b = run('run-b', 3000);
    await store.saveRun(a.summary, a.trace, { workload });
    await store.saveRun(b.summary, b.trace, { workload });
    await store.saveSweep(sweep, { workload });

    const reopened = new HistoryStore(join(dir, 'history'));
    const { entries, skipped } = await reopened.list();
    expect(skipped).toEqual([]);
    expect(entries).toEqual([
      { kind: 'run', summary: b.summary },
      { kind: 'sweep', sweep },
      { kind: 'run', summary: a.summary },
    ]);
    expect(await reopened.get('run-a')).toEqual({
      entry: { kind: 'run', summary: a.summary },
      trace: a.trace,
    });
    expect(await reopened.get('sweep-1')).toEqual({ entry: { kind: 'sweep', sweep } });
  });

  it('reports a corrupt or foreign entry in skipped and still lists the rest', async () => {
    const dir = tempDir(cleanups);
    const store = new HistoryStore(dir);
    const a = run('run-a', 1000);
    await store.saveRun(a.summary, a.trace, { workload });
    writeFileSync(join(dir, 'run-x.entry.json'), '{"format": "poolscope-hist');
    writeFileSync(
      join(dir, 'run-y.entry.json'),
      JSON.stringify({
        format: 'poolscope-history',
        version: 1,
        entry: { kind: 'run', summary: { id: 'run-y' } },
        workload,
      }),
    );
    writeFileSync(
      join(dir, 'run-z.entry.json'),
      JSON.stringify({
        format: 'poolscope-history',
        version: 1,
        entry: { kind: 'run', summary: a.summary },
        workload,
      }),
    );

    const { entries, skipped } = await store.list();
    expect(entries).toEqual([{ kind: 'run', summary: a.summary }]);
    expect(skipped.map((s) => s.file)).toEqual([
      'run-x.entry.json',
      'run-y.entry.json',
      'run-z.entry.json',
    ]);
    expect(skipped[0]!.problem).toMatch(/^run-x\.entry\.json is not valid JSON: /);
    expect(skipped[1]!.problem).toMatch(
      /^run-y\.entry\.json is not a history entry: entry\.summary\.name: /,
    );
    expect(skipped[2]!.problem).toBe('run-z.entry.json holds entry run-a');
    await expect(store.get('run-x')).rejects.toThrow('run-x.entry.json is not valid JSON');
  });

  it('renames and deletes; a missing entry is not-found', async () => {
    const store = new HistoryStore(tempDir(cleanups));
    const a = run('run-a', 1000);
    await store.saveRun(a.summary, a.trace, { workload });
    await store.saveSweep(sweep, { workload });

    expect(await store.rename('run-a', 'with 2 workers')).toEqual({
      kind: 'run',
      summary: { ...a.summary, name: 'with 2 workers' },
    });
    expect(await store.rename('sweep-1', 'sleepers')).toEqual({
      kind: 'sweep',
      sweep: { ...sweep, name: 'sleepers' },
    });
    expect(
      (await store.list()).entries.map((e) => (e.kind === 'run' ? e.summary.name : e.sweep.name)),
    ).toEqual(['sleepers', 'with 2 workers']);

    expect(await store.delete('run-a')).toBe(true);
    expect(await store.delete('run-a')).toBe(false);
    expect(readdirSync(store.dir)).toEqual(['sweep-1.entry.json']);
    await expect(store.get('run-a')).rejects.toMatchObject({
      code: 'not-found',
      message: 'no history entry run-a',
    });
    await expect(store.rename('run-a', 'x')).rejects.toMatchObject({ code: 'not-found' });
  });
});
