// Report flagship 6: strong convergence orders on a shared Brownian path (brownianRefinement).
// Geometric Brownian motion dX = −X dt + 0.5X dW against its exact solution X₀e^{(−1−0.125)t+0.5W_t}:
// Euler–Maruyama order ½, Milstein order 1. Additive noise on the double well: EM order 1 (errata:
// not ½), SRA1 order 1.5, against the finest path.
// Run: npm run build && node examples/report-convergence.mjs
import { init, landscapes, strongConvergence, linePlot } from '../dist/node.js';
import { pick, writeSvg } from './support.mjs';

await init();
const gbm = landscapes.quadratic({ hessian: [[1]] }), well = landscapes.doubleWell();
const common = { nTrajectories: pick(2000, 200), seed: 5, time: 1 };
const exact = (W) => W.map((w) => Math.exp((-1 - 0.125) + 0.5 * w));
const runs = [
  ['GBM', 'euler-maruyama', 0.5, { landscape: gbm, noise: { kind: 'linear', scale: 0.5 }, x0: 1, levels: pick([6, 7, 8, 9, 10], [5, 6, 7]), fineLevel: pick(12, 9), exact }],
  ['GBM', 'milstein', 1, { landscape: gbm, noise: { kind: 'linear', scale: 0.5 }, x0: 1, levels: pick([4, 5, 6, 7, 8], [4, 5, 6]), fineLevel: pick(12, 9), exact }],
  ['double well, additive', 'euler-maruyama', 1, { landscape: well, temperature: 0.5, x0: -1, levels: pick([5, 6, 7, 8, 9], [4, 5, 6]), fineLevel: pick(12, 9) }],
  ['double well, additive', 'sra1', 1.5, { landscape: well, temperature: 0.5, x0: -1, levels: pick([3, 4, 5, 6, 7], [3, 4, 5]), fineLevel: pick(12, 9) }],
];
const series = [], rows = [];
for (const [problem, integrator, theory, o] of runs) {
  const r = strongConvergence({ ...common, ...o, integrator });
  rows.push({ problem, integrator, 'theory': theory, 'fitted order': r.order.toFixed(2) });
  series.push({ kind: 'line', label: `${integrator} (${problem}): ${r.order.toFixed(2)}`, x: r.dt, y: r.errors });
}
console.table(rows);
writeSvg('report-convergence.svg', linePlot(series, { title: 'Strong error E|X_Δt(1) − X_ref(1)|', xLabel: 'Δt', yLabel: 'strong error', xScale: 'log', yScale: 'log' }));
gbm.dispose();
well.dispose();
