/**
 * Both importers (PoolScope JSON and the Chrome trace JSON PoolScope writes) fed hostile files
 * and random ones: each answers with a trace or a sentence, never throws, and refuses what is
 * too big or too deep before the expensive work.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chromeJsonToTrace } from '../../shared/export/chrome-reopen';
import { WORKER_EXITED, traceToChromeJson } from '../../shared/export/chrome-trace';
import { traceToCsv } from '../../shared/export/csv';
import { parseTraceFile, readTraceFileText, traceToJson } from '../../shared/export/poolscope-json';
import { traceToSvg } from '../../shared/export/svg';
import type { ParseResult } from '../../shared/export/trace-schema';
import { bigTrace, sampleTrace } from '../shared/traces';

const OPEN_READS =
  'Open reads PoolScope trace JSON and the Chrome trace JSON that PoolScope exports.';

function refused(result: ParseResult): string {
  expect(result.ok).toBe(false);
  return (result as { error: string }).error;
}

const header = (extra: string) =>
  `{"format":"poolscope-trace","version":1,"name":"x","startedAt":1,"maxWorkers":1,"cpuCount":1,"masterPid":1,${extra}}`;

const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('reading a trace a slice at a time (the history)', () => {
  it('gives what the whole-file reader gives, across many slices', async () => {
    for (const trace of [sampleTrace(), bigTrace(12_345, 4)]) {
      const text = traceToJson(trace);
      const whole = parseTraceFile(text);
      expect(whole.ok).toBe(true);
      expect(await readTraceFileText(text, pause)).toEqual(whole.ok && whole.trace);
      // Another layout (one line) is read whole, to the same trace.
      expect(await readTraceFileText(JSON.stringify(JSON.parse(text)), pause)).toEqual(
        whole.ok && whole.trace,
      );
    }
  });

  it('refuses deep nesting in an item, and names a broken line', async () => {
    const trace = sampleTrace();
    trace.tasks[1]!.result = JSON.parse('['.repeat(70) + ']'.repeat(70)) as never;
    await expect(readTraceFileText(traceToJson(trace), pause)).rejects.toThrow(
      'refused unread: it nests arrays and objects more than 63 deep',
    );
    const broken = traceToJson(sampleTrace()).replace('"status":"done"', '"status":done');
    await expect(readTraceFileText(broken, pause)).rejects.toThrow(/^not JSON: /);
    await expect(readTraceFileText(traceToCsv(sampleTrace()), pause)).rejects.toThrow(
      'this is a CSV table, not a trace',
    );
  });
});

describe('importers refuse hostile files with a sentence', () => {
  it('refuses arguments nested 10,000 deep before parsing, in a 20 KB file', () => {
    const args = '['.repeat(10_000) + ']'.repeat(10_000);
    const text = header(
      `"tasks":[{"id":0,"fn":"f","args":${args},"status":"done","submittedAt":0}],"workers":[],"output":[],"marks":[]`,
    );
    expect(refused(parseTraceFile(text))).toBe(
      'refused unread: it nests arrays and objects more than 64 deep',
    );
  });

  it('refuses a trace of a million calls from its count, before checking any call', () => {
    const tasks = new Array(1_000_000).fill('0').join(',');
    const text = header(`"tasks":[${tasks}],"workers":[],"output":[],"marks":[]`);
    expect(refused(parseTraceFile(text))).toBe(
      'it holds 1,000,000 calls; PoolScope opens at most 200,000',
    );
  });

  it('reads 30k spawns and exits of one PID in a Chrome trace (exits are found by look-up)', () => {
    const trace = sampleTrace();
    trace.workers = Array.from({ length: 30_000 }, (_, i) => ({
      pid: 7,
      spawnedAt: i,
      exitedAt: i + 0.5,
      exitCode: 0,
      signal: null,
    }));
    const result = chromeJsonToTrace(traceToChromeJson(trace));
    expect(result.ok && result.trace.workers.length).toBe(30_000);
    expect(result.ok && result.trace.workers.at(-1)).toMatchObject({ spawnedAt: 29_999 });
  });

  it('refuses negative and reversed times, in both formats', () => {
    const negative = sampleTrace();
    negative.tasks[0]!.submittedAt = -1e15;
    expect(refused(parseTraceFile(traceToJson(negative)))).toBe(
      'task 0: submittedAt is -1000000000000000 ms, before the run began, which no run can have',
    );
    const reversed = sampleTrace();
    const task = reversed.tasks.find((t) => t.startedAt !== undefined && t.finishedAt)!;
    task.finishedAt = task.startedAt! - 60;
    const expected = `task ${task.id}: it finishes (${task.finishedAt} ms) before it starts (${task.startedAt} ms), which no run can have`;
    expect(refused(parseTraceFile(traceToJson(reversed)))).toBe(expected);
    // The Chrome writer never puts an exit before its spawn: move them in the file.
    const chrome = JSON.parse(traceToChromeJson(sampleTrace())) as {
      traceEvents: { cat?: string; name: string; tid: number; ts: number }[];
    };
    const spawn = chrome.traceEvents.find((e) => e.cat === 'worker' && e.name !== WORKER_EXITED)!;
    const exit = chrome.traceEvents.find((e) => e.name === WORKER_EXITED && e.tid === spawn.tid)!;
    [spawn.ts, exit.ts] = [500_000, 1000];
    expect(refused(parseTraceFile(JSON.stringify(chrome)))).toMatch(
      /^worker \d+: it exits \(.* ms\) before it is spawned \(.* ms\), which no run can have$/,
    );
  });

  it('says what a CSV, an SVG, a PNG or an HTML page is, and which formats Open reads', () => {
    const trace = sampleTrace();
    const png = '\uFFFDPNG\r\n\u001A\n\u0000\u0000\u0000\rIHDR'; // a PNG as the page reads it as text
    const cases: [string, string][] = [
      [traceToCsv(trace), 'a CSV table'],
      [traceToSvg(trace), 'an SVG image'],
      [png, 'a PNG image'],
      ['<!doctype html><html><body>hi</body></html>', 'an HTML page'],
    ];
    for (const [text, kind] of cases) {
      expect(refused(parseTraceFile(text))).toBe(`this is ${kind}, not a trace. ${OPEN_READS}`);
    }
    expect(refused(parseTraceFile('hello'))).toMatch(/^not JSON: .*\. Open reads/);
  });
});

/** A trace's JSON value with one value somewhere replaced by another. */
function mutated(value: unknown, path: number[], replacement: unknown): unknown {
  if (path.length === 0 || value === null || typeof value !== 'object') return replacement;
  const keys = Object.keys(value);
  if (keys.length === 0) return replacement;
  const key = keys[path[0]! % keys.length]!;
  const copy = (Array.isArray(value) ? [...value] : { ...value }) as Record<string, unknown>;
  copy[key] = mutated((value as Record<string, unknown>)[key], path.slice(1), replacement);
  return copy;
}

