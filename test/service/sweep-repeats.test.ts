/**
 * Sweeps that measure scheduling: each run's pool has every worker started and ready before the
 * run's clock starts (the start-up timed apart), and each worker count runs `repeats` times, the
 * point being the median run. A real service, real pools, real workers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { EventMap, ResponseMap } from '../../shared/contract';
import { tasksOf } from '../../shared/trace';
import { nextEvent, ok, sleepers, startService, type Cleanup } from './support';

const cleanups: Cleanup[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('sweep repeats on started pools', () => {
  it('runs each worker count `repeats` times on pools whose workers were all up before time zero', async () => {
    const { service, events } = startService(cleanups);
    const { sweepId } = await ok<{ sweepId: string }>(
      service.dispatch('sweep:start', { workload: sleepers(2, 0.05), from: 1, to: 2, repeats: 2 }),
    );
    const { sweep } = await nextEvent(
      service,
      events,
      'sweep:finished',
      (p) => p.sweep.id === sweepId,
    );
    expect(sweep).toMatchObject({ status: 'completed', repeats: 2, calls: 2 });
    const progress = events.flatMap((e) =>
      e.channel === 'sweep:progress' && e.payload.sweep.id === sweepId
        ? [[e.payload.running, e.payload.repeat] as EventMap['sweep:progress'][keyof object][]]
        : [],
    );
    expect(progress).toEqual([
      [1, 1],
      [1, 2],
      [2, 1],
      [2, 2],
      [undefined, undefined],
    ]);
    for (const point of sweep.points) {
      const runs = point.repeats!;
      expect(runs).toHaveLength(2);
      // The point is its median run (the lower of two), and keeps every run.
      const fastest = [...runs].sort((a, b) => a.makespanMs - b.makespanMs)[0]!;
      expect(point).toMatchObject({ runId: fastest.runId, makespanMs: fastest.makespanMs });
      for (const run of runs) {
        expect(run.startupMs).toBeGreaterThan(0);
        const { trace } = await ok<ResponseMap['history:get']>(
          service.dispatch('history:get', { id: run.runId }),
        );
        // Every worker of the pool was spawned before the run's clock started.
        expect(trace!.workers).toHaveLength(point.maxWorkers);
        for (const w of trace!.workers) expect(w.spawnedAt).toBeLessThan(0);
        // and every call ran on one of them.
        const pids = new Set(trace!.workers.map((w) => w.pid));
        for (const t of tasksOf(trace!)) expect(pids.has(t.pid!)).toBe(true);
      }
    }
  });

  it('refuses repeats outside 1..20 at the boundary', async () => {
    const { service } = startService(cleanups);
    const reply = await service.dispatch('sweep:start', {
      workload: sleepers(1, 0),
      from: 1,
      to: 1,
      repeats: 0,
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    if (!reply.ok) expect(reply.error.message).toMatch(/^sweep:start: repeats: /);
  });
});
