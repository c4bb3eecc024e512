import * as v from 'valibot';

/** A value that survives JSON: what crosses every process boundary in PoolScope. */
export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Its schema, for every boundary that takes JSON values in (workloads, trace files). */
export const JsonValueSchema: v.GenericSchema<JsonValue> = v.lazy(() =>
  v.union([
    v.null(),
    v.boolean(),
    v.pipe(v.number(), v.finite('expected a finite number')),
    v.string(),
    v.array(JsonValueSchema),
    v.record(v.string(), JsonValueSchema),
  ]),
);

/**
 * Why `value` is not JSON-safe, or null when it is. Rejects what JSON would silently change
 * (undefined, NaN, Infinity, functions, symbols, bigint, class instances, cycles), so a bad
 * argument fails where it was written rather than later in a worker.
 * `path` names the place in messages, e.g. "args[1].x".
 */
export function jsonProblem(
  value: unknown,
  path: string,
  seen: Set<object> = new Set(),
): string | null {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return null;
    case 'number':
      return Number.isFinite(value) ? null : `${path} is ${String(value)}, which JSON cannot carry`;
    case 'undefined':
      return `${path} is undefined`;
    case 'function':
    case 'symbol':
    case 'bigint':
      return `${path} is a ${typeof value}, which cannot be sent to a worker`;
  }
  if (value === null) return null;
  const obj = value as object;
  if (seen.has(obj)) return `${path} refers back to itself`;
  seen.add(obj);
  try {
    if (Array.isArray(obj)) {
      for (let i = 0; i < obj.length; i++) {
        const p = jsonProblem(obj[i], `${path}[${i}]`, seen);
        if (p) return p;
      }
      return null;
    }
    const proto = Object.getPrototypeOf(obj) as unknown;
    if (proto !== Object.prototype && proto !== null) {
      const name = (obj as { constructor?: { name?: string } }).constructor?.name ?? 'object';
      return `${path} is a ${name}; only plain objects, arrays and primitives can be sent`;
    }
    for (const [k, v] of Object.entries(obj)) {
      const p = jsonProblem(v, `${path}.${k}`, seen);
      if (p) return p;
    }
    return null;
  } finally {
    seen.delete(obj);
  }
}
