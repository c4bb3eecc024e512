/**
 * Browser mode's recent traces: a page cannot reopen a file by its path, so this browser keeps
 * a copy of each of the last MAX_RECENT traces opened by drop (IndexedDB stores File objects),
 * keyed by name. The desktop app's list is main's (preferences file and the OS's list).
 */
import type { RecentFile } from '../../../../shared/contract';

export const MAX_RECENT = 10;
const DB = 'poolscope';
const STORE = 'recent';

interface Row {
  name: string;
  file: File;
  at: number;
}

export class BrowserRecent {
  #db: Promise<IDBDatabase | null> | null = null;

  async list(): Promise<RecentFile[]> {
    const rows = await this.#rows();
    return rows.map((r) => ({ path: r.name, name: r.name }));
  }

  async get(name: string): Promise<File | null> {
    const db = await this.#open();
    if (!db) return null;
    const row = await request<Row | undefined>(db.transaction(STORE).objectStore(STORE).get(name));
    return row?.file ?? null;
  }

  /** Puts `file` first (replacing one of the same name), keeps MAX_RECENT, returns the list. */
  async add(file: File): Promise<RecentFile[]> {
    const db = await this.#open();
    if (!db) return [];
    const store = db.transaction(STORE, 'readwrite').objectStore(STORE);
    await request(store.put({ name: file.name, file, at: Date.now() } satisfies Row));
    const rows = await this.#rows();
    const stale = rows.slice(MAX_RECENT);
    if (stale.length) {
      const s = db.transaction(STORE, 'readwrite').objectStore(STORE);
      await Promise.all(stale.map((r) => request(s.delete(r.name))));
    }
    return rows.slice(0, MAX_RECENT).map((r) => ({ path: r.name, name: r.name }));
  }

  async #rows(): Promise<Row[]> {
    const db = await this.#open();
    if (!db) return [];
    const rows = await request<Row[]>(db.transaction(STORE).objectStore(STORE).getAll());
    return rows.sort((a, b) => b.at - a.at);
  }

  /** null where IndexedDB is unavailable (a private window may refuse it): no list, no failure. */
  #open(): Promise<IDBDatabase | null> {
    this.#db ??= new Promise((resolve) => {
      try {
        const req = indexedDB.open(DB, 1);
        req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'name' });
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => resolve(null);
      } catch {
        resolve(null);
      }
    });
    return this.#db;
  }
}

function request<T>(req: IDBRequest): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result as T);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}
