/** concurrent.futures.wait and as_completed, over promises. */
import { TimeoutError } from './errors';
import type { Future } from './future';

export type ReturnWhen = 'FIRST_COMPLETED' | 'FIRST_EXCEPTION' | 'ALL_COMPLETED';

export interface WaitResult {
  done: Set<Future>;
  notDone: Set<Future>;
}

/** Whether a done future raised (a cancelled one did not, as in CPython). */
function raised(f: Future): boolean {
  return f.state === 'FINISHED' && f.failed;
}

/**
 * Waits until `returnWhen` holds or `timeoutMs` passes, then reports which futures are done.
 * As in CPython, running out of time is not an error: the caller reads `notDone`.
 */
export function wait(
  fs: Iterable<Future>,
  opts: { timeoutMs?: number; returnWhen?: ReturnWhen } = {},
): Promise<WaitResult> {
  const returnWhen = opts.returnWhen ?? 'ALL_COMPLETED';
  const all = [...new Set(fs)];
  const report = (): WaitResult => {
    const result: WaitResult = { done: new Set(), notDone: new Set() };
    for (const f of all) (f.done() ? result.done : result.notDone).add(f);
    return result;
  };
  const unfinished = all.filter((f) => !f.done());
  if (
    unfinished.length === 0 ||
    (returnWhen === 'FIRST_COMPLETED' && unfinished.length < all.length) ||
    (returnWhen === 'FIRST_EXCEPTION' && all.some(raised))
  ) {
    return Promise.resolve(report());
  }
  return new Promise((resolve) => {
    let remaining = unfinished.length;
    // One listener for every future: a wait on 100k futures allocates no closure per future.
    const listener = (f: Future) => {
      remaining--;
      if (
        remaining === 0 ||
        returnWhen === 'FIRST_COMPLETED' ||
        (returnWhen === 'FIRST_EXCEPTION' && raised(f))
      ) {
        finish();
      }
    };
    const finish = () => {
      if (timer) clearTimeout(timer);
      for (const f of unfinished) f.offDone(listener);
      resolve(report());
    };
    const timer = opts.timeoutMs === undefined ? undefined : setTimeout(finish, opts.timeoutMs);
    for (const f of unfinished) f.onDone(listener);
  });
}

/**
 * Yields futures as they complete, those already done first. With `timeoutMs`, throws
 * TimeoutError when time runs out with some unfinished; as in CPython, whose as_completed is a
 * generator, the time counts from the first step of the loop, not from the call.
 */
export function asCompleted(
  fs: Iterable<Future>,
  opts: { timeoutMs?: number } = {},
): AsyncIterable<Future> {
  const all = new Set(fs);
  return {
    async *[Symbol.asyncIterator]() {
      const deadline =
        opts.timeoutMs === undefined ? undefined : performance.now() + opts.timeoutMs;
      const finished: Future[] = [];
      let wake: (() => void) | null = null;
      const listener = (f: Future) => {
        finished.push(f);
        wake?.();
      };
      for (const f of all) f.onDone(listener);
      try {
        let yielded = 0;
        while (yielded < all.size) {
          const next = finished.shift();
          if (next) {
            yielded++;
            yield next;
            continue;
          }
          const left = deadline === undefined ? undefined : deadline - performance.now();
          if (left !== undefined && left <= 0) {
            throw new TimeoutError(`${all.size - yielded} (of ${all.size}) futures unfinished`);
          }
          await new Promise<void>((resolve) => {
            const timer = left === undefined ? undefined : setTimeout(resolve, left);
            wake = () => {
              if (timer) clearTimeout(timer);
              resolve();
            };
          });
          wake = null;
        }
      } finally {
        for (const f of all) f.offDone(listener);
      }
    },
  };
}
