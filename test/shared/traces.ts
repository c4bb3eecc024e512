/**
 * Test traces built the way the app builds them: pool events folded by `applyEvents`. Event times
 * are given in ms since the run's start. They are folded with time zero at epoch 0 and the epoch
 * start set afterwards: adding sub-ms offsets to a real epoch (1.8e12 ms) would round them, and
 * the tables here compare exact numbers.
 */
import type { PoolEvent, SerializedError } from '../../shared/events';
import type { JsonValue } from '../../shared/json';
import { applyEvents, emptyTrace, type Trace } from '../../shared/trace';

export const T0 = 1_795_000_000_123.456;
export const MASTER = 41200;

type At<E> = E extends PoolEvent ? Omit<E, 't'> & { at: number } : never;
export type EventAt = At<PoolEvent>;

export function traceOf(events: readonly EventAt[], header: Partial<Trace> = {}): Trace {
  const trace = emptyTrace({
    name: 'test run',
    maxWorkers: 2,
    cpuCount: 2,
    masterPid: MASTER,
    ...header,
    startedAt: 0,
  });
  applyEvents(
    trace,
    events.map(({ at, ...e }) => ({ ...e, t: at }) as PoolEvent),
  );
  trace.startedAt = header.startedAt ?? T0;
  return trace;
}

/** Events for one task that ran: submitted, started, finished. */
export function ran(
  taskId: number,
  fn: string,
  args: JsonValue[],
  pid: number,
  [submitted, started, finished]: [number, number, number],
  outcome: { result: JsonValue } | { error: SerializedError } = { result: null },
): EventAt[] {
  const end: EventAt =
    'error' in outcome
      ? { type: 'task-finished', at: finished, taskId, pid, ok: false, error: outcome.error }
      : { type: 'task-finished', at: finished, taskId, pid, ok: true, result: outcome.result };
  return [
    { type: 'task-submitted', at: submitted, taskId, fn, args },
    { type: 'task-started', at: started, taskId, pid },
    end,
  ];
}

export const BROKEN: SerializedError = {
  name: 'ValueError',
  message: 'Called broken function, with "quotes", a comma\nand a second line',
  stack: 'ValueError: Called broken function\n    at broken_function (builtins.js:40:11)',
};

/**
 * A finished run shaped like the tutorial's future.py with max_workers = 3, then resized to 4:
 * results, a failure whose message needs CSV quoting, a cancelled call, a near-instant task,
 * printed lines, worker exits.
 */
export function sampleTrace(): Trace {
  const trace = traceOf(sampleEvents(), { name: 'future.py', maxWorkers: 3 });
  trace.endedAt = 1304.5;
  return trace;
}

/** The events of `sampleTrace`. */
export function sampleEvents(): EventAt[] {
  const [a, b, c, d] = [41201, 41202, 41203, 41204];
  return [
    { type: 'worker-spawned', at: 2.125, pid: a },
    { type: 'worker-spawned', at: 3.4375, pid: b },
    { type: 'worker-spawned', at: 4.8125, pid: c },
    ...interleave(
      ran(0, 'slow_add', [1, 6, 7], a, [0.35, 38.25, 1039.712], { result: 13 }),
      ran(1, 'slow_diff', [1, 5, 2], b, [0.41, 39.05, 1040.1], { result: 3 }),
      ran(2, 'broken_function', [1], c, [0.52, 40.5, 1041.9], { error: BROKEN }),
    ),
    { type: 'task-submitted', at: 0.61, taskId: 3, fn: 'slow_function', args: [0.5] },
    { type: 'task-submitted', at: 0.7, taskId: 4, fn: 'slow_add', args: [2, 1, 1] },
    { type: 'task-submitted', at: 0.8, taskId: 5, fn: 'count_primes', args: [1000] },
    { type: 'task-submitted', at: 0.9, taskId: 6, fn: 'slow_function', args: [0.25] },
    { type: 'task-cancelled', at: 1.2, taskId: 4 },
    {
      type: 'worker-output',
      at: 38.9,
      pid: a,
      stream: 'stdout',
      line: `Process ${a} going to sleep for 1 second(s)`,
      taskId: 0,
    },
    { type: 'resized', at: 520, maxWorkers: 4 },
    { type: 'worker-spawned', at: 523.5, pid: d },
    { type: 'task-started', at: 530.25, taskId: 3, pid: d },
    {
      type: 'worker-output',
      at: 1039.6,
      pid: a,
      stream: 'stdout',
      line: `Process ${a} waking up`,
      taskId: 0,
    },
    { type: 'task-started', at: 1039.712, taskId: 5, pid: a },
    { type: 'task-finished', at: 1039.9, taskId: 5, pid: a, ok: true, result: 168 },
    { type: 'task-started', at: 1040.3, taskId: 6, pid: b },
    {
      type: 'worker-output',
      at: 1041.95,
      pid: c,
      stream: 'stderr',
      line: 'warning: <odd> & "chars"\u0007',
    },
    { type: 'task-finished', at: 1031.5, taskId: 3, pid: d, ok: true, result: 0.5 },
    { type: 'task-finished', at: 1291.0, taskId: 6, pid: b, ok: true, result: 0.25 },
    ...[a, b, c, d].map((pid, i): EventAt => ({
      type: 'worker-exited',
      at: 1300 + i,
      pid,
      code: 0,
      signal: null,
    })),
  ];
}

