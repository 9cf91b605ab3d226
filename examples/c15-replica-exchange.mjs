// Exercise C.15 (seed 000), corrected: replica exchange (parallel tempering) on the bimodal posterior
// of a two-component mixture's means. Data: 100 points from ½N(−2, 1) + ½N(3, 1); posterior
// π(a, b) ∝ Πᵢ [½φ(xᵢ − a) + ½φ(xᵢ − b)] · prior(a) prior(b); label switching makes it symmetric
// under a ↔ b, so P(a < b) = ½ exactly. Samplers: MALA at T = 1 alone, and MALA replicas on a
// temperature ladder with neighbour swaps every 10 steps (`replicaExchange`), read from slot T₀ = 1.
// What the seed got wrong and what is changed:
// - "uniform priors" make this posterior improper: as one mean → ∞ the likelihood tends to the
//   positive constant 2⁻ⁿΠφ(xᵢ − b), so ∫da diverges. Here independent N(0, 10²) priors;
// - its ladder Tₖ = 1.5ᵏ, k = 0…7 (T ≤ 17) cannot mix: the saddle between the modes is at a = b
//   (one Gaussian fits all the data), ΔU ≈ 265 above the modes for this data set, so even the
//   hottest replica sees e^{−265/17} ≈ e^{−15.5}. The corrected ladder Tₖ = 2ᵏ (T ≤ 128, ΔU/T ≈ 2)
//   has the same cost (8 replicas); both are run;
// - the seed's solution swaps at a fixed probability 0.1 without the Metropolis test (not replica
//   exchange); the library accepts with min(1, exp((1/Tₖ − 1/Tₖ₊₁)(U(xₖ) − U(xₖ₊₁)))).
// Oracles: P(a < b) = ½ (symmetry); E a, and a's mean and sd within the mode a < b, by 2-D quadrature
// of exp(−U) around that mode (the other mode is its mirror image). Standard errors across the
// independent replica groups (one cold chain each); τ_int of the mode label sign(b − a) by Sokal's
// window (groups of chains for its SE). The likelihood is a JS function (`landscapes.fromFunction`,
// value and gradient with a stable log-sum-exp), faster here than the 100-term expression.
// Run: npm run build && node examples/c15-replica-exchange.mjs   (SGDYN_QUICK=1 for a small run)
import { init, landscapes, simulate, rng, histogramPlot } from '../dist/node.js';
import { pick, writeSvg, meanSe, integratedAutocorrelationTime } from './support.mjs';

await init();
const N = 100, priorVar = 100;
const u = rng.uniforms({ seed: 15, count: N }), z = rng.normals({ seed: 16, count: N });
const data = Float64Array.from({ length: N }, (_, i) => (u[i] < 0.5 ? -2 : 3) + z[i]);

/** U(a, b) = −Σᵢ log(½φ(xᵢ − a) + ½φ(xᵢ − b)) + (a² + b²)/200 (up to a constant); writes ∇U into g if given. */
function posterior(a, b, g) {
  let value = (a * a + b * b) / (2 * priorVar), ga = a / priorVar, gb = b / priorVar;
  for (let i = 0; i < N; i++) {
    const x = data[i], A = -0.5 * (x - a) ** 2, B = -0.5 * (x - b) ** 2, d = A - B, e = Math.exp(-Math.abs(d));
    value -= Math.max(A, B) + Math.log1p(e);
    const ra = d >= 0 ? 1 / (1 + e) : e / (1 + e);                     // responsibility of component a
    ga -= ra * (x - a);
    gb -= (1 - ra) * (x - b);
  }
  if (g) { g[0] = ga; g[1] = gb; }
  return value;
}
const grad = new Float64Array(2);
const U = landscapes.fromFunction({
  dim: 2, name: 'mixture-means posterior',
  value: (p, out, n) => { for (let i = 0; i < n; i++) out[i] = posterior(p[2 * i], p[2 * i + 1]); },
  gradient: (p, out, n) => { for (let i = 0; i < n; i++) { posterior(p[2 * i], p[2 * i + 1], grad); out[2 * i] = grad[0]; out[2 * i + 1] = grad[1]; } },
});

