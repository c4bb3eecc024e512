/**
 * The run history as the UI sees it: the service's list (runs and sweeps, on disk, so it outlives
 * the app), reloaded when a run or sweep ends, with rename and delete. Files the service could not
 * read come back in `skipped` and are shown as a notice, never as a failure.
 */
import type { AppEvent, HistoryEntry, ResponseMap } from '../../../../shared/contract';
import { entryId, historyRows, idsToDelete, replaceEntry, type HistoryRow } from './history';
import type { HistoryApi, Say } from './types';

export type Skipped = ResponseMap['history:list']['skipped'];

export class HistoryStore {
  entries = $state.raw<HistoryEntry[]>([]);
  skipped = $state.raw<Skipped>([]);
  /** Something ended since the last load: the list is out of date. */
  stale = $state(true);
  loading = $state(false);
  readonly rows: HistoryRow[] = $derived(historyRows(this.entries));
  readonly #api: HistoryApi;
  readonly #say: Say;

  constructor(api: HistoryApi, say: Say) {
    this.#api = api;
    this.#say = say;
  }

  handle(event: AppEvent): void {
    if (event.channel === 'run:finished' || event.channel === 'sweep:finished') this.stale = true;
  }

  async refresh(): Promise<void> {
    this.loading = true;
    this.stale = false;
    try {
      const reply = await this.#api.historyList(undefined);
      if (!reply.ok) return this.#say(`Cannot list the history: ${reply.error.message}`, 'error');
      this.entries = reply.value.entries;
      this.skipped = reply.value.skipped;
    } finally {
      this.loading = false;
    }
  }

  /** The entry and, for a run, its trace; null (and a message) when it cannot be read. */
  async get(id: string): Promise<ResponseMap['history:get'] | null> {
    const reply = await this.#api.historyGet({ id });
    if (reply.ok) return reply.value;
    this.#say(`Cannot open ${id}: ${reply.error.message}`, 'error');
    return null;
  }

  /** True once renamed; the list shows the new name without a reload. */
  async rename(id: string, name: string): Promise<boolean> {
    const reply = await this.#api.historyRename({ id, name });
    if (!reply.ok) {
      this.#say(`Cannot rename: ${reply.error.message}`, 'error');
      return false;
    }
    this.entries = replaceEntry(this.entries, reply.value.entry);
    return true;
  }

  /** Deletes a row's files: a sweep's runs go with it. Stops at the first failure. */
  async remove(row: HistoryRow): Promise<void> {
    const ids = idsToDelete(row);
    const gone: string[] = [];
    for (const id of ids) {
      const reply = await this.#api.historyDelete({ id });
      if (!reply.ok) {
        this.#say(`Cannot delete ${id}: ${reply.error.message}`, 'error');
        break;
      }
      gone.push(id);
    }
    this.entries = this.entries.filter((e) => !gone.includes(entryId(e)));
    if (gone.length === ids.length) {
      const what = row.kind === 'run' ? 'run' : `sweep and its ${row.runs.length} runs`;
      this.#say(`Deleted the ${what} from the history.`);
    }
  }
}
