import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttleLatest } from '../../renderer/src/lib/throttle';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('throttleLatest (the max_workers slider)', () => {
  it('sends the first value at once and the last one at the end of the window', () => {
    const sent: number[] = [];
    const send = throttleLatest((n: number) => sent.push(n), 50);
    send(2);
    send(3);
    send(4);
    send(5);
    expect(sent).toEqual([2]);
    vi.advanceTimersByTime(50);
    expect(sent).toEqual([2, 5]);
    vi.advanceTimersByTime(500);
    expect(sent).toEqual([2, 5]);
  });

  it('keeps sending while the user keeps dragging, about once per window', () => {
    const sent: number[] = [];
    const send = throttleLatest((n: number) => sent.push(n), 50);
    for (let i = 1; i <= 20; i++) {
      send(i);
      vi.advanceTimersByTime(10);
    }
    vi.advanceTimersByTime(100);
    expect(sent.at(-1)).toBe(20);
    expect(sent.length).toBeGreaterThanOrEqual(4);
    expect(sent.length).toBeLessThan(20);
  });

  it('sends a value at once again after a quiet window', () => {
    const sent: number[] = [];
    const send = throttleLatest((n: number) => sent.push(n), 50);
    send(1);
    vi.advanceTimersByTime(200);
    send(2);
    expect(sent).toEqual([1, 2]);
  });
});
