// Exercise C.12 (seed 000), corrected: batch size, learning rate and the linear scaling rule (LSR).
// Where does "η/B = const keeps the stationary state" hold, and where and why does it break?
//
// What the seed got wrong, and what is done instead:
// - Its test (3-layer MLP classifier, "identical final statistics" at η/B = 1e-4) has no oracle, and its
//   pair (0.1, B = 1000 = N) is full-batch descent: no gradient noise at all, so nothing scales.
//   Its "solution" trains two runs for 250 steps and prints their losses.
// - Here the model is least-squares regression (`sgd.linearRegression`, d = 8 inputs with variances from
//   0.1 to 2, N = 400, label noise 0.5), where the stationary law of real minibatch SGD (with replacement)
//   is known exactly: `MinibatchLinearRegression` closes the moments, including the state-dependent
//   (multiplicative) part of the minibatch noise. The stationary loss excess is exact:
//   E L(θ) − L(θ̄) = ½ tr(H C), C the stationary covariance of θ.
// - The LSR is the small-η limit: with the noise frozen at θ̄ (per-example covariance Σ₀),
//   HC + CH = (η/B)Σ₀, so ½tr(HC) = (η/B)·tr Σ₀/4 — a function of η/B alone. Two corrections break it,
//   both O(η) at fixed η/B: the discrete recursion (HC + CH − ηHCH = (η/B)Σ₀, errata; diverges at
//   ηλ_max → 2) and the multiplicative noise, which makes small batches mean-square unstable long
//   before ηλ_max = 2 (B = 1 here near ηλ_max ≈ 0.5: a single example's curvature ‖xᵢ‖² is ~3× λ_max).
//   So at fixed η/B the loss excess is the same only while ηλ_max ≪ 1 *and* η/B is far below the
//   multiplicative edge; otherwise larger η (larger B) is worse for the same η/B.
//
// Printed: the simulated loss excess / (η/B) ± SE beside the exact value, the frozen-noise discrete
// Lyapunov value and the LSR constant tr Σ₀/4.
// Run: npm run build && node examples/c12-linear-scaling.mjs   (SGDYN_QUICK=1 for a smoke run)
import { init, linalg, linePlot, MinibatchLinearRegression, sgd } from '../dist/node.js';
import { QUICK, pick, writeSvg } from './support.mjs';

await init();
const d = 8, N = 400;
const spectrum = Array.from({ length: d }, (_, j) => 0.1 * 20 ** (j / (d - 1)));
const data = sgd.data.linearRegression({ seed: 12, examples: N, dim: d, spectrum, noise: 0.5 });
const L = sgd.linearRegression({ x: data.x, y: data.y, inputs: d });
const H = L.hessian(new Float64Array(d));
const { values: hEig } = linalg.symmetricEigen(H);
const lMin = hEig[0], lMax = hEig[d - 1];
const halfTrace = (C, stride) => { let s = 0; for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) s += 0.5 * H[a * d + b] * C[a * stride + b]; return s; };

/** Exact stationary loss excess, its frozen-noise (Gaussian) counterpart, and the fixed point — or null if mean-square unstable. */
function theory(eta, B) {
  let m;
  try { m = MinibatchLinearRegression.create({ x: data.x, y: data.y, inputs: d, learningRate: eta, batchSize: B }); } catch { return null; }
  let exact;
  try { exact = halfTrace(m.discreteStationaryCovariance(), 2 * d); } catch (e) { if (e.code === 'INVALID_ARGUMENT' || /stab/i.test(e.message)) return null; throw e; }
  const frozen = eta * lMax < 2 ? halfTrace(m.model.discreteStationaryCovariance(), 2 * d) : Infinity;
  return { exact, frozen, fixedPoint: m.fixedPoint, sigma0: m.noiseCovariance };
}
const lsr = (() => { const t = theory(0.01 / lMax, 1); let tr = 0; for (let a = 0; a < d; a++) tr += t.sigma0[a * d + a]; return tr / 4; })();
const thetaBar = theory(0.01 / lMax, 1).fixedPoint;

// ---- simulations: SGD with replacement, R replicas started at θ̄, loss excess ½eᵀHe from snapshots
const R = pick(100, 16);
const grid = QUICK
  ? [[1, 0.2], [16, 0.6]]
  : [[1, 0.05], [1, 0.2], [1, 0.4], [4, 0.05], [4, 0.2], [4, 0.6], [4, 0.9], [16, 0.05], [16, 0.2], [16, 0.6], [16, 1.2], [64, 0.05], [64, 0.2], [64, 0.6], [64, 1.2], [64, 1.6]];
