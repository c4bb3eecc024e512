/**
 * Browser mode's notification when a sweep, or a run longer than LONG_RUN_MS, ends while the tab
 * is not in front (the Notification API, once the user allowed it; the desktop app's come from
 * main). Permission is asked as a run or a sweep starts, while the click (or key) that started
 * it still counts as the user's gesture, which browsers require for the prompt.
 */
import type { AppEvent } from '../../../../shared/contract';

export const LONG_RUN_MS = 10_000;

export class BrowserNotifier {
  readonly #started = new Map<string, number>();
  #asked = false;

  askPermission(): void {
    if (this.#asked || typeof Notification === 'undefined') return;
    if (Notification.permission !== 'default') return;
    // Only right after the user's own click or key: a prompt out of the blue is refused anyway.
    if (navigator.userActivation && !navigator.userActivation.isActive) return;
    this.#asked = true; // once per page: a dismissed prompt is an answer too
    void Notification.requestPermission();
  }

  handle(event: AppEvent): void {
    if (event.channel === 'run:started' || event.channel === 'sweep:progress') this.askPermission();
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
