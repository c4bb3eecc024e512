/**
 * JSON values read as Python's json module reads them: null is None, a whole number an int, any
 * other number a float, an array a list, an object a dict. `pyRepr` and `pyStr` print them as Python's repr() and
 * str() do, so a call, a result or a printed line looks as it would in the learner's terminal.
 */
import type { JsonValue } from './json';
import { REPR_KEY, isRepr } from './python';

/** Python's name for the type of `v`: `type(v).__name__`. */
export function pyTypeName(v: JsonValue): string {
  if (v === null) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return isInt(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'str';
  return Array.isArray(v) ? 'list' : 'dict';
}

/**
 * repr(v), as CPython writes it. A result the python runtime could only send as its repr
 * (`{ $repr: '...' }`, shared/python.ts) is that repr; undefined reads as None.
 */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return numberRepr(v);
  if (typeof v === 'string') return pyString(v);
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (isRepr(v)) return v[REPR_KEY];
  if (typeof v !== 'object') return String(v); // not JSON: no Python value to name
  const items = Object.entries(v).map(([k, x]) => `${pyString(k)}: ${pyRepr(x)}`);
  return `{${items.join(', ')}}`;
}

/** str(v): a string as it is, anything else as its repr. */
export function pyStr(v: unknown): string {
  return typeof v === 'string' ? v : pyRepr(v);
}

/**
 * Whether Python reads the number's JSON text as an int: a whole number written without an
 * exponent (JSON.stringify writes 1e21 and up with one, which Python reads as a float).
 */
const isInt = (n: number) => Number.isInteger(n) && !String(n).includes('e');

function numberRepr(n: number): string {
  if (isInt(n)) return String(n === 0 ? 0 : n);
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'nan' : n > 0 ? 'inf' : '-inf';
  // Both print the shortest digits that read back the same; they differ only in when they switch
  // to an exponent (Python below 1e-4, JavaScript below 1e-6) and in its form (1e-05, not 1e-5).
  const text = Math.abs(n) < 1e-4 ? n.toExponential() : String(n);
  return text.replace(/e([+-])(\d)$/, 'e$10$2');
}

/** A string's repr: single quotes unless it holds one and no double quote; escapes as CPython's. */
export function pyString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || (code >= 0x7f && code <= 0xa0) || code === 0xad)
      out += `\\x${hex(code, 2)}`;
    else if (isUnprintable(code))
      out += code > 0xffff ? `\\U${hex(code, 8)}` : `\\u${hex(code, 4)}`;
    else out += ch;
  }
  return out + quote;
}

const hex = (code: number, width: number) => code.toString(16).padStart(width, '0');

/** The separators, formats and unassigned code points str.isprintable() refuses (the common ones). */
const UNPRINTABLE = /[\p{Zl}\p{Zp}\p{Zs}\p{Cf}\p{Cs}\p{Co}\p{Cn}]/u;

function isUnprintable(code: number): boolean {
  if (code === 0x20) return false;
  return UNPRINTABLE.test(String.fromCodePoint(code));
}