// Quadrature around the mode with a < b (a near −2, b near 3): its marginals and moments.
const lo = [-3.5, 1.5], width = 3, hq = 0.005, mq = Math.round(width / hq);
const logw = new Float64Array(mq * mq);
for (let j = 0; j < mq; j++) for (let i = 0; i < mq; i++) logw[j * mq + i] = -posterior(lo[0] + (i + 0.5) * hq, lo[1] + (j + 0.5) * hq);
const top = logw.reduce((a, v) => Math.max(a, v), -Infinity);
let Z = 0, ma = 0, mb = 0, va = 0;
const margA = new Float64Array(mq), margB = new Float64Array(mq);
for (let j = 0; j < mq; j++) for (let i = 0; i < mq; i++) { const w = Math.exp(logw[j * mq + i] - top); Z += w; ma += w * (lo[0] + (i + 0.5) * hq); mb += w * (lo[1] + (j + 0.5) * hq); margA[i] += w; margB[j] += w; }
ma /= Z; mb /= Z;
for (let i = 0; i < mq; i++) va += (margA[i] / Z) * (lo[0] + (i + 0.5) * hq - ma) ** 2;
const exact = { pLess: 0.5, mean: (ma + mb) / 2, modeMean: ma, modeSd: Math.sqrt(va) };
// Every path between the mirrored modes crosses the diagonal a = b: the barrier is at least min over
// the diagonal of U (a single Gaussian for all the data) minus U at the mode.
const saddleGap = Array.from({ length: 2001 }, (_, k) => -2 + k * 0.0025).reduce((q, m) => Math.min(q, posterior(m, m)), Infinity) - posterior(ma, mb);

const groups = pick(24, 8), burn = pick(2000, 200), steps = pick(6000, 1000), every = 10, replicas = 8;
const start = [ma, mb];                                                   // every chain starts in the mode a < b
function run(label, ladder) {
  const R = ladder ? ladder.length : 1, n = groups * R;
  const ens = simulate({
    landscape: U, dt: 0.01, nTrajectories: n, x0: start, seed: 151, integrator: 'mala',
    ...(ladder ? { replicaExchange: { temperatures: ladder, swapEvery: 10 } } : { temperature: 1 }), steps: burn,
  });
  const len = steps / every, label01 = new Float64Array(len * groups), aRec = new Float64Array(len * groups);
  const less = new Float64Array(groups), aSum = new Float64Array(groups), aMode = new Float64Array(groups), nMode = new Float64Array(groups), switches = new Float64Array(groups);
  for (let t = 0; t < len; t++) {
    const p = ens.step(every).positions();
    for (let g = 0; g < groups; g++) {
      const a = p[2 * g * R], b = p[2 * g * R + 1], s = a < b ? 1 : 0;
      if (t > 0 && s !== label01[(t - 1) * groups + g]) switches[g]++;
      label01[t * groups + g] = s;
      aRec[t * groups + g] = a;
      less[g] += s / len;
      aSum[g] += a / len;
      const am = s ? a : b;                                               // a in the a < b labelling
      aMode[g] += am; nMode[g] += 1;
    }
  }
  const swap = ladder ? ens.swapAcceptance().rate : undefined;
  const acceptance = ens.acceptanceRate();
  ens.dispose();
  const iat = integratedAutocorrelationTime(label01, groups, len, { mean: 0.5, groups: Math.min(8, groups) });
  // sd of a within the mode a < b, pooled: mirror samples of the other mode.
  const mirrored = Array.from({ length: len * groups }, (_, k) => (label01[k] ? aRec[k] : undefined)).filter((v) => v !== undefined);
  const sdMode = mirrored.length > 1 ? Math.sqrt(mirrored.reduce((q, v) => q + (v - exact.modeMean) ** 2, 0) / mirrored.length) : NaN;
  return {
    label, ladder, swap, acceptance, aRec, label01, len,
    less: meanSe(Array.from(less)), mean: meanSe(Array.from(aSum)), modeMean: meanSe(Array.from(aMode, (v, g) => v / nMode[g])),
    sdMode, switchesPer1000: meanSe(Array.from(switches, (s) => (1000 * s) / steps)), tau: iat.tau * every, tauSe: iat.se * every, short: iat.window >= len - 1,
  };
}

