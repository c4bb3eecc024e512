/** The worker's Runner, driven directly: no process, a host that records what it is told. */
import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../shared/json';
import type { FromWorker, TaskCall, TaskFunction, WorkerEvent } from '../../electron/pool/protocol';
import { clockBase } from '../../electron/pool/clock';
import { MAX_LINE } from '../../electron/pool/protocol';
import { Runner } from '../../electron/worker/runner';

function harness(
  functions: Record<string, TaskFunction>,
  modules: Record<string, Record<string, unknown>> = {},
) {
  const sent: FromWorker[] = [];
  const exits: number[] = [];
  const runner = new Runner(functions, {
    send: (m) => sent.push(m),
    exit: (code) => exits.push(code),
    importModule: async (path) => {
      const mod = modules[path];
      if (!mod) throw new Error(`Cannot find module '${path}'`);
      return mod;
    },
    whenIdle: (fn) => setImmediate(fn),
    endLines: () => {},
  });
  /** Every event reported so far, in order. */
  const events = () => sent.flatMap((m) => (m.ps === 'report' ? m.events : []));
  /** Resolves once `count` calls have been reported done (or the worker exited). */
  const done = async (count: number) => {
    while (events().filter((e) => e[0] === 'done').length < count && exits.length === 0) {
      await new Promise((r) => setImmediate(r));
    }
  };
  const run = (calls: TaskCall[], announce = true) =>
    runner.receive({ ps: 'run', calls, announce });
  return { runner, sent, exits, events, done, run };
}

const init = { ps: 'init', modules: [], initializer: null, clock: clockBase() } as const;
const outcomes = (events: WorkerEvent[]) =>
  events.filter((e) => e[0] === 'done').map((e) => e.slice(1));

