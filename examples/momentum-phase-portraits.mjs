// Phase portraits of SGD with momentum in the three damping regimes (Kunin et al. 2021, App. F.2).
// η = 0.01, β = 0.9 on ½θᵀHθ with H = diag(0.02, κ_crit, 10): damping ratios ζ = γ/ω > 1, = 1, < 1.
// Simulated by the SGD engine's Gaussian-noise mode; theory = SgdMomentum (exact discrete + continuous).
// Run: npm run build && node examples/momentum-phase-portraits.mjs   (writes examples/out/phase-portrait-*.svg)
// SGDYN_QUICK: no quick mode needed (a few seconds as it is).
import { mkdirSync, writeFileSync } from 'node:fs';
import { init, sgd, SgdMomentum, linePlot } from '../dist/node.js';

await init();
const eta = 0.01, beta = 0.9, kCrit = (1 - beta) ** 2 / (2 * eta * (1 + beta));
const H = [[0.02, 0, 0], [0, kCrit, 0], [0, 0, 10]];
const model = SgdMomentum.create({ hessian: H, learningRate: eta, momentum: beta, batchSize: 1, noise: { scale: 1 } });
const theta0 = [1, 1, 1], n = 2000, steps = 6000, d = 3;
const run = sgd.gaussianQuadratic({ hessian: H, noiseCovariance: H, batchSize: 1, learningRate: eta, momentum: beta, nReplicas: n, seed: 5, x0: theta0 });
const path = [[], [], []];
for (let k = 1; k <= 300; k++) {           // the replica mean over the first 300 steps
  run.advance(1);
  const th = run.parameters(), v = run.velocities();
  for (let i = 0; i < d; i++) {
    let a = 0, b = 0;
    for (let r = 0; r < n; r++) { a += th[r * d + i]; b += v[r * d + i]; }
    path[i].push([a / n, b / n / eta]);
  }
}
run.advance(steps - 300);
const th = run.parameters(), v = run.velocities();
run.dispose();
const C = model.discreteCovarianceAt(steps), B = model.stationaryCovariance();
const rows = [];
mkdirSync(new URL('./out/', import.meta.url), { recursive: true });
model.modes.forEach((m, i) => {
  let vt = 0, vv = 0;
  for (let r = 0; r < n; r++) { vt += th[r * d + i] ** 2 / n; vv += (v[r * d + i] / eta) ** 2 / n; }
  const P = C[i * 6 + i], V = C[(d + i) * 6 + d + i] / eta ** 2;
  rows.push({ mode: i + 1, kappa: m.curvature.toPrecision(3), zeta: m.dampingRatio.toFixed(3), regime: m.regime,
    'Var θ sim': vt.toPrecision(4), 'Var θ exact': P.toPrecision(4), 'Var θ continuous': B[i * 6 + i].toPrecision(4),
    'Var dθ/dt sim': vv.toPrecision(4), 'Var dθ/dt exact': V.toPrecision(4) });
  const ks = Array.from({ length: 301 }, (_, k) => k);
  const mean = ks.map((k) => model.discreteMeanAt(k, { theta0 }));
  const ell = Array.from({ length: 121 }, (_, j) => 2 * Math.PI * j / 120);
  writeFileSync(new URL(`./out/phase-portrait-${i + 1}.svg`, import.meta.url), linePlot([
    { kind: 'scatter', label: 'replicas at the end (300)', x: Array.from({ length: 300 }, (_, r) => th[r * d + i]), y: Array.from({ length: 300 }, (_, r) => v[r * d + i] / eta), color: '#bbbbbb' },
    { kind: 'line', label: '2σ ellipse (exact, diagonal part)', x: ell.map((t) => 2 * Math.sqrt(P) * Math.cos(t)), y: ell.map((t) => 2 * Math.sqrt(V) * Math.sin(t)), color: '#0072B2' },
    { kind: 'scatter', label: 'replica mean', x: path[i].map((p) => p[0]), y: path[i].map((p) => p[1]), color: '#000000' },
    { kind: 'line', label: 'exact discrete mean', x: mean.map((q) => q.theta[i]), y: mean.map((q) => q.v[i] / eta), color: '#D55E00' },
  ], { title: `Mode ${i + 1} (${m.regime}, ζ = ${m.dampingRatio.toFixed(2)})`, xLabel: `θ${i + 1}`, yLabel: `dθ${i + 1}/dt = v${i + 1}/η` }));
});
console.table(rows);
console.log('wrote examples/out/phase-portrait-{1,2,3}.svg');
