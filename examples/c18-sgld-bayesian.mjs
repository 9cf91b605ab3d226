// Exercise C.18 (seed 000), corrected: stochastic gradient Langevin dynamics (SGLD) as a posterior
// sampler. Part 1 checks it where the posterior is known in closed form (Bayesian linear regression,
// Gaussian prior); part 2 shows a small tanh network's predictive uncertainty, the seed's illustration.
//
// What the seed got wrong, and what is done instead:
// - Its update θ ← θ − η(∇L_B + ∇log p(θ)) has the prior's sign wrong: the drift is −∇(−log p) = +∇log p
//   (for a Gaussian prior: −λθ, as in its own hint).
// - "T = 1 (matched noise) yields the proper posterior" holds only if L is the *summed* negative
//   log-likelihood. The library's losses are means (conventions.md): with L = (1/2N)Σ rᵢ² + (λ/2)‖θ‖²,
//   noise variance s² and prior N(0, τ²I), the posterior is exp(−L/T) with T = s²/N and λ = s²/(Nτ²).
//   At T = 1 SGLD samples a posterior tempered by N/s² (here 400×): "calibrated" only by accident.
// - "T = 0 gives the point estimate" is right for exact gradients (gradient descent converges to the MAP,
//   which for a Gaussian posterior is its mean), but with minibatch gradients T = 0 is plain SGD: it
//   fluctuates with the SGD covariance (∝ Δt/B), which has nothing to do with the posterior's.
// - SGLD has step-size biases, stated and checked here: with SGLD θ ← θ − Δt(∇L + ζ) + √(2TΔt)ξ,
//   ζ ~ N(0, Σ_B) the minibatch gradient noise (the exact minibatch covariance Σ(θ̄)/B at the posterior
//   mean, `Objective.minibatchCovariance`), on the quadratic L the stationary covariance C solves the
//   discrete Lyapunov equation C = MCMᵀ + 2TΔt I + Δt²Σ_B, M = I − ΔtH (exact for this linear
//   recursion; `linalg.discreteLyapunov`), while the posterior is T H⁻¹. Per eigen-direction the ratio
//   is (1 + Δt σ²_B/(2T))/(1 − hΔt/2): Euler–Maruyama's factor and the minibatch noise σ²_B = qᵀΣ_Bq,
//   which with Σ ≈ s²·(data Hessian) is ≈ ΔtNh/(2B) — unless Δt ≪ 2B/(Nh) the minibatch noise, not the
//   injected noise, sets the spread.
// - The network part has no closed form; its SGLD band is compared with the linearised Laplace
//   predictive sd √(T ∇fᵀH⁻¹∇f) at the MAP (gradient descent, i.e. SGLD at T = 0 with exact
//   gradients, polished by Levenberg–Marquardt: the posterior is very ill-conditioned), an
//   approximation (a network's posterior is not Gaussian and has symmetric copies), so only rough
//   agreement is expected: close where the data are, wider for SGLD in the gap. The chains start
//   from prior draws; along the flattest directions they do not equilibrate within the run (printed).
//
// Run: npm run build && node examples/c18-sgld-bayesian.mjs   (SGDYN_QUICK=1 for a smoke run)
import { init, linalg, linePlot, rng, sgd, simulate } from '../dist/node.js';
import { QUICK, pick, writeSvg } from './support.mjs';

await init();

// ---- part 1: Bayesian linear regression -------------------------------------------------------
const N = 100, d = 5, s = 0.5, tau = 1, B = 10;
const wTrue = [1, -0.5, 0.25, 0, 2];
const x = rng.normals({ seed: 18, stream: 0, count: N * d });
const eps = rng.normals({ seed: 18, stream: 1, count: N });
const y = Float64Array.from({ length: N }, (_, i) => wTrue.reduce((a, w, j) => a + w * x[i * d + j], 0) + s * eps[i]);
const T = (s * s) / N, lambda = (s * s) / (N * tau * tau);
const L = sgd.linearRegression({ x, y, inputs: d, bias: true, l2: lambda });   // θ = (w, b), p = 6
const p = L.dim;

