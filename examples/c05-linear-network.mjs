// Exercise C.5 (seed 000), corrected: noise geometry and implicit bias of SGD in a two-layer linear
// network f = W₂(W₁x + b₁) + b₂ (`sgd.mlp` with activation 'identity'; d = 20 inputs, h = 5 hidden,
// N = 100 examples of y = x·β* + 0.5ε, squared loss L = (1/2N)Σ rᵢ²).
//
// What the seed got wrong, and what is done instead:
// - The minima are not isolated: W̃₁ = [W₁ b₁] → GW̃₁, W₂ → W₂G⁻¹ (G ∈ GL(h)) and b₁ → b₁ + δ,
//   b₂ → b₂ − W₂δ leave f unchanged, so the global minima form a manifold (here of dimension
//   p − (d+1) = 90) on which *every point computes the same function* — the least-squares fit. So
//   "small batches reach flatter minima with lower test error" cannot hold here: flatness along the
//   manifold changes, the function (hence the test error at the minimum) does not.
// - Noise geometry at a minimum: gᵢ = rᵢ∇fᵢ, so Σ = (1/N)Σ rᵢ²∇fᵢ∇fᵢᵀ lies in span{∇fᵢ} = range(H):
//   *no* noise along the flat manifold (derived; checked to rounding). With residuals independent of
//   ∇fᵢ, Σ ≈ 2L·H (the thesis approximation; at a global minimum H is exactly Gauss–Newton because
//   Σ rᵢx̃ᵢ = 0). The alignment tr(ΣH)/(‖Σ‖‖H‖) cannot depend on B: the minibatch covariance is Σ/B
//   (a scalar multiple), so the seed's "0.6 at B = 1 vs 0.1 at B = 100" is impossible. Its estimator
//   (M = 100 minibatch gradients) is unbiased for tr Σ/B — checked with SE.
// - The implicit bias is an O(η²) drift along the manifold. Gradient flow conserves the balancedness
//   D = W̃₁W̃₁ᵀ − W₂ᵀW₂; one SGD step with minibatch gradient G changes it by exactly
//   ΔD = η²(G̃₁G̃₁ᵀ − G₂ᵀG₂) (derived; tested in test/sgdModels.test.ts), so
//   E[Δ tr D | θ] = η²(‖∇₁L‖² − ‖∇₂L‖² + tr₁Σ(θ)/B − tr₂Σ(θ)/B) (tr₁, tr₂ over the W̃₁ and W₂
//   coordinates). At the minimum θ* this is (η²/B)(tr₁Σ − tr₂Σ); near it the fluctuations add O(η/B)
//   (large at B = 1). Printed: the measured drift ± SE beside the exact conditional mean averaged over
//   the visited states (the oracle) and the leading-order value at θ*. Full-batch GD at a minimum does
//   not move at all. Started from an unbalanced minimum (‖W₂‖ = 0.4), SGD balances the layers and the
//   sharpness λ_max falls, faster for smaller B; the training loss stays L* plus the fluctuation excess.
//
// Run: npm run build && node examples/c05-linear-network.mjs   (SGDYN_QUICK=1 for a smoke run)
import { init, linalg, linePlot, rng, sgd } from '../dist/node.js';
import { QUICK, pick, writeSvg } from './support.mjs';

await init();
const d = 20, h = 5, N = 100, q = d + 1;
const data = sgd.data.linearRegression({ seed: 5, examples: N, dim: d, noise: 0.5 });
const L = sgd.mlp({ x: data.x, y: data.y, inputs: d, hidden: h, activation: 'identity' });
const p = L.dim;                                            // hd + h + h + 1 = 111
const W2 = h * d + h;                                       // offset of W₂ in θ = [W₁, b₁, W₂, b₂]

