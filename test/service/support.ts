/** What the service tests share: real services on temp folders, closed after each test. */
import { expect } from 'vitest';
import type { AppEvent, EventMap, Reply } from '../../shared/contract';
import type { Workload } from '../../shared/workload';
import { RunService, type RunServiceOptions } from '../../electron/service';
import { tempDir } from '../support/temp-dir';

export { tempDir };

export type Cleanup = () => void | Promise<void>;

/** A real service (real pool, real workers) whose every event is kept in `events`. */
export function startService(cleanups: Cleanup[], options: Partial<RunServiceOptions> = {}) {
  const service = new RunService({ mode: 'browser', dataDir: tempDir(cleanups), ...options });
  const events: AppEvent[] = [];
  service.onEvent((e) => events.push(e));
  cleanups.push(() => service.close());
  return { service, events };
}

/** The value of a successful reply; fails the test with the error otherwise. */
export async function ok<T>(reply: Promise<Reply<unknown>>): Promise<T> {
  const r = await reply;
  if (!r.ok) expect.fail(`expected success, got ${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

/** Resolves with the first event (already seen or still to come) on `channel` that matches. */
export function nextEvent<K extends keyof EventMap>(
  service: RunService,
  events: AppEvent[],
  channel: K,
  match: (payload: EventMap[K]) => boolean = () => true,
): Promise<EventMap[K]> {
  const hit = (e: AppEvent) => e.channel === channel && match(e.payload as EventMap[K]);
  const seen = events.find(hit);
  if (seen) return Promise.resolve(seen.payload as EventMap[K]);
  return new Promise((resolve) => {
    const off = service.onEvent((e) => {
      if (!hit(e)) return;
      off();
      resolve(e.payload as EventMap[K]);
    });
  });
}

/** Starts a run and waits for its end. */
export async function runToEnd(
  service: RunService,
  events: AppEvent[],
  workload: Workload,
  maxWorkers?: number,
) {
  const payload = maxWorkers === undefined ? { workload } : { workload, maxWorkers };
  const { runId } = await ok<{ runId: string }>(service.dispatch('run:start', payload));
  const finished = await nextEvent(service, events, 'run:finished', (p) => p.runId === runId);
  return { runId, finished };
}

/** The events of one run, in the order they were emitted. */
export function runEvents(events: AppEvent[], runId: string): AppEvent[] {
  return events.filter((e) => 'runId' in e.payload && e.payload.runId === runId);
}

export { isAlive } from '../support/processes';

export const sleepers = (n: number, nsecs: number): Workload => ({
  name: `${n} sleepers`,
  calls: [{ fn: 'slow_function', args: [nsecs], repeat: n }],
});