function interleave(...lists: EventAt[][]): EventAt[] {
  return lists.flat().sort((x, y) => x.at - y.at);
}

/**
 * A mid-run trace: one task running, one pending, one failed before it started (pool broken).
 */
export function liveTrace(): Trace {
  return traceOf(liveEvents());
}

/** The events of `liveTrace`. */
export function liveEvents(): EventAt[] {
  return [
    { type: 'worker-spawned', at: 1, pid: 500 },
    ...ran(0, 'slow_function', [1], 500, [0.1, 5, 1005], { result: 1 }),
    { type: 'task-submitted', at: 0.2, taskId: 1, fn: 'busy_work', args: [2] },
    { type: 'task-submitted', at: 0.3, taskId: 2, fn: 'slow_add', args: [1, 2, 3] },
    { type: 'task-submitted', at: 0.4, taskId: 3, fn: 'crash_worker', args: [] },
    { type: 'task-started', at: 1005.5, taskId: 1, pid: 500 },
    {
      type: 'task-failed-unstarted',
      at: 1100,
      taskId: 3,
      error: { name: 'BrokenProcessPool', message: 'A child process terminated abruptly' },
    },
  ];
}

/** A deterministic pseudo-random sequence in [0, 1) (mulberry32). */
export function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MIXED = ['slow_add', 'slow_function', 'busy_work', 'count_primes', 'broken_function'];

/**
 * `n` tasks on `workers` workers, each worker taking the next task when it frees up: durations
 * from 0 (instant) to a few ms with some idle gaps, 1 in 50 failing; as big as a real 100k run.
 */
export function bigTrace(n: number, workers: number, seed = 1): Trace {
  return traceOf(bigEvents(n, workers, seed), { name: `big ${n}`, maxWorkers: workers });
}

/** The events of `bigTrace`: all submissions first, then each task's start and finish. */
export function bigEvents(n: number, workers: number, seed = 1): EventAt[] {
  const rnd = random(seed);
  const pids = Array.from({ length: workers }, (_, i) => 60_000 + i);
  const free = pids.map(() => 1);
  const events: EventAt[] = pids.map((pid, i) => ({ type: 'worker-spawned', at: i * 0.1, pid }));
  for (let id = 0; id < n; id++) {
    const fn = MIXED[Math.floor(rnd() * MIXED.length)]!;
    events.push({ type: 'task-submitted', at: 0.5, taskId: id, fn, args: [id % 7] });
  }
  const rest: EventAt[] = [];
  for (let id = 0; id < n; id++) {
    const w = free.indexOf(Math.min(...free));
    const start = free[w]! + (rnd() < 0.1 ? rnd() * 3 : 0);
    const end = start + (rnd() < 0.05 ? 0 : rnd() * 4);
    free[w] = end;
    const pid = pids[w]!;
    rest.push({ type: 'task-started', at: start, taskId: id, pid });
    rest.push(
      rnd() < 0.02
        ? { type: 'task-finished', at: end, taskId: id, pid, ok: false, error: BROKEN }
        : { type: 'task-finished', at: end, taskId: id, pid, ok: true, result: id },
    );
  }
  return [...events, ...rest];
}

