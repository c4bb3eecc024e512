/**
 * `poolscope` after an install: npm links package.json's "bin" onto a PATH folder, and the
 * command runs from anywhere, finding its built entry and its workers beside itself.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { version } from '../../package.json';
import { tempDir } from '../support/temp-dir';
import { ROOT } from './support';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

describe('poolscope installed with npm', () => {
  it('runs as `poolscope` from a global prefix, outside the checkout', () => {
    const prefix = tempDir(cleanups, 'poolscope-prefix-');
    // A folder install, offline: npm links the checkout and its bin; nothing is fetched.
    execFileSync(
      'npm',
      ['install', '--global', '--prefix', prefix, ROOT, '--offline', '--no-audit', '--no-fund'],
      {
        stdio: 'pipe',
      },
    );
    const bin = join(prefix, 'bin', 'poolscope');
    const elsewhere = tempDir(cleanups);
    const run = (args: string[]) => execFileSync(bin, args, { cwd: elsewhere, encoding: 'utf8' });
    expect(run(['--version'])).toBe(`poolscope ${version}\n`);
    const summary = JSON.parse(
      run(['run', 'pool_submit_slow_add', '--json', '--out', 'one.csv']),
    ) as {
      calls: number;
      done: number;
      outputs: string[];
    };
    expect(summary).toMatchObject({ calls: 1, done: 1, outputs: ['one.csv'] });
  });
});
