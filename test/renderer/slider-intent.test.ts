import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SliderIntent } from '../../renderer/src/lib/slider-intent.svelte';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A pool whose resize answers only when the test says so, as a slow IPC round trip would. */
function slowPool(initial: number) {
  const asked: { n: number; answer: (ok: boolean) => void }[] = [];
  const pool = {
    value: initial,
    asked,
    resize: (n: number) =>
      new Promise<void>((resolve, reject) =>
        asked.push({
          n,
          answer: (ok) => {
            if (ok) {
              pool.value = n;
              resolve();
            } else {
              reject(new Error('refused'));
            }
          },
        }),
      ),
    /** Answers the oldest open request and lets its callbacks run. */
    async answerNext(ok = true) {
      asked.shift()!.answer(ok);
      await vi.advanceTimersByTimeAsync(0);
    },
  };
  return pool;
}

describe('SliderIntent (what the max_workers thumb shows)', () => {
  it('keeps the key presses when the answer for an earlier value arrives late', async () => {
    const pool = slowPool(2);
    const intent = new SliderIntent(pool.resize, 50);
    intent.choose(1); // Home
    intent.choose(2); // ArrowRight: equals the pool's old value, yet the user is not done
    expect(intent.shown(pool.value)).toBe(2);
    await pool.answerNext(); // the answer for 1 lands
    expect(pool.value).toBe(1);
    intent.choose(3); // ArrowRight
    expect(intent.shown(pool.value)).toBe(3);
    await vi.advanceTimersByTimeAsync(50); // the throttle sends the latest value, 3
    expect(pool.asked.map((a) => a.n)).toEqual([3]);
    expect(intent.shown(pool.value)).toBe(3);
    await pool.answerNext();
    expect(intent.held).toBeNull();
    expect(intent.shown(pool.value)).toBe(3);
    pool.value = 5; // a later change from elsewhere (a sweep's end, a reconnect) shows at once
    expect(intent.shown(pool.value)).toBe(5);
  });

  it('follows the pool again only after the pointer lets go', async () => {
    const pool = slowPool(4);
    const intent = new SliderIntent(pool.resize, 50);
    intent.press();
    intent.choose(6);
    await pool.answerNext();
    expect(intent.held).toBe(6);
    intent.release();
    expect(intent.held).toBeNull();
    expect(intent.shown(pool.value)).toBe(6);
  });

  it('snaps back to what the pool really has when a resize is refused', async () => {
    const pool = slowPool(2);
    const intent = new SliderIntent(pool.resize, 50);
    intent.choose(9);
    expect(intent.shown(pool.value)).toBe(9);
    await pool.answerNext(false);
    expect(intent.held).toBeNull();
    expect(intent.shown(pool.value)).toBe(2);
  });

  it('sends the value let go of even when it was sent once before, and shows it throughout', async () => {
    const pool = slowPool(1);
    const intent = new SliderIntent(pool.resize, 50);
    intent.choose(2);
    intent.choose(3);
    intent.choose(2); // back: the queued value is 2 again
    await pool.answerNext(); // the answer for the first 2
    expect(intent.shown(pool.value)).toBe(2);
    await vi.advanceTimersByTimeAsync(50);
    expect(pool.asked.map((a) => a.n)).toEqual([2]);
    await pool.answerNext();
    expect(intent.held).toBeNull();
    expect(intent.shown(pool.value)).toBe(2);
  });
});
