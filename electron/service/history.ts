/**
 * The run history (issue 6): every finished run and every sweep, kept as JSON files in one folder,
 * each written atomically. A run is two files, `<id>.entry.json` (summary and workload: small, read
 * by `list`) and `<id>.trace.json` (the full trace: read only by `get`), so listing a history of
 * 100k-task runs stays cheap. The entry is written last and deleted first: an entry on disk always
 * has its trace.
 */
import { mkdir, readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as v from 'valibot';
import type { HistoryEntry, ResponseMap, RunSummary, SweepRecord } from '../../shared/contract';
import { TRACE_FORMAT, TRACE_VERSION, type Trace } from '../../shared/trace';
import { ScriptSpecSchema } from '../../shared/script';
import { WorkloadSchema } from '../../shared/workload';
import type { RunInputs } from './run-source';
import { writeFileAtomic } from './atomic-write';
import { ServiceError } from './errors';

const HISTORY_FORMAT = 'poolscope-history';
const HISTORY_VERSION = 1;
const ENTRY_SUFFIX = '.entry.json';
const TRACE_SUFFIX = '.trace.json';

const status = v.picklist(['completed', 'cancelled', 'failed']);
const RunSummarySchema = v.object({
  id: v.string(),
  name: v.string(),
  startedAt: v.number(),
  maxWorkers: v.number(),
  tasks: v.number(),
  makespanMs: v.number(),
  status,
  sweepId: v.optional(v.string()),
});
const SweepRecordSchema = v.object({
  id: v.string(),
  name: v.string(),
  startedAt: v.number(),
  cpuCount: v.number(),
  from: v.number(),
  to: v.number(),
  points: v.array(
    v.object({
      maxWorkers: v.number(),
      runId: v.string(),
      makespanMs: v.number(),
      speedup: v.number(),
      repeats: v.optional(
        v.array(
          v.object({
            runId: v.string(),
            makespanMs: v.number(),
            busyMs: v.number(),
            startupMs: v.number(),
          }),
        ),
      ),
    }),
  ),
  repeats: v.optional(v.number()),
  calls: v.optional(v.number()),
  status: v.picklist(['running', 'completed', 'cancelled', 'failed']),
});
const EntryFileSchema = v.object({
  format: v.literal(HISTORY_FORMAT),
  version: v.literal(HISTORY_VERSION),
  entry: v.variant('kind', [
    v.object({ kind: v.literal('run'), summary: RunSummarySchema }),
    v.object({ kind: v.literal('sweep'), sweep: SweepRecordSchema }),
  ]),
  // One or the other: a workload for PoolScope's pool, a script for a traced run.
  workload: v.optional(WorkloadSchema),
  script: v.optional(ScriptSpecSchema),
});

type EntryFile = {
  format: typeof HISTORY_FORMAT;
  version: typeof HISTORY_VERSION;
  entry: HistoryEntry;
} & RunInputs; // what was run, so a past run can be run again

type Listing = ResponseMap['history:list'];

export class HistoryStore {
  constructor(readonly dir: string) {}

  async saveRun(summary: RunSummary, trace: Trace, inputs: RunInputs): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await writeFileAtomic(this.tracePath(summary.id), JSON.stringify(trace));
    await this.writeEntry({ kind: 'run', summary }, inputs);
  }

  async saveSweep(sweep: SweepRecord, inputs: RunInputs): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await this.writeEntry({ kind: 'sweep', sweep }, inputs);
  }

  /** Newest first. A file that cannot be read is reported in `skipped`, never fatal. */
  async list(): Promise<Listing> {
    const listing: Listing = { entries: [], skipped: [] };
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return listing;
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

  async delete(id: string): Promise<boolean> {
    const existed = await this.has(id);
    await rm(this.entryPath(id), { force: true });
    await rm(this.tracePath(id), { force: true });
    return existed;
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

  private async readTrace(id: string): Promise<Trace> {
    const name = id + TRACE_SUFFIX;
    const trace = (await this.readJson(name, `the trace of ${id} is missing`)) as Partial<Trace>;
    if (
      trace?.format !== TRACE_FORMAT ||
      trace.version !== TRACE_VERSION ||
      !Array.isArray(trace.tasks)
    ) {
      throw new ServiceError('failed', `${name} is not a PoolScope trace`);
    }
    return trace as Trace;
  }

  /** The parsed contents of a file in the folder; `missing` is the message when it is absent. */
  private async readJson(name: string, missing: string): Promise<unknown> {
    let text: string;
    try {
      text = await readFile(join(this.dir, name), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT')
        throw new ServiceError('not-found', missing);
      throw e;
    }
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new ServiceError('failed', `${name} is not valid JSON: ${(e as Error).message}`);
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
