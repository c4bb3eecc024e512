/**
 * The run history (issue 6): every finished run and every sweep, kept as JSON files in one folder,
 * each written atomically. A run is two files, `<id>.entry.json` (summary and workload: small, read
 * by `list`) and `<id>.trace.json` (the full trace: read only by `get`), so listing a history of
 * 100k-task runs stays cheap. The entry is written last and deleted first: an entry on disk always
 * has its trace, and a trace without an entry is removed (see saveRun).
 */
import { readFile, readdir, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import * as v from 'valibot';
import {
  HistoryEntrySchema,
  type HistoryEntry,
  type ResponseMap,
  type RunSummary,
  type SweepRecord,
} from '../../shared/contract';
import { readTraceFileText, traceToJson } from '../../shared/export/poolscope-json';
import { FileProblem, TRACE_TEXT_BOUNDS } from '../../shared/export/trace-schema';
import type { Trace } from '../../shared/trace';
import { jsonBoundsProblem } from '../../shared/json-bounds';
import { ScriptSpecSchema } from '../../shared/script';
import { WorkloadSchema } from '../../shared/workload';
import type { RunInputs } from './run-source';
import { writeFileAtomic } from './atomic-write';
import { ServiceError } from './errors';
import { ensureFolder } from './folder';

const HISTORY_FORMAT = 'poolscope-history';
const HISTORY_VERSION = 1;
const ENTRY_SUFFIX = '.entry.json';
const TRACE_SUFFIX = '.trace.json';
/** A trace or temporary file this old with no entry is left from a save that failed midway. */
const ORPHAN_AGE_MS = 60_000;

const EntryFileSchema = v.object({
  format: v.literal(HISTORY_FORMAT),
  version: v.literal(HISTORY_VERSION),
  entry: HistoryEntrySchema,
  // One or the other: a workload for PoolScope's pool, a script for a traced run.
  workload: v.optional(WorkloadSchema),
  script: v.optional(ScriptSpecSchema),
});

/** An entry file as read: the schema's output with exactly one of its inputs. */
type EntryFile = Omit<v.InferOutput<typeof EntryFileSchema>, 'workload' | 'script'> & RunInputs;

type Listing = ResponseMap['history:list'];

export class HistoryStore {
  private swept: Promise<void> | null = null;

  constructor(readonly dir: string) {}

  /**
   * The trace first, then the entry: a listed run always has its trace. If the entry cannot be
   * written the trace is removed again, and whatever a crash left between the two is swept at
   * the next start, so the folder never keeps a run it does not list.
   */
  async saveRun(summary: RunSummary, trace: Trace, inputs: RunInputs): Promise<void> {
    await this.ready();
    const tracePath = this.tracePath(summary.id);
    // One item a line (traceToJson), so that get() can read it a slice at a time.
    await writeFileAtomic(tracePath, traceToJson(trace));
    try {
      await this.writeEntry({ kind: 'run', summary }, inputs);
    } catch (e) {
      await rm(tracePath, { force: true }).catch(() => undefined);
      throw e;
    }
  }

  async saveSweep(sweep: SweepRecord, inputs: RunInputs): Promise<void> {
    await this.ready();
    await this.writeEntry({ kind: 'sweep', sweep }, inputs);
  }

  /** Newest first. A file that cannot be read is reported in `skipped`, never fatal. */
  async list(): Promise<Listing> {
    await this.sweepOnce();
    const listing: Listing = { entries: [], skipped: [] };
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return listing;
      if (code === 'EACCES' || code === 'EPERM') {
        throw new ServiceError('failed', `no permission to read the history folder ${this.dir}`);
      }
      throw e;
    }
    for (const file of names.filter((n) => n.endsWith(ENTRY_SUFFIX)).sort()) {
      try {
        listing.entries.push((await this.readEntry(file.slice(0, -ENTRY_SUFFIX.length))).entry);
      } catch (e) {
        listing.skipped.push({ file, problem: (e as Error).message });
      }
    }
    listing.entries.sort((a, b) => startedAt(b) - startedAt(a));
    return listing;
  }

  async get(id: string): Promise<ResponseMap['history:get']> {
    const { entry } = await this.readEntry(id);
    if (entry.kind === 'sweep') return { entry };
    return { entry, trace: await this.readTrace(id) };
  }

  /** The entry `id` (no trace); throws not-found when there is none. */
  async entry(id: string): Promise<HistoryEntry> {
    return (await this.readEntry(id)).entry;
  }

  async has(id: string): Promise<boolean> {
    return this.readEntry(id).then(
      () => true,
      () => false,
    );
  }

  /** Renames the entry (its label in the list); the trace keeps the name it was recorded with. */
  async rename(id: string, name: string): Promise<HistoryEntry> {
    const file = await this.readEntry(id);
    const entry: HistoryEntry =
      file.entry.kind === 'run'
        ? { kind: 'run', summary: { ...file.entry.summary, name } }
        : { kind: 'sweep', sweep: { ...file.entry.sweep, name } };
    await this.writeEntry(entry, inputsOf(file));
    return entry;
  }

  /** True when it removed something: an entry (readable or not) or its trace. */
  async delete(id: string): Promise<boolean> {
    const entry = await removed(this.entryPath(id));
    const trace = await removed(this.tracePath(id));
    return entry || trace;
  }

  /** The folder exists and what a failed save left has been swept. */
  private async ready(): Promise<void> {
    await ensureFolder(this.dir, 'the history folder');
    await this.sweepOnce();
  }

  /** Once per store: removes traces without an entry and temporary files, left by a crash. */
  private sweepOnce(): Promise<void> {
    this.swept ??= this.sweepOrphans().catch((e: unknown) =>
      console.error(`PoolScope: could not tidy ${this.dir}:`, e),
    );
    return this.swept;
  }

  private async sweepOrphans(): Promise<void> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const entries = new Set(names.filter((n) => n.endsWith(ENTRY_SUFFIX)));
    const orphans = names.filter(
      (n) =>
        (n.endsWith(TRACE_SUFFIX) &&
          !entries.has(n.slice(0, -TRACE_SUFFIX.length) + ENTRY_SUFFIX)) ||
        (n.startsWith('.poolscope-') && n.endsWith('.tmp')),
    );
    const cutoff = Date.now() - ORPHAN_AGE_MS;
    for (const name of orphans) {
      const path = join(this.dir, name);
      // A save in another process may be between its trace and its entry: leave recent files.
      const info = await stat(path).catch(() => null);
      if (info && info.mtimeMs < cutoff) await rm(path, { force: true });
    }
  }

  private async writeEntry(entry: HistoryEntry, inputs: RunInputs): Promise<void> {
    const what: RunInputs = inputs.script
      ? { script: inputs.script }
      : { workload: inputs.workload };
    const file: EntryFile = { format: HISTORY_FORMAT, version: HISTORY_VERSION, entry, ...what };
    await writeFileAtomic(this.entryPath(entryId(entry)), JSON.stringify(file));
  }

  private async readEntry(id: string): Promise<EntryFile> {
    const name = id + ENTRY_SUFFIX;
    const json = await this.readJson(name, `no history entry ${id}`);
    const parsed = v.safeParse(EntryFileSchema, json);
    if (!parsed.success) {
      const issue = parsed.issues[0];
      const path = issue && v.getDotPath(issue);
      throw new ServiceError(
        'failed',
        `${name} is not a history entry: ${path ? `${path}: ` : ''}${issue?.message ?? 'invalid'}`,
      );
    }
    const { workload, script, ...rest } = parsed.output;
    if (!workload === !script) {
      throw new ServiceError(
        'failed',
        `${name} is not a history entry: it needs a workload or a script`,
      );
    }
    const file: EntryFile = workload ? { ...rest, workload } : { ...rest, script: script! };
    if (entryId(file.entry) !== id) {
      throw new ServiceError('failed', `${name} holds entry ${entryId(file.entry)}`);
    }
    return file;
  }

  /** Read and checked as an opened file is, yielding between slices. */
  private async readTrace(id: string): Promise<Trace> {
    const name = id + TRACE_SUFFIX;
    const text = await this.readText(name, `the trace of ${id} is missing`);
    try {
      return await readTraceFileText(text, () => new Promise((resolve) => setImmediate(resolve)));
    } catch (e) {
      if (!(e instanceof FileProblem)) throw e;
      throw new ServiceError('failed', `${name} is not a PoolScope trace: ${e.message}`);
    }
  }

  /** The parsed contents of a file in the folder; `missing` is the message when it is absent. */
  private async readJson(name: string, missing: string): Promise<unknown> {
    const text = await this.readText(name, missing);
    const tooBig = jsonBoundsProblem(text, TRACE_TEXT_BOUNDS);
    if (tooBig) throw new ServiceError('failed', `${name} is refused unread: ${tooBig}`);
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new ServiceError('failed', `${name} is not valid JSON: ${(e as Error).message}`);
    }
  }

  /** A file of the folder as text; `missing` is the message when it is absent. */
  private async readText(name: string, missing: string): Promise<string> {
    try {
      return await readFile(join(this.dir, name), 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new ServiceError('not-found', missing);
      if (code === 'EACCES' || code === 'EPERM') {
        throw new ServiceError('failed', `no permission to read ${join(this.dir, name)}`);
      }
      throw e;
    }
  }

  private entryPath(id: string): string {
    return join(this.dir, id + ENTRY_SUFFIX);
  }

  private tracePath(id: string): string {
    return join(this.dir, id + TRACE_SUFFIX);
  }
}

function inputsOf(file: EntryFile): RunInputs {
  return file.script ? { script: file.script } : { workload: file.workload };
}

function entryId(entry: HistoryEntry): string {
  return entry.kind === 'run' ? entry.summary.id : entry.sweep.id;
}

function startedAt(entry: HistoryEntry): number {
  return entry.kind === 'run' ? entry.summary.startedAt : entry.sweep.startedAt;
}

/** Removes `path`; false when there was nothing to remove. */
async function removed(path: string): Promise<boolean> {
  try {
    await unlink(path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}
