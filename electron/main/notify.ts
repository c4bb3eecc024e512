/**
 * A native notification when a sweep, or a run longer than LONG_RUN_MS, ends while the window is
 * not focused: the user went elsewhere while it ran. Clicking it brings the window back.
 */
import type { Notification as ElectronNotification } from 'electron';
import type { AppEvent } from '../../shared/contract';

/** Runs shorter than this end while the user is still watching; no notification. */
export const LONG_RUN_MS = 10_000;

export interface NotifyOptions {
  Notification: Pick<typeof ElectronNotification, 'isSupported'> &
    (new (options: { title: string; body: string }) => Pick<ElectronNotification, 'show' | 'on'>);
  /** Whether the user is looking at the app now. */
  focused(): boolean;
  /** Brings the window forward (a click on the notification). */
  show(): void;
  now?: () => number;
}

/** Returns the event listener to hand the service's onEvent. */
export function finishNotifier(options: NotifyOptions): (event: AppEvent) => void {
  const now = options.now ?? Date.now;
  const started = new Map<string, number>();
  const notify = (title: string, body: string) => {
    if (options.focused() || !options.Notification.isSupported()) return;
    const n = new options.Notification({ title, body });
    n.on('click', () => options.show());
    n.show();
  };
  return (event) => {
    switch (event.channel) {
      case 'run:started':
        if (!event.payload.sweepId) started.set(event.payload.runId, now());
        return;
      case 'run:finished': {
        const { runId, summary, status } = event.payload;
        const at = started.get(runId);
        started.delete(runId);
        if (at === undefined || now() - at < LONG_RUN_MS) return;
        const secs = Math.round((now() - at) / 1000);
        return notify(
          `${summary.name} ${status}`,
          `${summary.tasks} calls, ${secs} s, max_workers=${summary.maxWorkers}`,
        );
      }
      case 'sweep:finished': {
        const { sweep } = event.payload;
        const best = [...sweep.points].sort((a, b) => a.makespanMs - b.makespanMs)[0];
        const body = best
          ? `${sweep.points.length} points; fastest at max_workers=${best.maxWorkers}`
          : 'no point finished';
        return notify(`Sweep of ${sweep.name} ${sweep.status}`, body);
      }
      default:
    }
  };
}
