/**
 * The experiment stores against a real service: a RunService on a temporary data folder, real
 * forked workers (build out/main/worker.js first: `npx electron-vite build`), and the contract's
 * requests carried in-process, as the preload bridge and the WebSocket client carry them.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RunService } from '../../electron/service';
import {
  REQUEST_CHANNELS,
  methodName,
  type AppEvent,
  type PoolScopeApi,
} from '../../shared/contract';
import { tasksOf, type Trace } from '../../shared/trace';
import type { Workload } from '../../shared/workload';
import { CompareStore, PINS_KEY } from '../../renderer/src/lib/experiments/compare.svelte';
import { HistoryStore } from '../../renderer/src/lib/experiments/history.svelte';
import { SweepStore } from '../../renderer/src/lib/experiments/sweep.svelte';
import { extentOf } from '../../renderer/src/lib/extent';
import { tempDir } from '../support/temp-dir';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** The contract's API over `service.dispatch`, in process. */
function apiOf(service: RunService): PoolScopeApi {
  const api: Record<string, unknown> = {
    onEvent: (l: (e: AppEvent) => void) => service.onEvent(l),
  };
  for (const channel of REQUEST_CHANNELS) {
    api[methodName(channel)] = (payload: unknown) => service.dispatch(channel, payload);
  }
  return api as PoolScopeApi;
}

/** A real service, its API, the status line's messages, and every store wired to its events. */
function setup(dataDir = tempDir(cleanups)) {
  const service = new RunService({ mode: 'browser', dataDir, cpuCount: 2 });
  cleanups.push(() => service.close());
  const api = apiOf(service);
  const said: { text: string; tone: string }[] = [];
  const say = (text: string, tone = 'info') => void said.push({ text, tone });
  const sweep = new SweepStore(api, say, { from: 1, to: 4, repeats: 1 });
  const history = new HistoryStore(api, say);
  const compare = new CompareStore(api, say);
  service.onEvent((e) => {
    sweep.handle(e);
    history.handle(e);
  });
  return { service, api, said, sweep, history, compare, dataDir };
}

/** Resolves at the service's next event that `match` accepts. */
function next(service: RunService, match: (e: AppEvent) => boolean): Promise<AppEvent> {
  return new Promise((resolve) => {
    const off = service.onEvent((e) => {
      if (!match(e)) return;
      off();
      resolve(e);
    });
  });
}

const sleeps = (n: number, nsecs: number): Workload => ({
  name: 'sleeping tasks',
  calls: [{ fn: 'slow_function', args: [nsecs], repeat: n }],
});

const spread = (trace: Trace) => {
  const perPid = new Map<number, number>();
  for (const t of tasksOf(trace)) perPid.set(t.pid!, (perPid.get(t.pid!) ?? 0) + 1);
  return { pids: perPid.size, tasks: tasksOf(trace).length };
};

describe('SweepStore', () => {
  it('follows a sweep from start to finish and opens each point, each run on its own worker count', async () => {
    const { service, sweep, said } = setup();
    const finished = next(service, (e) => e.channel === 'sweep:finished');
    const firstRun = next(service, (e) => e.channel === 'run:started');
    await sweep.start(sleeps(5, 0.05), { from: 1, to: 3, repeats: 1 });
    await firstRun;
    expect(sweep.live?.status).toBe('running');
    expect(sweep.shown?.id).toBe(sweep.live?.id);
    expect(sweep.running).toBe(1);
    await finished;

    expect(sweep.live).toBeNull();
    expect(sweep.running).toBeNull();
    const shown = sweep.shown!;
    expect(shown.status).toBe('completed');
    expect(shown.points.map((p) => p.maxWorkers)).toEqual([1, 2, 3]);
    expect(said.at(-1)).toEqual({
      text: 'Sweep of sleeping tasks completed: 3 of 3 worker counts measured.',
      tone: 'info',
    });
    for (const p of shown.points) {
      await sweep.openPoint(p.runId);
      expect(sweep.point?.maxWorkers).toBe(p.maxWorkers);
      expect(sweep.point?.source.name).toBe(`sleeping tasks · max_workers = ${p.maxWorkers}`);
      // The first w calls go to w fresh workers as they are submitted; which worker takes the rest
      // depends on when each finished starting (test/service/sweep-history.test.ts pins ceil(n/w)
      // with tasks long enough to outlast a worker's start).
      expect(spread(sweep.point!.source.snapshot.trace)).toEqual({
        pids: p.maxWorkers,
        tasks: 5,
      });
    }
    sweep.closePoint();
    expect(sweep.point).toBeNull();
  });

  it('cancel stops after the current run; a busy service refuses a second sweep with a message', async () => {
    const { service, sweep, said } = setup();
    const started = next(service, (e) => e.channel === 'run:started');
    const finished = next(service, (e) => e.channel === 'sweep:finished');
    await sweep.start(sleeps(2, 0.3), { from: 1, to: 4, repeats: 1 });
    await started;
    await sweep.start(sleeps(1, 0.1), { from: 1, to: 2, repeats: 1 });
    expect(said.at(-1)?.tone).toBe('error');
    expect(said.at(-1)?.text).toMatch(/^Cannot sweep: (run|sweep) \S+ is still running$/);
    await sweep.cancel();
    await finished;
    expect(sweep.shown?.status).toBe('cancelled');
    expect(sweep.shown!.points.length).toBeLessThan(4);
    expect(sweep.live).toBeNull();
  });
});

