import { describe, expect, it } from 'vitest';
import type { TraceTask } from '../../shared/trace';
import { tooltipContent } from '../../renderer/src/lib/gantt/tooltip';

const base: TraceTask = {
  id: 0,
  fn: 'slow_add',
  args: [1, 6, 7],
  status: 'pending',
  submittedAt: 0,
};

describe('tooltipContent', () => {
  it('a finished task: call, PID, submitted/started/finished, wait, duration, result', () => {
    const c = tooltipContent(
      { ...base, status: 'done', pid: 4242, startedAt: 2.5, finishedAt: 1003.5, result: 13 },
      2000,
    );
    expect(c.call).toBe('slow_add(1, 6, 7)');
    expect(c.rows).toEqual([
      ['PID', '4242'],
      ['submitted', '0.000 s'],
      ['started', '0.003 s'],
      ['wait', '2.50 ms'],
      ['finished', '1.004 s'],
      ['duration', '1.001 s'],
    ]);
    expect(c.outcome).toBe('→ 13');
    expect(c.failed).toBe(false);
  });

  it('a running task is measured up to now', () => {
    const c = tooltipContent({ ...base, status: 'running', pid: 1, startedAt: 100 }, 600);
    expect(c.rows.at(-1)).toEqual(['running for', '500 ms']);
    expect(c.outcome).toBe('running');
  });

  it('a failed task shows its exception', () => {
    const c = tooltipContent(
      {
        ...base,
        fn: 'broken_function',
        args: [4.1],
        status: 'failed',
        pid: 1,
        startedAt: 0,
        finishedAt: 4100,
        error: { name: 'ValueError', message: 'Called broken function' },
      },
      5000,
    );
    expect(c.call).toBe('broken_function(4.1)');
    expect(c.outcome).toBe('ValueError: Called broken function');
    expect(c.failed).toBe(true);
  });

  it('a cancelled task never ran: no PID, no duration', () => {
    const c = tooltipContent({ ...base, status: 'cancelled', finishedAt: 50 }, 100);
    expect(c.rows.map(([k]) => k)).toEqual(['submitted', 'finished']);
    expect(c.outcome).toBe('cancelled');
  });
});
