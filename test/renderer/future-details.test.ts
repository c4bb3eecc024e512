/**
 * The details pane says what the tutorial's polling calls give on a future. Here it is checked
 * against the engine's own futures on a real pool (built out/main/worker.js): at each moment, what
 * `pollFuture` reads from the recorded trace must be what done(), running(), cancelled(), result()
 * and exception() on the real Future give.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ProcessPoolExecutor, TraceRecorder, type Future } from '../../electron/pool';
import { formatValue } from '../../shared/catalog';
import type { JsonValue } from '../../shared/json';
import { futureView, pollFuture, type Poll } from '../../renderer/src/lib/futures';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** What the real future gives now, in the words the pane uses. */
async function pollReal(future: Future): Promise<Poll[]> {
  const flag = (call: string, value: boolean): Poll => ({
    call,
    outcome: value ? 'True' : 'False',
    kind: 'returns',
  });
  const settle = async (call: string, ask: Promise<unknown>): Promise<Poll> => {
    try {
      const value = await ask;
      if (value instanceof Error) {
        const outcome = `${value.name}(${formatValue(value.message)})`;
        return { call, outcome, kind: 'returns' };
      }
      return { call, outcome: formatValue(value as JsonValue), kind: 'returns' };
    } catch (e) {
      const error = e as Error;
      if (error.name === 'TimeoutError') {
        return { call, outcome: 'blocks until the call finishes', kind: 'blocks' };
      }
      // CPython's CancelledError has no message (the engine's names the task): the pane shows
      // Python's. Any other exception is shown as Python prints it.
      const bare = !error.message || error.name === 'CancelledError';
      const outcome = bare ? error.name : `${error.name}: ${error.message}`;
      return { call, outcome, kind: 'raises' };
    }
  };
  return [
    flag('done()', future.done()),
    flag('running()', future.running()),
    flag('cancelled()', future.cancelled()),
    await settle('result()', future.result(0)),
    await settle('exception()', future.exception(0)),
  ];
}

describe('pollFuture against the engine’s futures', () => {
  it('agrees while calls are pending, running, done, failed and cancelled', async () => {
    const pool = new ProcessPoolExecutor({ maxWorkers: 1 });
    cleanups.push(() => pool.shutdown({ cancelFutures: true }));
    const recorder = new TraceRecorder(pool, { name: 't', cpuCount: 1, masterPid: process.pid });
    const futures = [
      pool.submit('slow_add', 1, 6, 7),
      pool.submit('broken_function', 0),
      pool.submit('slow_function', 5),
    ];
    const agree = async () => {
      for (const [i, future] of futures.entries()) {
        const task = recorder.trace.tasks[i]!;
        expect(pollFuture(task), `future ${i}, ${task.status}`).toEqual(await pollReal(future));
      }
    };

    // One worker: the first call runs, the others wait in the queue.
    await new Promise<void>((resolve) => {
      const off = pool.on((e) => e.type === 'task-started' && (off(), resolve()));
    });
    expect(recorder.trace.tasks.map((t) => t.status)).toEqual(['running', 'pending', 'pending']);
    await agree();

    expect(futures[2]!.cancel()).toBe(true);
    await futures[1]!.exception();
    expect(recorder.trace.tasks.map((t) => t.status)).toEqual(['done', 'failed', 'cancelled']);
    await agree();
    // The details view: what the call printed, where it ran, the worker's traceback.
    const [add, broken] = [0, 1].map((i) =>
      futureView(recorder.trace.tasks[i]!, recorder.trace.output),
    );
    const pid = futures[0]!.pid;
    expect(add!.printed.map((l) => l.line)).toEqual([
      `Process ${pid} going to sleep for 1 second(s)`,
      `Process ${pid} waking up`,
    ]);
    expect(add!.times.map((d) => d.label)).toEqual([
      'PID',
      'submitted',
      'started',
      'finished',
      'wait',
      'duration',
    ]);
    expect(broken!.stack).toContain('ValueError: Called broken function');
    expect(pollFuture(recorder.trace.tasks[1]!).slice(3)).toEqual([
      { call: 'result()', outcome: 'ValueError: Called broken function', kind: 'raises' },
      { call: 'exception()', outcome: "ValueError('Called broken function')", kind: 'returns' },
    ]);
  });
});

describe('the stack of a failed call', () => {
  it('is labelled JavaScript when a Node worker ran it, a traceback when CPython did', async () => {
    const { stackLanguage, stackTitle } = await import('../../renderer/src/lib/futures');
    const js = 'ValueError: Called broken function\n    at Object.run (worker.js:120:13)';
    const py =
      'Traceback (most recent call last):\n  File "future.py", line 22, in broken_function\nValueError: Called broken function';
    expect(stackLanguage(js)).toBe('JavaScript');
    expect(stackLanguage(py)).toBe('Python');
    expect(stackTitle('JavaScript', 'PID 7')).toBe(
      'JavaScript stack from the worker (PID 7): the node runtime runs the call as JavaScript',
    );
    expect(stackTitle('Python', 'PID 7')).toBe('Traceback from the worker (PID 7)');
  });
});
