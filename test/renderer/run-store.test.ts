/**
 * The renderer's RunStore folds the same event batches the service sends. Here the events come
 * from a real pool of forked workers (built out/main/worker.js: run `npx electron-vite build`
 * first), batched as the service batches them, and the store's trace must equal the recorder's.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ProcessPoolExecutor, TraceRecorder, wait } from '../../electron/pool';
import type { AppEvent } from '../../shared/contract';
import type { PoolEvent } from '../../shared/events';
import { summarize } from '../../shared/stats';
import type { Trace } from '../../shared/trace';
import { futureState } from '../../renderer/src/lib/futures';
import { RunStore, StaticTrace, lastMoment, type Ticker } from '../../renderer/src/lib/run.svelte';
import { expectTallyOf } from './scratch';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A clock the test moves, and a frame loop it runs by hand. */
function manualTicker(start: number) {
  let time = start;
  let queued: (() => void) | null = null;
  const ticker: Ticker = {
    now: () => time,
    frame: (cb) => {
      queued = cb;
      return 1;
    },
    cancel: () => {
      queued = null;
    },
  };
  return {
    ticker,
    advance(ms: number) {
      time += ms;
      const cb = queued;
      queued = null;
      cb?.();
    },
    get waiting() {
      return queued !== null;
    },
  };
}

function summaryOf(trace: Trace) {
  const s = summarize(trace);
  return {
    id: 'r1',
    name: trace.name,
    startedAt: trace.startedAt,
    maxWorkers: trace.maxWorkers,
    tasks: s.tasks,
    makespanMs: s.makespanMs,
    status: 'completed' as const,
  };
}

describe('RunStore on a real pool', () => {
  it('rebuilds the recorder trace from batches of events, live', async () => {
    const pool = new ProcessPoolExecutor({ maxWorkers: 2 });
    cleanups.push(() => pool.shutdown({ cancelFutures: true }));
    const recorder = new TraceRecorder(pool, {
      name: 'future.py',
      cpuCount: 2,
      masterPid: process.pid,
    });
    const clock = manualTicker(recorder.trace.startedAt);
    const store = new RunStore(clock.ticker);
    cleanups.push(() => store.dispose());
    const pending: PoolEvent[] = [];
    recorder.onEvent((e) => pending.push(e));
    const versions: number[] = [];
    const flush = () => {
      if (pending.length === 0) return;
      store.handle({ channel: 'run:events', payload: { runId: 'r1', events: pending.splice(0) } });
      versions.push(store.version);
      // The running totals, folded batch by batch, as the whole trace gives them.
      expectTallyOf(store.snapshot!.tally, store.trace!, store.now);
      clock.advance(16);
    };

    store.handle({
      channel: 'run:started',
      payload: { runId: 'r1', trace: structuredClone(recorder.trace) },
    });
    expect(store.phase).toBe('running');
    expect(clock.waiting).toBe(true);
    const started = store.snapshot;

    // Batches flushed every 16 ms while the run goes on, as the service sends them.
    const flusher = setInterval(flush, 16);
    cleanups.push(() => clearInterval(flusher));
    const futures = [
      pool.submit('slow_add', 0.5, 6, 7),
      pool.submit('slow_diff', 0.5, 5, 2),
      pool.submit('broken_function', 0.05),
      pool.submit('slow_function', 0.05),
    ];
    await wait(futures, { returnWhen: 'ALL_COMPLETED' });
    clearInterval(flusher);
    const final = recorder.stop();
    flush();

    expect(versions.length).toBeGreaterThan(1);
    // One new version (and one new snapshot object) per batch: what the UI re-derives on.
    expect(new Set(versions).size).toBe(versions.length);
    expect(store.snapshot).not.toBe(started);

    const { tasks, workers, output } = store.trace!;
    expect(tasks).toEqual(final.tasks);
    expect(workers).toEqual(final.workers);
    expect(output).toEqual(final.output);
    expect(tasks.map(futureState)).toEqual([
      'done → 13',
      'done → 3',
      'failed: ValueError: Called broken function',
      'done → 0.05',
    ]);
    // Two workers ran at the same time: their first tasks' intervals overlap.
    const [a, b] = tasks;
    expect(a!.pid).not.toBe(b!.pid);
    expect(a!.startedAt!).toBeLessThan(b!.finishedAt!);
    expect(b!.startedAt!).toBeLessThan(a!.finishedAt!);

    store.handle({
      channel: 'run:finished',
      payload: { runId: 'r1', status: 'completed', summary: summaryOf(final) },
    });
    expect(store.phase).toBe('finished');
    expect(clock.waiting).toBe(false);
    expect(store.now).toBeGreaterThanOrEqual(summarize(final).makespanMs);
  });
});

