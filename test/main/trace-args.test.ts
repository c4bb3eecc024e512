import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { traceArgs } from '../../electron/main/trace-args';
import { tempDir } from '../support/temp-dir';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

describe('traceArgs (the files named on a command line)', () => {
  it('keeps existing files, resolved against the launch folder; drops the program, flags, the app entry, folders and missing paths', () => {
    const dir = tempDir(cleanups);
    writeFileSync(join(dir, 'run.json'), '{}');
    writeFileSync(join(dir, 'table.csv'), 'a');
    writeFileSync(join(dir, 'index.js'), '');
    mkdirSync(join(dir, 'folder'));
    const argv = [
      '/opt/PoolScope/poolscope',
      '--no-sandbox',
      '--original-process-start-time=1',
      'index.js',
      '.',
      'folder',
      'missing.json',
      'run.json',
      join(dir, 'table.csv'),
    ];
    // A non-trace file is kept: opening it says why it is not one.
    expect(traceArgs(argv, dir)).toEqual([join(dir, 'run.json'), join(dir, 'table.csv')]);
    expect(traceArgs(['/opt/PoolScope/poolscope'], dir)).toEqual([]);
  });
});
