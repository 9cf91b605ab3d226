// Exercise C.16 (seed 000), corrected: heavy-ball SGD with gradient noise on six wells at the vertices
// of a hexagon (radius 3, depths w = 1, 1.05, …, 1.25), momentum β ∈ {0, 0.5, 0.9, 0.95, 0.99}:
// well occupation, velocity spread and inter-well switching rate vs β.
//
// What the seed got wrong, and what is done instead:
// - Its loss Σ wₖ exp(−‖θ − μₖ‖²/0.5) has *maxima* at the μₖ and is not confining (errata). Here
//   U = −Σ wₖ exp(−‖θ − μₖ‖²/2) + 0.025‖θ‖² (`landscapes.gaussianMixture`, widths 1, confinement 0.05):
//   six minima near the μₖ, six saddles between neighbours, a maximum at the origin (checked below).
// - Its effective temperature T_eff = σ²/(1 − β²) is wrong. For v ← βv − η(∇U + ζ), θ ← θ + v,
//   ζ ~ N(0, σ_g² I), the exact stationary variance on ½hθ² is (errata; tested in test/sgMcmc.test.ts)
//   Var θ = η²σ_g²(1+β) / ((1−β) ηh (2(1+β) − ηh)) = T_h/h with
//   T_h = ησ_g² / (2(1−β)) · 1/(1 − ηh/(2(1+β))),
//   so the stationary law is the Gibbs law ∝ exp(−U/T) at T = ησ_g²/(2(1−β)), up to O(ηh/(2(1+β)))
//   (1 % here). In the seed's form (ξ = −ηζ added to v, Var ξ = σ²) that is T = σ²/(2η(1−β)): with its
//   σ² = 0.5, η = 0.01, β = 0.9 it is 250, not 5 — far above every barrier (printed below).
// - Its "global minimum discovery" peaking at β = 0.9 mixes two effects: at fixed σ_g, momentum raises T.
//   Here σ_g² = 2(1−β)T/η keeps T = 0.12 fixed, so every β has the *same* stationary law — the
//   occupations are compared with quadrature of exp(−U/T) over the six sectors (nearest μₖ) — and what
//   β changes is the dynamics: the switching rate, compared with the Kramers–Langer rate of the
//   inertial dynamics. In time t = ηk the recursion is the damped oscillator of `SgdMomentum`
//   (seed 003 corrected): friction γ = (1−β)/(η(1+β)), ω² = 2h/(η(1+β)), so at a saddle with
//   negative curvature −|h_s| the unstable growth rate is λ₊ = −γ + √(γ² + 2|h_s|/(η(1+β))), and the
//   rate over it (Langer 1969; Hänggi, Talkner & Borkovec 1990) is
//   k = η · (λ₊/2π) √(det H_well / |det H_s|) e^{−ΔU/T} per step. Langer is asymptotic in ΔU/T (here
//   2–4, so its absolute value is off by ~10–15 %), but that error is the same for every β: the ratio
//   rate(β)/rate(0) is compared with Langer's λ₊(β)/λ₊(0) within SE. (At β = 0.99 the damping ratio is
//   ζ = γ/ω ≈ 0.04, yet the Kramers turnover to the energy-diffusion regime is not reached:
//   γ·(2π/ω)·ΔU/T ≈ 0.7 is not ≪ 1.)
// - Velocities: the seed's autocorrelation times are invented; here the velocity spread is checked
//   against equipartition of the recursion, derived from E‖v'‖² = E‖v‖² and E U(θ') = E U(θ):
//   ⟨v_j²⟩ = (2ηT/(1+β)) · (1 + η⟨ΔU⟩/(2d(1+β))) + O(η³), ⟨ΔU⟩ the Gibbs mean of the Laplacian
//   (quadrature); without the O(η) factor the 0.5–1 % bias would show at ~4 SE.
// - Switches are counted core to core (entering within distance 1 of another well's centre), so
//   recrossings of a saddle are not counted.
//
// Run: npm run build && node examples/c16-momentum-wells.mjs   (SGDYN_QUICK=1 for a smoke run)
import { init, landscapes, linalg, simulate, linePlot } from '../dist/node.js';
import { QUICK, pick, writeSvg } from './support.mjs';

