/**
 * What the desktop app remembers between launches that is not a run: the folder the last export
 * went to or the last trace came from, the theme chosen, and the traces opened recently. One
 * small JSON file in the app's data folder,
 * written atomically; a missing, unreadable or malformed file means "nothing remembered", never a
 * failed start.
 */
import { readFileSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, dirname, isAbsolute } from 'node:path';
import * as v from 'valibot';
import { THEMES, type RecentFile, type Theme } from '../../shared/contract';
import { writeFileAtomic } from './atomic-write';

/** Open Recent lists this many traces, newest first. */
export const MAX_RECENT = 10;

const absolutePath = v.pipe(v.string(), v.check(isAbsolute, 'not an absolute path'));
const PreferencesFile = v.object({
  version: v.literal(1),
  lastFolder: v.optional(absolutePath),
  theme: v.optional(v.picklist(THEMES)),
  recent: v.optional(v.pipe(v.array(absolutePath), v.maxLength(MAX_RECENT))),
});
type PreferencesFile = v.InferOutput<typeof PreferencesFile>;

export class Preferences {
  #data: PreferencesFile;
  /** Writes in the order they were asked for, so the file ends with the latest. */
  #writes: Promise<void> = Promise.resolve();

  private constructor(
    private readonly path: string,
    private readonly warn: (message: string) => void,
    data: PreferencesFile,
  ) {
    this.#data = data;
  }

  /** Reads `path` once, at start-up; `warn` hears why a file that exists was not used. */
  static load(path: string, warn: (message: string) => void = console.warn): Preferences {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
        warn(`PoolScope: cannot read ${path}, starting without remembered settings: ${String(e)}`);
      }
      return new Preferences(path, warn, { version: 1 });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = v.safeParse(PreferencesFile, json);
    if (!parsed.success) {
      warn(`PoolScope: ignoring ${path}: not a version 1 preferences file`);
      return new Preferences(path, warn, { version: 1 });
    }
    return new Preferences(path, warn, parsed.output);
  }

  /** The folder last used, if it is still a folder; otherwise `fallback`. */
  lastFolder(fallback: string): string {
    const dir = this.#data.lastFolder;
    if (dir === undefined) return fallback;
    try {
      return statSync(dir).isDirectory() ? dir : fallback;
    } catch {
      return fallback;
    }
  }

  /**
   * Remembers `dir`; the promise resolves once it is on disk, or once writing it failed and was
   * reported to `warn`: it never rejects.
   */
  rememberFolder(dir: string): Promise<void> {
    if (!isAbsolute(dir) || this.#data.lastFolder === dir) return this.#writes;
    return this.#save({ lastFolder: dir }, 'the last folder');
  }

  get theme(): Theme {
    return this.#data.theme ?? 'system';
  }

  /** Like rememberFolder, never rejects. */
  setTheme(theme: Theme): Promise<void> {
    if (this.theme === theme) return this.#writes;
    return this.#save({ theme }, 'the theme');
  }

  /** The traces opened recently, newest first. */
  get recent(): RecentFile[] {
    return (this.#data.recent ?? []).map((path) => ({ path, name: basename(path) }));
  }

  /** Puts `path` first in the recent list (once); never rejects. */
  addRecent(path: string): Promise<void> {
    if (!isAbsolute(path)) return this.#writes;
    const rest = (this.#data.recent ?? []).filter((p) => p !== path);
    return this.#save({ recent: [path, ...rest].slice(0, MAX_RECENT) }, 'the recent files');
  }

  clearRecent(): Promise<void> {
    return this.#save({ recent: [] }, 'the recent files');
  }

  #save(change: Partial<PreferencesFile>, what: string): Promise<void> {
    this.#data = { ...this.#data, ...change };
    const text = `${JSON.stringify(this.#data, null, 2)}\n`;
    // A failed write costs only a memory (a folder, a theme), and the next change tries again.
    this.#writes = this.#writes
      .then(() => mkdir(dirname(this.path), { recursive: true }))
      .then(() => writeFileAtomic(this.path, text))
      .catch((e: unknown) => {
        this.warn(`PoolScope: cannot remember ${what}: ${String(e)}`);
      });
    return this.#writes;
  }
}
