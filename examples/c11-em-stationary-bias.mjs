// Exercise C.11 (seed 000), corrected: the stationary law of Euler–Maruyama at step h is biased.
// f(x) = x²(x − 2)² (minima 0 and 2), T = 0.3. Errata: the seed's "SME" correction is wrong; to
// first order the EM invariant density is π·[1 + h(f′²/(4T) − f″/2) + c] (c keeps it normalised),
// with π ∝ e^{−f/T}. The ensemble's long-run histogram is compared with π and with the corrected
// density; at h = 0.2 explicit EM diverges, which the library reports (trajectory and step).
// Run: npm run build && node examples/c11-em-stationary-bias.mjs
import { init, landscapes, simulate, histogramPlot, SgdynError } from '../dist/node.js';
import { histogram, pick, writeSvg } from './support.mjs';

await init();
const T = 0.3, lo = -1, hi = 3, bins = 80;
const f = (x) => x * x * (x - 2) ** 2;
const f1 = (x) => 4 * x ** 3 - 12 * x * x + 8 * x;
const f2 = (x) => 12 * x * x - 24 * x + 8;
const U = landscapes.fromExpression('x^2*(x-2)^2', { variables: ['x'] });
const n = pick(40_000, 4000), time = pick(10, 3);
const w = (hi - lo) / bins;
const centres = Array.from({ length: bins }, (_, i) => lo + (i + 0.5) * w);
/** A density on the bin centres, normalised to 1 over [lo, hi] (midpoint rule on a fine grid, averaged per bin). */
const binned = (g) => {
  const sub = 20, vals = centres.map((c) => { let s = 0; for (let k = 0; k < sub; k++) s += g(c - w / 2 + (k + 0.5) * w / sub); return s / sub; });
  const z = vals.reduce((a, b) => a + b, 0) * w;
  return vals.map((v) => v / z);
};
const pi = binned((x) => Math.exp(-f(x) / T));
const rows = [];
let lastHist, lastCorrected, lastH;
for (const h of [0.005, 0.01, 0.02, 0.05]) {
  // Half the ensemble starts in each well: π is symmetric about x = 1, so the well masses are right
  // from the start and only the fast relaxation inside the wells remains (a crossing takes ~10²).
  const ens = simulate({ landscape: U, temperature: T, dt: h, nTrajectories: n, x0: Float64Array.from({ length: n }, (_, i) => (i % 2) * 2), seed: 11, steps: Math.round(time / h) });
  const x = ens.positions();
  ens.dispose();
  const hist = histogram(x, lo, hi, bins);
  const p = Array.from(hist.counts, (c) => c / (n * w));
  const corrected = binned((x) => Math.exp(-f(x) / T) * Math.max(0, 1 + h * (f1(x) ** 2 / (4 * T) - f2(x) / 2)));
  const tv = (q) => 0.5 * p.reduce((s, v, i) => s + Math.abs(v - q[i]), 0) * w;
  const noise = Math.sqrt(bins / (2 * Math.PI * n));                  // TV of a histogram of n exact samples ≈ this
  rows.push({ h, 'TV(hist, π)': tv(pi).toFixed(4), 'TV(hist, first-order corrected)': tv(corrected).toFixed(4), 'sampling level': noise.toFixed(4), 'mass in (−0.5, 0.5)': (p.slice(10, 30).reduce((a, b) => a + b, 0) * w).toFixed(4) });
  [lastHist, lastCorrected, lastH] = [hist, corrected, h];
}
console.table(rows);
try {
  const ens = simulate({ landscape: U, temperature: T, dt: 0.2, nTrajectories: 100, x0: 0, seed: 1, steps: 1000 });
  ens.dispose();
  console.log('h = 0.2: no divergence in this run');
} catch (e) {
  if (!(e instanceof SgdynError) || e.code !== 'DIVERGED') throw e;
  console.log(`h = 0.2: DIVERGED (trajectory ${e.trajectory}, step ${e.step}): explicit EM is unstable on this quartic`);
}
writeSvg('c11-em-stationary-bias.svg', histogramPlot(lastHist, [
  { kind: 'line', label: 'π ∝ e^(−f/T)', x: centres, y: pi, dash: true },
  { kind: 'line', label: `π·[1 + h(f′²/4T − f″/2)], h = ${lastH}`, x: centres, y: lastCorrected },
], { title: `C.11: EM stationary histogram at h = ${lastH}, T = ${T}`, xLabel: 'x', yLabel: 'density' }));
U.dispose();