// closed-form posterior: precision A = X̃ᵀX̃/s² + I/τ² (X̃ = [X 1]), mean A⁻¹X̃ᵀy/s²
const A = new Float64Array(p * p), rhs = new Float64Array(p);
for (let i = 0; i < N; i++) {
  const xi = [...x.subarray(i * d, (i + 1) * d), 1];
  for (let a = 0; a < p; a++) {
    rhs[a] += (xi[a] * y[i]) / (s * s);
    for (let b = 0; b < p; b++) A[a * p + b] += (xi[a] * xi[b]) / (s * s);
  }
}
for (let a = 0; a < p; a++) A[a * p + a] += 1 / (tau * tau);
const postMean = linalg.solve(A, rhs), postCov = linalg.inverse(A);
// the same posterior from the objective: L is exactly quadratic with Hessian H, exp(−L/T) ∝ N(θ̄, T H⁻¹)
const H = L.hessian(postMean);
const gradAtMean = L.gradient(postMean);
const maxAbs = (a) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
const fromObjective = linalg.inverse(H).map((v) => T * v);
console.log(`Bayesian linear regression, N = ${N}, d = ${d} + bias, noise s = ${s}, prior τ = ${tau}: T = s²/N = ${T}, λ = s²/(Nτ²) = ${lambda}`);
console.log(`closed form vs objective: ‖∇L(posterior mean)‖∞ = ${maxAbs(gradAtMean).toExponential(1)}, max|T H⁻¹ − posterior cov| = ${maxAbs(fromObjective.map((v, i) => v - postCov[i])).toExponential(1)}`);

const xStar = [1, 1, 1, 1, 1, 1];                      // test input (last entry: the bias)
const quad = (C, u) => u.reduce((acc, ua, a) => acc + ua * u.reduce((t, ub, b) => t + C[a * p + b] * ub, 0), 0);
const sigmaB = L.minibatchCovariance(postMean, { batchSize: B });
/** Exact stationary covariance of the SGLD recursion (header). */
function sgldCovariance(dt, temperature, withNoise) {
  const M = H.map((h, i) => (i % (p + 1) === 0 ? 1 : 0) - dt * h);
  const Q = new Float64Array(p * p);
  for (let i = 0; i < p * p; i++) Q[i] = (i % (p + 1) === 0 ? 2 * temperature * dt : 0) + (withNoise ? dt * dt * sigmaB[i] : 0);
  return linalg.discreteLyapunov(M, Q);
}

const chains = pick(250, 60);
const cases = [
  { label: `SGLD Δt = 0.1, minibatch B = ${B}`, dt: 0.1, temperature: T, noise: true },
  { label: 'SGLD Δt = 0.1, exact gradients', dt: 0.1, temperature: T, noise: false },
  { label: `SGLD Δt = 0.02, minibatch B = ${B}`, dt: 0.02, temperature: T, noise: true },
  { label: `T = 0 (SGD), Δt = 0.1, B = ${B}`, dt: 0.1, temperature: 0, noise: true },
];
const rows = [];
for (const [c, cs] of cases.entries()) {
  const relax = Math.ceil(1 / (linalg.symmetricEigen(H).values[0] * cs.dt));   // slowest e-fold, in steps
  const burn = 8 * relax, thin = relax, samples = pick(32, 8);
  const ens = simulate({
    landscape: L, integrator: 'sgld', temperature: cs.temperature, dt: cs.dt, nTrajectories: chains, x0: 0, seed: 180 + c,
    ...(cs.noise ? { gradientNoise: { covariance: sigmaB } } : {}),
  });
  ens.step(burn);
  // per-chain running sums of θ and of the predictive f* = x*·θ
  const sum = new Float64Array(chains * p), fs = Array.from({ length: chains }, () => []);
  for (let k = 0; k < samples; k++) {
    ens.step(thin);
    const th = ens.positions();
    for (let r = 0; r < chains; r++) {
      let f = 0;
      for (let a = 0; a < p; a++) { sum[r * p + a] += th[r * p + a] / samples; f += xStar[a] * th[r * p + a]; }
      fs[r].push(f);
    }
  }
  ens.dispose();
  // mean: z of the worst coordinate; predictive variance: per-chain mean of (f − f̄)², SE across chains
  const mean = Array.from({ length: p }, (_, a) => { let m = 0, v = 0; for (let r = 0; r < chains; r++) m += sum[r * p + a] / chains; for (let r = 0; r < chains; r++) v += (sum[r * p + a] - m) ** 2 / (chains - 1); return [m, Math.sqrt(v / chains)]; });
  const fbar = fs.flat().reduce((a, b) => a + b, 0) / (chains * samples);
  const perChain = fs.map((f) => f.reduce((a, v) => a + (v - fbar) ** 2, 0) / f.length);
  const varF = perChain.reduce((a, b) => a + b, 0) / chains;
  const varSe = Math.sqrt(perChain.reduce((a, v) => a + (v - varF) ** 2, 0) / (chains - 1) / chains);
  const exact = quad(sgldCovariance(cs.dt, cs.temperature, cs.noise), xStar), posterior = quad(postCov, xStar);
  rows.push({
    case: cs.label,
    'max |mean − post. mean|/SE': Math.max(...mean.map(([m, se], a) => Math.abs(m - postMean[a]) / se)).toFixed(1),
    'sd f* (SGLD)': `${Math.sqrt(varF).toFixed(4)} ± ${(varSe / (2 * Math.sqrt(varF))).toFixed(4)}`,
    'exact (Lyapunov)': Math.sqrt(exact).toFixed(4), z: ((varF - exact) / varSe).toFixed(1),
    posterior: Math.sqrt(posterior).toFixed(4), 'var ratio to posterior': (exact / posterior).toFixed(3),
  });
}
console.log(`\nSGLD (${chains} chains, burn-in 8 and thinning 1 slowest e-fold, ${pick(32, 8)} samples each) on the linear model's posterior:`);
console.log(`predictive f* = x*·θ at x* = (1, 1, 1, 1, 1; bias 1); z compares variances with the exact SGLD recursion`);
console.table(rows);
console.log(`(per direction of curvature h: minibatch excess ≈ ΔtNh/(2B) = ${(0.1 * N / (2 * B)).toFixed(2)}·h at Δt = 0.1, Euler–Maruyama 1/(1 − hΔt/2) ≈ ${(1 / (1 - 0.05)).toFixed(3)} at h = 1; the MAP = posterior mean here)`);
L.dispose();

