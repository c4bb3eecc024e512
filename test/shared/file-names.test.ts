import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS } from '../../shared/contract';
import { EXPORT_FORMAT_INFO, exportFileName } from '../../shared/export/file-names';

const at = new Date(2026, 10, 24, 19, 42, 59);

describe('exportFileName', () => {
  it.each([
    ['future.py', 'svg', 'future.py-2026-11-24-1942.svg'],
    ['future.py', 'png', 'future.py-2026-11-24-1942.png'],
    ['future.py', 'csv', 'future.py-2026-11-24-1942.csv'],
    ['future.py', 'chrome-json', 'future.py-2026-11-24-1942.trace.json'],
    ['future.py', 'poolscope-json', 'future.py-2026-11-24-1942.poolscope.json'],
    ['pool_submit.py (slow_add)', 'svg', 'pool_submit.py-slow_add-2026-11-24-1942.svg'],
    ['../../etc/passwd', 'csv', 'etc-passwd-2026-11-24-1942.csv'],
    ['a/b\\c:d*e?f"g<h>i|j', 'csv', 'a-b-c-d-e-f-g-h-i-j-2026-11-24-1942.csv'],
    ['Übung — exercise 1', 'csv', 'Ubung-exercise-1-2026-11-24-1942.csv'],
    ['進捗', 'csv', 'poolscope-2026-11-24-1942.csv'],
    ['   ', 'csv', 'poolscope-2026-11-24-1942.csv'],
    ['x'.repeat(300), 'csv', `${'x'.repeat(80)}-2026-11-24-1942.csv`],
  ] as const)('%j as %s -> %s', (name, format, file) => {
    expect(exportFileName({ name }, format, at)).toBe(file);
  });

  it('pads the date and time', () => {
    expect(exportFileName({ name: 'r' }, 'svg', new Date(2027, 0, 5, 7, 3))).toBe(
      'r-2027-01-05-0703.svg',
    );
  });
});

describe('EXPORT_FORMAT_INFO', () => {
  it('describes every format of the contract, each name ending in its extension', () => {
    expect(Object.keys(EXPORT_FORMAT_INFO).sort()).toEqual([...EXPORT_FORMATS].sort());
    for (const info of Object.values(EXPORT_FORMAT_INFO)) {
      expect(info.suffix.endsWith(`.${info.extension}`)).toBe(true);
      expect(info.label).not.toBe('');
    }
    expect(EXPORT_FORMAT_INFO.png.encoding).toBe('base64');
    expect(EXPORT_FORMAT_INFO.svg.mime).toBe('image/svg+xml');
  });
});
