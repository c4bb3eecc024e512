/** Chrome Trace Event Format export: the format's rules, the track layout, and reopening. */
import { describe, expect, it } from 'vitest';
import { chromeJsonToTrace } from '../../shared/export/chrome-reopen';
import {
  CHROME_HEADER_EVENT,
  traceToChromeJson,
  type ChromeEvent,
} from '../../shared/export/chrome-trace';
import { parseTraceFile } from '../../shared/export/poolscope-json';
import type { Trace } from '../../shared/trace';
import { chromeRuleProblems } from './chrome-rules';
import { BROKEN, bigTrace, liveTrace, ran, sampleTrace, toMicros, traceOf } from './traces';

function eventsOf(trace: Trace): ChromeEvent[] {
  return (JSON.parse(traceToChromeJson(trace)) as { traceEvents: ChromeEvent[] }).traceEvents;
}

/** Workers that existed before the run (the pool outlives runs) have negative spawn times. */
function preSpawnedTrace(): Trace {
  return traceOf([
    { type: 'worker-spawned', at: -2500.25, pid: 31 },
    ...ran(0, 'slow_function', [0.1], 31, [0, 0.5, 101]),
  ]);
}

const traces: [string, () => Trace][] = [
  ['the future.py sample', sampleTrace],
  ['a live run', liveTrace],
  ['an empty run', () => traceOf([])],
  ['workers spawned before the run', preSpawnedTrace],
  ['10k tasks on 4 workers', () => bigTrace(10_000, 4)],
];

