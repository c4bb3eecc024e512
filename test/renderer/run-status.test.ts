/** The status line when a run ends says what happened to its calls, from the run's own numbers. */
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../shared/contract';
import { endedMessage } from '../../renderer/src/lib/run-status';

const summary = (over: Partial<RunSummary>): RunSummary => ({
  id: 'run-1',
  name: 'future.py',
  startedAt: 0,
  maxWorkers: 2,
  tasks: 5,
  makespanMs: 8207,
  status: 'completed',
  ...over,
});
const stats = (done: number, failed: number, cancelled: number) => ({
  tasks: done + failed + cancelled,
  done,
  failed,
  cancelled,
});

describe('endedMessage', () => {
  it.each([
    ['completed', summary({}), stats(4, 1, 0), 'future.py completed: 5 calls in 8.207 s.'],
    ['one call', summary({ tasks: 1 }), stats(1, 0, 0), 'future.py completed: 1 call in 8.207 s.'],
    [
      'cancelled, some never started',
      summary({ status: 'cancelled' }),
      stats(2, 0, 3),
      'future.py cancelled: 3 calls never started; 2 calls ran to the end (8.207 s).',
    ],
    [
      'on a fresh pool: its start-up, apart from the run',
      summary({ startupMs: 412 }),
      stats(4, 1, 0),
      'future.py completed: 5 calls in 8.207 s. Its fresh pool started 2 workers in 412 ms, before the clock.',
    ],
    [
      'a sweep point says nothing of it (the sweep shows its start-ups)',
      summary({ startupMs: 412, sweepId: 'sweep-1' }),
      stats(4, 1, 0),
      'future.py completed: 5 calls in 8.207 s.',
    ],
    [
      'cancelled after every call had started',
      summary({ status: 'cancelled' }),
      stats(4, 1, 0),
      'future.py: Cancel came too late to stop a call: all 5 calls had started and ran to the end (8.207 s).',
    ],
  ])('%s', (_, s, st, text) => {
    expect(endedMessage(s, st)).toBe(text);
  });
});
