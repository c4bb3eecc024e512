/** The worker's Runner, driven directly: no process, a host that records what it is told. */
import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../shared/json';
import type { FromWorker, TaskCall, TaskFunction } from '../../electron/pool/protocol';
import { Runner } from '../../electron/worker/runner';

function harness(
  functions: Record<string, TaskFunction>,
  modules: Record<string, Record<string, unknown>> = {},
) {
  const sent: FromWorker[] = [];
  const exits: number[] = [];
  const boundaries: (number | undefined)[] = [];
  let settle: () => void = () => {};
  const runner = new Runner(functions, {
    send: (m) => {
      sent.push(m);
      if (m.ps === 'done') settle();
    },
    sendAndExit: (m, code) => {
      sent.push(m);
      exits.push(code);
      settle();
    },
    importModule: async (path) => {
      const mod = modules[path];
      if (!mod) throw new Error(`Cannot find module '${path}'`);
      return mod;
    },
    taskChanged: (id) => boundaries.push(id),
  });
  /** Resolves at the next `done` (or the exit). */
  const next = () => new Promise<void>((r) => (settle = r));
  const run = (calls: TaskCall[], announce = false) =>
    runner.receive({ ps: 'run', announce, calls });
  return { runner, sent, exits, boundaries, next, run };
}

const init = { ps: 'init', modules: [], initializer: null } as const;
const outcomes = (sent: FromWorker[]) => sent.flatMap((m) => (m.ps === 'done' ? m.outcomes : []));

describe('Runner', () => {
  it('answers a batch of synchronous calls with one message, in order, stamped', async () => {
    const h = harness({ add: (a, b) => (a as number) + (b as number) });
    h.runner.receive(init);
    const done = h.next();
    h.run([
      [1, 'add', [1, 2]],
      [2, 'add', [3, 4]],
    ]);
    await done;
    expect(h.sent).toHaveLength(1);
    const [first, second] = outcomes(h.sent);
    expect(first).toEqual([1, expect.any(Number), expect.any(Number), 1, 3]);
    expect(second).toEqual([2, expect.any(Number), expect.any(Number), 1, 7]);
    expect(first![1]).toBeLessThanOrEqual(first![2]);
    expect(first![2]).toBeLessThanOrEqual(second![1]);
    expect(h.boundaries).toEqual([1, undefined, 2, undefined]);
  });

  it('announces the start when asked, before running the call', async () => {
    const h = harness({ later: () => new Promise((r) => setTimeout(() => r('late'), 10)) });
    h.runner.receive(init);
    const done = h.next();
    h.run([[7, 'later', []]], true);
    expect(h.sent).toEqual([{ ps: 'started', id: 7, t: expect.any(Number) }]);
    await done;
    expect(outcomes(h.sent)).toEqual([[7, expect.any(Number), expect.any(Number), 1, 'late']]);
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
    let done = h.next();
    h.run([[1, 'slow', []]]);
    h.run([[2, 'quick', []]]);
    await done;
    done = h.next();
    await done;
    expect(order).toEqual(['slow start', 'slow end', 'quick']);
  });

  it('holds calls until initialised', async () => {
    const h = harness({ one: () => 1 });
    h.run([[1, 'one', []]]);
    expect(h.sent).toEqual([]);
    const done = h.next();
    h.runner.receive(init);
    await done;
    expect(outcomes(h.sent)).toEqual([[1, expect.any(Number), expect.any(Number), 1, 1]]);
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
    const done = h.next();
    h.run([[3, 'bad', []]]);
    await done;
    expect(outcomes(h.sent)).toEqual([[3, expect.any(Number), expect.any(Number), 0, error]]);
  });

  it('returns undefined as null, and fails an unknown name without stopping', async () => {
    const h = harness({ nothing: () => undefined });
    h.runner.receive(init);
    const done = h.next();
    h.run([
      [1, 'missing', []],
      [2, 'nothing', []],
    ]);
    await done;
    const [missing, nothing] = outcomes(h.sent);
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
    const done = h.next();
    const chunk: JsonValue[][] = [
      [2, 3],
      [4, 5],
    ];
    h.run([[1, '_process_chunk', ['mul', chunk]]]);
    await done;
    expect(outcomes(h.sent)[0]![4]).toEqual([6, 20]);
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
    const done = h.next();
    h.run([
      [1, 'read', []],
      [2, 'default', []],
      [3, 'notAFunction', []],
    ]);
    h.runner.receive({
      ps: 'init',
      modules: ['/m.mjs'],
      initializer: { fn: 'warm', args: ['hot'] },
    });
    await done;
    const [read, dflt, notFn] = outcomes(h.sent);
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
    const done = h.next();
    h.runner.receive({ ps: 'init', modules, initializer });
    await done;
    expect(h.sent).toEqual([{ ps: 'init-failed', error: expect.objectContaining({ message }) }]);
    expect(h.exits).toEqual([1]);
  });

  it('ignores messages without its tag: the channel may carry other messages', () => {
    const h = harness({});
    h.runner.receive(init);
    for (const m of [null, 'text', { type: 'run' }, { ps: 'unknown' }]) h.runner.receive(m);
    expect(h.sent).toEqual([]);
  });
});
