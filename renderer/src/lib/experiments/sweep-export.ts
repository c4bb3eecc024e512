/** A sweep plot's exports (SVG, PNG at 2×, CSV), as files.ts saves or downloads them. */
import type { ExportFormat, SweepRecord } from '../../../../shared/contract';
import { EXPORT_FORMAT_INFO, exportFileName } from '../../../../shared/export/file-names';
import { sweepToCsv, sweepToSvg } from '../../../../shared/export/sweep';
import { EXPORT_WIDTH } from '../export';
import type { SaveRequest } from '../files';
import { svgToPngBase64 } from '../png';

export const SWEEP_EXPORT_FORMATS = ['svg', 'png', 'csv'] as const;
export type SweepExportFormat = (typeof SWEEP_EXPORT_FORMATS)[number];

export function isSweepExportFormat(format: ExportFormat): format is SweepExportFormat {
  return (SWEEP_EXPORT_FORMATS as readonly string[]).includes(format);
}

/** `now` names the file: `sleeping-tasks-sweep-2026-11-24-1942.svg`. */
export async function renderSweepExport(
  sweep: SweepRecord,
  format: SweepExportFormat,
  now = new Date(),
): Promise<SaveRequest> {
  const info = EXPORT_FORMAT_INFO[format];
  const svg = () => sweepToSvg(sweep, { width: EXPORT_WIDTH });
  const data =
    format === 'csv'
      ? sweepToCsv(sweep)
      : format === 'svg'
        ? svg()
        : await svgToPngBase64(svg(), 2);
  return {
    format,
    suggestedName: exportFileName({ name: `${sweep.name} sweep` }, format, now),
    data,
    encoding: info.encoding,
    mime: info.mime,
  };
}