describe('RunStore bookkeeping', () => {
  const header = (startedAt = 1_000_000): Trace => ({
    format: 'poolscope-trace',
    version: 1,
    name: 'w',
    startedAt,
    maxWorkers: 2,
    cpuCount: 2,
    masterPid: 1,
    tasks: [],
    workers: [{ pid: 7, spawnedAt: -50 }],
    output: [],
    marks: [],
  });
  const events = (runId: string, list: PoolEvent[]): AppEvent => ({
    channel: 'run:events',
    payload: { runId, events: list },
  });

  it('keeps the workers the pool already had, and copies the header it was given', () => {
    const store = new RunStore(manualTicker(0).ticker);
    const h = header();
    store.handle({ channel: 'run:started', payload: { runId: 'a', trace: h } });
    store.handle(events('a', [{ type: 'worker-spawned', t: 1_000_010, pid: 8 }]));
    expect(store.trace!.workers.map((w) => w.pid)).toEqual([7, 8]);
    expect(h.workers).toHaveLength(1);
  });

  it('ignores events and endings of other runs', () => {
    const store = new RunStore(manualTicker(0).ticker);
    store.handle({ channel: 'run:started', payload: { runId: 'a', trace: header() } });
    const version = store.version;
    store.handle(events('old', [{ type: 'task-submitted', t: 1, taskId: 0, fn: 'f', args: [] }]));
    store.handle({
      channel: 'run:finished',
      payload: { runId: 'old', status: 'completed', summary: summaryOf(header()) },
    });
    expect(store.version).toBe(version);
    expect(store.trace!.tasks).toEqual([]);
    expect(store.phase).toBe('running');
  });

  it('moves now with the clock while running, never behind the latest event', () => {
    const clock = manualTicker(1_000_000);
    const store = new RunStore(clock.ticker);
    store.handle({ channel: 'run:started', payload: { runId: 'a', trace: header() } });
    clock.advance(100);
    expect(store.now).toBe(100);
    // An event stamped ahead of this clock (another process's clock) pulls now forward.
    store.handle(events('a', [{ type: 'resized', t: 1_000_500, maxWorkers: 3 }]));
    clock.advance(16);
    expect(store.now).toBe(500);
  });

  it('a new run replaces the old one', () => {
    const store = new RunStore(manualTicker(0).ticker);
    store.handle({ channel: 'run:started', payload: { runId: 'a', trace: header() } });
    store.handle(
      events('a', [{ type: 'task-submitted', t: 1_000_001, taskId: 0, fn: 'f', args: [] }]),
    );
    store.handle({ channel: 'run:started', payload: { runId: 'b', trace: header(2_000_000) } });
    expect(store.runId).toBe('b');
    expect(store.trace!.tasks).toEqual([]);
    expect(store.outcome).toBeNull();
  });
});

describe('StaticTrace (an opened file)', () => {
  it('is read-only and ends at its last moment', () => {
    const trace: Trace = {
      format: 'poolscope-trace',
      version: 1,
      name: 'f',
      startedAt: 0,
      maxWorkers: 1,
      cpuCount: 1,
      masterPid: 1,
      tasks: [
        {
          id: 0,
          fn: 'slow_function',
          args: [1],
          status: 'done',
          submittedAt: 0,
          startedAt: 1,
          finishedAt: 800,
          pid: 5,
          result: 1,
        },
      ],
      workers: [{ pid: 5, spawnedAt: 0, exitedAt: 900 }],
      output: [],
      marks: [{ t: 950, kind: 'resize', maxWorkers: 2 }],
    };
    const source = new StaticTrace(trace, 'f.poolscope.json');
    expect(source.live).toBe(false);
    expect(source.snapshot.trace).toBe(trace);
    expect(source.now).toBe(950);
    expect(lastMoment({ ...trace, marks: [], workers: [] })).toBe(800);
  });
});
