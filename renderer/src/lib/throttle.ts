/**
 * Calls `fn` at most once per `ms`, and always with the latest value: the first call goes at once,
 * calls during the window collapse into one at its end. The slider uses it so dragging resizes the
 * pool live without flooding it, and the value the user lets go of is always the one sent.
 */
export function throttleLatest<T>(fn: (value: T) => void, ms: number): (value: T) => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let queued: { value: T } | null = null;
  const release = () => {
    if (queued) {
      const { value } = queued;
      queued = null;
      fn(value);
      timer = setTimeout(release, ms);
    } else {
      timer = undefined;
    }
  };
  return (value: T) => {
    if (timer === undefined) {
      fn(value);
      timer = setTimeout(release, ms);
    } else {
      queued = { value };
    }
  };
}
