/** What each export format is called, saved as and filtered by, and its default file name. */
import type { ExportFormat } from '../contract';
import type { Trace } from '../trace';

export interface ExportFormatInfo {
  /** The extension a Save dialog filters on, without the dot. */
  extension: string;
  /** What the default name ends with: both JSON formats end in .json, so they say which. */
  suffix: string;
  mime: string;
  /** For menus and buttons. */
  label: string;
  /** For the Save dialog's filter list. */
  filterName: string;
  /** How the data travels to `file:save`: PNG is binary. */
  encoding: 'utf8' | 'base64';
}

export const EXPORT_FORMAT_INFO: Readonly<Record<ExportFormat, ExportFormatInfo>> = {
  svg: {
    extension: 'svg',
    suffix: '.svg',
    mime: 'image/svg+xml',
    label: 'SVG image',
    filterName: 'SVG image',
    encoding: 'utf8',
  },
  png: {
    extension: 'png',
    suffix: '.png',
    mime: 'image/png',
    label: 'PNG image (2×)',
    filterName: 'PNG image',
    encoding: 'base64',
  },
  csv: {
    extension: 'csv',
    suffix: '.csv',
    mime: 'text/csv',
    label: 'CSV table',
    filterName: 'CSV (spreadsheet, pandas)',
    encoding: 'utf8',
  },
  'chrome-json': {
    extension: 'json',
    suffix: '.trace.json',
    mime: 'application/json',
    label: 'Chrome trace JSON (Perfetto)',
    filterName: 'Chrome trace JSON (Perfetto, chrome://tracing)',
    encoding: 'utf8',
  },
  'poolscope-json': {
    extension: 'json',
    suffix: '.poolscope.json',
    mime: 'application/json',
    label: 'PoolScope trace JSON',
    filterName: 'PoolScope trace',
    encoding: 'utf8',
  },
};

const MAX_STEM = 80;

/**
 * `future.py-2026-11-24-1942.svg`: the workload's name and the local time, in characters that
 * are safe on every file system (ASCII letters, digits, `.`, `_`, `-`; accents are dropped, the
 * rest become `-`, leading and trailing dots and dashes go).
 */
export function exportFileName(
  trace: Pick<Trace, 'name'>,
  format: ExportFormat,
  now: Date,
): string {
  const stem =
    trace.name
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/-{2,}/g, '-')
      .slice(0, MAX_STEM)
      .replace(/^[-.]+|[-.]+$/g, '') || 'poolscope';
  const { year, month, day, hours, minutes } = localDateParts(now);
  return `${stem}-${year}-${month}-${day}-${hours}${minutes}${EXPORT_FORMAT_INFO[format].suffix}`;
}

/** Zero-padded local date and time fields. */
export function localDateParts(date: Date) {
  const two = (n: number) => String(n).padStart(2, '0');
  return {
    year: String(date.getFullYear()),
    month: two(date.getMonth() + 1),
    day: two(date.getDate()),
    hours: two(date.getHours()),
    minutes: two(date.getMinutes()),
  };
}
