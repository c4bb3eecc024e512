/** PoolScope trace JSON: the versioned file, reopened exactly, and precise messages for bad files. */
import { describe, expect, it } from 'vitest';
import { parseTraceFile, traceToJson } from '../../shared/export/poolscope-json';
import type { Trace } from '../../shared/trace';
import { bigTrace, liveTrace, ran, sampleTrace, traceOf } from './traces';

const traces: [string, () => Trace][] = [
  ['the future.py sample', sampleTrace],
  ['a live run', liveTrace],
  ['an empty run', () => traceOf([])],
  ['100k tasks', () => bigTrace(100_000, 4)],
];

describe('traceToJson -> parseTraceFile', () => {
  it.each(traces)('%s comes back exactly', (_, make) => {
    const trace = make();
    expect(parseTraceFile(traceToJson(trace))).toEqual({ ok: true, trace, source: 'poolscope' });
  });

  it('keeps the task ids as they were when the writer had holes', () => {
    const trace = traceOf([
      ...ran(0, 'slow_function', [1], 5, [0, 1, 2]),
      ...ran(2, 'slow_function', [1], 5, [0, 2, 3]),
    ]);
    const back = parseTraceFile(traceToJson(trace));
    expect(back.ok && back.trace.tasks.map((t) => t?.id)).toEqual([0, undefined, 2]);
    expect(back.ok && 1 in back.trace.tasks).toBe(false);
  });

  it('writes the format and version first, then one item per line', () => {
    const lines = traceToJson(sampleTrace()).split('\n');
    expect(lines.slice(0, 3)).toEqual(['{', '  "format": "poolscope-trace",', '  "version": 1,']);
    const tasks = lines.indexOf('  "tasks": [');
    expect(JSON.parse(lines[tasks + 1]!.replace(/,$/, ''))).toMatchObject({
      id: 0,
      fn: 'slow_add',
    });
    expect(lines).toHaveLength(9 + (7 + 2) + (4 + 2) + (3 + 2) + (1 + 2) + 2);
  });
});

describe('parseTraceFile on bad files', () => {
  const good = JSON.parse(traceToJson(sampleTrace())) as Record<string, unknown> & {
    tasks: Record<string, unknown>[];
  };
  const edited = (change: (doc: typeof good) => void) => {
    const doc = structuredClone(good);
    change(doc);
    return JSON.stringify(doc);
  };

  it.each<[string, string, string]>([
    ['empty', '', 'not JSON: Unexpected end of JSON input'],
    ['truncated', traceToJson(sampleTrace()).slice(0, 300), 'not JSON: '],
    ['a string', '"hello"', 'not a PoolScope trace: expected a JSON object, got "hello"'],
    ['an array', '[1, 2]', 'not a PoolScope trace: expected a JSON object, got an array'],
    ['no format', '{}', 'not a PoolScope trace: format is missing, expected "poolscope-trace"'],
    [
      'another format',
      '{"format": "speedscope"}',
      'not a PoolScope trace: format is "speedscope", expected "poolscope-trace"',
    ],
    [
      'a newer version',
      edited((d) => (d.version = 7)),
      'version 7 is not supported (this PoolScope reads version 1)',
    ],
    [
      'no version',
      edited((d) => delete d.version),
      'version (missing) is not supported (this PoolScope reads version 1)',
    ],
    [
      'a text time',
      edited((d) => (d.tasks[3]!.startedAt = 'soon')),
      'tasks[3].startedAt: expected number, got "soon"',
    ],
    [
      'an infinite time',
      traceToJson(sampleTrace()).replace('"submittedAt":0.35,', '"submittedAt":1e999,'),
      'tasks[0].submittedAt: expected a finite number',
    ],
    [
      'an unknown status',
      edited((d) => (d.tasks[1]!.status = 'exploded')),
      'tasks[1].status: expected ("pending" | "running" | "done" | "failed" | "cancelled"), got "exploded"',
    ],
    ['a missing list', edited((d) => delete d.workers), 'workers: missing'],
    ['a missing field', edited((d) => delete d.tasks[2]!.fn), 'tasks[2].fn: missing'],
    [
      'a fractional PID',
      edited((d) => (d.tasks[0]!.pid = 1.5)),
      'tasks[0].pid: Invalid integer: Received 1.5',
    ],
    [
      'tasks out of order',
      edited((d) => d.tasks.reverse()),
      'tasks[1].id: 5 comes after id 6 (tasks are listed by increasing id)',
    ],
    [
      'an error without a message',
      edited((d) => (d.tasks[2]!.error = { name: 'ValueError' })),
      'tasks[2].error.message: missing',
    ],
  ])('%s', (_, text, message) => {
    const result = parseTraceFile(text);
    expect(result.ok ? 'opened' : result.error.slice(0, message.length)).toBe(message);
  });
});
