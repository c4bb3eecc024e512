import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../electron/service/atomic-write';
import { makeReadOnly } from './readonly-dir';
import { tempDir } from '../support/temp-dir';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

describe('writeFileAtomic', () => {
  it('writes text and bytes, replacing the old file whole, and leaves no temporary file', async () => {
    const dir = tempDir(cleanups);
    const path = join(dir, 'chart.svg');
    await writeFileAtomic(path, '<svg>old</svg>');
    await writeFileAtomic(path, '<svg>new</svg>');
    expect(readFileSync(path, 'utf8')).toBe('<svg>new</svg>');
    await writeFileAtomic(join(dir, 'chart.png'), new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
    expect([...readFileSync(join(dir, 'chart.png'))]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(readdirSync(dir).sort()).toEqual(['chart.png', 'chart.svg']);
  });

  it('fails in a read-only folder with a clear message, keeping the old file and adding nothing', async () => {
    const dir = tempDir(cleanups);
    const path = join(dir, 'trace.csv');
    writeFileSync(path, 'old');
    cleanups.push(makeReadOnly(dir));
    await expect(writeFileAtomic(path, 'new')).rejects.toThrow(`no permission to write ${dir}`);
    expect(readFileSync(path, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['trace.csv']);
  });

  it('names a missing folder and an impossible name', async () => {
    const dir = tempDir(cleanups);
    await expect(writeFileAtomic(join(dir, 'nope', 'a.csv'), 'x')).rejects.toThrow(
      `the folder ${join(dir, 'nope')} does not exist`,
    );
    await expect(writeFileAtomic(join(dir, `${'n'.repeat(300)}.csv`), 'x')).rejects.toThrow(
      /^invalid name: n+\.csv$/,
    );
    expect(readdirSync(dir)).toEqual([]);
  });
});
