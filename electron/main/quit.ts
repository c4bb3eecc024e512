/**
 * Quitting within a bound: pending calls are cancelled and running ones get a grace period, after
 * which their workers are terminated, so a call such as busy_work(600) cannot hold the app (and
 * its single-instance lock) for ten minutes with no window.
 */
import type { App } from 'electron';

/** How long running calls may finish once the user quits (the pool's own grace, GRACE_MS). */
export const QUIT_GRACE_MS = 2000;
/** After SIGTERM, how long a worker has before SIGKILL. */
const KILL_AFTER_MS = 1000;

export interface Closable {
  /** Cancels pending calls and resolves once every pool is down (the service's close()). */
  close(): Promise<void>;
  /** The workers alive now (the app's pool and a sweep's). */
  livePids(): Promise<number[]>;
}

/**
 * Closes `target`; if it is not closed after `graceMs`, terminates the workers still alive
 * (SIGTERM, then SIGKILL), which fails their calls and lets close() finish. Resolves with
 * whether workers had to be terminated.
 */
export async function closeWithin(
  target: Closable,
  graceMs = QUIT_GRACE_MS,
  kill: (pid: number, signal: NodeJS.Signals) => void = safeKill,
): Promise<'closed' | 'terminated'> {
  const closed = target.close().then(() => 'closed' as const);
  const first = await Promise.race([closed, delay(graceMs, 'late' as const)]);
  if (first === 'closed') return first;
  for (const pid of await target.livePids()) kill(pid, 'SIGTERM');
  if ((await Promise.race([closed, delay(KILL_AFTER_MS, 'late' as const)])) === 'late') {
    for (const pid of await target.livePids()) kill(pid, 'SIGKILL');
    await Promise.race([closed, delay(KILL_AFTER_MS, 'late' as const)]);
  }
  return 'terminated';
}

/**
 * Holds the quit until `close()` has finished, then quits for real: Electron does not wait for
 * promises in 'before-quit' handlers, so the first quit is prevented.
 */
export function closeBeforeQuit(
  app: Pick<App, 'on' | 'quit'>,
  close: () => Promise<unknown>,
): void {
  let state: 'open' | 'closing' | 'closed' = 'open';
  app.on('before-quit', (event) => {
    if (state === 'closed') return;
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    close()
      .catch((e: unknown) => console.error('PoolScope: shutting the pool down failed:', e))
      .finally(() => {
        state = 'closed';
        app.quit();
      });
  });
}

function delay<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(resolve, ms, value).unref());
}

function safeKill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}
