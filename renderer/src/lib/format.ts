/** How times, counts, results and errors read everywhere in the UI: one place, tested. */
import { formatValue } from '../../../shared/catalog';
import type { SerializedError } from '../../../shared/events';
import type { JsonValue } from '../../../shared/json';
import { REPR_KEY, isRepr } from '../../../shared/python';

/** A moment on the run's clock, in seconds from its start: "1.203 s". */
export function formatMoment(ms: number): string {
  return `${(ms / 1000).toFixed(3)} s`;
}

/** One formatter for every count: `toLocaleString` builds a new one per call, which shows per frame. */
const COUNT = new Intl.NumberFormat('en-US');

/** "10,000": thousands separated, whatever the user's locale, to match the rest of the UI. */
export function formatCount(n: number): string {
  return COUNT.format(n);
}

/**
 * A result as Python would print it: 13, 'text', None, True, [1, 2]; one JSON could not carry
 * (a set, a tuple, an object) is its repr, marked as such.
 */
export function formatResult(value: JsonValue | undefined): string {
  return isRepr(value) ? `${value[REPR_KEY]} (its repr)` : formatValue(value);
}

/** "ValueError: Called broken function", as Python prints an exception. */
export function formatError(error: SerializedError | undefined): string {
  if (!error) return 'unknown error';
  return error.message ? `${error.name}: ${error.message}` : error.name;
}

/** The speedup factor: "2.93×". */
export function formatSpeedup(x: number): string {
  return `${x.toFixed(2)}×`;
}

/** "1 call", "8 calls", "10,000 calls". */
export function plural(n: number, noun: string, nouns = `${noun}s`): string {
  return `${formatCount(n)} ${n === 1 ? noun : nouns}`;
}
