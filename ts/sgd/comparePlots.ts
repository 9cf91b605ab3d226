/**
 * SVG figures of an SGD-vs-surrogate comparison (public `sgd.comparisonPlots`), drawn with
 * `ts/plot`: loss curves with standard-error bars, distances over time against the TV sampling
 * level, and the final marginal histograms (SGD as bars, the surrogate as a step line).
 */
import { gridHistogram } from '../analysis/distances.js';
import { histogramPlot } from '../plot/histogram.js';
import { linePlot } from '../plot/lineplot.js';
import type { Series } from '../plot/types.js';
import type { Comparison } from './compare.js';

/** The figures of `comparisonPlots` (complete `<svg>` strings). */
export interface ComparisonPlots {
  loss: string;
  distances: string;
  /** One per coordinate (final frame). */
  marginals: string[];
}

const SGD_COLOR = '#0072B2';
const SDE_COLOR = '#D55E00';

/** Draws a `Comparison`; `names` label the coordinates (default θ₁, θ₂, …). */
export function comparisonPlots(c: Comparison, o: { names?: readonly string[]; title?: string } = {}): ComparisonPlots {
  const names = o.names ?? Array.from({ length: c.p }, (_, k) => `θ${k + 1}`);
  const prefix = o.title ? `${o.title}: ` : '';
  const loss = linePlot([
    { kind: 'line', label: 'SGD (mean ± SE)', x: c.times, y: c.sgd.loss, yErr: c.sgd.lossStandardError, color: SGD_COLOR },
    { kind: 'line', label: 'SDE surrogate (mean ± SE)', x: c.times, y: c.surrogate.loss, yErr: c.surrogate.lossStandardError, color: SDE_COLOR, dash: true },
  ], { title: `${prefix}loss along the run`, xLabel: 't = kη', yLabel: 'L(θ)', yScale: 'log' });
  const frames = c.times.length;
  const later = (a: ArrayLike<number>, stride = 1, offset = 0) => Float64Array.from({ length: frames - 1 }, (_, f) => a[(f + 1) * stride + offset] as number);
  const t = later(c.times);
  const series: Series[] = names.map((name, k) => ({ kind: 'line' as const, label: `TV of the ${name} marginals`, x: t, y: later(c.totalVariation, c.p, k) }));
  if (c.jointTotalVariation.length > 0) series.push({ kind: 'line', label: 'TV on the joint grid', x: t, y: later(c.jointTotalVariation) });
  series.push({ kind: 'line', label: 'sliced W₂', x: t, y: later(c.slicedWasserstein), color: '#000000' });
  series.push({ kind: 'line', label: `TV sampling level √(bins/(πn))`, x: t, y: t.map(() => c.totalVariationSamplingLevel), color: '#999999', dash: true });
  const distances = linePlot(series, { title: `${prefix}SGD vs surrogate distances`, xLabel: 't = kη', yLabel: 'distance' });
  const marginals = names.map((name, k) => {
    const column = (xs: Float64Array) => Float64Array.from({ length: c.nReplicas }, (_, i) => xs[i * c.p + k] as number);
    const a = column(c.final.sgd), b = column(c.final.surrogate);
    let lo = Infinity, hi = -Infinity;
    for (const v of [...a, ...b]) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    if (!(hi > lo)) { lo -= 0.5; hi += 0.5; }
    const h = gridHistogram(a, [lo, hi], c.bins), g = gridHistogram(b, [lo, hi], c.bins);
    // The surrogate's density as a step line over the same bins.
    const w = (hi - lo) / c.bins, xs: number[] = [], ys: number[] = [];
    for (let i = 0; i < c.bins; i++) {
      const y = (g.counts[i] as number) / (c.nReplicas * w);
      xs.push(h.edges[i] as number, h.edges[i + 1] as number);
      ys.push(y, y);
    }
    return histogramPlot(h, [{ kind: 'line', label: 'SDE surrogate', x: xs, y: ys, color: SDE_COLOR }],
      { title: `${prefix}${name} at t = ${(c.times[frames - 1] as number).toPrecision(3)} (bars: SGD)`, xLabel: name, yLabel: 'density' });
  });
  return { loss, distances, marginals };
}
