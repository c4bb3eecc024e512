/**
 * The futures no worker has taken, oldest first. It drops what it hands out and what was
 * cancelled, so a long-lived pool keeps no finished future (a queue that only grew would).
 */
import type { Future } from './future';

/** Compact once this many taken slots lead the array and they are most of it. */
const COMPACT_AT = 1024;

export class PendingQueue {
  private items: Future[] = [];
  private head = 0;
  /** Futures waiting and not cancelled. */
  size = 0;

  push(future: Future): void {
    this.items.push(future);
    this.size++;
  }

  /** A future in the queue was cancelled: it is skipped, and dropped with the rest. */
  cancelled(): void {
    this.size--;
    if (this.size === 0) this.clear();
  }

  /** The oldest waiting future, taken off the queue. */
  take(): Future | undefined {
    while (this.head < this.items.length) {
      const future = this.items[this.head]!;
      this.items[this.head++] = undefined as unknown as Future;
      if (future.state !== 'PENDING') continue;
      this.size--;
      if (this.size === 0) {
        this.clear(); // what is left was cancelled
      } else if (this.head >= COMPACT_AT && this.head * 2 >= this.items.length) {
        this.items = this.items.slice(this.head);
        this.head = 0;
      }
      return future;
    }
    this.clear();
    return undefined;
  }

  /** The waiting futures, oldest first (a copy: cancelling them changes the queue). */
  waiting(): Future[] {
    return this.items.slice(this.head).filter((f) => f.state === 'PENDING');
  }

  /** Puts futures a worker gave back (older than any waiting) at the front, oldest first. */
  restore(futures: Future[]): void {
    const rest = this.items.slice(this.head);
    this.items = [...futures, ...rest].sort((a, b) => a.id - b.id);
    this.head = 0;
    this.size += futures.length;
  }

  private clear(): void {
    this.items = [];
    this.head = 0;
  }
}
