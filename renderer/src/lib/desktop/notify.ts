/**
 * Browser mode's notification when a sweep, or a run longer than LONG_RUN_MS, ends while the tab
 * is not in front (the Notification API, once the user allowed it; the desktop app's come from
 * main). Permission is asked when the user starts a run or a sweep, as browsers want a gesture.
 */
import type { AppEvent } from '../../../../shared/contract';

export const LONG_RUN_MS = 10_000;

export class BrowserNotifier {
  readonly #started = new Map<string, number>();

  askPermission(): void {
    if (typeof Notification !== 'undefined' && Notification.permission === 'default') {
      void Notification.requestPermission();
    }
  }

  handle(event: AppEvent): void {
    if (event.channel === 'run:started' && !event.payload.sweepId) {
      this.#started.set(event.payload.runId, Date.now());
    } else if (event.channel === 'run:finished') {
      const at = this.#started.get(event.payload.runId);
      this.#started.delete(event.payload.runId);
      if (at === undefined || Date.now() - at < LONG_RUN_MS) return;
      const { summary, status } = event.payload;
      this.#show(
        `${summary.name} ${status}`,
        `${summary.tasks} calls, max_workers=${summary.maxWorkers}`,
      );
    } else if (event.channel === 'sweep:finished') {
      const { sweep } = event.payload;
      this.#show(`Sweep of ${sweep.name} ${sweep.status}`, `${sweep.points.length} points`);
    }
  }

  #show(title: string, body: string): void {
    if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
    if (document.visibilityState === 'visible' && document.hasFocus()) return;
    const n = new Notification(title, { body });
    n.onclick = () => window.focus();
  }
}