const rows = [], points = new Map();
for (const [i, [B, r]] of grid.entries()) {
  const eta = r / lMax, t = theory(eta, B);
  const efold = Math.ceil(1 / (eta * lMin));                // slowest relaxation, steps
  const snapshots = pick(120, 20), gap = Math.max(1, Math.ceil(efold / 2));
  const run = sgd.run({ objective: L, learningRate: eta, batchSize: B, nReplicas: R, seed: 1200 + i, x0: thetaBar });
  run.advance(4 * efold);                                    // fluctuations build up from θ̄
  const perReplica = new Float64Array(R);
  for (let k = 0; k < snapshots; k++) {
    run.advance(gap);
    const th = run.parameters();
    for (let rep = 0; rep < R; rep++) {
      const e = Array.from({ length: d }, (_, a) => th[rep * d + a] - thetaBar[a]);
      perReplica[rep] += halfTrace(e.flatMap((ea) => e.map((eb) => ea * eb)), d) / snapshots;
    }
  }
  run.dispose();
  const mean = perReplica.reduce((a, b) => a + b, 0) / R;
  const se = Math.sqrt(perReplica.reduce((a, v) => a + (v - mean) ** 2, 0) / (R - 1) / R);
  const s = eta / B;
  rows.push({
    B, 'ηλ_max': r, 'η/B': s.toExponential(2),
    'excess/(η/B) (SGD)': `${(mean / s).toFixed(4)} ± ${(se / s).toFixed(4)}`,
    exact: t ? (t.exact / s).toFixed(4) : 'unstable', z: t ? ((mean - t.exact) / se).toFixed(1) : '—',
    'frozen noise': t ? (t.frozen / s).toFixed(4) : '—', 'LSR tr Σ₀/4': lsr.toFixed(4),
  });
  if (!points.has(B)) points.set(B, { x: [], y: [], e: [] });
  points.get(B).x.push(s); points.get(B).y.push(mean / s); points.get(B).e.push(se / s);
}
console.log(`Least squares, d = ${d}, N = ${N}: λ(H) ∈ [${lMin.toFixed(3)}, ${lMax.toFixed(3)}]; ${R} replicas, ${pick(120, 20)} snapshots half an e-fold apart after 4 e-folds`);
console.table(rows);

// ---- where the exact stationary state stops existing (mean-square stability edge) per B ---------
const edges = [1, 4, 16, 64].map((B) => {
  let lo = 0.01, hi = 2.0;
  for (let k = 0; k < pick(16, 8); k++) { const mid = (lo + hi) / 2; if (theory(mid / lMax, B)) lo = mid; else hi = mid; }
  return { B, 'mean-square stable up to ηλ_max': lo.toFixed(3), 'i.e. η/B up to': (lo / lMax / B).toExponential(2) };
});
console.log('Mean-square stability edge of minibatch SGD (exact moments; the frozen-noise model says ηλ_max < 2):');
console.table(edges);
if (QUICK) console.log('(quick mode: few replicas and snapshots; the numbers are a smoke test)');

// ---- figure: loss excess / (η/B) vs η/B, exact curves per B, simulations, the LSR constant -------
const series = [];
const colours = ['#0072B2', '#009E73', '#E69F00', '#CC79A7'];   // Okabe–Ito, one per B
for (const [k, B] of [1, 4, 16, 64].entries()) {
  const edge = Number(edges[k]['mean-square stable up to ηλ_max']);
  const nr = pick(24, 6), rs = Array.from({ length: nr }, (_, i) => 0.02 * (edge * 0.995 / 0.02) ** (i / (nr - 1)));
  const th = rs.map((r) => theory(r / lMax, B));
  series.push({ kind: 'line', label: `exact, B = ${B}`, x: rs.map((r) => r / lMax / B), y: th.map((t, i) => t.exact / (rs[i] / lMax / B)), color: colours[k] });
  const pts = points.get(B);
  if (pts) series.push({ kind: 'scatter', label: `SGD, B = ${B}`, x: pts.x, y: pts.y, yErr: pts.e, color: colours[k] });
}
const allX = series.flatMap((s) => Array.from(s.x));
series.push({ kind: 'line', label: 'linear scaling rule tr Σ₀/4', x: [Math.min(...allX), Math.max(...allX)], y: [lsr, lsr], dash: true, color: '#555555' });
writeSvg('c12-linear-scaling.svg', linePlot(series, {
  title: 'C.12: loss excess per unit η/B (exact lines, SGD points)', xLabel: 'η/B', yLabel: '(E L − L*)/(η/B)', xScale: 'log', yScale: 'log', legend: 'top-left',
}));
L.dispose();