describe('traceToChromeJson', () => {
  it.each(traces)('%s follows the format rules', (_, make) => {
    expect(chromeRuleProblems(traceToChromeJson(make()), [CHROME_HEADER_EVENT])).toEqual([]);
  });

  it('one process for the pool, one named track per worker PID in spawn order', () => {
    const events = eventsOf(sampleTrace());
    const meta = (name: string) => events.filter((e) => e.ph === 'M' && e.name === name);
    expect(meta('process_name')).toEqual([
      {
        name: 'process_name',
        ph: 'M',
        pid: 41200,
        tid: 41200,
        args: { name: 'PoolScope: future.py' },
      },
    ]);
    const threads = meta('thread_name').map((e) => [e.tid, e.args!.name]);
    expect(threads).toEqual([
      [41201, 'PID 41201'],
      [41202, 'PID 41202'],
      [41203, 'PID 41203'],
      [41204, 'PID 41204'],
      [41200, 'master PID 41200 (not run)'],
    ]);
    expect(meta('thread_sort_index').map((e) => e.args!.sort_index)).toEqual([0, 1, 2, 3, 4]);
    expect(events.every((e) => e.pid === 41200)).toBe(true);
  });

  it('complete events in integer µs, the status in the name, the call and outcome in args', () => {
    const events = eventsOf(sampleTrace());
    const slice = (taskId: number) =>
      events.find((e) => e.cat === 'task' && e.args!.task_id === taskId)!;
    expect(slice(0)).toEqual({
      name: 'slow_add',
      cat: 'task',
      ph: 'X',
      pid: 41200,
      tid: 41201,
      ts: 38250,
      dur: 1001462,
      args: {
        task_id: 0,
        function: 'slow_add',
        call: 'slow_add(1, 6, 7)',
        args: [1, 6, 7],
        status: 'done',
        submitted_us: 350,
        wait_us: 37900,
        result: 13,
      },
    });
    expect(slice(2)).toMatchObject({
      name: 'broken_function ✕ failed',
      ph: 'X',
      args: { error: BROKEN },
    });
    expect(slice(4)).toMatchObject({
      name: 'slow_add ⊘ cancelled',
      ph: 'i',
      s: 't',
      tid: 41200,
      ts: 1200,
    });
    const tsAndDur = events.flatMap((e) => [e.ts, e.dur]).filter((n) => n !== undefined);
    expect(tsAndDur.every(Number.isInteger)).toBe(true);
  });

  it('a running task is an open B slice; pending and unstarted ones are instants on the master track', () => {
    const events = eventsOf(liveTrace()).filter((e) => e.cat === 'task');
    expect(events.map((e) => [e.name, e.ph, e.tid])).toEqual([
      ['slow_function', 'X', 500],
      ['busy_work ▸ running', 'B', 500],
      ['slow_add pending', 'i', 41200],
      ['crash_worker ✕ failed', 'i', 41200],
    ]);
  });

  it('printed lines, spawns, exits and resizes are instants', () => {
    const events = eventsOf(sampleTrace());
    expect(events.find((e) => e.cat === 'output')).toMatchObject({
      ph: 'i',
      s: 't',
      tid: 41201,
      name: 'print (stdout)',
      args: { stream: 'stdout', line: 'Process 41201 going to sleep for 1 second(s)', task_id: 0 },
    });
    expect(events.filter((e) => e.cat === 'worker').map((e) => [e.name, e.tid, e.args])).toEqual(
      [41201, 41202, 41203, 41204].flatMap((pid) => [
        ['worker spawned', pid, {}],
        ['worker exited', pid, { code: 0, signal: null }],
      ]),
    );
    expect(events.find((e) => e.cat === 'resize')).toMatchObject({
      ph: 'i',
      s: 'p',
      name: 'max_workers = 4',
      ts: 520000,
    });
  });

  it("puts time zero at the run's start, and a worker spawned before it at 0", () => {
    const events = eventsOf(preSpawnedTrace());
    expect(events.find((e) => e.name === 'worker spawned')!.ts).toBe(0);
    expect(events.find((e) => e.cat === 'task')!.ts).toBe(500);
    expect(events.find((e) => e.name === CHROME_HEADER_EVENT)!.args!.tsOriginUs).toBe(0);
  });

  it('names are the same for every call of a function: what varies per call is in args', () => {
    const events = eventsOf(sampleTrace());
    const names = new Set(events.filter((e) => e.ph !== 'M').map((e) => e.name));
    const calls = new Set(events.filter((e) => e.args?.call).map((e) => e.args!.call));
    expect(names.size).toBeLessThan(calls.size + 8);
    for (const name of names) expect(name).not.toMatch(/\d\d/); // no PIDs, times or arguments
  });

  it('cancelled calls and worker deaths are slices too, for speedscope, which shows no instants', () => {
    const trace = traceOf([
      { type: 'worker-spawned', at: 0, pid: 7 },
      ...ran(0, 'slow_function', [1], 7, [0, 1, 50]),
      { type: 'task-submitted', at: 0, taskId: 1, fn: 'slow_add', args: [1, 2, 3] },
      { type: 'task-submitted', at: 0.2, taskId: 2, fn: 'slow_add', args: [1, 2, 3] },
      { type: 'task-submitted', at: 0.3, taskId: 3, fn: 'slow_add', args: [1, 2, 3] },
      { type: 'task-cancelled', at: 20, taskId: 2 },
      { type: 'task-cancelled', at: 30, taskId: 1 },
      { type: 'task-cancelled', at: 40, taskId: 3 },
      { type: 'worker-exited', at: 60, pid: 7, code: null, signal: 'SIGKILL' },
    ]);
    trace.endedAt = 60;
    const events = eventsOf(trace);
    const queue = events.filter((e) => e.cat === 'queue');
    expect(queue.map((e) => [e.args!.task_id, e.name, e.tid, e.ts, e.dur])).toEqual([
      [1, 'slow_add ⊘ cancelled', trace.masterPid, 0, 30000],
      [2, 'slow_add ⊘ cancelled', trace.masterPid, 200, 19800],
      [3, 'slow_add ⊘ cancelled', trace.masterPid, 300, 19700], // nested: ends by its parent's end
    ]);
    const death = events.find((e) => e.cat === 'death')!;
    expect(death).toMatchObject({ ph: 'X', tid: 7, ts: 60000, dur: 1000 });
    expect(death.name).toBe('✕ worker died: killed by SIGKILL');
    expect(chromeRuleProblems(traceToChromeJson(trace), [CHROME_HEADER_EVENT])).toEqual([]);
    // The reader takes the instants, not these slices: the trace comes back as it was.
    expect(chromeJsonToTrace(traceToChromeJson(trace))).toEqual({
      ok: true,
      trace: toMicros(trace),
      source: 'chrome',
    });
  });

  it('never overlaps slices on a track, even when the trace claims a worker ran two tasks at once', () => {
    const trace = traceOf([
      { type: 'worker-spawned', at: 0, pid: 7 },
      ...ran(0, 'slow_function', [1], 7, [0, 10, 100]),
      ...ran(1, 'slow_function', [1], 7, [0, 50, 80]),
      ...ran(2, 'slow_function', [1], 7, [0, 90, 150]),
      { type: 'task-submitted', at: 0, taskId: 3, fn: 'busy_work', args: [1] },
      { type: 'task-started', at: 120, taskId: 3, pid: 7 },
      ...ran(4, 'slow_function', [1], 7, [0, 130, 140]),
    ]);
    const text = traceToChromeJson(trace);
    expect(chromeRuleProblems(text, [CHROME_HEADER_EVENT])).toEqual([]);
    const slices = eventsOf(trace).filter((e) => e.cat === 'task');
    expect(slices.map((e) => [e.args!.task_id, e.ph, e.ts, e.dur])).toEqual([
      [0, 'X', 10000, 90000],
      [1, 'X', 100000, 0],
      [2, 'X', 100000, 50000],
      [3, 'X', 150000, 0],
      [4, 'X', 150000, 0],
    ]);
  });
});

