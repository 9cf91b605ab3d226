/**
 * Dependency-free SVG plotting: functions that return complete `<svg>` strings, usable in
 * Node and in browsers (no DOM needed).
 *
 * - {@link linePlot}: lines / scatter with error bars on linear or log axes.
 * - {@link histogramPlot}: density histogram with overlaid curves.
 * - {@link heatmapPlot}: a gridded 2-D field as coloured cells with colour bar, contours, quiver arrows.
 */

export type { Histogram, LinePlotOptions, Series } from './types.js';
export { linePlot } from './lineplot.js';
export { histogramPlot } from './histogram.js';
export type { HeatmapField, HeatmapOptions } from './heatmap.js';
export { heatmapPlot } from './heatmap.js';
