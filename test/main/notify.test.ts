import { describe, expect, it } from 'vitest';
import type { AppEvent, RunSummary, SweepRecord } from '../../shared/contract';
import { LONG_RUN_MS, finishNotifier } from '../../electron/main/notify';
import { FakeNotification } from './fakes';

const summary = (runId: string): RunSummary => ({
  id: runId,
  name: 'busy.py',
  startedAt: 0,
  maxWorkers: 2,
  tasks: 8,
  makespanMs: 12_000,
  status: 'completed',
});

function setup() {
  FakeNotification.shown = [];
  let clock = 0;
  let focused = false;
  let shownWindow = 0;
  const onEvent = finishNotifier({
    Notification: FakeNotification as never,
    focused: () => focused,
    show: () => shownWindow++,
    now: () => clock,
  });
  const run = (runId: string, ms: number, sweepId?: string) => {
    onEvent({ channel: 'run:started', payload: { runId, sweepId } } as unknown as AppEvent);
    clock += ms;
    onEvent({
      channel: 'run:finished',
      payload: { runId, status: 'completed', summary: summary(runId) },
    });
  };
  return {
    onEvent,
    run,
    focus: (f: boolean) => (focused = f),
    shownWindow: () => shownWindow,
  };
}

describe('notifications when work ends unfocused', () => {
  it('tells of a run longer than LONG_RUN_MS only while the window is not focused', () => {
    const t = setup();
    t.run('short', LONG_RUN_MS - 1);
    expect(FakeNotification.shown).toEqual([]);
    t.focus(true);
    t.run('watched', LONG_RUN_MS + 1);
    expect(FakeNotification.shown).toEqual([]);
    t.focus(false);
    t.run('long', LONG_RUN_MS + 1000);
    expect(FakeNotification.shown.map((n) => n.options)).toEqual([
      { title: 'busy.py completed', body: '8 calls, 11 s, max_workers=2' },
    ]);
    FakeNotification.shown[0]!.emit('click');
    expect(t.shownWindow()).toBe(1);
  });

  it("tells of a sweep's end (not of its points), with the fastest point", () => {
    const t = setup();
    t.run('point', LONG_RUN_MS * 2, 'sweep-1');
    expect(FakeNotification.shown).toEqual([]);
    const sweep: SweepRecord = {
      id: 'sweep-1',
      name: 'busy.py',
      startedAt: 0,
      cpuCount: 2,
      from: 1,
      to: 2,
      points: [
        { maxWorkers: 1, runId: 'a', makespanMs: 4000, speedup: 1 },
        { maxWorkers: 2, runId: 'b', makespanMs: 2100, speedup: 1.9 },
      ],
      status: 'completed',
    };
    t.onEvent({ channel: 'sweep:finished', payload: { sweep } });
    expect(FakeNotification.shown.map((n) => n.options)).toEqual([
      { title: 'Sweep of busy.py completed', body: '2 points; fastest at max_workers=2' },
    ]);
  });
});
