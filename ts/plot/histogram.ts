/** `histogramPlot`: a density histogram with overlaid curves. */

import { checkSeries, seriesExtents } from './data.js';
import { renderFigure } from './figure.js';
import { drawBars, drawSeries, type Bar } from './marks.js';
import { paletteColor } from './palette.js';
import type { Histogram, LinePlotOptions, Series } from './types.js';

/**
 * The bins of a histogram as density bars (count / (total × width)), so that the bar areas
 * sum to 1 and compare directly with a probability density. Bins with non-finite or
 * reversed edges, or a non-finite or negative count, are left out. Throws when
 * `edges.length !== counts.length + 1`.
 */
export function densityBars(h: Histogram): Bar[] {
  if (h.edges.length !== h.counts.length + 1) {
    throw new Error(`plot: histogram has ${h.edges.length} edges for ${h.counts.length} counts (need counts + 1)`);
  }
  const bins: Array<{ x0: number; x1: number; c: number }> = [];
  let total = 0;
  for (let i = 0; i < h.counts.length; i++) {
    const x0 = h.edges[i] ?? NaN;
    const x1 = h.edges[i + 1] ?? NaN;
    const c = h.counts[i] ?? NaN;
    if (Number.isFinite(x0) && Number.isFinite(x1) && x1 > x0 && Number.isFinite(c) && c >= 0) {
      bins.push({ x0, x1, c });
      total += c;
    }
  }
  if (!(total > 0)) return [];
  return bins.map((b) => ({ x0: b.x0, x1: b.x1, y: b.c / (total * (b.x1 - b.x0)) }));
}

/**
 * Draws a histogram as density bars (counts normalised by total count and bin width, so it
 * is comparable with a probability density) and overlays `overlay` series (e.g. an analytic
 * density as a line) on the same axes. Returns a complete standalone `<svg>` string.
 *
 * Bars start at 0 (on a log y axis: at the bottom of the plot; empty bins are then omitted).
 * The default y domain starts at 0 on a linear axis. The legend lists the overlay series.
 * Same point rules as {@link linePlot}: non-finite points skipped, "no data" when nothing
 * is drawable, an Error naming the label for an overlay with mismatched lengths, and an
 * Error when `edges.length !== counts.length + 1`.
 *
 * Options: see {@link LinePlotOptions}.
 */
export function histogramPlot(h: Histogram, overlay: Series[], options: LinePlotOptions): string {
  for (const s of overlay) checkSeries(s);
  const bars = densityBars(h);
  const colors = overlay.map((s, i) => s.color ?? paletteColor(i));
  return renderFigure(
    {
      extents: (acceptX, acceptY, xWindow) => {
        const ext = seriesExtents(overlay, acceptX, acceptY, xWindow);
        for (const b of bars) {
          if (!(acceptX(b.x0) && acceptX(b.x1))) continue;
          ext.x.add(b.x0);
          ext.x.add(b.x1);
          if (xWindow !== undefined && (b.x1 < xWindow[0] || b.x0 > xWindow[1])) continue;
          if (acceptY(b.y)) ext.y.add(b.y);
          if (acceptY(0)) ext.y.add(0);
        }
        return ext;
      },
      yZeroFloor: true,
      draw: (xs, ys, plot) => [
        drawBars(
          bars.filter((b) => xs.accepts(b.x0) && xs.accepts(b.x1) && ys.accepts(b.y) && b.y > 0),
          xs,
          ys,
          plot,
        ),
        ...overlay.map((s, i) => drawSeries(s, colors[i] ?? paletteColor(i), xs, ys, plot)),
      ],
      legend: overlay.map((s, i) => ({ label: s.label, color: colors[i] ?? paletteColor(i), kind: s.kind, dash: s.dash === true })),
    },
    options,
  );
}
