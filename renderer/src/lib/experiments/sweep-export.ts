/** A sweep plot's exports (SVG, PNG at 2×, CSV), as files.ts saves or downloads them. */
import type { SweepRecord } from '../../../../shared/contract';
import { EXPORT_FORMAT_INFO, exportFileName } from '../../../../shared/export/file-names';
import { renderSweep, type SweepExportFormat } from '../../../../shared/export/render';
import { bytesToBase64, type SaveRequest } from '../files';
import { svgToPng } from '../png';

export {
  SWEEP_EXPORT_FORMATS,
  isSweepExportFormat,
  type SweepExportFormat,
} from '../../../../shared/export/render';

/** `now` names the file: `sleeping-tasks-sweep-2026-11-24-1942.svg`. */
export async function renderSweepExport(
  sweep: SweepRecord,
  format: SweepExportFormat,
  now = new Date(),
): Promise<SaveRequest> {
  const info = EXPORT_FORMAT_INFO[format];
  const data = await renderSweep(sweep, format, { rasterise: svgToPng });
  return {
    format,
    suggestedName: exportFileName({ name: `${sweep.name} sweep` }, format, now),
    data: typeof data === 'string' ? data : bytesToBase64(data),
    encoding: info.encoding,
    mime: info.mime,
  };
}