/** What the Chrome format carries: the trace with every time rounded to the microsecond. */
export function toMicros(trace: Trace): Trace {
  const r = (ms: number) => Math.round(ms * 1000) / 1000;
  const copy = structuredClone(trace);
  if (copy.endedAt !== undefined) copy.endedAt = r(copy.endedAt);
  for (const t of copy.tasks) {
    if (!t) continue;
    t.submittedAt = r(t.submittedAt);
    if (t.startedAt !== undefined) t.startedAt = r(t.startedAt);
    if (t.finishedAt !== undefined) t.finishedAt = r(t.finishedAt);
  }
  for (const w of copy.workers) {
    w.spawnedAt = r(w.spawnedAt);
    if (w.exitedAt !== undefined) w.exitedAt = r(w.exitedAt);
  }
  for (const o of copy.output) o.t = r(o.t);
  for (const m of copy.marks) m.t = r(m.t);
  return copy;
}

/**
 * Runs to fold in batches, for the structures kept up to date as events arrive (the renderer's
 * TraceTally, BarIndex): each must end up equal to its from-scratch counterpart after any batch.
 */
export function growingRuns(): { name: string; events: EventAt[] }[] {
  const cancelled = (at: number, taskId: number): EventAt => ({
    type: 'task-cancelled',
    at,
    taskId,
  });
  const submitted = (at: number, taskId: number): EventAt => ({
    type: 'task-submitted',
    at,
    taskId,
    fn: 'slow_function',
    args: [taskId],
  });
  return [
    {
      name: 'future.py resized to 4: failure, cancellation, output, exits',
      events: sampleEvents(),
    },
    { name: 'mid-run: one running, one failed before it started', events: liveEvents() },
    { name: '600 short tasks on 3 workers', events: bigEvents(600, 3, 5) },
    {
      name: 'PIDs without worker events, first started last',
      events: [
        ...ran(0, 'slow_add', [1, 2, 3], 702, [0, 30, 40]),
        ...ran(1, 'slow_diff', [1, 2, 3], 701, [0, 10, 50]),
        ...ran(2, 'alpha', [], 702, [0, 40, 41]),
        ...ran(3, 'zeta', [], 703, [0, 10, 12]),
      ],
    },
    {
      name: 'starts out of order on a lane, equal starts, cancellations out of order',
      events: [
        { type: 'worker-spawned', at: 0, pid: 9 },
        ...[0, 1, 2, 3, 4, 5, 6].map((id) => submitted(id * 0.5, id)),
        { type: 'task-started', at: 20, taskId: 1, pid: 9 },
        { type: 'task-started', at: 10, taskId: 2, pid: 9 },
        { type: 'task-started', at: 10, taskId: 0, pid: 9 },
        { type: 'task-finished', at: 30, taskId: 2, pid: 9, ok: true, result: 2 },
        cancelled(31, 6),
        cancelled(31, 4),
        cancelled(32, 5),
        { type: 'task-finished', at: 33, taskId: 0, pid: 9, ok: true, result: 0 },
        { type: 'worker-exited', at: 40, pid: 9, code: null, signal: 'SIGKILL' },
      ],
    },
  ];
}

/** `events` as pool events (times relative to a trace started at 0), `size` to a batch. */
export function inBatches(events: readonly EventAt[], size: number): PoolEvent[][] {
  const batches: PoolEvent[][] = [];
  for (let i = 0; i < events.length; i += size) {
    batches.push(events.slice(i, i + size).map(({ at, ...e }) => ({ ...e, t: at }) as PoolEvent));
  }
  return batches;
}
