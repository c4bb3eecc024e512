/**
 * PNG without a browser: resvg (a native Node module, so it lives here and not in shared/) draws
 * the same standalone SVG the app rasterises on a canvas; shared/export/render.ts adds pHYs.
 */
import { Resvg } from '@resvg/resvg-js';
import type { Rasterise } from '../../shared/export/render';

/**
 * The family the charts name first (shared/export/svg.ts). System fonts are loaded so the
 * fallbacks in the chart's font stack (Arial, Helvetica, any sans-serif) work where DejaVu is not
 * installed.
 */
const CHART_FONT = 'DejaVu Sans';

export const rasterise: Rasterise = async (svg, scale) => {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: CHART_FONT, sansSerifFamily: CHART_FONT },
    logLevel: 'off',
  });
  return new Uint8Array(resvg.render().asPng());
};