// ---- part 2: a small tanh network (illustration) ----------------------------------------------
const n2 = 40, s2 = 0.15, hidden = 8;
const xs2 = Float64Array.from(rng.uniforms({ seed: 181, stream: 0, count: n2 }), (u, i) => (i < n2 / 2 ? -3 + 2.2 * u : 0.8 + 2.2 * u));   // a gap in (−0.8, 0.8)
const ys2 = Float64Array.from(xs2, (v, i) => Math.sin(v) + s2 * rng.normals({ seed: 181, stream: 1, count: n2 })[i]);
const T2 = (s2 * s2) / n2, lambda2 = (s2 * s2) / n2;            // prior τ = 1
const net = sgd.mlp({ x: xs2, y: ys2, inputs: 1, hidden, activation: 'tanh', l2: lambda2 });
const q = net.dim;
const grid = Array.from({ length: 81 }, (_, i) => -4 + i / 10);
const nChains = pick(32, 8), netDt = 0.05, netBurn = pick(30_000, 1000), netThin = pick(1000, 200), netSamples = pick(30, 5);
// chains start from prior draws N(0, τ²I): directions the data do not constrain (relaxation time
// 1/(λΔt) ≈ 10⁵ steps, far beyond these runs) then already have their posterior (≈ prior) spread
const inits = rng.normals({ seed: 182, stream: 0, count: nChains * q });
// T = 0 with exact gradients: gradient descent towards the MAP (from the first prior draw). The
// posterior is very ill-conditioned (Hessian eigenvalues from ~1e-4 to ~7), so GD alone stalls;
// Levenberg–Marquardt steps on the exact Hessian finish the job (until ‖∇L‖∞ < 1e-10)
const gd = simulate({ landscape: net, integrator: 'sgld', temperature: 0, dt: 0.1, nTrajectories: 1, x0: inits.subarray(0, q), seed: 183, steps: pick(20_000, 2000) });
let map = gd.positions();
gd.dispose();
for (let it = 0, mu = 1e-3; it < 200 && maxAbs(net.gradient(map)) > 1e-10; it++) {
  const g = net.gradient(map), Hm = net.hessian(map);
  for (let a = 0; a < q; a++) Hm[a * q + a] += mu;
  const step = linalg.solve(Hm, g), trial = map.map((v, a) => v - step[a]);
  if (net.value(trial) < net.value(map)) { map = trial; mu = Math.max(mu / 3, 1e-12); } else mu *= 3;
}
const mapEig = linalg.symmetricEigen(net.hessian(map)).values;
const mapCurve = net.predict(map, grid);
// linearised Laplace at the MAP: sd(x) = √(T ∇fᵀ H⁻¹ ∇f), ∇f by central differences of predict
const Hinv = linalg.inverse(net.hessian(map));
const laplaceSd = grid.map((g) => {
  const J = Array.from({ length: q }, (_, a) => { const tp = Float64Array.from(map), tm = Float64Array.from(map); tp[a] += 1e-6; tm[a] -= 1e-6; return (net.predict(tp, [g])[0] - net.predict(tm, [g])[0]) / 2e-6; });
  let v = 0;
  for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) v += J[a] * Hinv[a * q + b] * J[b];
  return Math.sqrt(Math.max(T2 * v, 0));
});
const netNoise = net.minibatchCovariance(map, { batchSize: 10 });   // minibatch noise of B = 10, frozen at the MAP
const sg = simulate({ landscape: net, integrator: 'sgld', temperature: T2, dt: netDt, gradientNoise: { covariance: netNoise }, nTrajectories: nChains, x0: inits, seed: 184, steps: netBurn });
const preds = [];
for (let k = 0; k < netSamples; k++) {
  sg.step(netThin);
  const th = sg.positions();
  for (let r = 0; r < nChains; r++) preds.push(net.predict(th.subarray(r * q, (r + 1) * q), grid));
}
sg.dispose();
const predMean = grid.map((_, j) => preds.reduce((a, f) => a + f[j], 0) / preds.length);
const predSd = grid.map((_, j) => Math.sqrt(preds.reduce((a, f) => a + (f[j] - predMean[j]) ** 2, 0) / (preds.length - 1)));
console.log(`\nTanh network (h = ${hidden}, p = ${q}), N = ${n2} points of sin x + N(0, ${s2}²) with a gap in (−0.8, 0.8), T = s²/N = ${T2.toExponential(2)}:`);
console.log(`MAP: ‖∇L‖∞ = ${maxAbs(net.gradient(map)).toExponential(1)}, Hessian eigenvalues ${mapEig[0].toExponential(2)} … ${mapEig[q - 1].toFixed(2)}; SGLD Δt = ${netDt}, ${nChains} chains from prior draws, ${netBurn} burn-in steps — the flattest directions relax in ~1/(λ_min Δt) = ${(1 / (mapEig[0] * netDt)).toExponential(1)} steps, so there the band still reflects the prior draws`);
console.table([-3.5, -2, 0, 2, 3.5].map((g) => {
  const j = grid.findIndex((v) => Math.abs(v - g) < 1e-9);
  return { x: g, 'MAP (T = 0)': mapCurve[j].toFixed(3), 'SGLD mean': predMean[j].toFixed(3), 'sin x': Math.sin(g).toFixed(3), 'SGLD sd': predSd[j].toFixed(3), 'Laplace sd (one mode)': laplaceSd[j].toFixed(3) };
}));
if (QUICK) console.log('(quick mode: short chains; the numbers are a smoke test)');
const [cS, cM, cL] = ['#D55E00', '#0072B2', '#009E73'];
writeSvg('c18-sgld-network.svg', linePlot([
  { kind: 'scatter', label: 'data', x: xs2, y: ys2, color: '#000000' },
  { kind: 'line', label: 'SGLD predictive mean', x: grid, y: predMean, color: cS },
  { kind: 'line', label: 'SGLD mean + 2 sd', x: grid, y: predMean.map((m, j) => m + 2 * predSd[j]), dash: true, color: cS },
  { kind: 'line', label: 'SGLD mean − 2 sd', x: grid, y: predMean.map((m, j) => m - 2 * predSd[j]), dash: true, color: cS },
  { kind: 'line', label: 'MAP (T = 0)', x: grid, y: mapCurve, color: cM },
  { kind: 'line', label: 'MAP + 2 Laplace sd', x: grid, y: mapCurve.map((m, j) => m + 2 * laplaceSd[j]), dash: true, color: cL },
  { kind: 'line', label: 'MAP − 2 Laplace sd', x: grid, y: mapCurve.map((m, j) => m - 2 * laplaceSd[j]), dash: true, color: cL },
], { title: `C.18: SGLD predictive band of a tanh network (h = ${hidden}), T = s²/N`, xLabel: 'input x', yLabel: 'prediction f(x)', yDomain: [-2.5, 2.5], legend: 'bottom-right' }));
writeSvg('c18-sgld-linear.svg', linePlot([
  { kind: 'scatter', label: 'SGLD: sd of f* (± SE)', x: rows.map((_, i) => i + 1), y: rows.map((r) => Number(r['sd f* (SGLD)'].split(' ')[0])), yErr: rows.map((r) => Number(r['sd f* (SGLD)'].split(' ± ')[1])) },
  { kind: 'line', label: 'exact SGLD recursion (discrete Lyapunov)', x: rows.map((_, i) => i + 1), y: rows.map((r) => Number(r['exact (Lyapunov)'])), dash: true },
  { kind: 'line', label: 'posterior (closed form)', x: rows.map((_, i) => i + 1), y: rows.map((r) => Number(r.posterior)) },
], { title: 'C.18: predictive sd of the Bayesian linear model', xLabel: 'case (1: Δt 0.1, B 10; 2: Δt 0.1, exact ∇; 3: Δt 0.02, B 10; 4: T = 0)', yLabel: 'sd of x*·θ' }));
net.dispose();
