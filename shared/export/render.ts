/**
 * The one way a trace or a sweep becomes the bytes of an export file, for the app's toolbar and
 * the command line alike. Only rasterising differs between them (a canvas in the page, resvg in
 * Node), so it is passed in; the pHYs chunk is added here, for both.
 */
import type { ExportFormat, SweepRecord } from '../contract';
import type { Trace } from '../trace';
import { traceToChromeJson } from './chrome-trace';
import { traceToCsv } from './csv';
import { traceToJson } from './poolscope-json';
import { withPhys } from './png-phys';
import { traceForExport } from './stack-paths';
import { traceToSvg } from './svg';
import { sweepToCsv, sweepToSvg } from './sweep';

/** Width of exported charts in CSS pixels: fits a slide; the PNG doubles it. */
export const EXPORT_WIDTH = 1200;
/** PNGs are drawn at 2× the SVG's size ... */
export const PNG_SCALE = 2;
/** ... and say so: 2 × 96 CSS px per inch, so they open at the SVG's size. */
export const PNG_DPI = 96 * PNG_SCALE;

/** An SVG drawn at `scale`× its size, as PNG bytes. */
export type Rasterise = (svg: string, scale: number) => Promise<Uint8Array>;

export interface RenderOptions {
  rasterise: Rasterise;
  /** The date in the chart's title; default: the run's start. */
  date?: Date;
}

export const SWEEP_EXPORT_FORMATS = ['svg', 'png', 'csv'] as const;
export type SweepExportFormat = (typeof SWEEP_EXPORT_FORMATS)[number];

export function isSweepExportFormat(format: ExportFormat): format is SweepExportFormat {
  return (SWEEP_EXPORT_FORMATS as readonly string[]).includes(format);
}

/** A PNG of `svg` at PNG_SCALE with its pHYs chunk. */
export async function pngOf(svg: string, rasterise: Rasterise): Promise<Uint8Array> {
  return withPhys(await rasterise(svg, PNG_SCALE), PNG_DPI);
}

/** An exported chart's width, and its date when one is given. */
const chartOptions = (opts: RenderOptions) => ({
  width: EXPORT_WIDTH,
  ...(opts.date && { date: opts.date }),
});

/** A run's export: text for the text formats, bytes for PNG. */
export async function renderTrace(
  run: Trace,
  format: ExportFormat,
  opts: RenderOptions,
): Promise<string | Uint8Array> {
  // Exported stacks carry no install paths (stack-paths.ts); the run's own trace is kept.
  const trace = traceForExport(run);
  const svg = () => traceToSvg(trace, chartOptions(opts));
  switch (format) {
    case 'svg':
      return svg();
    case 'png':
      return pngOf(svg(), opts.rasterise);
    case 'csv':
      return traceToCsv(trace);
    case 'chrome-json':
      return traceToChromeJson(trace);
    case 'poolscope-json':
      return traceToJson(trace);
  }
}

/** A sweep's export: the plot (SVG, PNG) or its points (CSV). */
export async function renderSweep(
  sweep: SweepRecord,
  format: SweepExportFormat,
  opts: RenderOptions,
): Promise<string | Uint8Array> {
  const svg = () => sweepToSvg(sweep, chartOptions(opts));
  switch (format) {
    case 'svg':
      return svg();
    case 'png':
      return pngOf(svg(), opts.rasterise);
    case 'csv':
      return sweepToCsv(sweep);
  }
}
