/**
 * workloadOf: the calls of a trace back into a workload. Round trips go through the real service
 * (a real pool, the history on disk), as "Load its calls into the workload" does in the app.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ResponseMap } from '../../shared/contract';
import { emptyTrace, type Trace } from '../../shared/trace';
import { workloadOf, type Workload } from '../../shared/workload';
import { ok, runToEnd, startService, type Cleanup } from './support';

const cleanups: Cleanup[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A trace whose calls were submitted in this order (nothing else matters to workloadOf). */
function submitted(calls: { fn: string; args: unknown[] }[], name = 'made by hand'): Trace {
  const trace = emptyTrace({ name, startedAt: 0, maxWorkers: 2, cpuCount: 2, masterPid: 1 });
  calls.forEach(({ fn, args }, id) =>
    trace.tasks.push({ id, fn, args: args as number[], status: 'done', submittedAt: id }),
  );
  return trace;
}

describe('workloadOf', () => {
  it('gives back the workload a real run submitted, lines and repeats as they were', async () => {
    const { service, events } = startService(cleanups);
    const workload: Workload = {
      name: 'mixed calls',
      calls: [
        { fn: 'slow_add', args: [0, 1, 2], repeat: 3 },
        { fn: 'slow_diff', args: [0, 5, 2], repeat: 1 },
        { fn: 'slow_add', args: [0, 1, 2], repeat: 2 }, // equal to line 1, yet its own line
        { fn: 'broken_function', args: [0], repeat: 1 },
        { fn: 'count_primes', args: [100], repeat: 2 },
      ],
    };
    const { runId } = await runToEnd(service, events, workload);
    const { trace } = await ok<ResponseMap['history:get']>(
      service.dispatch('history:get', { id: runId }),
    );
    expect(workloadOf(trace!)).toEqual({ ok: true, workload, skipped: 0 });
  });

  it('leaves out and counts calls the builder cannot make, and folds what is left', () => {
    const trace = submitted([
      { fn: 'slow_function', args: [1] },
      { fn: 'my_own_task', args: [1] }, // a user's module: not in the builder's catalog
      { fn: 'slow_function', args: [1] },
      { fn: 'slow_add', args: [1, 'six', 7] }, // not numbers
      { fn: 'slow_add', args: [1, 6] }, // too few
      { fn: 'slow_function', args: [2] },
    ]);
    expect(workloadOf(trace)).toEqual({
      ok: true,
      skipped: 3,
      workload: {
        name: 'made by hand',
        calls: [
          { fn: 'slow_function', args: [1], repeat: 2 },
          { fn: 'slow_function', args: [2], repeat: 1 },
        ],
      },
    });
  });

  it('says why when nothing can be loaded', () => {
    expect(workloadOf(submitted([{ fn: 'other', args: [] }]))).toEqual({
      ok: false,
      problem: 'none of its 1 calls is a PoolScope function',
    });
    expect(workloadOf(submitted([]))).toEqual({
      ok: false,
      problem: 'none of its 0 calls is a PoolScope function',
    });
    const tooMany = submitted(
      Array.from({ length: 1001 }, (_, i) => ({ fn: 'slow_function', args: [i / 1000] })),
    );
    expect(workloadOf(tooMany)).toEqual({
      ok: false,
      problem: 'a workload may list at most 1000 calls (use repeat)',
    });
  });

  it('names the workload after the trace, or "workload" when the trace has no name', () => {
    const calls = [{ fn: 'slow_function', args: [0] }];
    expect(workloadOf(submitted(calls, '  future.py  '))).toMatchObject({
      workload: { name: 'future.py' },
    });
    expect(workloadOf(submitted(calls, '   '))).toMatchObject({ workload: { name: 'workload' } });
  });
});