await init();
const R = 3, w = [1.0, 1.05, 1.1, 1.15, 1.2, 1.25], K = w.length;
const means = w.map((_, k) => [R * Math.cos((Math.PI * k) / 3), R * Math.sin((Math.PI * k) / 3)]);
const U = landscapes.gaussianMixture({ means, widths: 1, weights: w, confinement: 0.05 });
const T = 0.12, eta = 0.02;
const betas = pick([0, 0.5, 0.9, 0.95, 0.99], [0, 0.9]);
const n = pick(300, 60), measure = pick(20_000, 2000), every = 10;

// ---- geometry: minima and saddles by Newton on ∇U, Hessian eigenvalues ------------------------
const eig2 = (H) => { const m = (H[0] + H[3]) / 2, s = Math.sqrt(((H[0] - H[3]) / 2) ** 2 + H[1] * H[2]); return [m - s, m + s]; };
function newton(start) {
  const x = Float64Array.from(start);
  for (let i = 0; i < 60; i++) {
    const g = U.gradient(x), H = U.hessian(x), det = H[0] * H[3] - H[1] * H[2];
    x[0] -= (H[3] * g[0] - H[1] * g[1]) / det;
    x[1] -= (-H[2] * g[0] + H[0] * g[1]) / det;
  }
  const g = U.gradient(x);
  if (Math.hypot(g[0], g[1]) > 1e-10) throw new Error(`Newton did not converge from ${start}`);
  return x;
}
const minima = means.map((m) => newton(m));
const saddles = means.map((_, k) => { const a = (Math.PI * (k + 0.5)) / 3, r = R * Math.cos(Math.PI / 6); return newton([r * Math.cos(a), r * Math.sin(a)]); });
minima.forEach((m) => { if (!(eig2(U.hessian(m))[0] > 0)) throw new Error('not a minimum'); });
saddles.forEach((s) => { const [lo, hi] = eig2(U.hessian(s)); if (!(lo < 0 && hi > 0)) throw new Error('not a saddle'); });
const e0 = eig2(U.hessian([0, 0]));
console.log(`U: six minima (U from ${U.value(minima[0]).toFixed(3)} to ${U.value(minima[5]).toFixed(3)}), six saddles, origin a maximum (Hessian eigenvalues ${e0.map((v) => v.toFixed(3)).join(', ')}); T = ${T}, η = ${eta}`);

// ---- oracle 1: Gibbs occupation of the six sectors (nearest μₖ) by quadrature -----------------
const sector = (x, y) => ((Math.round(Math.atan2(y, x) / (Math.PI / 3)) % K) + K) % K;
function gibbsOccupation(temp) {
  const L = 7, m = 561, h = (2 * L) / (m - 1);
  const xs = new Float64Array(m * m * 2);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) { xs[2 * (i * m + j)] = -L + i * h; xs[2 * (i * m + j) + 1] = -L + j * h; }
  const u = U.values(xs), Z = new Float64Array(K);
  const umin = u.reduce((a, b) => Math.min(a, b), Infinity);
  for (let q = 0; q < m * m; q++) Z[sector(xs[2 * q], xs[2 * q + 1])] += Math.exp(-(u[q] - umin) / temp);
  const tot = Z.reduce((a, b) => a + b, 0);
  const hs = U.hessians(xs);
  let lap = 0;
  for (let q = 0; q < m * m; q++) lap += (hs[4 * q] + hs[4 * q + 3]) * Math.exp(-(u[q] - umin) / temp);
  return { occupation: Array.from(Z, (z) => z / tot), laplacian: lap / tot };
}
const { occupation: gibbs, laplacian } = gibbsOccupation(T);
/** Equipartition of the recursion to O(η²) (header). */
const v2Oracle = (beta) => ((2 * eta * T) / (1 + beta)) * (1 + (eta * laplacian) / (2 * 2 * (1 + beta)));

