/**
 * The Trace Event Format's rules, as written in its spec ("Trace Event Format", the JSON Object
 * Format) and as Perfetto's JSON importer applies them, checked independently of the writer.
 * Returns every broken rule, so a failing test says what is wrong.
 */

/** Phases the format defines. */
const PHASES = new Set([
  'B',
  'E',
  'X',
  'i',
  'I',
  'C',
  'b',
  'n',
  'e',
  's',
  't',
  'f',
  'P',
  'N',
  'O',
  'D',
  'M',
  'V',
  'v',
  'R',
  'c',
  '(',
  ')',
]);
const METADATA = new Set([
  'process_name',
  'process_labels',
  'process_sort_index',
  'thread_name',
  'thread_sort_index',
]);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function chromeRuleProblems(text: string, extraMetadata: string[] = []): string[] {
  const problems: string[] = [];
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return [`not JSON: ${(e as Error).message}`];
  }
  if (!isObject(doc)) return ['the JSON Object Format needs an object at the top'];
  if (!Array.isArray(doc.traceEvents)) return ['traceEvents must be an array'];
  if (doc.displayTimeUnit !== undefined && !['ms', 'ns'].includes(doc.displayTimeUnit as string)) {
    problems.push(`displayTimeUnit must be "ms" or "ns", not ${String(doc.displayTimeUnit)}`);
  }
  const metadata = new Set([...METADATA, ...extraMetadata]);
  const named = new Set<string>();
  const slices = new Map<string, { ts: number; end: number; i: number; open: boolean }[]>();
  doc.traceEvents.forEach((e: unknown, i: number) => {
    const at = `traceEvents[${i}]`;
    if (!isObject(e)) return problems.push(`${at} is not an object`);
    if (typeof e.ph !== 'string' || !PHASES.has(e.ph))
      problems.push(`${at}.ph ${String(e.ph)} is not a phase`);
    if (typeof e.name !== 'string') problems.push(`${at}.name must be a string`);
    for (const key of ['pid', 'tid'] as const) {
      if (!Number.isInteger(e[key])) problems.push(`${at}.${key} must be an integer`);
    }
    if (e.args !== undefined && !isObject(e.args)) problems.push(`${at}.args must be an object`);
    const track = `${String(e.pid)}/${String(e.tid)}`;
    if (e.ph === 'M') {
      if (!metadata.has(e.name as string))
        problems.push(`${at}: unknown metadata ${String(e.name)}`);
      const args = isObject(e.args) ? e.args : {};
      if (String(e.name).endsWith('_name') && typeof args.name !== 'string') {
        problems.push(`${at}: ${String(e.name)} needs args.name`);
      }
      if (String(e.name).endsWith('_sort_index') && !Number.isInteger(args.sort_index)) {
        problems.push(`${at}: ${String(e.name)} needs an integer args.sort_index`);
      }
      if (e.name === 'thread_name') named.add(track);
      return;
    }
    if (typeof e.ts !== 'number' || !Number.isFinite(e.ts) || e.ts < 0) {
      problems.push(`${at}.ts must be a number >= 0 (µs)`);
    }
    if (e.ph === 'X' && (typeof e.dur !== 'number' || !Number.isFinite(e.dur) || e.dur < 0)) {
      problems.push(`${at}.dur must be a number >= 0 (µs)`);
    }
    if (
      (e.ph === 'i' || e.ph === 'I') &&
      e.s !== undefined &&
      !['g', 'p', 't'].includes(e.s as string)
    ) {
      problems.push(`${at}.s must be g, p or t`);
    }
    if (e.ph === 'X' || e.ph === 'B') {
      const list = slices.get(track) ?? [];
      const ts = e.ts as number;
      list.push({
        ts,
        end: e.ph === 'X' ? ts + (e.dur as number) : Infinity,
        i,
        open: e.ph === 'B',
      });
      slices.set(track, list);
    }
  });
  for (const [track, list] of slices) {
    if (!named.has(track)) problems.push(`track ${track} has slices but no thread_name`);
    // Slices of one track may nest (a stack, as speedscope and Perfetto read them), never cross.
    list.sort((a, b) => a.ts - b.ts || b.end - a.end);
    const open: typeof list = [];
    for (const cur of list) {
      while (open.length > 0 && open.at(-1)!.end <= cur.ts) open.pop();
      const parent = open.at(-1);
      if (parent && cur.end > parent.end) {
        problems.push(`traceEvents[${cur.i}] overlaps traceEvents[${parent.i}] on track ${track}`);
      }
      open.push(cur);
    }
  }
  return problems;
}
