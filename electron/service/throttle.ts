/**
 * Calls `fn` at most once per `intervalMs`, on the trailing edge: a burst of `schedule()` calls
 * becomes one call that sees the latest state. The spacing is measured with `performance.now()`
 * rather than trusted to `setTimeout` (Node's timers may fire up to a millisecond early against
 * the real clock), so "at most ~60 a second" holds by construction.
 */
export class Throttle {
  private timer: NodeJS.Timeout | null = null;
  private last = -Infinity;

  constructor(
    private readonly intervalMs: number,
    private readonly fn: () => void,
  ) {}

  /** Asks for a call; a no-op when one is already due. */
  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.fire(), this.remaining());
  }

  /** Makes a due call now (used before a run's final event, so nothing trails it). */
  flush(): void {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.run();
  }

  /** Drops a due call. */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private remaining(): number {
    return Math.max(0, this.last + this.intervalMs - performance.now());
  }

  private fire(): void {
    const wait = this.remaining();
    if (wait > 0) {
      this.timer = setTimeout(() => this.fire(), wait);
      return;
    }
    this.run();
  }

  private run(): void {
    this.timer = null;
    this.last = performance.now();
    this.fn();
  }
}
