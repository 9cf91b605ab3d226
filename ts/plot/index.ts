/**
 * Dependency-free SVG plotting: functions that return complete `<svg>` strings, usable in
 * Node and in browsers (no DOM needed).
 *
 * - {@link linePlot}: lines / scatter with error bars on linear or log axes.
 * - {@link histogramPlot}: density histogram with overlaid curves.
 */

export type { Histogram, LinePlotOptions, Series } from './types.js';
export { linePlot } from './lineplot.js';
export { histogramPlot } from './histogram.js';
