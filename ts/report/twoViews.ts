/**
 * Flagship 3 (1-D): two views of the same dynamics. Overdamped Langevin on the tilted double
 * well `U = (x² − 1)² + 0.25x` at T = 0.3 from the same initial law N(−1, 0.1²): an
 * Euler–Maruyama ensemble (histograms) and the Fokker–Planck equation (densities) at several
 * times, with the Gibbs density `∝ e^{−U/T}` as the limit. Agreement is measured by the total
 * variation distance between the histogram and the bin masses of the Fokker–Planck density.
 */
import { FokkerPlanck1D } from '../fokkerPlanck1d.js';
import { simulate } from '../ensemble.js';
import { landscapes } from '../landscape.js';
import { rng } from '../rng.js';
import { linePlot, type Series } from '../plot/index.js';

export const TWO_VIEWS_PARAMETERS = {
  tilt: 0.25, temperature: 0.3, start: { mean: -1, sd: 0.1 }, times: [0.5, 3, 30],
  nTrajectories: 50_000, dt: 2e-3, seed: 11, cells: 1000, domain: [-2.5, 2.5] as [number, number], bins: 60,
};

export interface TwoViewsRow {
  time: number;
  totalVariation: number;
  /** The TV distance expected from sampling alone, ≈ √(bins/(2πn)) (for many bins). */
  samplingLevel: number;
  massRight: { ensemble: number; fokkerPlanck: number };
}

export function runTwoViews(p = TWO_VIEWS_PARAMETERS): { rows: TwoViewsRow[]; svg: string } {
  const U = landscapes.tiltedDoubleWell({ tilt: p.tilt });
  const f = (x: number) => (x * x - 1) ** 2 + p.tilt * x;
  const [a, b] = p.domain;
  const edges = Array.from({ length: p.bins + 1 }, (_, i) => a + ((b - a) * i) / p.bins);
  const width = (b - a) / p.bins;
  const colors = ['#0072B2', '#E69F00', '#009E73'];
  const rows: TwoViewsRow[] = [];
  const series: Series[] = [];
  const x0 = rng.normals({ seed: p.seed, stream: 1 << 30, count: p.nTrajectories }).map((z) => p.start.mean + p.start.sd * z);
  using ens = simulate({ landscape: U, temperature: p.temperature, dt: p.dt, nTrajectories: p.nTrajectories, x0, seed: p.seed });
  using fp = FokkerPlanck1D.fromLandscape({ landscape: U, temperature: p.temperature, domain: p.domain, cells: p.cells, boundary: 'reflecting' });
  fp.setDensity((x) => Math.exp(-0.5 * ((x - p.start.mean) / p.start.sd) ** 2));
  const grid = fp.grid();
  const h = (b - a) / p.cells;
  try {
    p.times.forEach((t, k) => {
      ens.step(Math.round(t / p.dt) - ens.stepsDone);
      fp.evolve(t - fp.time, { dt: 1e-3 });
      const x = ens.positions();
      const counts = new Array<number>(p.bins).fill(0);
      for (const v of x) if (v >= a && v < b) counts[Math.floor((v - a) / width)]! += 1;
      const density = fp.density();
      // Bin masses of the FP density (its cells nest inside the bins: 1000 cells, 60 bins → by centre).
      const mass = new Array<number>(p.bins).fill(0);
      grid.forEach((c, i) => { mass[Math.min(p.bins - 1, Math.floor((c - a) / width))]! += (density[i] as number) * h; });
      const tv = 0.5 * counts.reduce((s, c, i) => s + Math.abs(c / p.nTrajectories - (mass[i] as number)), 0);
      rows.push({
        time: t, totalVariation: tv, samplingLevel: Math.sqrt(p.bins / (2 * Math.PI * p.nTrajectories)),
        massRight: { ensemble: x.reduce((s, v) => s + (v > 0 ? 1 : 0), 0) / p.nTrajectories, fokkerPlanck: grid.reduce((s, c, i) => s + (c > 0 ? (density[i] as number) * h : 0), 0) },
      });
      const color = colors[k % colors.length] as string;
      series.push({ kind: 'line', label: `Fokker–Planck, t = ${t}`, x: grid, y: density, color });
      series.push({ kind: 'scatter', label: `ensemble histogram, t = ${t}`, x: edges.slice(0, -1).map((e) => e + width / 2), y: counts.map((c) => c / (p.nTrajectories * width)), color });
    });
  } finally {
    U.dispose();
  }
  const z = grid.reduce((s, c) => s + Math.exp(-f(c) / p.temperature) * h, 0);
  series.push({ kind: 'line', label: 'Gibbs ∝ exp(−U/T)', x: grid, y: grid.map((c) => Math.exp(-f(c) / p.temperature) / z), color: '#000000', dash: true });
  const svg = linePlot(series, { title: 'Two views: ensemble histograms over Fokker–Planck densities', xLabel: 'x', yLabel: 'density p(x, t)', legend: 'top-right', height: 460 });
  return { rows, svg };
}
