import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

describe('npm start without the Electron binary', () => {
  it('says what to do, with no stack trace, and exits 1', () => {
    // An empty override folder hides the binary even where one is installed.
    const empty = mkdtempSync(join(tmpdir(), 'poolscope-no-electron-'));
    cleanups.push(() => rmSync(empty, { recursive: true, force: true }));
    const result = spawnSync(process.execPath, ['scripts/start.mjs'], {
      cwd: ROOT,
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: empty },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('The Electron binary is not installed');
    expect(result.stderr).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD=1');
    expect(result.stderr).toContain('node node_modules/electron/install.js');
    expect(result.stderr).toContain('npm run serve');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});