// ---- oracle 2: Kramers–Langer switching rate per step at momentum β ---------------------------
/** Langer rates k(i → j) per step between neighbouring wells (K × K), their stationary total and the relaxation time. */
function langer(beta) {
  const gamma = (1 - beta) / (eta * (1 + beta));
  const Q = new Float64Array(K * K);
  let total = 0;
  for (let i = 0; i < K; i++) {
    const Hi = U.hessian(minima[i]), detI = Hi[0] * Hi[3] - Hi[1] * Hi[2];
    for (const [s, j] of [[saddles[i], (i + 1) % K], [saddles[(i + K - 1) % K], (i + K - 1) % K]]) {   // saddle i lies between wells i and i+1
      const Hs = U.hessian(s), [neg] = eig2(Hs), detS = Math.abs(Hs[0] * Hs[3] - Hs[1] * Hs[2]);
      const lambda = -gamma + Math.sqrt(gamma * gamma + (2 * -neg) / (eta * (1 + beta)));
      Q[i * K + j] = eta * (lambda / (2 * Math.PI)) * Math.sqrt(detI / detS) * Math.exp(-(U.value(s) - U.value(minima[i])) / T);
      total += gibbs[i] * Q[i * K + j];
    }
  }
  // relaxation time of the 6-state chain: 1/gap of its generator, symmetrised by √π with the Laplace
  // weights π ∝ e^{−U/T}/√det H, for which Langer's rates satisfy detailed balance exactly
  const laplace = minima.map((m) => { const H = U.hessian(m); return Math.exp(-U.value(m) / T) / Math.sqrt(H[0] * H[3] - H[1] * H[2]); });
  const S = new Float64Array(K * K);
  for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) {
    const a = Math.sqrt(laplace[i] / laplace[j]) * Q[i * K + j], b = Math.sqrt(laplace[j] / laplace[i]) * Q[j * K + i];
    S[i * K + j] = i === j ? -Q.subarray(i * K, i * K + K).reduce((x, y) => x + y, 0) : (a + b) / 2;   // a = b up to rounding
  }
  const ev = linalg.symmetricEigen(S).values;                    // ascending: …, −gap, ≈ 0
  return { rate: total, relaxation: 1 / -ev[K - 2] };
}

// ---- heavy-ball runs: all trajectories start in the shallowest well ---------------------------
const meanSe = (xs) => { const m = xs.reduce((a, b) => a + b, 0) / xs.length; const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1); return [m, Math.sqrt(v / xs.length)]; };
const results = [];
for (const beta of betas) {
  const sigma2 = (2 * (1 - beta) * T) / eta;
  const { rate: langerRate, relaxation } = langer(beta);
  const burn = every * Math.ceil((QUICK ? 1 : 5) * relaxation / every);   // 5 relaxation times of the well populations
  const ens = simulate({ landscape: U, integrator: 'heavy-ball', dt: eta, momentum: beta, gradientNoise: { variance: sigma2 }, nTrajectories: n, x0: minima[0], seed: 1600 + betas.indexOf(beta) });
  ens.step(burn);
  const occ = new Float64Array(n * K), switches = new Float64Array(n), v2 = new Float64Array(n);
  const last = new Int32Array(n);
  let x = ens.positions();
  for (let i = 0; i < n; i++) last[i] = sector(x[2 * i], x[2 * i + 1]);
  const frames = measure / every;
  for (let f = 0; f < frames; f++) {
    ens.step(every);
    x = ens.positions();
    const v = ens.velocities();
    for (let i = 0; i < n; i++) {
      const k = sector(x[2 * i], x[2 * i + 1]);
      occ[i * K + k] += 1 / frames;
      v2[i] += (v[2 * i] ** 2 + v[2 * i + 1] ** 2) / (2 * frames);
      if (k !== last[i] && Math.hypot(x[2 * i] - means[k][0], x[2 * i + 1] - means[k][1]) < 1) { switches[i] += 1; last[i] = k; }
    }
  }
  ens.dispose();
  const occupation = Array.from({ length: K }, (_, k) => meanSe(Array.from({ length: n }, (_, i) => occ[i * K + k])));
  const [rate, rateSe] = meanSe(Array.from(switches, (s) => s / measure));
  const [vv, vvSe] = meanSe(Array.from(v2));
  results.push({ beta, burn, occupation, rate, rateSe, vv, vvSe, langer: langerRate });
}

