// Exercise C.6 (seed 000), corrected: underdamped Langevin dx = v dt, dv = −∇U dt − γv dt + √(2γT) dW
// (BAOAB) against overdamped Langevin on a ring of 8 wells (radius 3) in 2-D at T = 0.5, over the
// friction γ: both must sample the same Gibbs law exp(−U/T) in x (and N(0, T) in v), and they mix
// at different speeds.
// What the seed got wrong and what is changed:
// - its f = Σₖ exp(−‖x − μₖ‖²/0.3) is a sum of *positive* Gaussians: the "modes" are maxima and the
//   function is not confining (errata). Here U = −Σₖ wₖ exp(−‖x − μₖ‖²/0.3) + (0.05/2)‖x‖²
//   (`landscapes.gaussianMixture`, σ² = 0.15 as in the seed), with unequal depths wₖ = 1.5 + 0.1k so
//   the well occupations are not all equal by symmetry (depth/T = 3 … 4.4);
// - "ULA is the γ → ∞ limit" only after rescaling time: at large γ the position obeys
//   dx = −∇U/γ dt + √(2T/γ) dW (Smoluchowski), so it mixes γ times *slower* per unit time than
//   overdamped Langevin with unit mobility. The overdamped reference here is MALA at Δt = 0.02
//   (exact Gibbs law, dynamics of the diffusion up to rare rejections);
// - the seed's start at the origin (a plateau between wells) and v₀ = 0 is replaced by draws from
//   the stationary law, so occupations are not polluted by a transient;
// - the "mastery" claims ("orders of magnitude faster") are not checked facts of this landscape.
// Oracles: occupation of each well's core (‖x − μₖ‖ < 1) and of the rest by 2-D quadrature of
// exp(−U/T); Var v = T (Maxwell–Boltzmann); for the overdamped dynamics, the integrated
// autocorrelation time of x₁, τ = 2∫ρ(t)dt, from the 2-D Fokker–Planck solver (evolve π(1 + ε(x₁ − m))),
// and its Smoluchowski limit γτ at large γ. Standard errors: across chains
// (per-chain time averages) for occupations, Sokal's window with 10 groups of chains for τ.
// Run: npm run build && node examples/c06-underdamped-ring.mjs   (SGDYN_QUICK=1 for a small run)
import { init, landscapes, simulate, rng, FokkerPlanck2D, linePlot } from '../dist/node.js';
import { pick, writeSvg, meanSe, integratedAutocorrelationTime } from './support.mjs';

await init();
const K = 8, radius = 3, T = 0.5, core = 1;
const means = Array.from({ length: K }, (_, k) => [radius * Math.cos((2 * Math.PI * k) / K), radius * Math.sin((2 * Math.PI * k) / K)]);
const weights = Array.from({ length: K }, (_, k) => 1.5 + 0.1 * k);
const U = landscapes.gaussianMixture({ means, widths: Math.sqrt(0.15), weights, confinement: 0.05 });
const coreOf = (x, y) => { for (let k = 0; k < K; k++) if ((x - means[k][0]) ** 2 + (y - means[k][1]) ** 2 < core * core) return k; return K; };

// Quadrature of exp(−U/T) on [−14, 14]² (midpoint rule, h = 0.025; U is smooth on that scale). The
// weak confinement leaves a wide plateau: π ∝ e^{−0.05‖x‖²} there (sd ≈ 3.2), so the box must be large.
const m = 1120, box = 14, hq = (2 * box) / m;
const pts = new Float64Array(2 * m * m);
for (let j = 0; j < m; j++) for (let i = 0; i < m; i++) { pts[2 * (j * m + i)] = -box + (i + 0.5) * hq; pts[2 * (j * m + i) + 1] = -box + (j + 0.5) * hq; }
const uq = U.values(pts), umin = uq.reduce((a, v) => Math.min(a, v), Infinity);
const exact = new Float64Array(K + 1);
let Z = 0, meanX = 0, varX = 0;
for (let q = 0; q < m * m; q++) { const p = Math.exp(-(uq[q] - umin) / T); Z += p; exact[coreOf(pts[2 * q], pts[2 * q + 1])] += p; meanX += p * pts[2 * q]; }
meanX /= Z;
for (let q = 0; q < m * m; q++) varX += Math.exp(-(uq[q] - umin) / T) * (pts[2 * q] - meanX) ** 2 / Z;
exact.forEach((v, k) => (exact[k] = v / Z));

