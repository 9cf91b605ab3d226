/** Public data and option types of the SVG plotting module. */

/** One data series drawn on a plot: a polyline or a set of markers, with optional error bars. */
export interface Series {
  /** `'line'` joins consecutive points with a polyline; `'scatter'` draws a marker at each point. */
  kind: 'line' | 'scatter';
  /** Legend text (any string; it is XML-escaped). */
  label: string;
  /** Abscissae; must have the same length as `y`. */
  x: ArrayLike<number>;
  /** Ordinates; must have the same length as `x`. */
  y: ArrayLike<number>;
  /** Symmetric error bars (scatter and line), in data units; same length as `y`. */
  yErr?: ArrayLike<number>;
  /** Any SVG colour; default: the next colour of a colour-blind-safe palette (Okabe–Ito). */
  color?: string;
  /** Draw the line dashed (lines only; also used in the legend swatch). */
  dash?: boolean;
}

/** Options shared by {@link linePlot} and {@link histogramPlot}. */
export interface LinePlotOptions {
  /** Title drawn centred above the plot area. */
  title?: string;
  /** Axis label of the horizontal axis; include units in the text, e.g. `"1/T"`. */
  xLabel: string;
  /** Axis label of the vertical axis; include units in the text. */
  yLabel: string;
  /** Horizontal scale, default `'linear'`. On `'log'`, points with x ≤ 0 are skipped. */
  xScale?: 'linear' | 'log';
  /** Vertical scale, default `'linear'`. On `'log'`, points with y ≤ 0 are skipped. */
  yScale?: 'linear' | 'log';
  /** Width of the SVG in px, default 640. */
  width?: number;
  /** Height of the SVG in px, default 420. */
  height?: number;
  /** Horizontal data range; default: from the data, padded 5%. */
  xDomain?: [number, number];
  /** Vertical data range; default: from the data and error bars, padded 5%. */
  yDomain?: [number, number];
  /** Legend corner inside the plot area, or `'none'`; default: the corner covering the least data. */
  legend?: 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right' | 'none';
}

/** A binned distribution: `counts[i]` observations fell in `[edges[i], edges[i+1])`. */
export interface Histogram {
  /** Bin edges, ascending; length `counts.length + 1`. */
  edges: ArrayLike<number>;
  /** Observations per bin. */
  counts: ArrayLike<number>;
}
