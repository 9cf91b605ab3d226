// Exercise C.7 (seed 000), corrected and reduced to 2-D (a 4-D grid at Δx = 0.1 has 10⁸ cells):
// ∂ₜp = ∇·(p∇f) + TΔp for f = ½xᵀAx, A = diag(1, 4), T = 0.5, from N((2, 2), 0.3²I). Errata: the
// seed's flux stencil has the wrong sign; the library uses Scharfetter–Gummel (positivity
// preserving). The spectral gap is λ_min(A) = 1, so KL(p_t‖π) decays like e^{−2t}. An ensemble
// of particles run alongside agrees with the density (x-marginal histogram at t = 0.5).
// Run: npm run build && node examples/c07-fokker-planck-relaxation.mjs
import { init, landscapes, simulate, rng, FokkerPlanck2D, linePlot } from '../dist/node.js';
import { pick, writeSvg } from './support.mjs';

await init();
const T = 0.5, cells = pick(160, 80), box = [[-4, 4], [-4, 4]];
const U = landscapes.quadratic({ hessian: [[1, 0], [0, 4]] });
const fp = FokkerPlanck2D.fromLandscape({ landscape: U, temperature: T, domain: box, cells });
const start = (x, y) => Math.exp(-((x - 2) ** 2 + (y - 2) ** 2) / (2 * 0.09));
fp.setDensity(start);
const pi = fp.stationary();
const { x: xs } = fp.grid();
const cell = (8 / cells) ** 2;
const kl = (p) => p.reduce((s, v, k) => (v > 0 && pi[k] > 0 ? s + v * Math.log(v / pi[k]) * cell : s), 0);
fp.setDensity(start);
const times = [0, 0.25, 0.5, 1, 1.5, 2, 2.5, 3], rows = [];
let p05;
for (let i = 0; i < times.length; i++) {
  if (i > 0) fp.evolve(times[i] - times[i - 1], { dt: 0.005 });
  const p = fp.density();
  if (times[i] === 0.5) p05 = p;
  const tv = 0.5 * p.reduce((s, v, k) => s + Math.abs(v - pi[k]), 0) * cell;
  rows.push({ t: times[i], 'KL(p‖π)': kl(p).toExponential(3), 'TV(p, π)': tv.toExponential(3) });
}
const slope = Math.log(Number(rows.at(-1)['KL(p‖π)']) / Number(rows.at(-3)['KL(p‖π)'])) / (times.at(-1) - times.at(-3));
console.table(rows);
console.log(`late-time decay rate of KL: ${(-slope).toFixed(3)} (theory 2 × gap = 2 × λ_min(A) = 2)`);
// Particles from the same initial law, at t = 0.5: their x-marginal against the density's.
const n = pick(50_000, 5000);
const z = rng.normals({ seed: 7, count: 2 * n }).map((v) => 2 + 0.3 * v);
const ens = simulate({ landscape: U, temperature: T, dt: 1e-3, steps: 500, nTrajectories: n, x0: z, seed: 8 });
const pos = ens.positions();
ens.dispose();
const marginal = xs.map((_, i) => { let s = 0; for (let j = 0; j < cells; j++) s += p05[j * cells + i]; return s * (8 / cells); });
const bins = 40, counts = new Float64Array(bins);
for (let k = 0; k < n; k++) { const b = Math.floor((pos[2 * k] + 4) / 8 * bins); if (b >= 0 && b < bins) counts[b]++; }
writeSvg('c07-fokker-planck-relaxation.svg', linePlot([
  { kind: 'line', label: 'Fokker–Planck x-marginal, t = 0.5', x: xs, y: marginal },
  { kind: 'scatter', label: `${n} particles (histogram), t = 0.5`, x: Array.from({ length: bins }, (_, b) => -4 + (b + 0.5) * 8 / bins), y: Array.from(counts, (c) => c / (n * 8 / bins)) },
], { title: 'C.7: 2-D OU, A = diag(1, 4), T = 0.5', xLabel: 'x₁', yLabel: 'density' }));
fp.dispose();
U.dispose();
