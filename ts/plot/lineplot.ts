/** `linePlot`: lines and scatter series with error bars on linear or log axes. */

import { checkSeries, seriesExtents } from './data.js';
import { renderFigure } from './figure.js';
import { drawSeries } from './marks.js';
import { paletteColor } from './palette.js';
import type { LinePlotOptions, Series } from './types.js';

/**
 * Draws series as lines and/or scatter markers (with optional symmetric error bars) and
 * returns a complete standalone `<svg>` string: axes with nice ticks and labels (linear
 * 1-2-5 steps or log decades), axis labels, optional title and a legend.
 *
 * - Points with a non-finite coordinate (or ≤ 0 on a log axis) are skipped; a line is broken there.
 * - Error bars reaching ≤ 0 on a log y axis are clipped at the bottom of the plot.
 * - With no series or no drawable point the SVG says "no data" instead of throwing.
 * - Throws an Error naming the series label when its x, y (or yErr) lengths differ.
 *
 * Options: see {@link LinePlotOptions} (labels, log scales, size, domains, legend corner).
 */
export function linePlot(series: Series[], options: LinePlotOptions): string {
  for (const s of series) checkSeries(s);
  const colors = series.map((s, i) => s.color ?? paletteColor(i));
  return renderFigure(
    {
      extents: (acceptX, acceptY, xWindow) => seriesExtents(series, acceptX, acceptY, xWindow),
      draw: (xs, ys, plot) => series.map((s, i) => drawSeries(s, colors[i] ?? paletteColor(i), xs, ys, plot)),
      legend: series.map((s, i) => ({ label: s.label, color: colors[i] ?? paletteColor(i), kind: s.kind, dash: s.dash === true })),
    },
    options,
  );
}