describe('Runner', () => {
  it('says ready once initialised, and holds calls until then', async () => {
    const h = harness({ one: () => 1 });
    h.run([[1, 'one', []]]);
    expect(h.sent).toEqual([]);
    h.runner.receive(init);
    expect(h.sent[0]).toEqual({ ps: 'ready' });
    await h.done(1);
    expect(outcomes(h.events())).toEqual([[1, expect.any(Number), expect.any(Number), 1, 1]]);
  });

  it('reports each call started, then done, in order, stamped; calls queued together share a report', async () => {
    const h = harness({ add: (a, b) => (a as number) + (b as number) });
    h.runner.receive(init);
    h.run([
      [1, 'add', [1, 2]],
      [2, 'add', [3, 4]],
    ]);
    await h.done(2);
    const events = h.events();
    expect(events.map((e) => e[0])).toEqual(['start', 'done', 'start', 'done']);
    const [first, second] = outcomes(events);
    expect(first).toEqual([1, expect.any(Number), expect.any(Number), 1, 3]);
    expect(second).toEqual([2, expect.any(Number), expect.any(Number), 1, 7]);
    expect(first![1]).toBeLessThanOrEqual(first![2] as number);
    expect(first![2]).toBeLessThanOrEqual(second![1] as number);
    // ready, then the first call's start and outcome with the second's start (nothing was queued
    // behind it, so that start went at once), then the second's outcome.
    expect(h.sent).toHaveLength(3);
  });

  it('sends the start of an announced call with nothing queued behind it before running it', () => {
    let seenBefore: FromWorker[] = [];
    const h = harness({ spin: () => void (seenBefore = [...h.sent]) });
    h.runner.receive(init);
    h.run([[7, 'spin', []]]);
    expect(seenBefore.at(-1)).toEqual({ ps: 'report', events: [['start', 7, expect.any(Number)]] });
  });

  it('sends the start of an unannounced call with its outcome: one report for both', async () => {
    const h = harness({ one: () => 1 });
    h.runner.receive(init);
    h.run([[8, 'one', []]], false);
    await h.done(1);
    expect(h.sent.slice(1)).toEqual([
      {
        ps: 'report',
        events: [
          ['start', 8, expect.any(Number)],
          ['done', 8, expect.any(Number), expect.any(Number), 1, 1],
        ],
      },
    ]);
  });

  it('reports lines with the call that wrote them, in the same report as its outcome', async () => {
    const h = harness({
      talk: () => {
        h.runner.line('stdout', 'hello');
        h.runner.line('stderr', 'oops');
        return 1;
      },
    });
    h.runner.receive(init);
    h.runner.line('stdout', 'before any call');
    h.run([[4, 'talk', []]]);
    await h.done(1);
    const reports = h.sent.filter((m) => m.ps === 'report');
    expect(reports.at(-1)).toEqual({
      ps: 'report',
      events: [
        ['out', 4, expect.any(Number), 'stdout', 'hello'],
        ['out', 4, expect.any(Number), 'stderr', 'oops'],
        ['done', 4, expect.any(Number), expect.any(Number), 1, 1],
      ],
    });
    expect(h.events()[0]).toEqual(['out', null, expect.any(Number), 'stdout', 'before any call']);
  });

  it('cuts a line longer than MAX_LINE into lines of at most MAX_LINE', async () => {
    const h = harness({});
    h.runner.receive(init);
    h.runner.line('stdout', 'x'.repeat(MAX_LINE * 2 + 1));
    await new Promise((r) => setImmediate(r));
    const lines = h.events().map((e) => (e[0] === 'out' ? e[4].length : -1));
    expect(lines).toEqual([MAX_LINE, MAX_LINE, 1]);
  });

  it('sends what an awaiting call printed while it waits', async () => {
    let release: () => void = () => {};
    const h = harness({
      later: async () => {
        h.runner.line('stdout', 'going to sleep');
        await new Promise<void>((r) => (release = r));
        return 'late';
      },
    });
    h.runner.receive(init);
    h.run([[7, 'later', []]]);
    await new Promise((r) => setImmediate(r));
    expect(h.events()).toEqual([
      ['start', 7, expect.any(Number)],
      ['out', 7, expect.any(Number), 'stdout', 'going to sleep'],
    ]);
    release();
    await h.done(1);
    expect(outcomes(h.events())).toEqual([[7, expect.any(Number), expect.any(Number), 1, 'late']]);
  });

  it('runs one call at a time: a later message waits for an asynchronous call', async () => {
    const order: string[] = [];
    const h = harness({
      slow: async () => {
        order.push('slow start');
        await new Promise((r) => setTimeout(r, 20));
        order.push('slow end');
        return null;
      },
      quick: () => order.push('quick'),
    });
    h.runner.receive(init);
    h.run([[1, 'slow', []]]);
    h.run([[2, 'quick', []]]);
    await h.done(2);
    expect(order).toEqual(['slow start', 'slow end', 'quick']);
  });

  it('gives back, on revoke, the calls it has not begun', async () => {
    let release: () => void = () => {};
    const h = harness({
      wait: () => new Promise<void>((r) => (release = r)),
      one: () => 1,
    });
    h.runner.receive(init);
    h.run([
      [1, 'wait', []],
      [2, 'one', []],
      [3, 'one', []],
    ]);
    h.runner.receive({ ps: 'revoke' });
    expect(h.events().at(-1)).toEqual(['revoked', [2, 3]]);
    release();
    await h.done(1);
    await new Promise((r) => setImmediate(r));
    expect(
      h
        .events()
        .filter((e) => e[0] === 'start')
        .map((e) => e[1]),
    ).toEqual([1]);
  });

  it('on stop, finishes its queue, then exits with code 0', async () => {
    const h = harness({ one: () => 1 });
    h.runner.receive(init);
    h.run([[1, 'one', []]]);
    h.runner.receive({ ps: 'stop' });
    await h.done(1);
    expect(h.exits).toEqual([0]);
  });

  it.each<[string, TaskFunction, unknown]>([
    [
      'a thrown Error, with its name',
      () => {
        throw new RangeError('too far');
      },
      {
        name: 'RangeError',
        message: 'too far',
        stack: expect.stringContaining('RangeError: too far'),
      },
    ],
    [
      'a rejected promise',
      () => Promise.reject(new TypeError('nope')),
      { name: 'TypeError', message: 'nope', stack: expect.any(String) },
    ],
    [
      'a thrown non-Error',
      () => {
        throw 'just a string';
      },
      { name: 'Error', message: 'non-Error value thrown: just a string' },
    ],
    [
      'a result JSON cannot carry',
      () => new Set([1]),
      {
        name: 'TypeError',
        message:
          'bad returned a value that cannot be sent back: the result is a Set; only plain objects, arrays and primitives can be sent',
        stack: expect.any(String),
      },
    ],
  ])('reports %s as a failed outcome', async (_, bad, error) => {
    const h = harness({ bad });
    h.runner.receive(init);
    h.run([[3, 'bad', []]]);
    await h.done(1);
    expect(outcomes(h.events())).toEqual([[3, expect.any(Number), expect.any(Number), 0, error]]);
  });

  it('returns undefined as null, and fails an unknown name without stopping', async () => {
    const h = harness({ nothing: () => undefined });
    h.runner.receive(init);
    h.run([
      [1, 'missing', []],
      [2, 'nothing', []],
    ]);
    await h.done(2);
    const [missing, nothing] = outcomes(h.events());
    expect(missing![3]).toBe(0);
    expect(missing![4]).toMatchObject({
      name: 'TypeError',
      message: expect.stringContaining('unknown function "missing"'),
    });
    expect(nothing).toEqual([2, expect.any(Number), expect.any(Number), 1, null]);
  });

  it("runs map's chunks: the function over each argument tuple", async () => {
    const h = harness({ mul: (a, b) => (a as number) * (b as number) });
    h.runner.receive(init);
    const chunk: JsonValue[][] = [
      [2, 3],
      [4, 5],
    ];
    h.run([[1, '_process_chunk', ['mul', chunk]]]);
    await h.done(1);
    expect(outcomes(h.events())[0]![4]).toEqual([6, 20]);
  });

  it('loads task modules and runs the initializer before any call', async () => {
    let state = 'cold';
    const h = harness(
      {},
      {
        '/m.mjs': {
          warm: (v: JsonValue) => void (state = String(v)),
          read: () => state,
          default: () => 0,
          notAFunction: 1,
        },
      },
    );
    h.run([
      [1, 'read', []],
      [2, 'default', []],
      [3, 'notAFunction', []],
    ]);
    h.runner.receive({
      ps: 'init',
      modules: ['/m.mjs'],
      initializer: { fn: 'warm', args: ['hot'] },
      clock: clockBase(),
    });
    await h.done(3);
    const [read, dflt, notFn] = outcomes(h.events());
    expect(read![4]).toBe('hot');
    expect(dflt![3]).toBe(0); // only named function exports are callable
    expect(notFn![3]).toBe(0);
  });

  it.each([
    ['a module that fails to load', ['/missing.mjs'], null, "Cannot find module '/missing.mjs'"],
    ['a failing initializer', [], { fn: 'boom', args: [] }, 'init failed'],
  ])('reports %s and exits with code 1', async (_, modules, initializer, message) => {
    const h = harness({
      boom: () => {
        throw new Error('init failed');
      },
    });
    h.runner.receive({ ps: 'init', modules, initializer, clock: clockBase() });
    await h.done(1);
    expect(h.sent).toEqual([{ ps: 'init-failed', error: expect.objectContaining({ message }) }]);
    expect(h.exits).toEqual([1]);
  });

  it('ignores messages without its tag: the channel may carry other messages', () => {
    const h = harness({});
    h.runner.receive(init);
    for (const m of [null, 'text', { type: 'run' }, { ps: 'unknown' }]) h.runner.receive(m);
    expect(h.sent).toEqual([{ ps: 'ready' }]);
  });
});