const hostile = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(-1e15, 1e308, -0, '', '__proto__', { __proto__: { polluted: 1 } }, []),
  fc.integer({ min: 1, max: 200 }).map((n) => JSON.parse('['.repeat(n) + ']'.repeat(n))),
);

describe('importers, fuzzed', () => {
  const plugins = [fc.timeout(5000), fc.interruptAfterTimeLimit(20_000)];
  const checks = (result: ParseResult) => {
    if (result.ok) expect(Array.isArray(result.trace.tasks)).toBe(true);
    else expect(typeof result.error).toBe('string');
  };

  it('answer any text with a trace or a message', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string(), fc.json(), fc.string({ unit: 'binary' })),
        async (text) => {
          checks(parseTraceFile(text));
          checks(chromeJsonToTrace(text));
        },
      ),
      { numRuns: 300, plugins },
    );
  });

  it('answer a PoolScope trace with any one value replaced', async () => {
    const base: unknown = JSON.parse(traceToJson(sampleTrace()));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { maxLength: 6 }), hostile, async (path, value) => {
        checks(parseTraceFile(JSON.stringify(mutated(base, path, value))));
      }),
      { numRuns: 400, plugins },
    );
  });

  it('answer a Chrome trace with any one value replaced', async () => {
    const base: unknown = JSON.parse(traceToChromeJson(sampleTrace()));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { maxLength: 6 }), hostile, async (path, value) => {
        const text = JSON.stringify(mutated(base, path, value));
        checks(chromeJsonToTrace(text));
        checks(parseTraceFile(text));
      }),
      { numRuns: 400, plugins },
    );
  });
});
