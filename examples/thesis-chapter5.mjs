// Seed 001 (Padova thesis), chapter 5, §5.3 "SDE vs SGD", reproduced with corrected conventions:
// minibatch SGD on the thesis model against its SDE surrogate, B = 10, η = 1e-4, from the six
// starting points of Tables 5.2/5.3, plus §5.2's check of the noise approximation Σ ≈ 2L(θ)H(θ*)/B.
//
// Corrections (errata.md, and derived here):
//  1. Model (5.1)/(5.2): f(a, b; x) = a² + x(1 + bσ(ax)) with true parameters (a, b) = (1, 5)
//     (the text writes f_mod(1, 1; x) for the truth).
//  2. The SGD update (4.2) lacks the learning rate: θₖ₊₁ = θₖ − η ∇L_{Bₖ}(θₖ).
//  3. Loss normalisation: the text uses L = (1/2N) Σ r² (4.1) but chapter 5 uses the plain mean
//     L = (1/N) Σ r² (Table 5.1's minimum loss 2.6 ≈ Var U[−3, 3] = 3). We use the plain mean
//     (normalisation 'mean'); with ½ every gradient, hence the effective η, would be halved.
//  4. Noise: (4.8) is the covariance of a minibatch drawn *without* replacement,
//     ((N−B)/(N−1)) Σ/B; the thesis drops the factor. SGD here samples without replacement and
//     both surrogates keep the factor (590/599 for N = 600, B = 10). The surrogate is
//     dθ = −∇L dt + √(η (N−B)/((N−1)B)) Σ(θ)^{1/2} dW with the *exact* Σ(θ) recomputed along the
//     path from per-example gradients; the thesis's form (4.21), Σ ≈ 2L(θ)H(θ*), is run as well.
//  5. Time: SGD step k is the SDE at t = kη (Euler–Maruyama with Δt = η). The thesis compares one
//     path per start and the "iterations" until |a − a*|, |b − b*| ≤ 0.05; single paths cannot
//     show whether two processes agree in law. We compare ensembles at matched times: means,
//     standard deviations, total variation between marginal histograms, sliced W₂, loss, and the
//     mean iterations to the same box (θ* = the minimum of *this* data set, found numerically).
//  6. "For higher ratios the SDE diverges" (§5.3, obs. 1) is not a property of the SDE: EM at
//     Δt = η is stable when ηλ_max < 2; we print ηλ_max/2 at θ*.
//
// Run: npm run build && node examples/thesis-chapter5.mjs   (SGDYN_QUICK=1 for a fast, noisier run)
// Writes examples/out/thesis-chapter5-*.svg.
import { mkdirSync, writeFileSync } from 'node:fs';
import { init, sgd, findMinima, linePlot } from '../dist/node.js';

await init();
const quick = process.env.SGDYN_QUICK === '1';
const eta = 1e-4, B = 10, seed = 2024;
const n = quick ? 12 : 64, steps = quick ? 300 : 2000, every = quick ? 50 : 100;
const starts = [[1.29, 5.12], [1.54, 5.01], [1.62, 5.7], [1.42, 3.05], [0.83, 5.9], [1.49, 6.63]];

const data = sgd.data.thesis({ seed });                      // 30 grid points on [−15, 15] × 20 copies, noise U[−3, 3)
const L = sgd.thesisModel({ x: data.x, y: data.y, normalisation: 'mean' });
const [minimum] = findMinima(L, { starts: [[1, 5]] });
const star = Array.from(minimum.point);
const lambda = sgd.sharpness(L, star).value;
console.log(`N = ${L.examples}, B = ${B}, η = ${eta}, sampler without replacement; θ* = (${star.map((v) => v.toFixed(4)).join(', ')}), L(θ*) = ${L.value(star).toFixed(3)}, ηλ_max/2 = ${(eta * lambda / 2).toExponential(2)}`);
console.log(`${n} replicas per side and start, ${steps} steps (t = ${(steps * eta).toFixed(2)}), seed ${seed}${quick ? ' (quick mode)' : ''}\n`);

// §5.2: the exact minibatch covariance against the thesis's 2L(θ)H(θ*)/B (both with the factor).
const f = (L.examples - B) / ((L.examples - 1) * B);
const frob = (a) => Math.sqrt(a.reduce((s, v) => s + v * v, 0));
console.log('point            ‖Σ_B − 2L H(θ*) f‖ / ‖Σ_B‖   cos(Σ, H(θ*))');
for (const [name, theta] of [['θ*', star], ...starts.map((s, i) => [`start ${i + 1}`, s])]) {
  const sigmaB = L.minibatchCovariance(theta, { batchSize: B, sampler: 'without-replacement' });
  const thesis = L.thesisApproximation(theta, star, 1).map((v) => v * f);
  const rel = frob(sigmaB.map((v, i) => v - thesis[i])) / frob(sigmaB);
  console.log(`${name.padEnd(16)} ${rel.toFixed(3).padStart(10)}                   ${sgd.alignment(sigmaB, L.hessian(star)).cosine.toFixed(4)}`);
}