describe('HistoryStore', () => {
  it('lists a sweep with its runs under it, renames it, and deletes it with its runs', async () => {
    const { service, sweep, history } = setup();
    const finished = next(service, (e) => e.channel === 'sweep:finished');
    await sweep.start(sleeps(2, 0.02), { from: 1, to: 2, repeats: 1 });
    await finished;
    expect(history.stale).toBe(true);
    await history.refresh();
    expect(history.stale).toBe(false);
    expect(history.rows).toHaveLength(1);
    const row = history.rows[0]!;
    expect(row.kind === 'sweep' && row.runs.map((r) => r.maxWorkers)).toEqual([1, 2]);

    expect(await history.rename(row.id, '  two sleeps  ')).toBe(true);
    expect(history.rows[0]!.kind === 'sweep' && history.rows[0]!.sweep.name).toBe('two sleeps');
    await history.refresh();
    expect(history.rows[0]!.kind === 'sweep' && history.rows[0]!.sweep.name).toBe('two sleeps');

    await history.remove(history.rows[0]!);
    expect(history.rows).toEqual([]);
    await history.refresh();
    expect(history.entries).toEqual([]);
  });

  it('survives a restart, and reports a corrupt file without losing the rest', async () => {
    const first = setup();
    const done = next(first.service, (e) => e.channel === 'run:finished');
    await first.service.dispatch('run:start', { workload: sleeps(1, 0.01) });
    await done;
    await first.service.close();
    writeFileSync(join(first.dataDir, 'run-broken.entry.json'), '{"format": "poolscope-hist');

    const { history } = setup(first.dataDir);
    await history.refresh();
    expect(history.rows.map((r) => r.kind)).toEqual(['run']);
    expect(history.skipped).toEqual([
      { file: 'run-broken.entry.json', problem: expect.stringMatching(/is not valid JSON/) },
    ]);
  });

  it('says why an entry cannot be opened or renamed', async () => {
    const { history, said } = setup();
    expect(await history.get('run-nope')).toBeNull();
    expect(said.at(-1)).toEqual({
      text: 'Cannot open run-nope: no history entry run-nope',
      tone: 'error',
    });
    expect(await history.rename('run-nope', 'x')).toBe(false);
    expect(said.at(-1)?.text).toBe('Cannot rename: no history entry run-nope');
  });
});

describe('CompareStore', () => {
  it('pins runs from the history once each, on one time axis as long as the longest, refitted on unpin', async () => {
    const { service, sweep, compare, said } = setup();
    const finished = next(service, (e) => e.channel === 'sweep:finished');
    await sweep.start(sleeps(4, 0.05), { from: 1, to: 2, repeats: 1 });
    await finished;
    const [one, two] = sweep.shown!.points;

    expect(await compare.pinRun(one!.runId)).toBe(true);
    expect(await compare.pinRun(two!.runId)).toBe(true);
    expect(await compare.pinRun(two!.runId)).toBe(false);
    expect(compare.pinned.map((p) => p.runId)).toEqual([one!.runId, two!.runId]);
    expect(said.at(-1)?.text).toBe(
      'Pinned sleeping tasks (max_workers = 2) to Compare (2 pinned).',
    );
    // The same run from elsewhere (a sweep point, the Run view) is the same pin.
    expect(compare.pinTrace(compare.pinned[0]!.source.snapshot.trace)).toBe(false);

    // The shared axis spans the longer run (which one that is depends on how fast workers start).
    const [oneEnd, twoEnd] = compare.pinned.map((p) => extentOf(p.source)[1]);
    expect(compare.view.domain).toEqual([0, Math.max(oneEnd!, twoEnd!)]);

    compare.move(compare.pinned[1]!.key, -1);
    expect(compare.pinned.map((p) => p.runId)).toEqual([two!.runId, one!.runId]);
    compare.unpin(compare.pinned[0]!.key);
    expect(compare.pinned.map((p) => p.runId)).toEqual([one!.runId]);
    expect(compare.view.domain).toEqual([0, oneEnd]);
    expect(await compare.pinRun(sweep.shown!.id)).toBe(false);
    expect(said.at(-1)?.text).toMatch(/is a sweep: pin its runs one by one\.$/);
  });

  it('pins come back after a reload, in their order, from the history (a deleted run is said)', async () => {
    const { service, sweep, compare } = setup();
    const finished = next(service, (e) => e.channel === 'sweep:finished');
    await sweep.start(sleeps(2, 0.02), { from: 1, to: 2, repeats: 1 });
    await finished;
    const storage = new Map<string, string>();
    const store = {
      getItem: (k: string) => storage.get(k) ?? null,
      setItem: (k: string, v: string) => void storage.set(k, v),
    };
    const said: string[] = [];
    const before = new CompareStore(apiOf(service), (t) => said.push(t), store);
    const [one, two] = sweep.shown!.points;
    await before.pinRun(two!.runId);
    await before.pinRun(one!.runId);
    expect(JSON.parse(storage.get(PINS_KEY)!)).toEqual([two!.runId, one!.runId]);

    // The page reloads: a new store over the same storage.
    const after = new CompareStore(apiOf(service), (t) => said.push(t), store);
    await after.restore();
    expect(after.pinned.map((p) => p.runId)).toEqual([two!.runId, one!.runId]);

    await service.dispatch('history:delete', { id: one!.runId });
    const third = new CompareStore(apiOf(service), (t) => said.push(t), store);
    await third.restore();
    expect(third.pinned.map((p) => p.runId)).toEqual([two!.runId]);
    expect(said.at(-1)).toBe('1 pinned run(s) are no longer in the history: unpinned.');
    expect(JSON.parse(storage.get(PINS_KEY)!)).toEqual([two!.runId]);
    void compare;
  });
});
