/**
 * The Script view's transcript: what the tutorial's scripts print, computed from a run's futures
 * (the master's lines at the moments the script prints them), and the real output when a traced
 * script's master printed it.
 */
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../shared/presets';
import { scriptOf } from '../../renderer/src/lib/script/script';
import { TUTORIAL_SCRIPTS } from '../../renderer/src/lib/script/sources';
import { transcriptOf } from '../../renderer/src/lib/script/transcript';
import { MASTER, ran, traceOf } from '../shared/traces';
import { FUTURE_PY_RESULTS } from '../support/future-py';

const text = (lines: { text: string }[]) => lines.map((l) => l.text).join('\n');

/** future.py's calls as the tutorial submits them, each on its own worker from t = 0. */
function futurePy() {
  const calls: [string, number[], number, unknown][] = [
    ['slow_add', [3.1, 6, 7], 3100, 13],
    ['slow_diff', [2.1, 5, 2], 2100, 3],
    ['slow_add', [1.1, 8, 1], 1100, 9],
    ['slow_diff', [5.1, 9, 2], 5100, 7],
    ['broken_function', [4.1], 4100, null],
  ];
  const trace = traceOf(
    calls.flatMap(([fn, args, ms, result], i) =>
      ran(
        i,
        fn,
        args,
        101 + i,
        [i * 0.1, 5 + i, 5 + i + ms],
        fn === 'broken_function'
          ? { error: { name: 'ValueError', message: 'Called broken function' } }
          : { result: result as number },
      ),
    ),
    { name: 'future.py' },
  );
  trace.endedAt = 5200;
  return trace;
}

describe('transcriptOf', () => {
  it("future.py: a poll of every future's done() each second, then the results, as CPython prints them", () => {
    const { lines, real } = transcriptOf(futurePy(), 'poll');
    expect(real).toBe(false);
    const poll = (done: number[]) => [
      '',
      'Have the workers finished?',
      ...[0, 1, 2, 3, 4].map((i) =>
        done.includes(i) ? `Task ${i} has finished` : `Task ${i} is running...`,
      ),
    ];
    expect(text(lines)).toBe(
      [
        ...poll([]),
        ...poll([]),
        ...poll([2]),
        ...poll([1, 2]),
        ...poll([0, 1, 2]),
        ...poll([0, 1, 2, 4]),
        ...poll([0, 1, 2, 3, 4]),
        '',
        ...FUTURE_PY_RESULTS,
      ].join('\n'),
    );
    // Each poll is printed at its moment: 0.4 s (after the last submit), then every second.
    expect([...new Set(lines.map((l) => l.t))].slice(0, 3)).toEqual([0.4, 1000.4, 2000.4]);
  });

  it('while the run goes on, only the polls made so far', () => {
    const { lines } = transcriptOf(futurePy(), 'poll', 1500);
    expect(lines.filter((l) => l.text === 'Have the workers finished?')).toHaveLength(2);
    expect(text(lines)).not.toContain('Here are the results.');
  });

  it("pool_submit.py: the master's PID, the worker's lines, then the result, in time order", () => {
    const trace = traceOf([
      { type: 'worker-spawned', at: 0, pid: 7 },
      ...ran(0, 'slow_function', [5], 7, [0, 2, 5002], { result: 5 }),
      {
        type: 'worker-output',
        at: 3,
        pid: 7,
        stream: 'stdout',
        line: 'Process 7 going to sleep for 5 second(s)',
        taskId: 0,
      },
      {
        type: 'worker-output',
        at: 5001,
        pid: 7,
        stream: 'stdout',
        line: 'Process 7 waking up',
        taskId: 0,
      },
    ]);
    expect(text(transcriptOf(trace, 'one-result').lines)).toBe(
      [
        `Master process is PID ${MASTER}`,
        'Process 7 going to sleep for 5 second(s)',
        'Process 7 waking up',
        'Result is 5',
      ].join('\n'),
    );
  });

  it('applyasync.py: result two waits for result one, whichever finished first', () => {
    const trace = traceOf([
      ...ran(0, 'slow_add', [1, 6, 7], 7, [0, 1, 1200], { result: 13 }),
      ...ran(1, 'slow_add', [1, 2, 3], 8, [0, 1, 1100], { result: 5 }),
    ]);
    const { lines } = transcriptOf(trace, 'two-results');
    expect(lines.map((l) => [l.t, l.text])).toEqual([
      [0, `Master process is PID ${MASTER}`],
      [1200, 'Result one is 13'],
      [1200, 'Result two is 5'],
    ]);
  });

  it("is the master's real output when the trace carries it (a script traced on CPython)", () => {
    const trace = traceOf([
      {
        type: 'worker-output',
        at: 0,
        pid: MASTER,
        stream: 'stdout',
        line: `Master process is PID ${MASTER}`,
      },
      { type: 'worker-output', at: 10, pid: 9, stream: 'stdout', line: 'Process 9 waking up' },
      { type: 'worker-output', at: 20, pid: MASTER, stream: 'stdout', line: 'Result is 5' },
    ]);
    const t = transcriptOf(trace, 'one-result');
    expect(t.real).toBe(true);
    expect(t.lines.map((l) => [l.from, l.text])).toEqual([
      ['master', `Master process is PID ${MASTER}`],
      ['worker', 'Process 9 waking up'],
      ['master', 'Result is 5'],
    ]);
  });

  it('prints str() of a result, as the f-string does', () => {
    const trace = traceOf([
      ...ran(0, 'slow_add', [0, 'con', 'cat'], 7, [0, 1, 2], { result: 'concat' }),
    ]);
    expect(text(transcriptOf(trace, 'one-result').lines)).toContain('Result is concat');
  });
});

describe('scriptOf', () => {
  it("is the tutorial's own file for each tutorial preset, and a written one otherwise", () => {
    for (const preset of PRESETS) {
      const trace = traceOf(
        [...preset.workload.calls.entries()].flatMap(([i, c]) =>
          ran(i, c.fn, c.args, 7, [0, 1, 2]),
        ),
        { name: preset.workload.name },
      );
      if (preset.workload.calls.some((c) => c.repeat > 1)) continue; // traceOf above does not repeat
      const script = scriptOf(trace);
      const file = TUTORIAL_SCRIPTS[preset.id];
      expect(script.tutorial, preset.id).toBe(file !== undefined);
      if (file) expect(script.source).toBe(file.source);
    }
    const future = scriptOf(futurePy());
    expect(future).toMatchObject({ file: 'future.py', kind: 'poll', tutorial: true });
    expect(future.source).toContain('print("\\nHave the workers finished?")');
  });

  it('a workload the tutorial does not have gets a script written from its calls', () => {
    const trace = traceOf(
      [...ran(0, 'busy_work', [0.5], 7, [0, 1, 2]), ...ran(1, 'busy_work', [0.5], 7, [0, 2, 3])],
      {
        name: 'CPU-bound tasks',
      },
    );
    const script = scriptOf(trace);
    expect(script).toMatchObject({ kind: 'results', tutorial: false, file: 'CPU-bound tasks.py' });
    expect(script.source).toContain(
      'for _ in range(2):\n            futures.append(pool.submit(busy_work, 0.5))',
    );
  });
});
