/**
 * What the pool tests share: pools that are always cleaned up, the fixtures, and small probes.
 * Every test pushes what it starts onto `cleanups`; afterEach drains the list.
 */
import { afterEach } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { PoolEvent } from '../../shared/events';
import { ProcessPoolExecutor, type Future, type PoolOptions } from '../../electron/pool';

export const FIXTURES = resolve(import.meta.dirname, '../fixtures');
export const TASKS = resolve(FIXTURES, 'tasks.mjs');

export const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Shuts the pool down at the end of the test, killing whatever still runs. */
export function track(pool: ProcessPoolExecutor): ProcessPoolExecutor {
  cleanups.push(async () => {
    void pool.shutdown({ wait: false, cancelFutures: true });
    for (const pid of pool.pids) killQuietly(pid);
    await pool.shutdown();
  });
  return pool;
}

export function newPool(options: PoolOptions = {}): ProcessPoolExecutor {
  return track(new ProcessPoolExecutor(options));
}

export async function poolWithTasks(options: PoolOptions = {}): Promise<ProcessPoolExecutor> {
  return track(await ProcessPoolExecutor.create({ ...options, taskModules: [TASKS] }));
}

export function killQuietly(pid: number, signal: NodeJS.Signals = 'SIGKILL'): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

export { isAlive } from '../support/processes';

/** Every event the pool emits from now on. */
export function recordEvents(pool: ProcessPoolExecutor): PoolEvent[] {
  const events: PoolEvent[] = [];
  cleanups.push(pool.on((e) => events.push(e)));
  return events;
}

/** Resolves at the first event matching `match`. */
export function nextEvent<T extends PoolEvent>(
  pool: ProcessPoolExecutor,
  match: (e: PoolEvent) => e is T,
): Promise<T>;
export function nextEvent(
  pool: ProcessPoolExecutor,
  match: (e: PoolEvent) => boolean,
): Promise<PoolEvent>;
export function nextEvent(
  pool: ProcessPoolExecutor,
  match: (e: PoolEvent) => boolean,
): Promise<PoolEvent> {
  return new Promise((resolve) => {
    const off = pool.on((e) => {
      if (match(e)) {
        off();
        resolve(e);
      }
    });
  });
}

/** Resolves once the future's task runs on a worker; rejects if it ends without running. */
export function started(pool: ProcessPoolExecutor, future: Future): Promise<void> {
  return new Promise((resolve, reject) => {
    if (future.running()) return resolve();
    const off = pool.on((e) => {
      if (e.type === 'task-started' && e.taskId === future.id) {
        off();
        resolve();
      }
    });
    future.addDoneCallback(() => {
      off();
      if (future.startedAt === undefined) reject(new Error(`task ${future.id} ended unstarted`));
      else resolve();
    });
  });
}

/** Whether two futures' [startedAt, finishedAt] intervals overlap: proof they ran at once. */
export function overlap(a: Future, b: Future): boolean {
  return a.startedAt! < b.finishedAt! && b.startedAt! < a.finishedAt!;
}

/** Polls until `condition` holds; the test's own timeout bounds the wait. */
export async function until(condition: () => boolean, everyMs = 20): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, everyMs));
}

/**
 * A file the fixtures' `gate` initializer and `hold` task wait for: while it is missing, new
 * workers stay starting and held calls keep running, for as long as the test wants.
 */
export function gateFile(): { path: string; open(): void; close(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'poolscope-gate-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'open');
  return {
    path,
    open: () => writeFileSync(path, ''),
    close: () => rmSync(path, { force: true }),
  };
}
