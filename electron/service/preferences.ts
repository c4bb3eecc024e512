/**
 * What the desktop app remembers between launches that is not a run: for now the folder the last
 * export went to or the last trace came from. One small JSON file in the app's data folder,
 * written atomically; a missing, unreadable or malformed file means "nothing remembered", never a
 * failed start.
 */
import { readFileSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, isAbsolute } from 'node:path';
import * as v from 'valibot';
import { writeFileAtomic } from './atomic-write';

const PreferencesFile = v.object({
  version: v.literal(1),
  lastFolder: v.optional(v.pipe(v.string(), v.check(isAbsolute, 'not an absolute path'))),
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
    this.#data = { ...this.#data, lastFolder: dir };
    const text = `${JSON.stringify(this.#data, null, 2)}\n`;
    // A failed write costs only the memory of a folder, and the next folder chosen tries again.
    this.#writes = this.#writes
      .then(() => mkdir(dirname(this.path), { recursive: true }))
      .then(() => writeFileAtomic(this.path, text))
      .catch((e: unknown) => {
        this.warn(`PoolScope: cannot remember the last folder: ${String(e)}`);
      });
    return this.#writes;
  }
}
