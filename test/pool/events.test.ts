/** The event stream: worker output, worker-side stamps, batches of short tasks, the recorder. */
import { describe, expect, it } from 'vitest';
import type { PoolEvent } from '../../shared/events';
import { TraceRecorder, wait } from '../../electron/pool';
import { now } from '../../electron/pool/clock';
import { newPool, poolWithTasks, recordEvents, started } from './helpers';

type Output = Extract<PoolEvent, { type: 'worker-output' }>;
const outputs = (events: PoolEvent[]) =>
  events
    .filter((e): e is Output => e.type === 'worker-output')
    .map(({ pid, stream, line, taskId }) => ({ pid, stream, line, taskId }));

describe('worker output', () => {
  it('arrives as lines, each with the PID, the stream and the task that printed it', async () => {
    const pool = await poolWithTasks({ maxWorkers: 1 });
    const events = recordEvents(pool);
    const a = pool.submit('shout', 'first');
    const b = pool.submit('partial', 'no newline at the end');
    await Promise.all([a.result(), b.result()]);
    expect(outputs(events)).toEqual([
      { pid: a.pid, stream: 'stdout', line: 'out: first', taskId: a.id },
      { pid: a.pid, stream: 'stderr', line: 'err: first', taskId: a.id },
      { pid: b.pid, stream: 'stdout', line: 'no newline at the end', taskId: b.id },
    ]);
  });

  it('includes what the process writes natively, past process.stdout, from its real pipes', async () => {
    const pool = await poolWithTasks({ maxWorkers: 1 });
    const events = recordEvents(pool);
    const f = pool.submit('native_write', 'written to fd 1');
    await f.result();
    expect(outputs(events)).toEqual([
      { pid: f.pid, stream: 'stdout', line: 'written to fd 1', taskId: f.id },
    ]);
  });
});

describe('timestamps', () => {
  it("are stamped in the worker, sub-millisecond, on the parent's clock", async () => {
    const pool = newPool({ maxWorkers: 1 });
    const events = recordEvents(pool);
    const before = now();
    const f = pool.submit('slow_function', 0.05);
    await f.result();
    const after = now();
    const startedEvent = events.find((e) => e.type === 'task-started')!;
    const finishedEvent = events.find((e) => e.type === 'task-finished')!;
    expect(startedEvent.t).toBe(f.startedAt);
    expect(finishedEvent.t).toBe(f.finishedAt);
    expect(before).toBeLessThanOrEqual(f.submittedAt);
    expect(f.submittedAt).toBeLessThan(f.startedAt!);
    expect(f.startedAt!).toBeLessThan(f.finishedAt!);
    expect(f.finishedAt!).toBeLessThanOrEqual(after);
    // Not whole milliseconds: at least one of the stamps has a fraction.
    expect([f.startedAt!, f.finishedAt!].some((t) => !Number.isInteger(t))).toBe(true);
  });
});

describe('short tasks', () => {
  it('are batched once observed short, yet every task is started and finished once, in order', async () => {
    const pool = await poolWithTasks({ maxWorkers: 2 });
    const events = recordEvents(pool);
    await pool.submit('add', 0, 0).result(); // the pool learns that tasks are short
    const fs = Array.from({ length: 2000 }, (_, i) => pool.submit('add', i, 1));
    await wait(fs);
    expect(await Promise.all(fs.map((f) => f.result()))).toEqual(fs.map((_, i) => i + 1));
    const perTask = new Map<number, string[]>();
    for (const e of events) {
      if (e.type === 'task-started' || e.type === 'task-finished') {
        perTask.set(e.taskId, [...(perTask.get(e.taskId) ?? []), e.type]);
      }
    }
    for (const f of fs) expect(perTask.get(f.id)).toEqual(['task-started', 'task-finished']);
    // On each worker, tasks ran one after another, in submission order.
    for (const pid of pool.pids) {
      const mine = fs.filter((f) => f.pid === pid);
      for (let i = 1; i < mine.length; i++) {
        expect(mine[i]!.id).toBeGreaterThan(mine[i - 1]!.id);
        expect(mine[i]!.startedAt!).toBeGreaterThanOrEqual(mine[i - 1]!.finishedAt!);
      }
    }
  });

  it('do not hold a long task back from announcing its start once tasks are long again', async () => {
    const pool = await poolWithTasks({ maxWorkers: 1 });
    await pool.submit('add', 0, 0).result();
    await pool.submit('sleepy', 50, null).result(); // the running mean is long again
    const long = pool.submit('sleepy', 200, null);
    await started(pool, long);
    expect(long.running()).toBe(true);
    await long.result();
  });
});

