// Exercise C.14 (seed 000), corrected: SGD θ ← θ − η(Hθ + ξ), ξ ~ N(0, σ²I), on ½θᵀHθ with
// H = diag(0.01, 0.1, 1, 10, 100), η = 0.01, σ² = 1. This is exactly Euler–Maruyama with Δt = η
// and T = ησ²/2 (conventions.md), so it runs as `simulate`. Errata: the stationary variance is
// ησ²/(hᵢ(2 − ηhᵢ)) (the discrete recursion), not ησ²/hᵢ: a factor 2 smaller for ηh ≪ 1 (the seed drops the ½ of T = ησ²/2), equal at ηh = 1.
// Run: npm run build && node examples/c14-sgd-valley.mjs
import { init, landscapes, simulate, linePlot } from '../dist/node.js';
import { column, pick, writeSvg } from './support.mjs';

await init();
const h = [0.01, 0.1, 1, 10, 100], eta = 0.01, sigma2 = 1, d = h.length;
const U = landscapes.fromExpression(h.map((v, i) => `${v / 2}*t${i}^2`).join(' + '), { variables: h.map((_, i) => `t${i}`) });
const n = pick(2000, 500), steps = pick(40_000, 4000);       // 4 relaxation times of the flattest mode (1/(ηh) = 10⁴ steps)
const ens = simulate({ landscape: U, temperature: (eta * sigma2) / 2, dt: eta, nTrajectories: n, x0: 0, seed: 14, steps });
const x = ens.positions();
ens.dispose();
const rows = h.map((hi, i) => {
  const c = column(x, d, i);
  const v = c.reduce((s, t) => s + t * t, 0) / n;
  const exact = ((eta * sigma2) / (hi * (2 - eta * hi))) * (1 - (1 - eta * hi) ** (2 * steps));   // from θ₀ = 0: not yet stationary for h = 0.01 in quick mode
  return { h: hi, 'Var θ (SGD)': v.toExponential(3), 'exact ησ²(1−(1−ηh)^2k)/(h(2−ηh))': exact.toExponential(3), 'seed formula ησ²/h': (eta * sigma2 / hi).toExponential(3), 'rel. SE': Math.sqrt(2 / n).toFixed(3) };
});
console.table(rows);
writeSvg('c14-sgd-valley.svg', linePlot([
  { kind: 'scatter', label: 'SGD ensemble', x: h, y: rows.map((r) => Number(r['Var θ (SGD)'])) },
  { kind: 'line', label: 'exact discrete recursion', x: h, y: rows.map((r) => Number(r['exact ησ²(1−(1−ηh)^2k)/(h(2−ηh))'])) },
  { kind: 'line', label: 'ησ²/h (continuous limit)', x: h, y: h.map((v) => eta * sigma2 / v), dash: true },
], { title: `C.14: stationary variance per curvature (η = ${eta}, σ² = ${sigma2}, ${steps} steps)`, xLabel: 'curvature h', yLabel: 'Var θ', xScale: 'log', yScale: 'log' }));
U.dispose();
