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
  const done = new Set<Future>();
  const notDone = new Set<Future>();
  for (const f of fs) (f.done() ? done : notDone).add(f);
  const satisfied = (): boolean =>
    notDone.size === 0 ||
    (returnWhen === 'FIRST_COMPLETED' && done.size > 0) ||
    (returnWhen === 'FIRST_EXCEPTION' && [...done].some(raised));
  if (satisfied()) return Promise.resolve({ done, notDone });

  return new Promise((resolve) => {
    const offs: (() => void)[] = [];
    const finish = () => {
      if (timer) clearTimeout(timer);
      for (const off of offs) off();
      resolve({ done, notDone });
    };
    const timer = opts.timeoutMs === undefined ? undefined : setTimeout(finish, opts.timeoutMs);
    for (const f of notDone) {
      offs.push(
        f.onDone(() => {
          notDone.delete(f);
          done.add(f);
          if (
            notDone.size === 0 ||
            returnWhen === 'FIRST_COMPLETED' ||
            (returnWhen === 'FIRST_EXCEPTION' && raised(f))
          ) {
            finish();
          }
        }),
      );
    }
  });
}

/**
 * Yields futures as they complete, those already done first. With `timeoutMs` (counted from
 * this call, as CPython counts it), throws TimeoutError when time runs out with some unfinished.
 */
export function asCompleted(
  fs: Iterable<Future>,
  opts: { timeoutMs?: number } = {},
): AsyncIterable<Future> {
  const deadline = opts.timeoutMs === undefined ? undefined : performance.now() + opts.timeoutMs;
  const all = new Set(fs);
  return {
    async *[Symbol.asyncIterator]() {
      const finished: Future[] = [];
      let wake: (() => void) | null = null;
      const offs = [...all].map((f) =>
        f.onDone(() => {
          finished.push(f);
          wake?.();
        }),
      );
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
        for (const off of offs) off();
      }
    },
  };
}
