// Report flagship 3 (1-D): the same dynamics two ways. Tilted double well (x² − 1)² + 0.25x at
// T = 0.3 from N(−1, 0.1²): an Euler–Maruyama ensemble (histogram) and the Fokker–Planck density
// (FokkerPlanck1D, Scharfetter–Gummel, TR-BDF2) at t = 0.5, 3, 30; their total-variation distance
// stays at the sampling level √(bins/(2πn)).
// Run: npm run build && node examples/report-two-views.mjs
import { init, landscapes, simulate, rng, FokkerPlanck1D, histogramPlot } from '../dist/node.js';
import { histogram, pick, writeSvg } from './support.mjs';

await init();
const T = 0.3, n = pick(50_000, 5000), dt = 2e-3, bins = 60, [lo, hi] = [-2.5, 2.5];
const U = landscapes.tiltedDoubleWell({ tilt: 0.25 });
const fp = FokkerPlanck1D.fromLandscape({ landscape: U, temperature: T, domain: [lo, hi], cells: 1000 });
fp.setDensity((x) => Math.exp(-0.5 * ((x + 1) / 0.1) ** 2));
const ens = simulate({ landscape: U, temperature: T, dt, nTrajectories: n, x0: rng.normals({ seed: 1, count: n }).map((z) => -1 + 0.1 * z), seed: 11 });
const rows = [];
let last, now = 0;
for (const t of pick([0.5, 3, 30], [0.5, 3])) {
  ens.step(Math.round((t - now) / dt));
  fp.evolve(t - now, { dt: 1e-3 });
  now = t;
  const h = histogram(ens.positions(), lo, hi, bins), w = (hi - lo) / bins;
  const grid = fp.grid(), p = fp.density();
  const binP = Array.from({ length: bins }, (_, b) => { let s = 0; for (let i = 0; i < grid.length; i++) if (Math.floor((grid[i] - lo) / w) === b) s += p[i] * (grid[1] - grid[0]); return s; });
  const tv = 0.5 * binP.reduce((s, q, b) => s + Math.abs(q - h.counts[b] / n), 0);
  rows.push({ t, 'TV(histogram, Fokker–Planck)': tv.toFixed(4), 'sampling level': Math.sqrt(bins / (2 * Math.PI * n)).toFixed(4), 'mass x > 0 (ensemble)': (ens.positions().filter((x) => x > 0).length / n).toFixed(4), 'mass x > 0 (FP)': p.reduce((s, q, i) => s + (grid[i] > 0 ? q * (grid[1] - grid[0]) : 0), 0).toFixed(4) });
  last = { t, h, grid, p };
}
console.table(rows);
writeSvg('report-two-views.svg', histogramPlot(last.h, [{ kind: 'line', label: `Fokker–Planck, t = ${last.t}`, x: last.grid, y: last.p }, { kind: 'line', label: 'Gibbs (stationary)', x: last.grid, y: fp.stationary(), dash: true }],
  { title: `Ensemble vs Fokker–Planck at t = ${last.t}`, xLabel: 'x', yLabel: 'density' }));
ens.dispose();
fp.dispose();
U.dispose();