// ---- an exact, unbalanced global minimum θ* --------------------------------------------------
// least squares with intercept P = (β̂, ĉ); W₂ = w (‖w‖ = 0.4), W̃₁ = w P/‖w‖² + (I − wwᵀ/‖w‖²) R
const A = new Float64Array(q * q), rhs = new Float64Array(q);
for (let i = 0; i < N; i++) {
  const xi = [...data.x.subarray(i * d, (i + 1) * d), 1];
  for (let a = 0; a < q; a++) { rhs[a] += xi[a] * data.y[i]; for (let b = 0; b < q; b++) A[a * q + b] += xi[a] * xi[b]; }
}
const P = linalg.solve(A, rhs);
const z = rng.normals({ seed: 51, stream: 0, count: h + h * q });
const zn = Math.hypot(...z.subarray(0, h));
const w = Array.from(z.subarray(0, h), (v) => (0.4 * v) / zn), ww = w.reduce((s, v) => s + v * v, 0);
const Wt = Array.from({ length: h * q }, (_, i) => 0.5 * z[h + i]);
for (let c = 0; c < q; c++) {
  const s = w.reduce((acc, wj, j) => acc + wj * Wt[j * q + c], 0);
  for (let j = 0; j < h; j++) Wt[j * q + c] += (w[j] * (P[c] - s)) / ww;
}
const thetaStar = new Float64Array(p);
for (let j = 0; j < h; j++) {
  for (let c = 0; c < d; c++) thetaStar[j * d + c] = Wt[j * q + c];
  thetaStar[h * d + j] = Wt[j * q + d];
  thetaStar[W2 + j] = w[j];
}
const trD = (t) => { let s = 0; for (let i = 0; i < W2; i++) s += t[i] ** 2; for (let j = 0; j < h; j++) s -= t[W2 + j] ** 2; return s; };
const Lstar = L.value(thetaStar), gradStar = L.gradient(thetaStar);
const H = L.hessian(thetaStar);
const eig = linalg.symmetricEigen(H);
const lMax = eig.values[p - 1], tol = 1e-9 * lMax;
const positive = Array.from(eig.values).filter((v) => v > tol).length;

// ---- part 1: noise geometry at θ* -------------------------------------------------------------
const { sigma } = L.noiseCovariance(thetaStar);
const frob = (m) => Math.sqrt(m.reduce((s, v) => s + v * v, 0));
// Σ restricted to the null space of H: ‖V₀ᵀ Σ V₀‖ with V₀ the eigenvectors of eigenvalue ≈ 0
let nullPart = 0;
const nullIdx = Array.from(eig.values.keys()).filter((i) => eig.values[i] <= tol);
const SV = nullIdx.map((j) => Array.from({ length: p }, (_, a) => { let s = 0; for (let b = 0; b < p; b++) s += sigma[a * p + b] * eig.vectors[b * p + j]; return s; }));
for (const [ii, i] of nullIdx.entries()) for (const jj of nullIdx.keys()) { let s = 0; for (let a = 0; a < p; a++) s += eig.vectors[a * p + i] * SV[jj][a]; nullPart += s * s; }
const approx = L.thesisApproximation(thetaStar, thetaStar, 1);   // 2L·H
const gaussNewton = L.gaussNewton(thetaStar);
const al = sgd.alignment(sigma, H, { k: 1 });
console.log(`Two-layer linear network, p = ${p}: at θ*, ‖∇L‖∞ = ${maxAbs(gradStar).toExponential(1)}, L* = ${Lstar.toFixed(5)}, tr D = ${trD(thetaStar).toFixed(3)}`);
console.log(`H has ${positive} positive eigenvalues (λ_max = ${lMax.toFixed(3)}) and ${p - positive} zero ones: a ${p - positive}-dimensional manifold of minima (predicted p − (d+1) = ${p - q})`);
console.log(`noise along the manifold: ‖V₀ᵀΣV₀‖/‖Σ‖ = ${(Math.sqrt(nullPart) / frob(sigma)).toExponential(1)} (derived: 0); Hessian = Gauss–Newton at θ*: ‖H − G‖/‖H‖ = ${(frob(H.map((v, i) => v - gaussNewton[i])) / frob(H)).toExponential(1)} (derived: 0)`);
console.log(`Σ vs 2L·H: alignment cosine ${al.cosine.toFixed(4)}, top-eigenvector overlap ${al.topKOverlap.toFixed(4)}, ‖Σ − 2LH‖/‖Σ‖ = ${(frob(sigma.map((v, i) => v - approx[i])) / frob(sigma)).toFixed(3)}`);
function maxAbs(a) { return a.reduce((m, v) => Math.max(m, Math.abs(v)), 0); }

