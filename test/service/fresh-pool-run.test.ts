/**
 * A run on a fresh pool of its own, as `with ProcessPoolExecutor(max_workers) as pool:` makes
 * (issue 12): its workers are all up before the run's clock, the start-up is timed apart, the
 * pool is gone after the run, and the app's own pool is never touched. Real pools, real workers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ResponseMap } from '../../shared/contract';
import { tasksOf } from '../../shared/trace';
import { isAlive } from '../support/processes';
import { nextEvent, ok, sleepers, startService, type Cleanup } from './support';

const cleanups: Cleanup[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('run:start with freshPool', () => {
  it('runs on a pool of its own, started before the clock and shut down after', async () => {
    const { service, events } = startService(cleanups);
    await ok(service.dispatch('pool:resize', { maxWorkers: 2 }));
    const runs = [];
    for (let i = 0; i < 2; i++) {
      const { runId } = await ok<{ runId: string }>(
        service.dispatch('run:start', { workload: sleepers(4, 0.05), freshPool: true }),
      );
      const { summary } = await nextEvent(
        service,
        events,
        'run:finished',
        (p) => p.runId === runId,
      );
      const { trace } = await ok<ResponseMap['history:get']>(
        service.dispatch('history:get', { id: runId }),
      );
      runs.push({ summary, trace: trace! });
    }
    for (const { summary, trace } of runs) {
      expect(summary).toMatchObject({ status: 'completed', maxWorkers: 2, tasks: 4 });
      expect(summary.startupMs).toBeGreaterThan(0);
      // Both workers were spawned before the run's clock started, and ran every call.
      expect(trace.workers).toHaveLength(2);
      for (const w of trace.workers) expect(w.spawnedAt).toBeLessThan(0);
      const pids = new Set(trace.workers.map((w) => w.pid));
      for (const t of tasksOf(trace)) expect(pids.has(t.pid!)).toBe(true);
    }
    // Each run had its own workers, and none is left: each pool was shut down after its run.
    const [first, second] = runs.map((r) => r.trace.workers.map((w) => w.pid));
    expect(first!.filter((pid) => second!.includes(pid))).toEqual([]);
    const all = [...first!, ...second!];
    await expect.poll(() => all.filter(isAlive)).toEqual([]);

    // pool:state showed each run's pool beside the app's, which never forked a worker; its last
    // word, once the second pool is shut down (after run:finished), shows none.
    const states = () => events.flatMap((e) => (e.channel === 'pool:state' ? [e.payload] : []));
    await expect.poll(() => states().at(-1)?.fresh ?? 'no fresh pool').toBe('no fresh pool');
    const fresh = states().flatMap((s) => (s.fresh ? [s.fresh] : []));
    expect(fresh.length).toBeGreaterThan(0);
    expect(fresh.every((f) => f.for === 'run' && f.maxWorkers === 2)).toBe(true);
    expect(states().flatMap((s) => s.pids)).toEqual([]);
  });

  it('is busy while its workers start: a second run is refused, not run beside it', async () => {
    const { service, events } = startService(cleanups);
    const { runId } = await ok<{ runId: string }>(
      service.dispatch('run:start', { workload: sleepers(1, 0.05), freshPool: true }),
    );
    const second = await service.dispatch('run:start', { workload: sleepers(1, 0) });
    expect(second).toMatchObject({ ok: false, error: { code: 'busy' } });
    await nextEvent(service, events, 'run:finished', (p) => p.runId === runId);
  });

  it('refuses a freshPool that is not a boolean at the boundary', async () => {
    const { service } = startService(cleanups);
    const reply = await service.dispatch('run:start', {
      workload: sleepers(1, 0),
      freshPool: 'yes',
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
  });
});
