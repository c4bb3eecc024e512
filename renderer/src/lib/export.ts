/** Turns a trace into the bytes of an export, in every format the toolbar offers. */
import type { ExportFormat } from '../../../shared/contract';
import { traceToChromeJson } from '../../../shared/export/chrome-trace';
import { traceToCsv } from '../../../shared/export/csv';
import { EXPORT_FORMAT_INFO, exportFileName } from '../../../shared/export/file-names';
import { traceToJson } from '../../../shared/export/poolscope-json';
import { traceToSvg } from '../../../shared/export/svg';
import type { Trace } from '../../../shared/trace';
import type { SaveRequest } from './files';
import { svgToPngBase64 } from './png';

/** Width of exported charts in CSS pixels: fits a slide; the PNG doubles it. */
export const EXPORT_WIDTH = 1200;

/** `now` dates the chart's title and names the file. */
export async function renderExport(
  trace: Trace,
  format: ExportFormat,
  now = new Date(),
): Promise<SaveRequest> {
  const info = EXPORT_FORMAT_INFO[format];
  const suggestedName = exportFileName(trace, format, now);
  const svg = () => traceToSvg(trace, { width: EXPORT_WIDTH, date: now });
  const file = (data: string): SaveRequest => ({
    format,
    suggestedName,
    data,
    encoding: info.encoding,
    mime: info.mime,
  });
  switch (format) {
    case 'svg':
      return file(svg());
    case 'png':
      return file(await svgToPngBase64(svg(), 2));
    case 'csv':
      return file(traceToCsv(trace));
    case 'chrome-json':
      return file(traceToChromeJson(trace));
    case 'poolscope-json':
      return file(traceToJson(trace));
  }
}
