/** The tutorial's own scripts, unchanged, traced on real CPython with each start method. */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { START_METHODS } from '../../electron/trace';
import { TUTORIAL, masterLines, request, stopAll, tasks, trace } from './helpers';
import { FUTURE_PY_RESULTS } from '../support/future-py';

afterAll(stopAll);

const overlap = (a: { startedAt?: number; finishedAt?: number }, b: typeof a) =>
  a.startedAt! < b.finishedAt! && b.startedAt! < a.finishedAt!;

describe.concurrent('future.py', () => {
  for (const startMethod of START_METHODS.filter((m) => m !== 'default')) {
    it(`gives 13, 3, 9, 7 and the ValueError, with the master's transcript (${startMethod})`, async () => {
      const {
        trace: t,
        status,
        error,
        // Two workers, as in the tutorial: the script passes none, so PoolScope's applies.
      } = await trace(request(join(TUTORIAL, 'future.py'), { startMethod, maxWorkers: 2 }));
      expect(error).toBeUndefined();
      expect(status).toBe('completed');
      expect(t.runtime).toBe('python-script');
      expect(t.python?.startMethod).toBe(startMethod);
      expect(t.python?.version).toMatch(/^3\.\d+\.\d+/);
      expect(t.script?.exitCode).toBe(0);

      const calls = tasks(t);
      expect(calls.map((c) => c.fn)).toEqual([
        'slow_add',
        'slow_diff',
        'slow_add',
        'slow_diff',
        'broken_function',
      ]);
      expect(calls[0]?.args).toEqual([3.1, 6, 7]);
      expect(calls.slice(0, 4).map((c) => c.result)).toEqual([13, 3, 9, 7]);
      const broken = calls[4]!;
      expect(broken.status).toBe('failed');
      expect(broken.error?.name).toBe('ValueError');
      expect(broken.error?.message).toBe('Called broken function');
      expect(broken.error?.stack).toMatch(
        /^Traceback \(most recent call last\):\n {2}File ".*future\.py", line \d+, in broken_function\n/,
      );
      expect(broken.error?.stack).not.toContain('poolscope_trace');

      // Lanes per worker PID, bars from the workers' own stamps, queue wait before each start.
      const pids = new Set(t.workers.map((w) => w.pid));
      expect(t.maxWorkers).toBe(2);
      expect(pids.size).toBe(2);
      expect(pids.has(t.masterPid)).toBe(false);
      for (const c of calls) {
        expect(pids.has(c.pid!)).toBe(true);
        expect(c.submittedAt).toBeLessThanOrEqual(c.queuedAt!);
        expect(c.queuedAt!).toBeLessThanOrEqual(c.startedAt!);
        expect(c.startedAt!).toBeLessThan(c.finishedAt!);
      }
      // Two workers, five calls: some call sat RUNNING in the call queue while both were busy.
      const [first, second] = calls;
      expect(overlap(first!, second!)).toBe(true);
      for (const w of t.workers) expect(w.exitCode).toBe(0);

      const out = masterLines(t);
      expect(out.slice(0, 3)).toEqual(['', 'Have the workers finished?', 'Task 0 is running...']);
      expect(out.slice(-7)).toEqual(FUTURE_PY_RESULTS);
    });
  }

  it('takes max_workers from PoolScope when the script passes none', async () => {
    const { trace: t } = await trace(
      request(join(TUTORIAL, 'future.py'), { maxWorkers: 5, startMethod: 'fork' }),
    );
    expect(t.maxWorkers).toBe(5);
    expect(t.script?.maxWorkersFrom).toBe('poolscope');
    // fork starts all max_workers workers at the first submit; which of them
    // runs which call depends on how fast each boots, so only the lanes are counted.
    expect(t.workers).toHaveLength(5);
  });
});

describe.concurrent('the exercise and applyasync.py', () => {
  it("keeps the exercise's own max_workers unless forced", async () => {
    const path = join(TUTORIAL, 'future_exercise.py');
    const [own, forced] = await Promise.all([
      trace(request(path, { args: ['1'], maxWorkers: 4 })),
      trace(request(path, { args: ['1'], maxWorkers: 4, forceMaxWorkers: true })),
    ]);
    expect(own.trace.script?.maxWorkersFrom).toBe('script');
    expect(own.trace.maxWorkers).toBe(1);
    expect(new Set(tasks(own.trace).map((c) => c.pid)).size).toBe(1);
    expect(forced.trace.script?.maxWorkersFrom).toBe('forced');
    expect(forced.trace.maxWorkers).toBe(4);
    expect(tasks(forced.trace).map((c) => c.result ?? c.error?.name)).toEqual([
      13,
      3,
      9,
      7,
      'ValueError',
      5,
      6,
      42,
    ]);
  });

  it("applyasync.py's two calls overlap on two PIDs, and each worker's prints are its own", async () => {
    const { trace: t, status } = await trace(request(join(TUTORIAL, 'applyasync.py')));
    expect(status).toBe('completed');
    const [a, b] = tasks(t);
    expect(a!.pid).not.toBe(b!.pid);
    expect(overlap(a!, b!)).toBe(true);
    expect(masterLines(t)).toEqual([
      `Master process is PID ${t.masterPid}`,
      'Result one is 13',
      'Result two is 5',
    ]);
    for (const call of [a!, b!]) {
      const printed = t.output.filter((o) => o.taskId === call.id);
      expect(printed.map((o) => [o.pid, o.line])).toEqual([
        [call.pid, `Process ${call.pid} going to sleep for 1 second(s)`],
        [call.pid, `Process ${call.pid} waking up`],
      ]);
    }
  });
});
