// Kunin et al. (2021) Fig. 3, corrected: an anisotropic OU process is driven by a modified loss Ψ.
// dX = −A(X − b)dt + √(2D)dW with A = [[5/2, −3/2], [−3/2, 5/2]] (the Hessian of Φ) and D = s·diag(4, 1).
// The stationary law is ∝ exp(−Ψ), Ψ = ½(x−b)ᵀU(x−b), U = B⁻¹, AB + BAᵀ = 2D — not exp(−Φ/s) — and the
// skew Q = AB − D drives a current J = −QU(x − b)p_ss along the level sets of Ψ.
// Run: npm run build && node examples/modified-loss.mjs   (writes examples/out/modified-loss.svg)
// SGDYN_QUICK: no quick mode needed (a few seconds as it is).
import { mkdirSync, writeFileSync } from 'node:fs';
import { init, OrnsteinUhlenbeck, landscapes, simulate, linalg, heatmapPlot } from '../dist/node.js';

await init();
const A = [[2.5, -1.5], [-1.5, 2.5]], s = 4e-4, b = [-0.1, 0.05];
const D = [[4 * s, 0], [0, s]];
const ou = OrnsteinUhlenbeck.create({ drift: A, diffusion: D, mean: b });
const { B, Q, U, detailedBalance, modifiedLoss, currentVelocity } = ou.decomposition();
console.log('B/s =', Array.from(B, (v) => (v / s).toFixed(4)).join(' '), '  (exact 173/80, 15/16, 15/16, 77/80)');
console.log('Q/s =', Array.from(Q, (v) => (v / s).toFixed(4)).join(' '), '  (exact 0, 9/10, −9/10, 0)');
console.log('‖Q‖/‖AB‖ =', detailedBalance.relative.toFixed(4), '(0 would be detailed balance)');

// Euler–Maruyama ensemble on Φ with the correlated noise; its exact stationary covariance is the Stein solution.
const dt = 0.01, n = 4000;
const Phi = landscapes.quadratic({ hessian: A, centre: b });
const ens = simulate({ landscape: Phi, noise: { kind: 'correlated', diffusion: D }, dt, nTrajectories: n, x0: b, seed: 31, steps: 1000 });
const x = ens.positions();
const C = [0, 0, 0, 0];
for (let r = 0; r < n; r++) {
  const e = [x[2 * r] - b[0], x[2 * r + 1] - b[1]];
  for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) C[2 * i + j] += (e[i] * e[j]) / n;
}
const M = A.map((row, i) => row.map((v, j) => (i === j ? 1 : 0) - dt * v));
const Cem = linalg.discreteLyapunov(M, D.map((row) => row.map((v) => 2 * dt * v)));
console.table(['C11', 'C12', 'C22'].map((name, k) => {
  const idx = [0, 1, 3][k];
  const se = Math.sqrt((Cem[idx === 1 ? 0 : idx] * Cem[idx === 1 ? 3 : idx] + Cem[idx] ** 2) / n);
  return { entry: name, ensemble: C[idx], 'exact EM (Stein)': Cem[idx], z: (C[idx] - Cem[idx]) / se, 'continuous B': B[idx] };
}));
ens.dispose();
Phi.dispose();

// Ψ with the current velocity J/p_ss = −QU(x − b) as arrows.
const g = 61, xs = [], ys = [];
for (let i = 0; i < g; i++) { xs.push(-0.2 + (0.2 * i) / (g - 1)); ys.push(-0.05 + (0.2 * i) / (g - 1)); }
const psi = [], u = [], v = [];
for (const y of ys) for (const xx of xs) {
  psi.push(Math.min(modifiedLoss([xx, y]), 8));
  const j = currentVelocity([xx, y]);
  u.push(j[0]); v.push(j[1]);
}
mkdirSync(new URL('./out/', import.meta.url), { recursive: true });
writeFileSync(new URL('./out/modified-loss.svg', import.meta.url), heatmapPlot({ x: xs, y: ys, values: psi }, {
  title: 'Modified loss Ψ and the stationary current', xLabel: 'x₁', yLabel: 'x₂', colorLabel: 'Ψ (capped at 8)',
  contours: [0.5, 2, 4.5], quiver: { u, v, every: 6 },
  overlay: [{ kind: 'scatter', label: 'EM ensemble (300 replicas)', x: Array.from({ length: 300 }, (_, r) => x[2 * r]), y: Array.from({ length: 300 }, (_, r) => x[2 * r + 1]), color: '#000000' }],
}));
console.log('wrote examples/out/modified-loss.svg; U =', Array.from(U, (t) => t.toFixed(1)).join(' '));
