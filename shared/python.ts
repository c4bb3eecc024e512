/**
 * The python runtime's shared vocabulary: what an interpreter and a module look like once
 * inspected (electron/python/poolscope_inspect.py), the app's own modules, how a result JSON
 * cannot carry is marked, and Python literals (typed in the builder, shown as Python writes them).
 */
import * as v from 'valibot';
import type { JsonValue } from './json';

/** The oldest CPython the worker supports. */
export const MIN_PYTHON: readonly [number, number] = [3, 9];

export const PythonInfoSchema = v.object({
  version: v.pipe(v.string(), v.regex(/^\d+\.\d+\.\d+$/), v.maxLength(32)),
  executable: v.pipe(v.string(), v.maxLength(4096)),
});
/** An interpreter PoolScope has run: `sys.version_info` and `sys.executable`. */
export type PythonInfo = v.InferOutput<typeof PythonInfoSchema>;

/** What the service knows of the python runtime: its interpreter, or why there is none. */
export type PythonStatus =
  { ok: true; python: PythonInfo } | { ok: false; problem: string; executable?: string };

const text = (max: number) => v.pipe(v.string(), v.maxLength(max));

export const PyParamSchema = v.object({
  name: text(200),
  /** inspect.Parameter.kind's name: POSITIONAL_OR_KEYWORD, VAR_POSITIONAL, KEYWORD_ONLY... */
  kind: v.picklist([
    'POSITIONAL_ONLY',
    'POSITIONAL_OR_KEYWORD',
    'VAR_POSITIONAL',
    'KEYWORD_ONLY',
    'VAR_KEYWORD',
  ]),
  /** repr() of the default. */
  default: v.optional(text(1000)),
  annotation: v.optional(text(200)),
});
export type PyParam = v.InferOutput<typeof PyParamSchema>;

export const PyFunctionSchema = v.object({
  name: text(200),
  /** Null when inspect.signature cannot tell (a C function). */
  params: v.nullable(v.pipe(v.array(PyParamSchema), v.maxLength(100))),
  /** The docstring's first line. */
  doc: text(1000),
});
export type PyFunction = v.InferOutput<typeof PyFunctionSchema>;

export const ModuleInfoSchema = v.object({
  /** The name it is imported under: the file's stem. */
  name: text(200),
  /** Absolute. */
  path: text(4096),
  functions: v.pipe(v.array(PyFunctionSchema), v.maxLength(1000)),
});
export type ModuleInfo = v.InferOutput<typeof ModuleInfoSchema>;

/**
 * The parameters a call passes positionally, as pool.submit(fn, *args) does: keyword-only ones
 * keep their defaults; `*args` is left empty.
 */
export function positionalParams(fn: PyFunction): PyParam[] {
  return (fn.params ?? []).filter(
    (p) => p.kind === 'POSITIONAL_ONLY' || p.kind === 'POSITIONAL_OR_KEYWORD',
  );
}

/**
 * The app's own Python modules, named in a workload as `poolscope:` + their path under
 * electron/python/ (they move with the app; a learner's module is an absolute path).
 */
export const BUNDLED_PREFIX = 'poolscope:';
export const BUNDLED_MODULES = [
  'tutorial.py',
  'tutorial/pool_submit.py',
  'tutorial/pool_submit_slow_add.py',
  'tutorial/applyasync.py',
  'tutorial/future.py',
  'tutorial/future_exercise.py',
] as const;
export type BundledModule = (typeof BUNDLED_MODULES)[number];
/** What a python workload without a module runs: the tutorial's functions and experiments. */
export const DEFAULT_MODULE = `${BUNDLED_PREFIX}tutorial.py`;

export function bundledModule(module: string): BundledModule | null {
  if (!module.startsWith(BUNDLED_PREFIX)) return null;
  const rest = module.slice(BUNDLED_PREFIX.length);
  return (BUNDLED_MODULES as readonly string[]).includes(rest) ? (rest as BundledModule) : null;
}

/** How a module is named to the user: its file name. */
export function moduleFileName(module: string): string {
  return module.split(/[\\/]/).pop() ?? module;
}

/** A result that JSON cannot carry exactly (a set, a tuple, an object) arrives as its repr. */
export const REPR_KEY = '$repr';
export type ReprValue = { [REPR_KEY]: string };

export function isRepr(value: unknown): value is ReprValue {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return (
    keys.length === 1 && keys[0] === REPR_KEY && typeof (value as ReprValue)[REPR_KEY] === 'string'
  );
}

/** repr() and str() as CPython writes them, in one place (shared/python-values.ts). */
export { pyRepr, pyStr, pyString } from './python-values';

export type LiteralResult = { ok: true; value: JsonValue } | { ok: false; problem: string };

/**
 * A Python literal as typed in the builder, as the JSON value it travels as: numbers, strings,
 * lists, dicts with string keys, None, True and False. What JSON would change is refused with
 * the reason (a tuple would arrive as a list, a large int would lose digits).
 */
export function parsePyLiteral(source: string): LiteralResult {
  try {
    const parser = new LiteralParser(source);
    const value = parser.value(0);
    parser.end();
    return { ok: true, value };
  } catch (e) {
    return { ok: false, problem: (e as Error).message };
  }
}