// Overdamped oracle: τ_int(x₁) = 2∫ρ dt with ρ from the 2-D Fokker–Planck evolution of π(1 + ε(x₁ − m))
// on [−12, 12]² (h = 0.2: τ changes by 0.2% at h = 0.1), until ρ < 10⁻³ (tail e^{−rate·t} added).
const cells = pick(120, 60), side = 12, hc = (2 * side) / cells;
const fp = FokkerPlanck2D.fromLandscape({ landscape: U, temperature: T, domain: [[-side, side], [-side, side]], cells });
const pi = fp.stationary(), { x: gx } = fp.grid(), cell = hc * hc;
const mFp = pi.reduce((a, v, k) => a + gx[k % cells] * v * cell, 0);
const vFp = pi.reduce((a, v, k) => a + (gx[k % cells] - mFp) ** 2 * v * cell, 0);
const eps = 0.5 / side;
fp.setDensity(pi.map((v, k) => v * (1 + eps * (gx[k % cells] - mFp))));
const rhoStep = 0.25, rhoFp = [1];
while (rhoFp.at(-1) > 1e-3) {
  fp.evolve(rhoStep, { dt: rhoStep / 2 });
  rhoFp.push((fp.density().reduce((a, v, k) => a + gx[k % cells] * v * cell, 0) - mFp) / (eps * vFp));
}
const lateRate = Math.log(rhoFp.at(-41) / rhoFp.at(-1)) / (40 * rhoStep);   // decay rate over the last 10 time units
const tauOverdamped = 2 * (rhoStep * (rhoFp.reduce((a, v) => a + v, 0) - 0.5 * (1 + rhoFp.at(-1))) + rhoFp.at(-1) / lateRate);
// Starts: cells drawn from the stationary grid density (jittered within the cell); the same for every run.
const n = pick(100, 20);
const cum = new Float64Array(pi.length);
pi.reduce((a, v, k) => (cum[k] = a + v), 0);
const u = rng.uniforms({ seed: 60, count: 3 * n });
const x0 = new Float64Array(2 * n);
for (let i = 0; i < n; i++) {
  let lo = 0, hi = cum.length - 1;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (cum[mid] < u[3 * i] * cum.at(-1)) lo = mid + 1; else hi = mid; }
  x0[2 * i] = gx[lo % cells] + (u[3 * i + 1] - 0.5) * hc;
  x0[2 * i + 1] = gx[Math.floor(lo / cells)] + (u[3 * i + 2] - 0.5) * hc;
}
fp.dispose();

const spacing = 0.1, burn = pick(20, 5);
// Run length: long enough for Sokal's window (≈ 5τ) at large friction, where τ ≈ γ·τ_overdamped.
const durationOf = (gamma) => pick(Math.max(1500, 12 * (gamma ?? 0) * tauOverdamped), 100);
function run(label, options) {
  const duration = durationOf(options.friction);
  const { dt } = options, every = Math.round(spacing / dt), len = Math.round(duration / spacing);
  const ens = simulate({ landscape: U, temperature: T, nTrajectories: n, x0, seed: 6, steps: Math.round(burn / dt), ...options });
  const occ = new Float64Array(n * (K + 1)), last = new Int32Array(n).fill(-1), switches = new Float64Array(n);
  // x₁ for τ_int at a coarser spacing (≤ 3000 records per chain keeps the autocorrelation sums cheap).
  const thin = Math.max(1, Math.round(duration / 3000 / spacing)), x1 = new Float64Array(Math.floor(len / thin) * n);
  let v2 = 0;
  for (let t = 0; t < len; t++) {
    const p = ens.step(every).positions();
    for (let i = 0; i < n; i++) {
      const c = coreOf(p[2 * i], p[2 * i + 1]);
      occ[i * (K + 1) + c] += 1 / len;
      if (c < K) { if (last[i] >= 0 && c !== last[i]) switches[i]++; last[i] = c; }
      if (t % thin === 0 && t / thin < x1.length / n) x1[(t / thin) * n + i] = p[2 * i];
    }
    if (options.integrator === 'baoab' && t % 10 === 0) v2 += ens.velocities().reduce((a, v) => a + v * v, 0) / (2 * n) / Math.ceil(len / 10);
  }
  const acceptance = options.integrator === 'mala' ? ens.acceptanceRate() : NaN;
  ens.dispose();
  const iat = integratedAutocorrelationTime(x1, n, x1.length / n, { mean: meanX });
  return {
    label, gamma: options.friction, acceptance, v2, duration,
    occ: Array.from({ length: K + 1 }, (_, k) => meanSe(Array.from({ length: n }, (_, i) => occ[i * (K + 1) + k]))),
    rate: meanSe(Array.from(switches, (s) => s / duration)), tau: iat.tau * spacing * thin, tauSe: iat.se * spacing * thin, short: iat.window >= x1.length / n - 1,
  };
}

