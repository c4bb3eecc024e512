/**
 * A run's trace holds exactly the workers that lived during that run: workers retired before it
 * (max_workers went down) are not lanes of it, in the trace nor in its exports. A real pool, real
 * workers; needs the built worker (`npx electron-vite build`).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ProcessPoolExecutor, TraceRecorder, wait } from '../../electron/pool';
import { lanesFor } from '../../shared/chart/geometry';
import { traceToSvg } from '../../shared/export/svg';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('the lanes of a run after max_workers went down', () => {
  it('are the workers still in service, not the retired ones', async () => {
    const pool = new ProcessPoolExecutor({ maxWorkers: 4 });
    cleanups.push(() => pool.shutdown({ wait: true, cancelFutures: true }));
    // Four calls at once keep four workers busy together, so all four are spawned.
    await wait(
      Array.from({ length: 4 }, () => pool.submit('slow_function', 0.2)),
      { returnWhen: 'ALL_COMPLETED' },
    );
    expect(pool.pids).toHaveLength(4);
    pool.resize(1);
    // The next run starts at once, while the three retired workers may still be exiting.
    const recorder = new TraceRecorder(pool, { name: 'after', cpuCount: 2, masterPid: 1 });
    const futures = [pool.submit('slow_add', 0, 1, 2), pool.submit('slow_add', 0, 3, 4)];
    await wait(futures, { returnWhen: 'ALL_COMPLETED' });
    const trace = recorder.stop();
    const ran = new Set(trace.tasks.map((t) => t.pid));
    expect(ran.size).toBe(1);
    expect(trace.workers.map((w) => w.pid)).toEqual([...ran]);
    expect(lanesFor(trace).map((l) => l.pid)).toEqual([...ran]);
    expect(traceToSvg(trace)).toContain('on 1 worker PID');
  });
});
