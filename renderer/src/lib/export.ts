/** Turns a trace into the bytes of an export, in every format the toolbar offers. */
import type { ExportFormat } from '../../../shared/contract';
import { EXPORT_FORMAT_INFO, exportFileName } from '../../../shared/export/file-names';
import { renderTrace } from '../../../shared/export/render';
import type { Trace } from '../../../shared/trace';
import { bytesToBase64, type SaveRequest } from './files';
import { svgToPng } from './png';

/** `now` names the file; the chart's title carries the run's own time (its start). */
export async function renderExport(
  trace: Trace,
  format: ExportFormat,
  now = new Date(),
): Promise<SaveRequest> {
  const info = EXPORT_FORMAT_INFO[format];
  const data = await renderTrace(trace, format, { rasterise: svgToPng });
  return {
    format,
    suggestedName: exportFileName(trace, format, now),
    data: typeof data === 'string' ? data : bytesToBase64(data),
    encoding: info.encoding,
    mime: info.mime,
  };
}
