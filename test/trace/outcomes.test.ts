/**
 * How each future ends, as CPython settles it (issue 11): results come from the workers, while a
 * cancel and an argument that would not pickle exist only in the master, seen through CPython's
 * own Future.cancel and Future.set_exception.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PoolEvent } from '../../shared/events';
import { SCRIPTS, masterLines, request, start, stopAll, tasks } from './helpers';

afterAll(stopAll);

describe.concurrent('outcomes.py', () => {
  for (const startMethod of ['fork', 'spawn', 'forkserver'] as const) {
    it(`shows its results, its one cancel and its pickling error as the script saw them (${startMethod})`, async () => {
      const events: PoolEvent[] = [];
      const run = await start(request(join(SCRIPTS, 'outcomes.py'), { startMethod }), (e) =>
        events.push(e),
      );
      const { status, trace: t } = await run.outcome;
      expect(status).toBe('completed');
      const [printedCancel, errorName, printedResults] = masterLines(t);
      expect(printedCancel).toBe('cancel True True');
      expect(printedResults).toBe('released 3 7');

      const [held, unpicklable, three, seven, last] = tasks(t);
      expect(tasks(t)).toHaveLength(5);
      expect([held, three, seven].map((x) => [x?.status, x?.result])).toEqual([
        ['done', 'released'],
        ['done', 3],
        ['done', 7],
      ]);
      // Cancelled once, though cancel() said True twice; it never reached a worker.
      expect(last?.status).toBe('cancelled');
      expect(last?.pid).toBeUndefined();
      expect(events.filter((e) => e.type === 'task-cancelled')).toHaveLength(1);
      // The pickling error, named as the script printed it, and never on a worker.
      expect(unpicklable?.status).toBe('failed');
      expect(unpicklable?.error?.name).toBe(errorName);
      // As Python prints it: the feeder thread's traceback (CPython wraps it as if remote), then
      // the error it caused.
      expect(unpicklable?.error?.stack).toMatch(
        /^concurrent\.futures\.process\._RemoteTraceback: \n"""\nTraceback \(most recent call last\):\n/,
      );
      expect(unpicklable?.error?.stack).toContain('The above exception was the direct cause');
      expect(unpicklable?.error?.stack).toContain("Can't pickle <function <lambda>");
      expect(unpicklable?.pid).toBeUndefined();
    });
  }
});