describe('TraceRecorder', () => {
  it('records one run with run-local task ids, ignoring older tasks', async () => {
    const pool = newPool({ maxWorkers: 2 });
    await pool.submit('slow_add', 0, 1, 1).result(); // pool task 0, before the run
    const older = pool.submit('slow_function', 0.2); // still running when the run starts
    await started(pool, older);

    const recorder = new TraceRecorder(pool, { name: 'future.py', cpuCount: 2, masterPid: 42 });
    const recorded: PoolEvent[] = [];
    recorder.onEvent((e) => recorded.push(e));
    expect(recorder.trace.workers.map((w) => w.pid)).toEqual(pool.pids);
    const run = [pool.submit('slow_add', 0.05, 6, 7), pool.submit('broken_function', 0.05)];
    pool.resize(3);
    await wait([...run, older]);
    const trace = recorder.stop();

    expect(trace).toMatchObject({ name: 'future.py', cpuCount: 2, masterPid: 42, maxWorkers: 2 });
    expect(trace.endedAt).toBeGreaterThan(0);
    expect(trace.tasks.map((t) => [t.id, t.fn, t.args, t.status, t.pid])).toEqual([
      [0, 'slow_add', [0.05, 6, 7], 'done', run[0]!.pid],
      [1, 'broken_function', [0.05], 'failed', run[1]!.pid],
    ]);
    expect(trace.tasks[0]!.result).toBe(13);
    expect(trace.tasks[1]!.error).toMatchObject({
      name: 'ValueError',
      message: 'Called broken function',
    });
    expect(trace.tasks[0]!.startedAt).toBe(run[0]!.startedAt! - trace.startedAt);
    expect(trace.marks).toEqual([{ t: expect.any(Number), kind: 'resize', maxWorkers: 3 }]);
    // The listener saw the same renumbered events, and nothing of the older task.
    const ids = recorded.flatMap((e) =>
      'taskId' in e && e.taskId !== undefined ? [e.taskId] : [],
    );
    expect(new Set(ids)).toEqual(new Set([0, 1]));
    expect(recorded.some((e) => e.type === 'task-finished' && e.taskId === 0)).toBe(true);

    // After stop(), nothing more is recorded.
    await pool.submit('slow_add', 0, 1, 1).result();
    expect(trace.tasks).toHaveLength(2);
  });

  it("records without listeners of its own, leaving the pool's events as they were", async () => {
    const pool = newPool({ maxWorkers: 1 });
    await pool.submit('slow_add', 0, 1, 1).result(); // pool task 0
    const recorder = new TraceRecorder(pool, { name: 'quiet', cpuCount: 1, masterPid: 1 });
    const poolIds: number[] = [];
    pool.on((e) => {
      if (e.type === 'task-finished') poolIds.push(e.taskId);
    });
    const fs = [pool.submit('slow_add', 0, 2, 2), pool.submit('slow_add', 0, 3, 3)];
    await wait(fs);
    const trace = recorder.stop();
    expect(trace.tasks.map((t) => [t.id, t.result])).toEqual([
      [0, 4],
      [1, 6],
    ]);
    expect(poolIds).toEqual(fs.map((f) => f.id)); // 1 and 2: the pool's own numbering
  });
});
