/**
 * JSON.stringify in steps, for replies of tens of MB (history:get of a 200k-call run): a list
 * longer than a slice is written a slice at a time, with a yield after each, so writing one
 * client's reply does not hold the event loop for the others. Anything smaller is written in one
 * go, with no yield: a small reply still leaves in the turn it was made.
 */

const SLICE = 5000;

/** Steps that end with the JSON text of `value` (plain data, as JSON.stringify writes it). */
export function* jsonSteps(value: unknown): Generator<void, string> {
  if (Array.isArray(value)) {
    if (value.length <= SLICE) return JSON.stringify(value);
    const parts: string[] = [];
    for (let i = 0; i < value.length; i += SLICE) {
      parts.push(JSON.stringify(value.slice(i, i + SLICE)).slice(1, -1));
      yield;
    }
    return `[${parts.join(',')}]`;
  }
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const fields: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    fields.push(`${JSON.stringify(key)}:${yield* jsonSteps(item)}`);
  }
  return `{${fields.join(',')}}`;
}

/**
 * Writes `value` and hands the text to `done`: at once when it is small, otherwise across turns
 * of the event loop.
 */
export function writeJson(value: unknown, done: (text: string) => void): void {
  const steps = jsonSteps(value);
  const run = (): void => {
    const step = steps.next();
    if (step.done) done(step.value);
    else setImmediate(run);
  };
  run();
}