const z = (sim, se, ref) => ((sim - ref) / se).toFixed(1);
console.log(`\nWell occupation at fixed T = ${T} (σ_g² = 2(1−β)T/η), ${n} trajectories started in well 1, burn-in 5 relaxation times of the Langer 6-state chain, then ${measure} measured steps:`);
console.table(results.map((r) => ({
  β: r.beta,
  'well 1 (shallowest)': `${r.occupation[0][0].toFixed(4)} ± ${r.occupation[0][1].toFixed(4)}`,
  'Gibbs 1': gibbs[0].toFixed(4), z1: z(r.occupation[0][0], r.occupation[0][1], gibbs[0]),
  'well 6 (deepest)': `${r.occupation[5][0].toFixed(4)} ± ${r.occupation[5][1].toFixed(4)}`,
  'Gibbs 6': gibbs[5].toFixed(4), z6: z(r.occupation[5][0], r.occupation[5][1], gibbs[5]),
  'z, wells 1…6': r.occupation.map(([m, se], k) => z(m, se, gibbs[k])).join(' '),
  'burn-in steps': r.burn,
})));
console.log(`Velocity spread vs equipartition of the recursion (2ηT/(1+β))(1 + η⟨ΔU⟩/(2d(1+β))), ⟨ΔU⟩ = ${laplacian.toFixed(4)}:`);
console.table(results.map((r) => ({
  β: r.beta,
  '⟨v²⟩ per coord': `${r.vv.toExponential(4)} ± ${r.vvSe.toExponential(1)}`,
  'oracle': v2Oracle(r.beta).toExponential(4), z: z(r.vv, r.vvSe, v2Oracle(r.beta)),
  'leading order 2ηT/(1+β)': ((2 * eta * T) / (1 + r.beta)).toExponential(4),
})));
const r0 = results[0];
console.log('Switching rate (core-to-core) vs Kramers–Langer with the inertial growth rate λ₊(β):');
console.table(results.map((r) => {
  const gamma = (1 - r.beta) / (eta * (1 + r.beta));
  const ratio = r.rate / r0.rate, ratioSe = ratio * Math.hypot(r.rateSe / r.rate, r === r0 ? 0 : r0.rateSe / r0.rate);
  return {
    β: r.beta,
    'switches / step': `${r.rate.toExponential(3)} ± ${r.rateSe.toExponential(1)}`,
    'Langer / step': r.langer.toExponential(3), 'sim / Langer': (r.rate / r.langer).toFixed(3),
    'rate / rate(β=0)': `${ratio.toFixed(3)} ± ${ratioSe.toFixed(3)}`,
    'Langer ratio': (r.langer / r0.langer).toFixed(3), z: r === r0 ? '—' : z(ratio, ratioSe, r.langer / r0.langer),
    'ζ = γ/ω (well 1)': (gamma / Math.sqrt((2 * eig2(U.hessian(minima[0]))[0]) / (eta * (1 + r.beta)))).toFixed(2),
  };
}));
if (QUICK) console.log('(quick mode: runs far too short to equilibrate; the numbers are a smoke test)');

// ---- the seed's own parameters ---------------------------------------------------------------
const seedSigma2 = 0.5, seedEta = 0.01;
console.log(`Seed's parameters (noise σ² = ${seedSigma2} added to v, η = ${seedEta}): T = σ²/(2η(1−β)) vs the seed's σ²/(1−β²):`);
console.table([0, 0.5, 0.9, 0.99].map((b) => ({ β: b, 'T (derived)': (seedSigma2 / (2 * seedEta * (1 - b))).toFixed(1), "seed's T_eff": (seedSigma2 / (1 - b * b)).toFixed(2) })));

// ---- figures ---------------------------------------------------------------------------------
const wells = Array.from({ length: K }, (_, k) => k + 1);
writeSvg('c16-momentum-wells-occupation.svg', linePlot([
  { kind: 'line', label: `Gibbs law at T = ${T} (quadrature)`, x: wells, y: gibbs },
  ...results.map((r) => ({ kind: 'scatter', label: `heavy ball β = ${r.beta}`, x: wells.map((k) => k + (r.beta - 0.5) * 0.3), y: r.occupation.map(([m]) => m), yErr: r.occupation.map(([, se]) => se) })),
], { title: `C.16: well occupation at fixed T = ησ_g²/(2(1−β)) = ${T}`, xLabel: 'well (1 = shallowest, 6 = deepest)', yLabel: 'occupation probability', legend: 'top-left' }));
const langerGrid = Array.from({ length: 41 }, (_, i) => 10 ** (-2.2 + (2.2 * i) / 40));
writeSvg('c16-momentum-wells-switching.svg', linePlot([
  { kind: 'scatter', label: 'heavy ball (core-to-core switches)', x: results.map((r) => 1 - r.beta), y: results.map((r) => r.rate), yErr: results.map((r) => r.rateSe) },
  { kind: 'line', label: 'Kramers–Langer (inertial)', x: langerGrid, y: langerGrid.map((g) => langer(1 - g).rate), dash: true },
], { title: `C.16: switching rate vs momentum at fixed T = ${T}, η = ${eta}`, xLabel: '1 − β', yLabel: 'switches per step and trajectory', xScale: 'log', yScale: 'log' }));
U.dispose();