const M = pick(100, 20);
const trSigma = Array.from({ length: p }, (_, a) => sigma[a * p + a]).reduce((s, v) => s + v, 0);
const estRows = [1, 5, 10, 50].map((B, k) => {
  const idx = sgd.batches({ examples: N, batchSize: B, seed: 55 + k, count: M });
  const grads = Array.from({ length: M }, (_, m) => L.batchGradient(thetaStar, idx.subarray(m * B, (m + 1) * B)));
  const qs = grads.map((g) => g.reduce((s, v, a) => s + (v - gradStar[a]) ** 2, 0));          // ‖g_m − ∇L‖²
  const mean = qs.reduce((s, v) => s + v, 0) / M, se = Math.sqrt(qs.reduce((s, v) => s + (v - mean) ** 2, 0) / (M - 1) / M);
  const est = new Float64Array(p * p);                                                          // the seed's Σ̂ (centred at ∇L)
  for (const g of grads) for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) est[a * p + b] += ((g[a] - gradStar[a]) * (g[b] - gradStar[b])) / M;
  return {
    B, "tr Σ̂ (seed's estimator)": `${mean.toFixed(4)} ± ${se.toFixed(4)}`, 'tr Σ/B (exact)': (trSigma / B).toFixed(4), z: ((mean - trSigma / B) / se).toFixed(1),
    'cos(Σ̂, H)': sgd.alignment(est, H).cosine.toFixed(3), 'cos(Σ/B, H) exact': al.cosine.toFixed(3),
  };
});
console.log(`\nThe seed's minibatch-covariance estimator (M = ${M} batches, with replacement) vs the exact Σ/B; the alignment cannot depend on B:`);
console.table(estRows);

// ---- part 2: the O(η²) drift of tr D along the manifold --------------------------------------
const tr1 = Array.from({ length: W2 }, (_, a) => sigma[a * p + a]).reduce((s, v) => s + v, 0);
const tr2 = Array.from({ length: h }, (_, j) => sigma[(W2 + j) * p + W2 + j]).reduce((s, v) => s + v, 0);
const etaDrift = 0.1 / lMax, R = pick(64, 8), K = pick(2000, 200), snaps = 10;
const driftRows = [];
for (const B of [1, 5, 25]) {
  const run = sgd.run({ objective: L, learningRate: etaDrift, batchSize: B, nReplicas: R, seed: 500 + B, x0: thetaStar });
  const cond = new Float64Array(R);
  for (let s = 0; s < snaps; s++) {
    run.advance(K / snaps);
    const th = run.parameters();
    for (let r = 0; r < R; r++) {
      const t = th.subarray(r * p, (r + 1) * p);
      const { sigma: S, gradient: G } = L.noiseCovariance(t);
      let c = 0;
      for (let a = 0; a < W2; a++) c += G[a] ** 2 + S[a * p + a] / B;
      for (let a = W2; a < W2 + h; a++) c -= G[a] ** 2 + S[a * p + a] / B;
      cond[r] += (etaDrift ** 2 * c) / snaps;
    }
  }
  const th = run.parameters();
  run.dispose();
  const rate = Array.from({ length: R }, (_, r) => (trD(th.subarray(r * p, (r + 1) * p)) - trD(thetaStar)) / K);
  const diff = rate.map((v, r) => v - cond[r]);
  const mean = (xs) => xs.reduce((s, v) => s + v, 0) / xs.length;
  const se = (xs) => { const m = mean(xs); return Math.sqrt(xs.reduce((s, v) => s + (v - m) ** 2, 0) / (xs.length - 1) / xs.length); };
  const lead = (etaDrift ** 2 * (tr1 - tr2)) / B;
  driftRows.push({
    B, 'Δ tr D per step (SGD)': `${mean(rate).toExponential(4)} ± ${se(rate).toExponential(1)}`,
    'E[Δ tr D | θ] along the path': mean(cond).toExponential(4), 'z (paired)': (mean(diff) / se(diff)).toFixed(1),
    'leading order at θ*': lead.toExponential(4), 'SGD / leading': (mean(rate) / lead).toFixed(3),
  });
}
console.log(`\nDrift of the balancedness tr D = ‖W̃₁‖² − ‖W₂‖² along the manifold, η = 0.1/λ_max, ${R} replicas × ${K} steps from θ* (full batch: exactly 0):`);
console.table(driftRows);

