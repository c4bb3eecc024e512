import { afterEach, describe, expect, it } from 'vitest';
import type { AppInfo, PoolState, ResponseMap } from '../../shared/contract';
import type { PoolEvent } from '../../shared/events';
import { applyEvents, tasksOf, type Trace } from '../../shared/trace';
import type { Workload } from '../../shared/workload';
import {
  isAlive,
  nextEvent,
  ok,
  runEvents,
  runToEnd,
  sleepers,
  startService,
  type Cleanup,
} from './support';

const cleanups: Cleanup[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const futurePy: Workload = {
  name: 'future.py',
  calls: [
    { fn: 'slow_add', args: [0.3, 6, 7], repeat: 1 },
    { fn: 'slow_diff', args: [0.2, 5, 2], repeat: 1 },
    { fn: 'slow_add', args: [0.1, 8, 1], repeat: 1 },
    { fn: 'slow_diff', args: [0.4, 9, 2], repeat: 1 },
    { fn: 'broken_function', args: [0.3], repeat: 1 },
  ],
};

async function traceOf(service: ReturnType<typeof startService>['service'], id: string) {
  const got = await ok<ResponseMap['history:get']>(service.dispatch('history:get', { id }));
  return got.trace!;
}

describe('RunService.dispatch validation', () => {
  it('answers every malformed request with a typed error naming the field, and keeps working', async () => {
    const { service } = startService(cleanups, { cpuCount: 2 });
    const workload = sleepers(1, 0.05);
    const cases: [unknown, unknown, string, RegExp][] = [
      ['pool:nuke', null, 'unknown-channel', /^unknown channel "pool:nuke"; known: app:info, /],
      [42, null, 'unknown-channel', /^unknown channel of type number/],
      ['app:info', { please: true }, 'invalid-payload', /^app:info: /],
      ['pool:resize', { maxWorkers: 2.5 }, 'invalid-payload', /^pool:resize: maxWorkers: /],
      [
        'pool:resize',
        { maxWorkers: 9 },
        'invalid-payload',
        /^pool:resize: maxWorkers: at most 8 workers on this machine/,
      ],
      ['pool:resize', null, 'invalid-payload', /^pool:resize: /],
      [
        'run:start',
        { workload: { name: 'x', calls: [] } },
        'invalid-payload',
        /^run:start: workload\.calls: a workload needs at least one call/,
      ],
      [
        'run:start',
        { workload: { name: 'x', calls: [{ fn: 'slow_add', args: [1], repeat: 1 }] } },
        'invalid-payload',
        /slow_add takes 3 argument/,
      ],
      ['run:start', { workload, maxWorkers: 0 }, 'invalid-payload', /^run:start: maxWorkers: /],
      [
        'run:start',
        { workload, maxWorkers: 200 },
        'invalid-payload',
        /^run:start: maxWorkers: at most 8 workers/,
      ],
      ['run:start', { workload, extra: 1 }, 'invalid-payload', /^run:start: /],
      ['run:cancel', { runId: 'a b' }, 'invalid-payload', /^run:cancel: runId: ids are/],
      ['future:cancel', { runId: 'run-1' }, 'invalid-payload', /^future:cancel: taskId: /],
      [
        'future:cancel',
        { runId: 'run-1', taskId: 1.5 },
        'invalid-payload',
        /^future:cancel: taskId: /,
      ],
      ['future:cancel', { runId: 'run-1', taskId: -1 }, 'invalid-payload', /^future:cancel: /],
      ['sweep:start', { workload, from: 1 }, 'invalid-payload', /^sweep:start: to: /],
      [
        'sweep:start',
        { workload, from: 3, to: 2 },
        'invalid-payload',
        /^sweep:start: from \(3\) is more than to \(2\)/,
      ],
      [
        'sweep:start',
        { workload, from: 1, to: 9 },
        'invalid-payload',
        /^sweep:start: to: at most 8 workers/,
      ],
      ['sweep:cancel', {}, 'invalid-payload', /^sweep:cancel: sweepId: /],
      ['history:list', 'all', 'invalid-payload', /^history:list: /],
      ['history:get', { id: '' }, 'invalid-payload', /^history:get: id: /],
      [
        'history:rename',
        { id: 'run-1', name: '   ' },
        'invalid-payload',
        /^history:rename: name: /,
      ],
      ['history:delete', { id: 'x/../../y' }, 'invalid-payload', /^history:delete: id: /],
      ['file:save', { format: 'svg' }, 'invalid-payload', /^file:save: suggestedName: /],
      ['file:open', 1, 'invalid-payload', /^file:open: /],
      ['history:get', { id: 'run-nope' }, 'not-found', /^no history entry run-nope$/],
      ['run:cancel', { runId: 'run-nope' }, 'not-found', /^no run run-nope$/],
      ['future:cancel', { runId: 'run-nope', taskId: 0 }, 'not-found', /^no run run-nope$/],
      ['sweep:cancel', { sweepId: 'sweep-nope' }, 'not-found', /^no sweep sweep-nope$/],
      [
        'file:save',
        { format: 'csv', suggestedName: 'a.csv', data: 'x', encoding: 'utf8' },
        'failed',
        /^file:save is not available in browser mode; the page downloads instead$/,
      ],
      ['file:open', null, 'failed', /^file:open is not available in browser mode/],
      ['module:choose', null, 'failed', /^module:choose is not available in browser mode; type/],
      ['module:inspect', { path: 1 }, 'invalid-payload', /^module:inspect: path: /],
      ['python:interpreter', {}, 'invalid-payload', /^python:interpreter: executable: /],
      [
        'run:start',
        { workload: { name: 'x', module: '/t.py', calls: [{ fn: 'f', args: [], repeat: 1 }] } },
        'invalid-payload',
        /^run:start: workload: module is for the python runtime/,
      ],
      [
        'run:start',
        { workload: { name: 'x', calls: [{ fn: 'slow_add', args: ['a', 1, 2], repeat: 1 }] } },
        'invalid-payload',
        /^run:start: workload\.calls\.0: slow_add: nsecs must be a number/,
      ],
    ];
    for (const [channel, payload, code, message] of cases) {
      const reply = await service.dispatch(channel, payload);
      expect(reply, `${String(channel)} ${JSON.stringify(payload)}`).toEqual({
        ok: false,
        error: { code, message: expect.stringMatching(message) },
      });
    }
    const info = await ok<AppInfo>(service.dispatch('app:info', null));
    expect(info).toMatchObject({
      mode: 'browser',
      masterPid: process.pid,
      cpuCount: 2,
      maxWorkersLimit: 8,
    });
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(info.catalog.map((f) => f.name)).toContain('slow_add');
    expect(info.pool).toEqual({ maxWorkers: 2, pids: [], broken: false, runtime: 'node' });
    const { finished } = await runToEnd(service, [], workload);
    expect(finished.status).toBe('completed');
  });
});

describe('RunService runs', () => {
  it('runs future.py: results and the broken function’s error in the trace, on worker PIDs', async () => {
    const { service, events } = startService(cleanups);
    const { runId, finished } = await runToEnd(service, events, futurePy, 3);
    expect(finished).toMatchObject({
      runId,
      status: 'completed',
      summary: { id: runId, name: 'future.py', tasks: 5, maxWorkers: 3 },
    });
    expect(finished.error).toBeUndefined();

    const trace = await traceOf(service, runId);
    const tasks = tasksOf(trace);
    expect(tasks.map((t) => t.result ?? t.error?.message)).toEqual([
      13,
      3,
      9,
      7,
      'Called broken function',
    ]);
    expect(tasks.map((t) => t.status)).toEqual(['done', 'done', 'done', 'done', 'failed']);
    expect(tasks[4]!.error!.name).toBe('ValueError');
    const pids = new Set(tasks.map((t) => t.pid));
    expect(pids.size).toBeGreaterThan(1);
    expect(pids.size).toBeLessThanOrEqual(3);
    expect(pids.has(process.pid)).toBe(false);
    expect(
      trace.output.some((o) => /^Process \d+ going to sleep for 0\.3 second\(s\)$/.test(o.line)),
    ).toBe(true);
    expect(trace.endedAt).toBeGreaterThan(0);
  });

  it('streams every event in order: run:started, then batches that rebuild the recorder’s trace exactly', async () => {
    const { service, events } = startService(cleanups);
    const { runId } = await runToEnd(service, events, futurePy, 2);
    const mine = runEvents(events, runId);
    expect(mine[0]!.channel).toBe('run:started');
    expect(mine.at(-1)!.channel).toBe('run:finished');
    const started = mine[0]!.payload as { trace: Trace };
    expect(started.trace.tasks).toEqual([]);

    const rebuilt = structuredClone(started.trace);
    const streamed: PoolEvent[] = [];
    for (const e of mine.slice(1, -1)) {
      expect(e.channel).toBe('run:events');
      if (e.channel === 'run:events') streamed.push(...e.payload.events);
    }
    applyEvents(rebuilt, streamed);
    const final = await traceOf(service, runId);
    expect({ ...rebuilt, endedAt: final.endedAt }).toEqual(final);
    expect(
      streamed.filter((e) => e.type === 'task-submitted').map((e) => 'taskId' in e && e.taskId),
    ).toEqual([0, 1, 2, 3, 4]);
  });

  it('gives a page that connects mid-run the run so far, which the later batches complete exactly', async () => {
    const { service, events } = startService(cleanups);
    // Instant calls that print two lines each: events are nearly always waiting for their batch.
    const chatty: Workload = {
      name: 'chatty',
      calls: [{ fn: 'slow_add', args: [0, 1, 2], repeat: 5000 }],
    };
    const { runId } = await ok<{ runId: string }>(
      service.dispatch('run:start', { workload: chatty, maxWorkers: 2 }),
    );
    await nextEvent(service, events, 'run:events', (p) => p.runId === runId);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const info = await ok<AppInfo>(service.dispatch('app:info', undefined));
    // Later batches can only come from a timer, after this reply: what follows is what the page
    // that asked would receive.
    const seen = events.length;
    expect(info.currentRun?.runId).toBe(runId);
    const joined = structuredClone(info.currentRun!.trace);
    expect(tasksOf(joined).length).toBeGreaterThan(0);

    await nextEvent(service, events, 'run:finished', (p) => p.runId === runId);
    const later = runEvents(events.slice(seen), runId).flatMap((e) =>
      e.channel === 'run:events' ? e.payload.events : [],
    );
    expect(later.length).toBeGreaterThan(0);
    applyEvents(joined, later);
    const final = await traceOf(service, runId);
    expect({ ...joined, endedAt: final.endedAt }).toEqual(final);
    expect((await ok<AppInfo>(service.dispatch('app:info', undefined))).currentRun).toBeUndefined();
  });

  it('batches a flood of short tasks: at most one batch per 16 ms, nothing lost', async () => {
    const { service, events } = startService(cleanups);
    const n = 20_000;
    const flood: Workload = {
      name: 'flood',
      calls: [{ fn: 'count_primes', args: [200], repeat: n }],
    };
    const t0 = performance.now();
    const { runId, finished } = await runToEnd(service, events, flood, 2);
    const elapsed = performance.now() - t0;
    expect(finished.status).toBe('completed');

    const batches = runEvents(events, runId).filter((e) => e.channel === 'run:events');
    const count = (type: PoolEvent['type']) =>
      batches.reduce(
        (sum, b) =>
          sum +
          (b.channel === 'run:events' ? b.payload.events.filter((e) => e.type === type).length : 0),
        0,
      );
    expect(count('task-submitted')).toBe(n);
    expect(count('task-finished')).toBe(n);
    // The batcher spaces its batches 16 ms apart (measured, not trusted to timers); the run's
    // final flush may come sooner. So however fast the tasks, batches <= elapsed / 16 + 2.
    console.log(`${n} tasks: ${batches.length} batches in ${elapsed.toFixed(0)} ms`);
    expect(batches.length).toBeLessThanOrEqual(Math.floor(elapsed / 16) + 2);
    expect(batches.length).toBeLessThan(n / 10);
  });

  it('cancels: pending calls are cancelled, running ones finish, the run ends cancelled', async () => {
    const { service, events } = startService(cleanups);
    const { runId } = await ok<{ runId: string }>(
      service.dispatch('run:start', { workload: sleepers(6, 0.3), maxWorkers: 2 }),
    );
    await nextEvent(
      service,
      events,
      'run:events',
      (p) => p.runId === runId && p.events.some((e) => e.type === 'task-started'),
    );
    await expect(ok(service.dispatch('run:cancel', { runId }))).resolves.toEqual({
      cancelled: true,
    });
    await expect(ok(service.dispatch('run:cancel', { runId }))).resolves.toEqual({
      cancelled: false,
    });
    const finished = await nextEvent(service, events, 'run:finished', (p) => p.runId === runId);
    expect(finished.status).toBe('cancelled');
    const tasks = tasksOf(await traceOf(service, runId));
    expect(tasks).toHaveLength(6);
    const done = tasks.filter((t) => t.status === 'done');
    const cancelled = tasks.filter((t) => t.status === 'cancelled');
    expect(done.length).toBeGreaterThanOrEqual(1);
    expect(cancelled.length).toBeGreaterThanOrEqual(1);
    expect(done.length + cancelled.length).toBe(6);
    expect(cancelled.every((t) => t.startedAt === undefined && t.pid === undefined)).toBe(true);
    await expect(ok(service.dispatch('run:cancel', { runId }))).resolves.toEqual({
      cancelled: false,
    });
  });

  it('future:cancel is Future.cancel() on one call: true while it waits, false once it runs or is done', async () => {
    const { service, events } = startService(cleanups);
    const workload = sleepers(3, 0.4);
    const { runId } = await ok<{ runId: string }>(
      service.dispatch('run:start', { workload, maxWorkers: 1 }),
    );
    // One worker: call 0 runs, calls 1 and 2 wait in the queue.
    await nextEvent(
      service,
      events,
      'run:events',
      (p) => p.runId === runId && p.events.some((e) => e.type === 'task-started'),
    );
    const cancel = (taskId: number) => service.dispatch('future:cancel', { runId, taskId });
    await expect(ok(cancel(2))).resolves.toEqual({ cancelled: true });
    await expect(ok(cancel(2))).resolves.toEqual({ cancelled: true }); // still, as CPython
    await expect(ok(cancel(0))).resolves.toEqual({ cancelled: false }); // running
    await expect(cancel(3)).resolves.toEqual({
      ok: false,
      error: { code: 'not-found', message: `run ${runId} has no call 3` },
    });

    const finished = await nextEvent(service, events, 'run:finished', (p) => p.runId === runId);
    expect(finished.status).toBe('completed'); // one call cancelled is not the run cancelled
    const tasks = tasksOf(await traceOf(service, runId));
    expect(tasks.map((t) => t.status)).toEqual(['done', 'done', 'cancelled']);
    // Over: every future is done, so cancel() is false; ids still checked against the run.
    await expect(ok(cancel(1))).resolves.toEqual({ cancelled: false });
    await expect(cancel(3)).resolves.toMatchObject({ error: { code: 'not-found' } });
  });

  it('refuses a second run or a sweep while a run is active, then accepts once it ends', async () => {
    const { service, events } = startService(cleanups);
    const { runId } = await ok<{ runId: string }>(
      service.dispatch('run:start', { workload: sleepers(2, 0.2) }),
    );
    const busy = { ok: false, error: { code: 'busy', message: `run ${runId} is still running` } };
    await expect(service.dispatch('run:start', { workload: sleepers(1, 0.05) })).resolves.toEqual(
      busy,
    );
    await expect(
      service.dispatch('sweep:start', { workload: sleepers(1, 0.05), from: 1, to: 2, repeats: 1 }),
    ).resolves.toEqual(busy);
    await nextEvent(service, events, 'run:finished', (p) => p.runId === runId);
    const { finished } = await runToEnd(service, events, sleepers(1, 0.05));
    expect(finished.status).toBe('completed');
  });

  it('resizes the live pool during a run: the trace marks it and more PIDs run at once', async () => {
    const { service, events } = startService(cleanups);
    const { runId } = await ok<{ runId: string }>(
      service.dispatch('run:start', { workload: sleepers(8, 0.2), maxWorkers: 1 }),
    );
    await nextEvent(
      service,
      events,
      'run:events',
      (p) => p.runId === runId && p.events.some((e) => e.type === 'task-started'),
    );
    const state = await ok<PoolState>(service.dispatch('pool:resize', { maxWorkers: 3 }));
    expect(state.maxWorkers).toBe(3);
    await nextEvent(
      service,
      events,
      'pool:state',
      (s) => s.maxWorkers === 3 && s.pids.length === 3,
    );
    await nextEvent(service, events, 'run:finished', (p) => p.runId === runId);

    const trace = await traceOf(service, runId);
    expect(trace.maxWorkers).toBe(1);
    expect(trace.marks).toEqual([{ t: expect.any(Number), kind: 'resize', maxWorkers: 3 }]);
    const mark = trace.marks[0]!.t;
    const tasks = tasksOf(trace);
    const before = tasks.filter((t) => t.startedAt! < mark);
    expect(new Set(before.map((t) => t.pid)).size).toBe(1);
    // After the resize, some two tasks on different PIDs ran at the same time.
    const after = tasks.filter((t) => t.startedAt! >= mark);
    const overlap = after.some((a) =>
      after.some(
        (b) => a.pid !== b.pid && a.startedAt! < b.finishedAt! && b.startedAt! < a.finishedAt!,
      ),
    );
    expect(overlap).toBe(true);
    // Three workers were live (pool:state above); each call goes to a worker that is up and idle,
    // so one that boots after the queue has drained runs nothing: at least two PIDs ran calls.
    expect(new Set(tasks.map((t) => t.pid)).size).toBeGreaterThanOrEqual(2);
  });

  it('a crashed worker fails the run, naming the PID; the next run gets a new pool', async () => {
    const { service, events } = startService(cleanups);
    const crash: Workload = {
      name: 'crash',
      calls: [
        { fn: 'slow_function', args: [0.3], repeat: 2 },
        { fn: 'crash_worker', args: [], repeat: 1 },
        { fn: 'slow_function', args: [0.1], repeat: 3 },
      ],
    };
    const { runId, finished } = await runToEnd(service, events, crash, 3);
    expect(finished.status).toBe('failed');
    expect(finished.error).toMatch(
      /terminated abruptly.*\(pid \d+, exit code null, signal SIGKILL\)/,
    );
    const trace = await traceOf(service, runId);
    const crashed = tasksOf(trace).find((t) => t.fn === 'crash_worker')!;
    expect(finished.error).toContain(`pid ${crashed.pid}`);
    await nextEvent(service, events, 'pool:state', (s) => s.broken);
    const oldPids = new Set(trace.workers.map((w) => w.pid));
    await expect.poll(() => [...oldPids].filter(isAlive)).toEqual([]);

    const next = await runToEnd(service, events, sleepers(2, 0.05));
    expect(next.finished.status).toBe('completed');
    const newPids = tasksOf(await traceOf(service, next.runId)).map((t) => t.pid!);
    expect(newPids.some((p) => oldPids.has(p))).toBe(false);
    const info = await ok<AppInfo>(service.dispatch('app:info', null));
    expect(info.pool.broken).toBe(false);
  });

  it('close() mid-run saves the run as cancelled and leaves no worker alive', async () => {
    const { service, events } = startService(cleanups);
    const { runId } = await ok<{ runId: string }>(
      // Calls far longer than the shutdown's 2 s grace, so the run is still going when close()
      // comes, however slow app:info (it looks for python3) is on a loaded machine.
      service.dispatch('run:start', { workload: sleepers(6, 30), maxWorkers: 2 }),
    );
    await nextEvent(
      service,
      events,
      'run:events',
      (p) => p.runId === runId && p.events.some((e) => e.type === 'task-started'),
    );
    const info = await ok<AppInfo>(service.dispatch('app:info', null));
    expect(info.pool.pids.length).toBeGreaterThan(0);
    await service.close();
    expect(info.pool.pids.filter(isAlive)).toEqual([]);
    const finished = await nextEvent(service, events, 'run:finished', (p) => p.runId === runId);
    expect(finished.status).toBe('cancelled');
    await expect(service.dispatch('run:start', { workload: sleepers(1, 0.05) })).resolves.toEqual({
      ok: false,
      error: { code: 'failed', message: 'PoolScope is shutting down' },
    });
  });
});
