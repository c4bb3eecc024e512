/**
 * Every export of a trace recorded from a real pool run (forked workers, real PIDs and clocks),
 * checked by the same outside consumers as the hand-made traces. Needs the built worker
 * (`npx electron-vite build`).
 */
import { cpus } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { ProcessPoolExecutor, TraceRecorder, type Future } from '../../electron/pool';
import { chromeJsonToTrace } from '../../shared/export/chrome-reopen';
import { traceToChromeJson, CHROME_HEADER_EVENT } from '../../shared/export/chrome-trace';
import { traceToCsv } from '../../shared/export/csv';
import { parseTraceFile, traceToJson } from '../../shared/export/poolscope-json';
import { traceToSvg } from '../../shared/export/svg';
import type { Trace } from '../../shared/trace';
import { chromeRuleProblems } from './chrome-rules';
import { pngFacts, pythonCsvRows, rsvgToPng, tempDir, writeIn } from './consumers';
import { toMicros } from './traces';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * future.py on 2 workers, resized to 3 halfway, with one call cancelled while it waits: results,
 * a held exception, a cancellation, printed lines and a resize mark, as the app records them.
 */
async function recordRun(): Promise<{ trace: Trace; futures: Future[] }> {
  const pool = new ProcessPoolExecutor({ maxWorkers: 2 });
  cleanups.push(() => pool.shutdown({ wait: true, cancelFutures: true }));
  const recorder = new TraceRecorder(pool, {
    name: 'future.py',
    cpuCount: cpus().length,
    masterPid: process.pid,
  });
  const futures = [
    pool.submit('slow_add', 0.08, 6, 7),
    pool.submit('slow_diff', 0.05, 5, 2),
    pool.submit('slow_add', 0.03, 8, 1),
    pool.submit('broken_function', 0.04),
    pool.submit('slow_function', 0.02),
    pool.submit('slow_function', 0.02),
  ];
  expect(futures[5]!.cancel()).toBe(true);
  await futures[0]!.result();
  pool.resize(3);
  for (const f of futures) if (!f.cancelled()) await f.exception();
  await pool.shutdown();
  return { trace: recorder.stop(), futures };
}

describe('exports of a real run', () => {
  it('CSV, Chrome JSON, PoolScope JSON and SVG all hold what happened', async () => {
    const { trace, futures } = await recordRun();
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    expect(trace.tasks.map((t) => t?.status)).toEqual([
      'done',
      'done',
      'done',
      'failed',
      'done',
      'cancelled',
    ]);
    expect(trace.marks).toMatchObject([{ kind: 'resize', maxWorkers: 3 }]);

    const [header, ...rows] = pythonCsvRows(writeIn(dir, 'run.csv', traceToCsv(trace)));
    const col = (name: string) => header!.indexOf(name);
    expect(
      rows.map((r) => [r[col('call')], r[col('pid')], r[col('status')], r[col('result')]]),
    ).toEqual([
      ['slow_add(0.08, 6, 7)', String(futures[0]!.pid), 'done', '13'],
      ['slow_diff(0.05, 5, 2)', String(futures[1]!.pid), 'done', '3'],
      ['slow_add(0.03, 8, 1)', String(futures[2]!.pid), 'done', '9'],
      ['broken_function(0.04)', String(futures[3]!.pid), 'failed', ''],
      ['slow_function(0.02)', String(futures[4]!.pid), 'done', '0.02'],
      ['slow_function(0.02)', '0', 'cancelled', ''],
    ]);
    expect(rows[3]![col('error')]).toMatch(/^ValueError: Called broken function/);
    for (const r of rows.slice(0, 5)) expect(Number(r[col('duration_s')])).toBeGreaterThan(0.015);

    const chrome = traceToChromeJson(trace);
    expect(chromeRuleProblems(chrome, [CHROME_HEADER_EVENT])).toEqual([]);
    expect(chromeJsonToTrace(chrome)).toEqual({
      ok: true,
      trace: toMicros(trace),
      source: 'chrome',
    });
    expect(parseTraceFile(traceToJson(trace))).toEqual({ ok: true, trace, source: 'poolscope' });

    const svg = traceToSvg(trace);
    for (const f of futures.slice(0, 5)) expect(svg).toContain(`>PID ${f.pid}<`);
    const png = `${dir}/run.png`;
    rsvgToPng(writeIn(dir, 'run.svg', svg), png, 2);
    expect(pngFacts(png).inked).toBeGreaterThan(0.1);
  });
});
