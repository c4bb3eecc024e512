/**
 * The history list's rows: every run and sweep, newest first, with each sweep's runs (one per
 * worker count) folded under it rather than crowding the list.
 */
import type { HistoryEntry, RunSummary, SweepRecord } from '../../../../shared/contract';
import { localDateTime } from '../../../../shared/export/sweep';

export type HistoryRow =
  | { kind: 'run'; id: string; run: RunSummary }
  | { kind: 'sweep'; id: string; sweep: SweepRecord; runs: RunSummary[] };

export function entryId(entry: HistoryEntry): string {
  return entry.kind === 'run' ? entry.summary.id : entry.sweep.id;
}

/**
 * Rows in the order of `entries` (newest first). A run of a listed sweep goes under it, ordered
 * by worker count; a run whose sweep is not listed (still running, or deleted) stays on its own.
 */
export function historyRows(entries: readonly HistoryEntry[]): HistoryRow[] {
  const sweeps = new Set(entries.flatMap((e) => (e.kind === 'sweep' ? [e.sweep.id] : [])));
  const runsOf = new Map<string, RunSummary[]>();
  for (const e of entries) {
    const sweepId = e.kind === 'run' ? e.summary.sweepId : undefined;
    if (e.kind !== 'run' || sweepId === undefined || !sweeps.has(sweepId)) continue;
    runsOf.set(sweepId, [...(runsOf.get(sweepId) ?? []), e.summary]);
  }
  const rows: HistoryRow[] = [];
  for (const e of entries) {
    if (e.kind === 'sweep') {
      const runs = (runsOf.get(e.sweep.id) ?? []).sort((a, b) => a.maxWorkers - b.maxWorkers);
      rows.push({ kind: 'sweep', id: e.sweep.id, sweep: e.sweep, runs });
    } else if (!(e.summary.sweepId && sweeps.has(e.summary.sweepId))) {
      rows.push({ kind: 'run', id: e.summary.id, run: e.summary });
    }
  }
  return rows;
}

/** The ids to delete with an entry: a sweep takes its runs with it. */
export function idsToDelete(row: HistoryRow): string[] {
  return row.kind === 'run' ? [row.id] : [row.id, ...row.runs.map((r) => r.id)];
}

/** "2026-11-24 19:42", local time. */
export function formatWhen(epochMs: number): string {
  return localDateTime(new Date(epochMs));
}

/** An entry with a new name, as the service answers a rename. */
export function replaceEntry(entries: readonly HistoryEntry[], next: HistoryEntry): HistoryEntry[] {
  const id = entryId(next);
  return entries.map((e) => (entryId(e) === id ? next : e));
}