// §5.3: SGD vs the surrogates from the six starts; first arrival in the box |a − a*|, |b − b*| ≤ 0.05
// (the thesis's "iterations"), checked at every frame.
const inBox = (x, r) => Math.abs(x[2 * r] - star[0]) <= 0.05 && Math.abs(x[2 * r + 1] - star[1]) <= 0.05;
const fmt = (c, side, k) => { const m = c[side].mean, v = c[side].covariance, fr = c.times.length - 1; return `${m[fr * 2 + k].toFixed(3)}±${Math.sqrt(v[fr * 4 + k * 3]).toFixed(3)}`; };
const arrivals = (first) => { const done = first.filter(Number.isFinite); return done.length === 0 ? `none/${n}` : `${(done.reduce((s, v) => s + v, 0) / done.length).toFixed(0)} (${done.length}/${n})`; };
console.log(`\nat t = ${(steps * eta).toFixed(2)}: ensemble mean ± standard deviation; TV of the marginals (max of a, b); sliced W₂; mean loss; mean SGD steps to the box (arrived/n, resolution ${every})`);
console.log('start          a: SGD       a: SDE exact  a: SDE (4.21)  b: SGD       b: SDE exact  b: SDE (4.21)  TV     SW₂       L: SGD  L: SDE  box: SGD      box: SDE');
const comparisons = [];
for (const [i, x0] of starts.entries()) {
  const first = { sgd: new Float64Array(n).fill(Infinity), surrogate: new Float64Array(n).fill(Infinity) };
  const onFrame = ({ step, sgd: a, surrogate: b }) => {
    for (let r = 0; r < n; r++) {
      if (first.sgd[r] === Infinity && inBox(a, r)) first.sgd[r] = step;
      if (first.surrogate[r] === Infinity && inBox(b, r)) first.surrogate[r] = step;
    }
  };
  const common = { objective: L, learningRate: eta, batchSize: B, sampler: 'without-replacement', nReplicas: n, x0, seed: seed + i, steps, every, bins: quick ? 6 : 12 };
  const exact = sgd.compare({ ...common, onFrame });
  const thesis = sgd.compare({ ...common, surrogate: { noise: 'thesis', minimum: star } });
  comparisons.push({ x0, exact, thesis });
  const fr = exact.times.length - 1;
  const tv = Math.max(exact.totalVariation[fr * 2], exact.totalVariation[fr * 2 + 1]);
  console.log(`(${x0.join(', ')})`.padEnd(14), fmt(exact, 'sgd', 0).padEnd(12), fmt(exact, 'surrogate', 0).padEnd(13), fmt(thesis, 'surrogate', 0).padEnd(14),
    fmt(exact, 'sgd', 1).padEnd(12), fmt(exact, 'surrogate', 1).padEnd(13), fmt(thesis, 'surrogate', 1).padEnd(14),
    tv.toFixed(3).padEnd(6), exact.slicedWasserstein[fr].toExponential(2).padEnd(9), exact.sgd.loss[fr].toFixed(3).padEnd(7), exact.surrogate.loss[fr].toFixed(3).padEnd(7),
    arrivals(first.sgd).padEnd(13), arrivals(first.surrogate));
}
console.log(`TV sampling level √(bins/(πn)) = ${comparisons[0].exact.totalVariationSamplingLevel.toFixed(3)}; run time SGD ${comparisons.reduce((s, c) => s + c.exact.seconds.sgd, 0).toFixed(1)} s, SDE (exact Σ) ${comparisons.reduce((s, c) => s + c.exact.seconds.surrogate, 0).toFixed(1)} s, SDE (4.21) ${comparisons.reduce((s, c) => s + c.thesis.seconds.surrogate, 0).toFixed(1)} s`);

mkdirSync(new URL('./out/', import.meta.url), { recursive: true });
const colors = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9'];
const paths = comparisons.flatMap(({ exact }, i) => {
  const m = (side) => ({ x: Array.from(exact.times, (_, fr) => exact[side].mean[fr * 2]), y: Array.from(exact.times, (_, fr) => exact[side].mean[fr * 2 + 1]) });
  return [
    { kind: 'line', label: i === 0 ? 'SGD ensemble mean' : '', ...m('sgd'), color: colors[i] },
    { kind: 'scatter', label: i === 0 ? `SDE ensemble mean (every ${every} steps)` : '', ...m('surrogate'), color: colors[i] },
  ];
});
paths.push({ kind: 'scatter', label: 'θ* (numerical minimum)', x: [star[0]], y: [star[1]], color: '#000000' });
writeFileSync(new URL('./out/thesis-chapter5-paths.svg', import.meta.url), linePlot(paths,
  { title: `Six starts (colours): SGD vs SDE surrogate, B = ${B}, η = ${eta}`, xLabel: 'a', yLabel: 'b' }));
const plots = sgd.comparisonPlots(comparisons[2].exact, { names: ['a', 'b'], title: `start (${starts[2].join(', ')})` });
writeFileSync(new URL('./out/thesis-chapter5-loss.svg', import.meta.url), plots.loss);
writeFileSync(new URL('./out/thesis-chapter5-distances.svg', import.meta.url), plots.distances);
plots.marginals.forEach((svg, k) => writeFileSync(new URL(`./out/thesis-chapter5-marginal-${'ab'[k]}.svg`, import.meta.url), svg));
console.log('\nwrote examples/out/thesis-chapter5-{paths,loss,distances,marginal-a,marginal-b}.svg');
L.dispose();
