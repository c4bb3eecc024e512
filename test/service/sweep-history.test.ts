import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventMap, HistoryEntry, ResponseMap } from '../../shared/contract';
import { tasksOf } from '../../shared/trace';
import { RunService } from '../../electron/service';
import {
  isAlive,
  nextEvent,
  ok,
  runToEnd,
  sleepers,
  startService,
  tempDir,
  type Cleanup,
} from './support';

const cleanups: Cleanup[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

type Listing = ResponseMap['history:list'];
const distinct = <T>(xs: T[]) => [...new Set(xs)];
const idOf = (e: HistoryEntry) => (e.kind === 'run' ? e.summary.id : e.sweep.id);

describe('sweeps', () => {
  it('runs the workload once per worker count on a fresh pool, shown in pool:state: n equal sleeps put ceil(n/w) on the busiest PID', async () => {
    const { service, events } = startService(cleanups);
    const n = 6;
    const { sweepId } = await ok<{ sweepId: string }>(
      service.dispatch('sweep:start', { workload: sleepers(n, 0.3), from: 1, to: 3, repeats: 1 }),
    );
    const { sweep } = await nextEvent(
      service,
      events,
      'sweep:finished',
      (p) => p.sweep.id === sweepId,
    );

    expect(sweep).toMatchObject({ id: sweepId, from: 1, to: 3, status: 'completed' });
    expect(sweep.points.map((p) => p.maxWorkers)).toEqual([1, 2, 3]);
    const progress = events.filter(
      (e): e is { channel: 'sweep:progress'; payload: EventMap['sweep:progress'] } =>
        e.channel === 'sweep:progress',
    );
    expect(progress.map((e) => e.payload.running)).toEqual([1, 2, 3, undefined]);
    const finishedRuns = events.flatMap((e) =>
      e.channel === 'run:finished' && e.payload.summary.sweepId === sweepId ? [e.payload] : [],
    );
    expect(finishedRuns.map((r) => r.runId)).toEqual(sweep.points.map((p) => p.runId));

    const allPids = new Set<number>();
    for (const point of sweep.points) {
      const { trace } = await ok<ResponseMap['history:get']>(
        service.dispatch('history:get', { id: point.runId }),
      );
      const perPid = new Map<number, number>();
      for (const t of tasksOf(trace!)) perPid.set(t.pid!, (perPid.get(t.pid!) ?? 0) + 1);
      expect(perPid.size, `${point.maxWorkers} workers`).toBe(point.maxWorkers);
      expect(Math.max(...perPid.values())).toBe(Math.ceil(n / point.maxWorkers));
      // With more than one worker, tasks on different PIDs ran at the same time.
      const tasks = tasksOf(trace!);
      const overlap = tasks.some((a) =>
        tasks.some(
          (b) => a.pid !== b.pid && a.startedAt! < b.finishedAt! && b.startedAt! < a.finishedAt!,
        ),
      );
      expect(overlap).toBe(point.maxWorkers > 1);
      for (const pid of perPid.keys()) {
        expect(allPids.has(pid), 'each point runs on a fresh pool').toBe(false);
        allPids.add(pid);
      }
      expect(point.speedup).toBeGreaterThan(0);
      expect(point.makespanMs).toBeGreaterThan(0);
    }
    expect([...allPids].filter(isAlive)).toEqual([]);

    // pool:state showed each point's own pool beside the app's, and stops once the sweep is over.
    const states = () => events.flatMap((e) => (e.channel === 'pool:state' ? [e.payload] : []));
    const shown = states().flatMap((s) => (s.fresh ? [s.fresh] : []));
    expect(shown.every((s) => s.for === 'sweep')).toBe(true);
    expect(distinct(shown.map((s) => s.maxWorkers))).toEqual([1, 2, 3]);
    expect(distinct(shown.flatMap((s) => s.pids)).sort()).toEqual([...allPids].sort());
    expect(shown.every((s) => s.pids.length <= s.maxWorkers)).toBe(true);
    await expect.poll(() => states().at(-1)?.fresh ?? 'no sweep pool').toBe('no sweep pool');

    const { entries } = await ok<Listing>(service.dispatch('history:list', null));
    expect(entries.filter((e) => e.kind === 'sweep')).toEqual([{ kind: 'sweep', sweep }]);
  });

  it('cancels mid-sweep: the current run is cancelled and no further point runs', async () => {
    const { service, events } = startService(cleanups);
    const { sweepId } = await ok<{ sweepId: string }>(
      service.dispatch('sweep:start', { workload: sleepers(4, 0.2), from: 1, to: 4, repeats: 1 }),
    );
    await nextEvent(service, events, 'run:events', (p) =>
      p.events.some((e) => e.type === 'task-started'),
    );
    await expect(ok(service.dispatch('sweep:cancel', { sweepId }))).resolves.toEqual({
      cancelled: true,
    });
    const { sweep } = await nextEvent(
      service,
      events,
      'sweep:finished',
      (p) => p.sweep.id === sweepId,
    );
    expect(sweep.status).toBe('cancelled');
    expect(sweep.points).toEqual([]);
    const runs = events.filter((e) => e.channel === 'run:started');
    expect(runs).toHaveLength(1);
    await expect(ok(service.dispatch('sweep:cancel', { sweepId }))).resolves.toEqual({
      cancelled: false,
    });
  });
});

describe('history through the service', () => {
  it('survives a restart (a new service on the same folder) and reports a corrupt entry without failing', async () => {
    const dataDir = tempDir(cleanups);
    const first = startService(cleanups, { dataDir });
    const a = await runToEnd(first.service, first.events, sleepers(2, 0.05));
    const b = await runToEnd(first.service, first.events, {
      name: 'future.py',
      calls: [{ fn: 'slow_add', args: [0.05, 6, 7], repeat: 1 }],
    });
    await first.service.close();
    writeFileSync(join(dataDir, 'run-broken.entry.json'), '{ not json');

    const second = new RunService({ mode: 'desktop', dataDir });
    cleanups.push(() => second.close());
    const listing = await ok<Listing>(second.dispatch('history:list', null));
    expect(listing.entries.map(idOf)).toEqual([b.runId, a.runId]);
    expect(listing.entries[0]).toEqual({ kind: 'run', summary: b.finished.summary });
    expect(listing.skipped).toEqual([
      {
        file: 'run-broken.entry.json',
        problem: expect.stringMatching(/^run-broken\.entry\.json is not valid JSON: /),
      },
    ]);

    const got = await ok<ResponseMap['history:get']>(
      second.dispatch('history:get', { id: b.runId }),
    );
    expect(tasksOf(got.trace!).map((t) => t.result)).toEqual([13]);

    const renamed = await ok<ResponseMap['history:rename']>(
      second.dispatch('history:rename', { id: a.runId, name: '  two sleeps  ' }),
    );
    expect(renamed.entry).toEqual({
      kind: 'run',
      summary: { ...a.finished.summary, name: 'two sleeps' },
    });
    await expect(ok(second.dispatch('history:delete', { id: b.runId }))).resolves.toEqual({
      deleted: true,
    });
    await expect(ok(second.dispatch('history:delete', { id: b.runId }))).resolves.toEqual({
      deleted: false,
    });
    const after = await ok<Listing>(second.dispatch('history:list', null));
    expect(after.entries.map(idOf)).toEqual([a.runId]);
    await expect(second.dispatch('history:get', { id: b.runId })).resolves.toEqual({
      ok: false,
      error: { code: 'not-found', message: `no history entry ${b.runId}` },
    });
  });
});