// ---- part 3: long run — balancing and flattening, same function -----------------------------
const etaLong = 0.2 / lMax, Rl = pick(16, 4), Kl = pick(16_000, 800), checks = 8;
const xTest = rng.normals({ seed: 52, stream: 0, count: 1000 * d });
const fTrue = Array.from({ length: 1000 }, (_, i) => data.weights.reduce((s, wj, j) => s + wj * xTest[i * d + j], 0));
const testMse = (t) => { const f = L.predict(t, xTest); return f.reduce((s, v, i) => s + (v - fTrue[i]) ** 2, 0) / 1000; };
const long = [];
for (const B of [1, 5, 25, N]) {
  const full = B === N;
  const n = full ? 1 : Rl;                                  // full-batch GD is deterministic: one replica
  const run = sgd.run({ objective: L, learningRate: etaLong, sampler: full ? 'full-batch' : 'with-replacement', batchSize: B, nReplicas: n, seed: 600 + B, x0: thetaStar });
  const curve = { B, steps: [], trD: [], sharp: [], loss: [], test: [] };
  for (let c = 0; c < checks; c++) {
    run.advance(Kl / checks);
    const th = run.parameters();
    const avg = (f) => Array.from({ length: n }, (_, r) => f(th.subarray(r * p, (r + 1) * p))).reduce((s, v) => s + v, 0) / n;
    curve.steps.push(((c + 1) * Kl) / checks);
    curve.trD.push(avg(trD));
    curve.sharp.push(avg((t) => sgd.sharpness(L, t).value));
    curve.loss.push(avg((t) => L.value(t)));
    curve.test.push(avg(testMse));
  }
  run.dispose();
  long.push(curve);
}
console.log(`\nLong run at η = 0.2/λ_max(θ*), ${Rl} replicas, ${Kl} steps (means over replicas at the end):`);
console.table(long.map((c) => ({
  B: c.B === N ? `${N} (full batch)` : c.B, 'tr D': `${trD(thetaStar).toFixed(2)} → ${c.trD.at(-1).toFixed(2)}`,
  'λ_max': `${lMax.toFixed(2)} → ${c.sharp.at(-1).toFixed(2)}`, 'train L': c.loss.at(-1).toFixed(5), 'L*': Lstar.toFixed(5),
  'test MSE vs f*': c.test.at(-1).toFixed(5), 'test MSE at θ* (any minimum)': testMse(thetaStar).toFixed(5),
})));
console.log('(every minimum computes the least-squares function: flatter minima here do not generalise better; the extra test error of small B is its fluctuation around the manifold)');
if (QUICK) console.log('(quick mode: few replicas and steps; the numbers are a smoke test)');

writeSvg('c05-linear-network-sharpness.svg', linePlot(long.map((c) => ({
  kind: 'line', label: c.B === N ? 'full batch (GD)' : `SGD, B = ${c.B}`, x: [0, ...c.steps], y: [lMax, ...c.sharp],
})), { title: `C.5: sharpness along the manifold of minima, η = 0.2/λ_max(θ*)`, xLabel: 'step', yLabel: 'λ_max of the Hessian (mean over replicas)' }));
writeSvg('c05-linear-network-balance.svg', linePlot(long.map((c) => ({
  kind: 'line', label: c.B === N ? 'full batch (GD)' : `SGD, B = ${c.B}`, x: [0, ...c.steps], y: [trD(thetaStar), ...c.trD],
})), { title: 'C.5: balancedness tr(W̃₁W̃₁ᵀ − W₂ᵀW₂), conserved by gradient flow', xLabel: 'step', yLabel: 'tr D (mean over replicas)' }));
L.dispose();
