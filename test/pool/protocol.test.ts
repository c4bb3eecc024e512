/** The protocol's boundary: what the parent accepts from a worker, and what it does otherwise. */
import { resolve } from 'node:path';
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { BrokenProcessPool, forkLauncher, wait, type WorkerLauncher } from '../../electron/pool';
import {
  FromWorkerSchema,
  MAX_LINE,
  ToWorkerSchema,
  parseFromWorker,
  type ToWorker,
} from '../../electron/pool/protocol';
import { FIXTURES, track } from './helpers';
import { ProcessPoolExecutor } from '../../electron/pool';

const t = 1_700_000_000_000.5;
const valid = [
  { ps: 'ready' },
  { ps: 'init-failed', error: { name: 'ValueError', message: 'bad', stack: 'Traceback…' } },
  {
    ps: 'report',
    events: [
      ['start', 0, t],
      ['out', 0, t, 'stdout', 'hello'],
      ['out', null, t, 'stderr', ''],
      ['done', 0, t, t, 1, { any: ['json'] }],
      ['done', 1, t, t, 0, { name: 'E', message: 'm' }],
      ['revoked', [2, 3]],
    ],
  },
];
const invalid: [string, unknown, RegExp][] = [
  ['a report without events', { ps: 'report', events: [] }, /malformed "report" message/],
  ['a negative id', { ps: 'report', events: [['start', -1, t]] }, /at events\.0/],
  ['a fractional id', { ps: 'report', events: [['start', 1.5, t]] }, /malformed/],
  ['an unknown stream', { ps: 'report', events: [['out', 0, t, 'stdin', 'x']] }, /malformed/],
  [
    'a line over MAX_LINE',
    { ps: 'report', events: [['out', 0, t, 'stdout', 'x'.repeat(MAX_LINE + 1)]] },
    /malformed/,
  ],
  [
    'an error that is a string',
    { ps: 'report', events: [['done', 0, t, t, 0, 'not an error']] },
    /malformed/,
  ],
  ['an ok flag of 2', { ps: 'report', events: [['done', 0, t, t, 2, null]] }, /malformed/],
  [
    'over 256 events',
    { ps: 'report', events: Array.from({ length: 257 }, () => ['start', 0, t]) },
    /malformed/,
  ],
  ['an unknown tag', { ps: 'hello' }, /malformed "hello" message/],
];

describe('parseFromWorker', () => {
  it('accepts every message of the protocol', () => {
    for (const m of valid) expect(parseFromWorker(m)).toEqual(m);
  });

  it('ignores untagged messages (they belong to task modules)', () => {
    for (const m of [null, 'text', 1, { type: 'x' }]) expect(parseFromWorker(m)).toBeNull();
  });

  it.each(invalid)('refuses %s, saying what is wrong', (_, m, message) => {
    const result = parseFromWorker(m);
    expect(result).toBeInstanceOf(Error);
    expect((result as Error).message).toMatch(message);
  });

  it("the reports' fast path accepts only what the schema accepts", () => {
    const num = fc.oneof(fc.integer({ min: -2, max: 5 }), fc.double(), fc.constant(t));
    const item = fc.oneof(
      num,
      fc.constantFrom('start', 'out', 'done', 'stdout', 'stderr', null, 0, 1),
      fc.string({ maxLength: 3 }),
      fc.record({ name: fc.string(), message: fc.string() }),
    );
    const event = fc.oneof(
      fc.tuple(fc.constant('start'), num, num),
      fc.tuple(fc.constant('out'), fc.oneof(num, fc.constant(null)), num, item, item),
      fc.tuple(fc.constant('done'), num, num, num, fc.constantFrom(0, 1, 2), item),
      fc.array(item, { maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 4 }), (events) => {
        const m = { ps: 'report', events };
        const accepted = !(parseFromWorker(m) instanceof Error);
        expect(accepted).toBe(v.safeParse(FromWorkerSchema, m).success);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('a worker that breaks the protocol', () => {
  it('breaks the pool with a BrokenProcessPool saying what it sent', async () => {
    const launcher = forkLauncher({ modulePath: resolve(FIXTURES, 'bad-worker.mjs') });
    const pool = track(new ProcessPoolExecutor({ maxWorkers: 1, launcher }));
    const e = await pool.submit('slow_function', 0).exception();
    expect(e).toBeInstanceOf(BrokenProcessPool);
    expect(e?.message).toMatch(
      /^worker \d+ broke the protocol: it sent a malformed "report" message \(at events\.0\.\d\): /,
    );
    expect(pool.broken).toBe(true);
  });
});

describe('what the parent sends', () => {
  it('matches the schema: init, run (announced, then not), revoke and stop', async () => {
    const sent: ToWorker[] = [];
    const fork = forkLauncher({ modulePath: resolve(FIXTURES, '../../out/main/worker.js') });
    const spy: WorkerLauncher = {
      description: 'spy',
      launch(handlers) {
        const worker = fork.launch(handlers);
        return { ...worker, send: (m) => (sent.push(m), worker.send(m)) };
      },
    };
    const pool = track(new ProcessPoolExecutor({ maxWorkers: 2, launcher: spy }));
    await wait(Array.from({ length: 300 }, (_, i) => pool.submit('slow_add', 0, i, 1)));
    await pool.shutdown();
    for (const m of sent) expect(v.safeParse(ToWorkerSchema, m).issues).toBeUndefined();
    const kinds = new Set(sent.map((m) => (m.ps === 'run' ? `run ${m.announce}` : m.ps)));
    for (const kind of ['init', 'run true', 'run false', 'stop']) expect(kinds).toContain(kind);
    kinds.delete('revoke'); // sent only if a worker fell idle while another held a queued call
    expect(kinds.size).toBe(4);
  });
});
