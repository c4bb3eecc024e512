/** A traced script as the service's second run source: same events, Stop, history and sweep. */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppInfo, HistoryEntry, Reply } from '../../shared/contract';
import { applyEvents, type Trace } from '../../shared/trace';
import { nextEvent, ok, startService, type Cleanup } from '../service/support';
import { SCRIPTS, TUTORIAL, groupMembers } from './helpers';

const cleanups: Cleanup[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const spec = (path: string, more = {}) => ({
  path,
  args: [],
  startMethod: 'default',
  forceMaxWorkers: false,
  ...more,
});

describe('script:start', () => {
  it('streams a traced run like a pool run, and keeps it in history', async () => {
    const { service, events } = startService(cleanups);
    const info = await ok<AppInfo>(service.dispatch('app:info', null));
    expect(info.tutorialScriptsDir).toBe(TUTORIAL);
    const { runId } = await ok<{ runId: string }>(
      service.dispatch('script:start', { script: spec(join(TUTORIAL, 'applyasync.py')) }),
    );
    const finished = await nextEvent(service, events, 'run:finished', (p) => p.runId === runId);
    expect(finished.status).toBe('completed');
    expect(finished.summary).toMatchObject({ name: 'applyasync.py', tasks: 2 });

    // The renderer's view: run:started's header, then every batch folded in, equals the saved trace.
    const started = events.find((e) => e.channel === 'run:started')!.payload as { trace: Trace };
    const live = started.trace;
    expect(live.runtime).toBe('python-script');
    for (const e of events) {
      if (e.channel === 'run:events' && e.payload.runId === runId)
        applyEvents(live, e.payload.events);
    }
    const { trace, entry } = await ok<{ trace: Trace; entry: HistoryEntry }>(
      service.dispatch('history:get', { id: runId }),
    );
    expect(entry.kind).toBe('run');
    expect(live.tasks.map((t) => t.result)).toEqual([13, 5]);
    expect(trace.tasks.map((t) => t.result)).toEqual([13, 5]);
    expect(trace.python?.version).toMatch(/^3\./);
    expect(live.python).toEqual(trace.python);
    expect(live.script).toEqual(trace.script);
    expect(live.script?.exitCode).toBe(0);
    expect(live.output.filter((o) => o.pid === live.masterPid).map((o) => o.line)).toEqual([
      `Master process is PID ${live.masterPid}`,
      'Result one is 13',
      'Result two is 5',
    ]);
  });

  it('refuses a bad request with a sentence, starting nothing', async () => {
    const { service, events } = startService(cleanups);
    const missing = await service.dispatch('script:start', {
      script: spec(join(SCRIPTS, 'missing.py')),
    });
    expect(missing).toEqual({
      ok: false,
      error: {
        code: 'invalid-payload',
        message: `script:start: ${join(SCRIPTS, 'missing.py')}: no such file`,
      },
    });
    const nul = (await service.dispatch('script:start', {
      script: spec('a\0b.py'),
    })) as Reply<unknown>;
    expect(nul.ok || nul.error.message).toBe(
      'script:start: script.path: a path may not contain a NUL character',
    );
    const method = (await service.dispatch('script:start', {
      script: spec('x.py', { startMethod: 'thread' }),
    })) as Reply<unknown>;
    expect(method.ok).toBe(false);
    expect(events.filter((e) => e.channel === 'run:started')).toEqual([]);
  });

  it('Stop (run:cancel) ends the script and keeps the run as cancelled', async () => {
    const { service, events } = startService(cleanups);
    const { runId } = await ok<{ runId: string }>(
      service.dispatch('script:start', { script: spec(join(SCRIPTS, 'forever.py')) }),
    );
    const started = await nextEvent(service, events, 'run:events', (p) =>
      p.events.some((e) => e.type === 'task-started'),
    );
    expect(started.runId).toBe(runId);
    const { trace: header } = events.find((e) => e.channel === 'run:started')!.payload as {
      trace: Trace;
    };
    expect(await ok(service.dispatch('run:cancel', { runId }))).toEqual({ cancelled: true });
    const finished = await nextEvent(service, events, 'run:finished', (p) => p.runId === runId);
    expect(finished.status).toBe('cancelled');
    expect(groupMembers(header.masterPid)).toEqual([]);
  });

  it('script:sweep reruns the script once per max_workers', async () => {
    const { service, events } = startService(cleanups);
    const { sweepId } = await ok<{ sweepId: string }>(
      service.dispatch('script:sweep', {
        script: spec(join(TUTORIAL, 'applyasync.py')),
        from: 1,
        to: 2,
      }),
    );
    const { sweep } = await nextEvent(
      service,
      events,
      'sweep:finished',
      (p) => p.sweep.id === sweepId,
    );
    expect(sweep.status).toBe('completed');
    expect(sweep.points.map((p) => p.maxWorkers)).toEqual([1, 2]);
    // One worker runs the two one-second calls one after the other; two run them side by side.
    expect(sweep.points[0]!.speedup).toBeLessThan(sweep.points[1]!.speedup);
  });
});
