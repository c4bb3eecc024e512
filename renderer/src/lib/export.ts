/** Turns a trace into the bytes of an export, in every format the toolbar offers. */
import type { ExportFormat } from '../../../shared/contract';
import { traceToChromeJson } from '../../../shared/export/chrome-trace';
import { traceToCsv } from '../../../shared/export/csv';
import { EXPORT_FORMAT_INFO, exportFileName } from '../../../shared/export/file-names';
import { traceToJson } from '../../../shared/export/poolscope-json';
import { traceForExport } from '../../../shared/export/stack-paths';
import { traceToSvg } from '../../../shared/export/svg';
import type { Trace } from '../../../shared/trace';
import type { SaveRequest } from './files';
import { svgToPngBase64 } from './png';

/** Width of exported charts in CSS pixels: fits a slide; the PNG doubles it. */
export const EXPORT_WIDTH = 1200;

/**
 * `now` names the file; the chart's title carries the run's own time (it starts at
 * `trace.startedAt`). Stacks lose the machine's install paths.
 */
export async function renderExport(
  run: Trace,
  format: ExportFormat,
  now = new Date(),
): Promise<SaveRequest> {
  const trace = traceForExport(run);
  const info = EXPORT_FORMAT_INFO[format];
  const suggestedName = exportFileName(trace, format, now);
  const svg = () => traceToSvg(trace, { width: EXPORT_WIDTH });
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