const MAX_DEPTH = 32;

class LiteralParser {
  private i = 0;
  constructor(private readonly s: string) {}

  end(): void {
    this.space();
    if (this.i < this.s.length) this.fail(`unexpected ${JSON.stringify(this.s[this.i])}`);
  }

  value(depth: number): JsonValue {
    if (depth > MAX_DEPTH) this.fail('nested too deeply');
    this.space();
    const c = this.s[this.i];
    if (c === undefined) this.fail(this.i === 0 ? 'empty: type a Python value' : 'unfinished');
    if (c === '[') return this.list(depth);
    if (c === '{') return this.dict(depth);
    if (c === '(') this.fail('a tuple would arrive as a list: write [ ] instead');
    if (c === "'" || c === '"') return this.string();
    if (/[-+.\d]/.test(c)) return this.number();
    const word = /^[A-Za-z_]\w*/.exec(this.s.slice(this.i))?.[0];
    if (word === 'None') return this.take(word, null);
    if (word === 'True') return this.take(word, true);
    if (word === 'False') return this.take(word, false);
    if (word === 'inf' || word === 'nan') this.fail(`${word} cannot travel as JSON`);
    this.fail(word ? `${word} is not a literal (quote text: '${word}')` : `unexpected ${c}`);
  }

  private take<T>(word: string, value: T): T {
    this.i += word.length;
    return value;
  }

  private list(depth: number): JsonValue[] {
    this.i++;
    const out: JsonValue[] = [];
    for (;;) {
      this.space();
      if (this.s[this.i] === ']') break;
      out.push(this.value(depth + 1));
      this.space();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== ']') this.fail('expected , or ] in the list');
    }
    this.i++;
    return out;
  }

  private dict(depth: number): { [key: string]: JsonValue } {
    this.i++;
    const out: { [key: string]: JsonValue } = {};
    for (;;) {
      this.space();
      if (this.s[this.i] === '}') break;
      if (this.s[this.i] !== "'" && this.s[this.i] !== '"') {
        this.fail(
          this.i === 1 && this.s.slice(1).trim() !== '' && !this.s.includes(':')
            ? 'a set cannot travel as JSON: use a list [ ]'
            : 'dict keys must be strings to travel as JSON',
        );
      }
      const key = this.string();
      this.space();
      if (this.s[this.i] !== ':') this.fail('expected : after the key');
      this.i++;
      Object.defineProperty(out, key, {
        value: this.value(depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      this.space();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== '}') this.fail('expected , or } in the dict');
    }
    this.i++;
    return out;
  }

  private string(): string {
    const quote = this.s[this.i]!;
    this.i++;
    let out = '';
    for (;;) {
      const c = this.s[this.i++];
      if (c === undefined || c === '\n') this.fail('unterminated string');
      if (c === quote) return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.s[this.i++];
      const simple: Record<string, string> = {
        n: '\n',
        t: '\t',
        r: '\r',
        '0': '\0',
        '\\': '\\',
        "'": "'",
        '"': '"',
      };
      if (e !== undefined && e in simple) out += simple[e];
      else if (e === 'x' || e === 'u') {
        const len = e === 'x' ? 2 : 4;
        const hex = this.s.slice(this.i, this.i + len);
        if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) this.fail(`bad \\${e} escape`);
        out += String.fromCharCode(parseInt(hex, 16));
        this.i += len;
      } else this.fail(`unknown escape \\${e ?? ''}`);
    }
  }

  private number(): number {
    const m = /^[-+]?(\d[\d_]*)?(\.[\d_]*)?([eE][-+]?\d+)?/.exec(this.s.slice(this.i));
    const raw = m?.[0] ?? '';
    if (!/\d/.test(raw)) this.fail(`not a number: ${raw || this.s[this.i]}`);
    this.i += raw.length;
    const n = Number(raw.replace(/_/g, ''));
    if (!Number.isFinite(n)) this.fail(`${raw} is too large for JSON`);
    const integer = !/[.eE]/.test(raw);
    if (integer && !Number.isSafeInteger(n)) {
      this.fail(`${raw} has more digits than JSON keeps (at most ±${Number.MAX_SAFE_INTEGER})`);
    }
    return n;
  }

  private space(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i]!)) this.i++;
  }

  private fail(message: string): never {
    throw new Error(message);
  }
}

/**
 * The tutorial script each preset is named after: on the python runtime its functions come from
 * that very file, so what the workers print is exactly what the tutorial shows (future.py's
 * slow_add prints nothing, applyasync.py's does). Presets not named after a script use tutorial.py.
 */
const PRESET_MODULES: Readonly<Record<string, BundledModule>> = {
  pool_submit_slow_function: 'tutorial/pool_submit.py',
  pool_submit_slow_add: 'tutorial/pool_submit_slow_add.py',
  applyasync: 'tutorial/applyasync.py',
  future: 'tutorial/future.py',
};

export function presetModule(presetId: string): string {
  return BUNDLED_PREFIX + (PRESET_MODULES[presetId] ?? 'tutorial.py');
}