const seedLadder = Array.from({ length: replicas }, (_, k) => 1.5 ** k), ladder = Array.from({ length: replicas }, (_, k) => 2 ** k);
const results = [run('MALA at T = 1 alone', null), run('replica exchange, seed ladder 1.5ᵏ (T ≤ 17.1)', seedLadder), run('replica exchange, ladder 2ᵏ (T ≤ 128)', ladder)];

console.log(`data: ${N} points, ${data.filter((x) => x < 0.5).length} below 0.5; modes at (a, b) = (${ma.toFixed(3)}, ${mb.toFixed(3)}) and its mirror; min over a = b of U, minus U(mode): ${saddleGap.toFixed(1)} (the barrier between the modes)`);
console.log(`${groups} independent cold chains per sampler, ${burn} + ${steps} MALA steps (Δt = 0.01; the first ${burn} discarded) from the mode a < b; records every ${every} steps`);
const zOf = (r, e) => (r.se > 1e-9 ? ((r.mean - e) / r.se).toFixed(1) : 'SE = 0 (stuck)');
console.table(results.map((r) => ({
  sampler: r.label, 'MALA acc.': r.acceptance.toFixed(3),
  'P(a < b) ± SE': `${r.less.mean.toFixed(3)} ± ${r.less.se.toFixed(3)}`, 'z vs ½': zOf(r.less, 0.5),
  'E a ± SE': `${r.mean.mean.toFixed(3)} ± ${r.mean.se.toFixed(3)}`, [`z vs ${exact.mean.toFixed(3)}`]: zOf(r.mean, exact.mean),
  'E[a | a<b labelling] ± SE': `${r.modeMean.mean.toFixed(4)} ± ${r.modeMean.se.toFixed(4)}`, [`z vs ${exact.modeMean.toFixed(4)}`]: zOf(r.modeMean, exact.modeMean),
  [`sd(a) in mode (exact ${exact.modeSd.toFixed(4)})`]: Number.isNaN(r.sdMode) ? '—' : r.sdMode.toFixed(4),
  'mode switches /1000 steps': r.switchesPer1000.mean.toFixed(2),
  'τ_int of the mode label (steps); ESS': r.switchesPer1000.mean === 0 ? '∞ (never switches); 0' : `${r.tau.toFixed(0)} ± ${r.tauSe.toFixed(0)}${r.short ? ' (run too short)' : ''}; ${Math.round((groups * steps) / r.tau)}`,
})));
console.log('swap acceptance per neighbour pair (Tₖ, Tₖ₊₁):');
console.table(results.filter((r) => r.ladder).map((r) => Object.fromEntries([['ladder', r.label.replace('replica exchange, ', '')], ...Array.from(r.swap, (v, k) => [`${r.ladder[k].toFixed(1)}–${r.ladder[k + 1].toFixed(1)}`, v.toFixed(3)])])));

// Marginal of a at T = 1: the corrected replica exchange and MALA alone against the quadrature.
const bins = 130, hLo = -4, hHi = 4.5, bw = (hHi - hLo) / bins;
const hist = (r) => { const c = new Float64Array(bins); for (const a of r.aRec) { const k = Math.floor((a - hLo) / bw); if (k >= 0 && k < bins) c[k]++; } return c; };
const edges = Array.from({ length: bins + 1 }, (_, k) => hLo + k * bw);
const xs = [], dens = [];
for (let i = 0; i < mq; i += 4) { xs.push(lo[0] + (i + 0.5) * hq); dens.push(margA[i] / Z / hq / 2); }
const xs2 = [], dens2 = [];
for (let j = 0; j < mq; j += 4) { xs2.push(lo[1] + (j + 0.5) * hq); dens2.push(margB[j] / Z / hq / 2); }
writeSvg('c15-marginal.svg', histogramPlot({ edges, counts: hist(results[2]) }, [
  { kind: 'line', label: 'quadrature, left mode', x: xs, y: dens },
  { kind: 'line', label: 'quadrature, right mode', x: xs2, y: dens2 },
  { kind: 'scatter', label: 'MALA alone (T = 1): density of a', x: edges.slice(0, -1).map((e) => e + bw / 2), y: Array.from(hist(results[0]), (c) => c / (results[0].aRec.length * bw)) },
], { title: 'C.15: marginal of a at T = 1, replica exchange 2ᵏ (bars)', xLabel: 'a (mean of component 1)', yLabel: 'density' }));
U.dispose();
