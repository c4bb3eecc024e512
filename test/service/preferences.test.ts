import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_RECENT, Preferences } from '../../electron/service/preferences';
import { makeReadOnly } from './readonly-dir';
import { tempDir } from '../support/temp-dir';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function folder(parent: string, name: string): string {
  const dir = join(parent, name);
  mkdirSync(dir);
  return dir;
}

describe('Preferences (the last folder, across launches)', () => {
  it('remembers the last folder in a file the next launch reads', async () => {
    const data = join(tempDir(cleanups), 'userData'); // not created yet, as on a first launch
    const path = join(data, 'preferences.json');
    const a = folder(tempDir(cleanups), 'a');
    const b = folder(tempDir(cleanups), 'b');
    const warnings: string[] = [];

    const first = Preferences.load(path, (m) => warnings.push(m));
    expect(first.lastFolder('/fallback')).toBe('/fallback');
    void first.rememberFolder(a);
    await first.rememberFolder(b); // writes land in order: the file ends with the latest
    expect(first.lastFolder('/fallback')).toBe(b);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ version: 1, lastFolder: b });
    expect(readdirSync(data)).toEqual(['preferences.json']);

    expect(Preferences.load(path, (m) => warnings.push(m)).lastFolder('/fallback')).toBe(b);
    expect(warnings).toEqual([]);
  });

  it('falls back when the remembered folder is gone', async () => {
    const path = join(tempDir(cleanups), 'preferences.json');
    const gone = folder(tempDir(cleanups), 'gone');
    await Preferences.load(path).rememberFolder(gone);
    rmSync(gone, { recursive: true });
    expect(Preferences.load(path).lastFolder('/fallback')).toBe('/fallback');
  });

  it.each([
    ['not JSON', '{"version": 1, '],
    ['another version', '{"version": 2, "lastFolder": "/tmp"}'],
    ['a relative folder', '{"version": 1, "lastFolder": "charts"}'],
    ['a folder that is not a string', '{"version": 1, "lastFolder": 7}'],
  ])('starts with nothing remembered from %s, and says which file it ignored', (_, text) => {
    const path = join(tempDir(cleanups), 'preferences.json');
    writeFileSync(path, text);
    const warnings: string[] = [];
    const prefs = Preferences.load(path, (m) => warnings.push(m));
    expect(prefs.lastFolder('/fallback')).toBe('/fallback');
    expect(warnings).toEqual([`PoolScope: ignoring ${path}: not a version 1 preferences file`]);
  });

  it('a folder it cannot write to costs the memory, never the caller, and leaves no temporary file', async () => {
    const data = tempDir(cleanups);
    const path = join(data, 'preferences.json');
    writeFileSync(path, '{"version": 1}');
    cleanups.push(makeReadOnly(data));
    const warnings: string[] = [];
    const prefs = Preferences.load(path, (m) => warnings.push(m));
    const charts = folder(tempDir(cleanups), 'charts');

    await expect(prefs.rememberFolder(charts)).resolves.toBeUndefined();
    expect(warnings).toEqual([
      expect.stringMatching(
        /^PoolScope: cannot remember the last folder: .*no permission to write/,
      ),
    ]);
    expect(prefs.lastFolder('/fallback')).toBe(charts); // still used for the rest of this launch
    expect(readdirSync(data)).toEqual(['preferences.json']);
    expect(readFileSync(path, 'utf8')).toBe('{"version": 1}');
  });
});

describe('Preferences (theme and recent traces)', () => {
  it('keeps the theme and the recent traces, newest first, once each, at most MAX_RECENT, across launches', async () => {
    const path = join(tempDir(cleanups), 'preferences.json');
    const first = Preferences.load(path);
    expect(first.theme).toBe('system');
    expect(first.recent).toEqual([]);
    await first.setTheme('dark');
    for (let i = 0; i < MAX_RECENT + 2; i++) void first.addRecent(`/t/run-${i}.json`);
    await first.addRecent('/t/run-3.json'); // opened again: moves to the front
    await first.addRecent('relative.json'); // not a path PoolScope can reopen: ignored

    const again = Preferences.load(path);
    expect(again.theme).toBe('dark');
    expect(again.recent).toHaveLength(MAX_RECENT);
    expect(again.recent.slice(0, 3)).toEqual([
      { path: '/t/run-3.json', name: 'run-3.json' },
      { path: '/t/run-11.json', name: 'run-11.json' },
      { path: '/t/run-10.json', name: 'run-10.json' },
    ]);
    expect(again.recent.filter((r) => r.path === '/t/run-3.json')).toHaveLength(1);
    await again.clearRecent();
    expect(Preferences.load(path).recent).toEqual([]);
  });

  it('ignores a file with an unknown theme or a bad recent list, saying so', () => {
    const path = join(tempDir(cleanups), 'preferences.json');
    const warnings: string[] = [];
    writeFileSync(path, JSON.stringify({ version: 1, theme: 'sepia' }));
    expect(Preferences.load(path, (m) => warnings.push(m)).theme).toBe('system');
    writeFileSync(path, JSON.stringify({ version: 1, recent: ['not/absolute.json'] }));
    expect(Preferences.load(path, (m) => warnings.push(m)).recent).toEqual([]);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/not a version 1 preferences file/);
  });
});