describe('chromeJsonToTrace', () => {
  it.each(traces)('%s comes back as it was, to the microsecond', (_, make) => {
    const trace = make();
    const back = chromeJsonToTrace(traceToChromeJson(trace));
    // Time zero is the run's start: a spawn before it comes back at 0.
    const expected = toMicros(trace);
    for (const w of expected.workers) w.spawnedAt = Math.max(0, w.spawnedAt);
    expect(back).toEqual({ ok: true, trace: expected, source: 'chrome' });
    expect(parseTraceFile(traceToChromeJson(trace))).toEqual(back);
  });

  const wrote = traceToChromeJson(sampleTrace());
  const edit = (change: (doc: { traceEvents: Record<string, unknown>[] }) => void) => {
    const doc = JSON.parse(wrote) as { traceEvents: Record<string, unknown>[] };
    change(doc);
    return JSON.stringify(doc);
  };
  const indexOf = (doc: { traceEvents: Record<string, unknown>[] }, cat: string) =>
    doc.traceEvents.findIndex((e) => e.cat === cat);

  it.each<[string, string, string]>([
    ['not JSON', '{"traceEvents": [', 'not JSON: '],
    [
      'the array form',
      '[{"ph":"X","name":"a","pid":1,"tid":1,"ts":0,"dur":1}]',
      'a Chrome trace in array form',
    ],
    [
      'a Chrome trace from elsewhere',
      '{"traceEvents":[{"ph":"X","name":"a","pid":1,"tid":1,"ts":0,"dur":1}]}',
      'a Chrome trace, but not one PoolScope wrote: it has no "poolscope_trace" metadata event',
    ],
    [
      'a newer PoolScope',
      edit((doc) => ((doc.traceEvents[0]!.args as Record<string, unknown>).version = 7)),
      'version 7 is not supported (this PoolScope reads version 1)',
    ],
    [
      'a header without a name',
      edit((doc) => delete (doc.traceEvents[0]!.args as Record<string, unknown>).name),
      'traceEvents[0].args.name: missing',
    ],
    [
      'a slice with a text timestamp',
      edit((doc) => (doc.traceEvents[indexOf(doc, 'task')]!.ts = 'soon')),
      'traceEvents[IDX].ts: expected number, got "soon"',
    ],
    [
      'a slice whose task id is missing',
      edit(
        (doc) =>
          delete (doc.traceEvents[indexOf(doc, 'task')]!.args as Record<string, unknown>).task_id,
      ),
      'traceEvents[IDX].args.task_id: missing',
    ],
    [
      'a task twice',
      edit((doc) => doc.traceEvents.push(doc.traceEvents[indexOf(doc, 'task')]!)),
      'traceEvents: task 0 appears more than once',
    ],
  ])('%s: says what is wrong', (_, text, message) => {
    const result = chromeJsonToTrace(text);
    const expected = message.replace('IDX', String(indexOf(JSON.parse(wrote) as never, 'task')));
    expect(result.ok ? 'opened' : result.error.slice(0, expected.length)).toBe(expected);
    expect(parseTraceFile(text)).toEqual(result);
  });
});
