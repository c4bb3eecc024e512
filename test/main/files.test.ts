import type { Dialog } from 'electron';
import { mkdirSync, readFileSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  FORMAT_FILTERS,
  MAX_OPEN_BYTES,
  fileDialogHandlers,
  fileName,
} from '../../electron/main/files';
import { makeReadOnly } from '../service/readonly-dir';
import { tempDir } from '../support/temp-dir';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** A Save/Open dialog that "chooses" the given paths in turn, recording how it was opened. */
function fakeDialog(choices: (string | null)[]) {
  const shown: Record<string, unknown>[] = [];
  const next = (options: Record<string, unknown>) => {
    shown.push(options);
    return choices.shift() ?? null;
  };
  const dialog = {
    showSaveDialog: vi.fn(async (o: Record<string, unknown>) => {
      const p = next(o);
      return p ? { canceled: false, filePath: p } : { canceled: true, filePath: '' };
    }),
    showOpenDialog: vi.fn(async (o: Record<string, unknown>) => {
      const p = next(o);
      return p ? { canceled: false, filePaths: [p] } : { canceled: true, filePaths: [] };
    }),
  };
  return { dialog: dialog as unknown as Dialog, shown };
}

const svg = {
  format: 'svg' as const,
  suggestedName: 'future.py 2026-11-24 19-47',
  data: '<svg/>',
  encoding: 'utf8' as const,
};

describe('file:save', () => {
  it('writes the chosen file, with one filter for the format, a default name, and the last folder remembered', async () => {
    const dir = tempDir(cleanups);
    const other = join(dir, 'charts');
    mkdirSync(other);
    const { dialog, shown } = fakeDialog([join(other, 'a.svg'), join(other, 'b')]);
    const files = fileDialogHandlers({ dialog, window: () => null, defaultDir: dir });

    await expect(files['file:save'](svg)).resolves.toEqual({
      saved: true,
      path: join(other, 'a.svg'),
    });
    expect(shown[0]).toMatchObject({
      defaultPath: join(dir, 'future.py 2026-11-24 19-47.svg'),
      filters: [FORMAT_FILTERS.svg],
    });
    const png = {
      format: 'png' as const,
      suggestedName: 'x',
      data: Buffer.from([0x89, 0x50, 0x4e, 0x47]).toString('base64'),
      encoding: 'base64' as const,
    };
    await expect(files['file:save'](png)).resolves.toEqual({
      saved: true,
      path: join(other, 'b.png'),
    });
    expect(shown[1]).toMatchObject({
      defaultPath: join(other, 'x.png'),
      filters: [FORMAT_FILTERS.png],
    });

    expect(readFileSync(join(other, 'a.svg'), 'utf8')).toBe('<svg/>');
    expect([...readFileSync(join(other, 'b.png'))]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(readdirSync(other).sort()).toEqual(['a.svg', 'b.png']);
  });

  it('saves nothing when the dialog is cancelled', async () => {
    const dir = tempDir(cleanups);
    const files = fileDialogHandlers({
      ...fakeDialog([null]),
      window: () => null,
      defaultDir: dir,
    });
    await expect(files['file:save'](svg)).resolves.toEqual({ saved: false });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('fails clearly in a read-only folder and leaves no partial file', async () => {
    const dir = tempDir(cleanups);
    writeFileSync(join(dir, 'old.svg'), 'old');
    cleanups.push(makeReadOnly(dir));
    const files = fileDialogHandlers({
      ...fakeDialog([join(dir, 'old.svg'), join(dir, 'new.svg')]),
      window: () => null,
      defaultDir: dir,
    });
    await expect(files['file:save'](svg)).rejects.toThrow(`no permission to write ${dir}`);
    await expect(files['file:save'](svg)).rejects.toThrow(`no permission to write ${dir}`);
    expect(readdirSync(dir)).toEqual(['old.svg']);
    expect(readFileSync(join(dir, 'old.svg'), 'utf8')).toBe('old');
  });

  it('refuses an impossible name and malformed data with clear messages', async () => {
    const dir = tempDir(cleanups);
    const files = fileDialogHandlers({
      ...fakeDialog([join(dir, `${'n'.repeat(300)}.svg`)]),
      window: () => null,
      defaultDir: dir,
    });
    await expect(files['file:save'](svg)).rejects.toThrow(/^invalid name: n+\.svg$/);
    await expect(files['file:save']({ ...svg, format: 'png' })).rejects.toMatchObject({
      code: 'invalid-payload',
      message: 'file:save: a PNG must be sent base64-encoded',
    });
    await expect(
      files['file:save']({ ...svg, format: 'png', encoding: 'base64', data: 'not base64!' }),
    ).rejects.toMatchObject({
      code: 'invalid-payload',
      message: 'file:save: data is not valid base64',
    });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('makes a default name that is one plain file name with the extension', () => {
    expect(fileName('future.py 19:47', 'csv')).toBe('future.py 19_47.csv');
    expect(fileName('../../etc/passwd', 'chrome-json')).toBe('_.._etc_passwd.json');
    expect(fileName('...', 'svg')).toBe('poolscope.svg');
    expect(fileName('chart.SVG', 'svg')).toBe('chart.SVG');
  });
});

describe('file:open', () => {
  it('returns the chosen file text, nothing when cancelled, and refuses an oversized file', async () => {
    const dir = tempDir(cleanups);
    writeFileSync(join(dir, 'trace.json'), '{"format":"poolscope-trace"}');
    const huge = join(dir, 'huge.json');
    writeFileSync(huge, '');
    truncateSync(huge, MAX_OPEN_BYTES + 1); // sparse: no disk used
    const { dialog, shown } = fakeDialog([
      join(dir, 'trace.json'),
      null,
      huge,
      join(dir, 'gone.json'),
    ]);
    const files = fileDialogHandlers({ dialog, window: () => null, defaultDir: '/nowhere' });

    await expect(files['file:open'](undefined)).resolves.toEqual({
      opened: true,
      name: 'trace.json',
      text: '{"format":"poolscope-trace"}',
      path: join(dir, 'trace.json'),
    });
    expect(shown[0]).toMatchObject({
      defaultPath: '/nowhere',
      properties: ['openFile'],
      filters: [{ extensions: ['json'] }],
    });
    await expect(files['file:open'](undefined)).resolves.toEqual({ opened: false });
    expect(shown[1]).toMatchObject({ defaultPath: dir });
    await expect(files['file:open'](undefined)).rejects.toThrow(
      'huge.json is 256 MB; PoolScope opens traces up to 256 MB',
    );
    await expect(files['file:open'](undefined)).rejects.toThrow(
      `${join(dir, 'gone.json')} does not exist`,
    );
  });
});

describe('module:choose', () => {
  it("returns the chosen .py file's path, nothing when cancelled, from a dialog filtered on .py", async () => {
    const { dialog, shown } = fakeDialog(['/home/u/work.py', null]);
    const files = fileDialogHandlers({ dialog, window: () => null, defaultDir: '/home/u' });
    await expect(files['module:choose'](undefined)).resolves.toEqual({
      chosen: true,
      path: '/home/u/work.py',
    });
    expect(shown[0]).toMatchObject({ filters: [{ extensions: ['py'] }], properties: ['openFile'] });
    await expect(files['module:choose'](undefined)).resolves.toEqual({ chosen: false });
  });
});
