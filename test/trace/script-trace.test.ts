/** ScriptTrace, pure: wire events from several connections, in any order, make one true trace. */
import { describe, expect, it } from 'vitest';
import { MAX_OUTPUT_LINES, ScriptTrace } from '../../electron/trace';
import type { PoolEvent } from '../../shared/events';
import { applyEvents } from '../../shared/trace';
import type { WireEvent } from '../../electron/trace/wire';

const T0 = 1_000_000;

function recorder() {
  const r = new ScriptTrace({
    name: 'future.py',
    startedAt: T0,
    cpuCount: 2,
    masterPid: 100,
    maxWorkers: 2,
    script: { path: '/x/future.py', args: [], maxWorkersFrom: 'poolscope' },
  });
  const events: PoolEvent[] = [];
  r.onEvent((e) => events.push(e));
  const feed = (...es: WireEvent[]) => es.forEach((e) => r.wire(e));
  return { r, events, feed };
}

const submit = (id: number, t = T0 + 1): WireEvent => ({
  e: 'submit',
  id,
  fn: 'slow_add',
  args: [1, 2, 3],
  t,
});

describe('ScriptTrace', () => {
  it("holds a worker's events until the master's submit is read", () => {
    const { r, feed } = recorder();
    feed(
      { e: 'start', id: 0, pid: 7, t: T0 + 3 },
      { e: 'out', pid: 7, stream: 'stdout', line: 'hi', id: 0, t: T0 + 4 },
      submit(0),
      { e: 'queued', id: 0, t: T0 + 2 },
      { e: 'finish', id: 0, pid: 7, t: T0 + 5, ok: true, result: 6 },
    );
    expect(r.trace.tasks[0]).toMatchObject({
      status: 'done',
      submittedAt: 1,
      queuedAt: 2,
      startedAt: 3,
      finishedAt: 5,
      pid: 7,
      result: 6,
    });
    expect(r.trace.output).toEqual([{ t: 4, pid: 7, stream: 'stdout', line: 'hi', taskId: 0 }]);
  });

  it('counts events for calls never submitted', () => {
    const { r, feed } = recorder();
    feed({ e: 'start', id: 3, pid: 7, t: T0 });
    const trace = r.finish({ t: T0 + 10, exitCode: 0, signal: null });
    expect(trace.tasks).toEqual([]);
    expect(trace.script?.droppedEvents).toBe(1);
  });

  it("takes the master's word only for what no worker reports", () => {
    const { r, feed } = recorder();
    const broken = {
      name: 'BrokenProcessPool',
      message: 'A process in the process pool was terminated abruptly',
    };
    feed(
      submit(0),
      submit(1),
      submit(2),
      submit(3),
      { e: 'start', id: 0, pid: 7, t: T0 + 2 },
      { e: 'done', id: 0, t: T0 + 9, remote: false, error: broken },
      { e: 'done', id: 1, t: T0 + 9, remote: false, error: broken },
      { e: 'done', id: 2, t: T0 + 9, cancelled: true },
      { e: 'finish', id: 3, pid: 8, t: T0 + 3, ok: true, result: 'x' },
      {
        e: 'done',
        id: 3,
        t: T0 + 4,
        remote: true,
        error: { name: 'PicklingError', message: 'no' },
      },
    );
    const [running, unstarted, cancelled, unpicklable] = r.trace.tasks;
    expect(running).toMatchObject({ status: 'failed', pid: 7, finishedAt: 9, error: broken });
    expect(unstarted).toMatchObject({ status: 'failed', error: broken });
    expect(unstarted?.pid).toBeUndefined();
    expect(cancelled?.status).toBe('cancelled');
    expect(unpicklable).toMatchObject({ status: 'failed', error: { name: 'PicklingError' } });
  });

  it("marks the pool's real size where the script made it", () => {
    const { r, events, feed } = recorder();
    feed({
      e: 'pool',
      kind: 'ProcessPoolExecutor',
      maxWorkers: 4,
      asked: 4,
      startMethod: 'spawn',
      t: T0 + 1,
    });
    expect(r.trace.maxWorkers).toBe(4);
    expect(r.trace.script?.maxWorkersFrom).toBe('script');
    expect(events.filter((e) => e.type === 'resized')).toEqual([
      { type: 'resized', t: T0 + 1, maxWorkers: 4 },
    ]);
    // The live views learn the header from the same stream.
    const live = { ...r.trace, maxWorkers: 2, python: undefined, script: undefined, marks: [] };
    applyEvents(live, events);
    expect(live.maxWorkers).toBe(4);
    expect(live.script).toEqual(r.trace.script);
    expect(r.trace.marks).toEqual([{ t: 1, kind: 'resize', maxWorkers: 4 }]);
  });

  it('keeps the first lines of a flood and says how many it dropped', () => {
    const { r } = recorder();
    for (let i = 0; i < MAX_OUTPUT_LINES + 5; i++) r.masterLine('stdout', `line ${i}`, T0 + 1);
    const trace = r.finish({ t: T0 + 2, exitCode: 0, signal: null });
    expect(trace.script?.droppedOutput).toBe(5);
    expect(trace.output).toHaveLength(MAX_OUTPUT_LINES + 1);
    expect(trace.output[MAX_OUTPUT_LINES - 1]?.line).toBe(`line ${MAX_OUTPUT_LINES - 1}`);
    expect(trace.output.at(-1)).toMatchObject({ pid: 100, stream: 'stderr' });
  });
});
