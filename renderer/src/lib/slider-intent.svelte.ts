import { throttleLatest } from './throttle';

/**
 * What the max_workers slider shows: the value the user chose for as long as the pool has not
 * answered for it, then the pool's own value again.
 *
 * Replies and pool:state events for earlier values keep arriving while the user moves on (press
 * Home then ArrowRight twice and the answer for 1 lands after the thumb is on 3). Following the
 * pool as soon as it happens to report the value on the thumb would let such a stale answer pull
 * the thumb back and swallow a key press. So the slider follows the pool again only once the value
 * last sent is the one on the thumb, every request has been answered and no pointer holds the
 * thumb; from then on every pool report is newer than the last resize. A refused resize thus snaps
 * the thumb back to what the pool really has.
 */
export class SliderIntent {
  /** The user's value while it is not yet the pool's; null when the slider follows the pool. */
  held = $state<number | null>(null);
  #pointerDown = false;
  #unanswered = 0;
  #lastSent: number | null = null;
  readonly #send: (n: number) => void;

  /** `resize` asks the pool for n workers; at most one call per `ms`, always with the latest. */
  constructor(resize: (n: number) => Promise<unknown>, ms = 50) {
    this.#send = throttleLatest((n: number) => {
      this.#lastSent = n;
      this.#unanswered++;
      void resize(n)
        .catch(() => undefined)
        .finally(() => {
          this.#unanswered--;
          this.#settle();
        });
    }, ms);
  }

  /** The value to draw, given the pool's. */
  shown(poolValue: number): number {
    return this.held ?? poolValue;
  }

  /** The user moved the thumb to n (by pointer or key). */
  choose(n: number): void {
    this.held = n;
    this.#send(n);
  }

  press(): void {
    this.#pointerDown = true;
  }

  /** The pointer let go, or the slider lost focus. */
  release(): void {
    this.#pointerDown = false;
    this.#settle();
  }

  #settle(): void {
    if (this.#pointerDown || this.#unanswered > 0 || this.held !== this.#lastSent) return;
    this.held = null;
  }
}