const frictions = pick([0.1, 0.3, 1, 3, 10], [0.3, 10]);
const results = [run('overdamped (MALA, Δt = 0.02)', { integrator: 'mala', dt: 0.02 })];
for (const gamma of frictions) results.push(run(`BAOAB γ = ${gamma}`, { integrator: 'baoab', dt: 0.05, friction: gamma }));

console.log(`U = −Σₖ wₖ e^{−‖x−μₖ‖²/0.3} + 0.025‖x‖², wₖ = 1.5 … 2.2 on a ring of radius 3, T = ${T}; ${n} chains × ${results.map((r) => r.duration.toFixed(0)).join('/')} time units from the stationary law`);
console.log('occupation of the well cores ‖x − μₖ‖ < 1 (per-chain time averages ± SE) vs quadrature:');
const occRows = Array.from({ length: K + 1 }, (_, k) => {
  const row = { region: k < K ? `well ${k} (w = ${weights[k].toFixed(1)})` : 'outside the cores', exact: exact[k].toFixed(4) };
  for (const r of results) row[r.label.replace(/ \(.*/, '')] = `${r.occ[k].mean.toFixed(4)} ± ${r.occ[k].se.toFixed(4)}`;
  return row;
});
console.table(occRows);
const chi2 = results.map((r) => r.occ.reduce((a, o, k) => a + ((o.mean - exact[k]) / o.se) ** 2, 0));
console.log(`Σ z² over the ${K + 1} regions (≈ ${K + 1} ± ${Math.sqrt(2 * (K + 1)).toFixed(1)} if unbiased; the regions are not independent): ${results.map((r, i) => `${r.label.replace(/ \(.*/, '')}: ${chi2[i].toFixed(1)}`).join(', ')}`);
console.log(`mixing: overdamped Fokker–Planck τ_int(x₁) = 2∫ρ dt = ${tauOverdamped.toFixed(2)} time units (${cells}² grid; decay rate of ρ over its last 10 time units: ${lateRate.toFixed(4)})`);
console.table(results.map((r) => ({
  dynamics: r.label, 'Var v (exact T = 0.5)': r.gamma ? r.v2.toFixed(4) : '—', 'MALA acceptance': Number.isNaN(r.acceptance) ? '—' : r.acceptance.toFixed(4),
  'well switches per time ± SE': `${r.rate.mean.toFixed(4)} ± ${r.rate.se.toFixed(4)}`,
  'τ_int(x₁) ± SE (time)': `${r.tau.toFixed(1)} ± ${r.tauSe.toFixed(1)}${r.short ? ' (run too short)' : ''}`,
  oracle: r.gamma ? `γ·τ_over = ${(r.gamma * tauOverdamped).toFixed(1)} (γ ≫ 1 only)` : `${tauOverdamped.toFixed(2)} (Fokker–Planck)`,
})));

const under = results.slice(1);
writeSvg('c06-mixing-vs-friction.svg', linePlot([
  { kind: 'scatter', label: 'BAOAB τ_int(x₁) (± 1 SE)', x: frictions, y: under.map((r) => r.tau), yErr: under.map((r) => r.tauSe) },
  { kind: 'line', label: 'overdamped τ_int (Fokker–Planck)', x: frictions, y: frictions.map(() => tauOverdamped), dash: true },
  { kind: 'line', label: 'Smoluchowski limit γ·τ_overdamped', x: frictions, y: frictions.map((g) => g * tauOverdamped) },
  { kind: 'scatter', label: 'BAOAB 1/(switch rate)', x: frictions, y: under.map((r) => 1 / r.rate.mean) },
], { title: 'C.6: mixing of underdamped Langevin on the ring of wells vs friction', xLabel: 'friction γ', yLabel: 'time units', xScale: 'log', yScale: 'log' }));
writeSvg('c06-occupations.svg', linePlot([
  { kind: 'line', label: 'quadrature of exp(−U/T)', x: Array.from({ length: K }, (_, k) => k), y: Array.from(exact.subarray(0, K)) },
  ...results.map((r) => ({ kind: 'scatter', label: r.label, x: Array.from({ length: K }, (_, k) => k), y: r.occ.slice(0, K).map((o) => o.mean), yErr: r.occ.slice(0, K).map((o) => o.se) })),
], { title: 'C.6: occupation of the well cores, all dynamics vs the Gibbs law', xLabel: 'well k (depth wₖ = 1.5 + 0.1k)', yLabel: 'P(‖x − μₖ‖ < 1)' }));
U.dispose();
