// Exercise C.2 (seed 000), corrected: MALA vs ULA (unadjusted Langevin = Euler–Maruyama) on a
// five-mode target in 2-D at T = 0.5, modes μₖ = (−3, 0), (−1, 0), (0, 0), (1, 0), (3, 0), over the
// step Δt: MALA's acceptance, mode frequencies, a grid TV/KL to the exact target, Var x₂, and the
// integrated autocorrelation time of x₁.
// What the seed got wrong and what is changed:
// - its potential Σᵢ₌₁⁵ minₖ‖x − μₖ‖² is five copies of a min over modes: not smooth (the gradient
//   jumps on the Voronoi boundaries, which breaks the Langevin proposal), and its "barrier ≈ 2" is
//   not that function's. Here the smooth soft-min U(x) = −T log Σₖ exp(−‖x − μₖ‖²/T), which tends to
//   minₖ‖x − μₖ‖² as T → 0 and makes π ∝ e^{−U/T} *exactly* the equal mixture of N(μₖ, (T/2)I):
//   every oracle is closed form (normal CDFs), the chains start from exact draws of π, and
//   x₂ is exactly N(0, T/2), independent of x₁ (U = x₂² + U₁(x₁));
// - its MALA acceptance has the proposal ratio inverted (errata L789); the library's 'mala'
//   uses log α = −(U(x̃)−U(x))/T − ‖x − x̃ + Δt∇U(x̃)‖²/(4TΔt) + ‖x̃ − x + Δt∇U(x)‖²/(4TΔt);
// - the "mastery" numbers (α ≈ 0.95/0.6/0.25, KL ≈ 0.8, τ ≈ 500 …) are not this problem's.
// Oracles: exact mode probabilities and grid-cell probabilities (normal CDFs); Var x₂ = T/2 for
// MALA and the exact ULA value T/(κ(1 − κΔt/2)) = (T/2)/(1 − Δt) (x₂ is a discrete OU, κ = 2);
// τ_int of x₁ in continuous time, 2∫G²/(Tπ₁)dx / Var x₁ with G(x) = ∫_{−∞}^x y π₁(y)dy (the 1-D
// generator inverted by quadrature), which both chains approach as Δt → 0. The sampling level of
// TV/KL is measured by splitting the chains into two halves: ½TV(A, B) and ⅛Σ(p̂_A − p̂_B)²/p̂ (the χ² expansion of
// KL for pure sampling noise).
// Standard errors: across independent chains (per-chain time averages); τ_int by Sokal's window
// with the SE from 10 groups of chains.
// Run: npm run build && node examples/c02-mala-vs-ula.mjs   (SGDYN_QUICK=1 for a small run)
import { init, landscapes, simulate, rng, regularizedGammaP, linePlot } from '../dist/node.js';
import { pick, writeSvg, meanSe, integratedAutocorrelationTime } from './support.mjs';

await init();
const T = 0.5, mus = [-3, -1, 0, 1, 3], s = Math.sqrt(T / 2);
const U = landscapes.fromExpression(`-T*log(${mus.map((m) => `exp(-((x - (${m}))^2 + y^2)/T)`).join(' + ')})`, { variables: ['x', 'y'], parameters: { T } });

// Exact facts of π = (1/5) Σₖ N(μₖ, s²I).
const Phi = (z) => (z === Infinity ? 1 : z === -Infinity ? 0 : 0.5 * (1 + Math.sign(z) * regularizedGammaP(0.5, (z * z) / 2)));
const phi = (z) => Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
const massX = (a, b) => mus.reduce((p, m) => p + Phi((b - m) / s) - Phi((a - m) / s), 0) / mus.length;
const cuts = [-Infinity, -2, -0.5, 0.5, 2, Infinity];                 // Voronoi cells of the modes (x₁ only)
const modeExact = mus.map((_, k) => massX(cuts[k], cuts[k + 1]));
const tauExact = (() => {                                                 // continuous-time τ_int of x₁ (mean 0)
  // G(x) = ∫_{−∞}^x y π₁ = −∫_x^∞ y π₁, closed form per component (the side without cancellation).
  const p1 = (x) => mus.reduce((a, m) => a + phi((x - m) / s) / s, 0) / mus.length;
  const G = (x) => mus.reduce((a, m) => { const z = (x - m) / s; return a + (x < 0 ? m * Phi(z) - s * phi(z) : -m * (1 - Phi(z)) - s * phi(z)); }, 0) / mus.length;
  const h = 1e-3, lo = -8, hi = 8;
  let I = 0;
  for (let k = 0; k <= (hi - lo) / h; k++) { const x = lo + k * h; I += ((G(x) ** 2) / (T * p1(x))) * h; }
  const V = s * s + mus.reduce((a, m) => a + m * m, 0) / mus.length;
  return (2 * I) / V;
})();
// Grid for TV/KL: nx × ny cells on [−5, 5] × [−2, 2] plus one "outside" cell.
const nx = 40, ny = 16, box = [[-5, 5], [-2, 2]];
const edgesX = Array.from({ length: nx + 1 }, (_, i) => box[0][0] + (i * (box[0][1] - box[0][0])) / nx);
const edgesY = Array.from({ length: ny + 1 }, (_, j) => box[1][0] + (j * (box[1][1] - box[1][0])) / ny);
const piCell = new Float64Array(nx * ny + 1);
for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) piCell[j * nx + i] = massX(edgesX[i], edgesX[i + 1]) * (Phi(edgesY[j + 1] / s) - Phi(edgesY[j] / s));
piCell[nx * ny] = 1 - piCell.reduce((a, v) => a + v, 0);
const cellOf = (x, y) => {
  const i = Math.floor(((x - box[0][0]) / (box[0][1] - box[0][0])) * nx), j = Math.floor(((y - box[1][0]) / (box[1][1] - box[1][0])) * ny);
  return i >= 0 && i < nx && j >= 0 && j < ny ? j * nx + i : nx * ny;
};

const n = pick(800, 100), burn = pick(25, 5), spacing = 0.5;
const steps = pick([0.025, 0.05, 0.1, 0.25, 0.5], [0.05, 0.5]);
// Exact draws from π as starts (the same for every run).
const u = rng.uniforms({ seed: 20, count: n }), z = rng.normals({ seed: 21, count: 2 * n });
const x0 = Float64Array.from({ length: 2 * n }, (_, k) => (k % 2 === 0 ? mus[Math.floor(u[k >> 1] * mus.length)] : 0) + s * z[k]);

// Run length per Δt: long enough for Sokal's window (≈ 5τ_int) also where MALA rejects often.
const durationOf = (dt) => pick(Math.max(200, 1200 * dt), 20);

function run(integrator, dt) {
  const duration = durationOf(dt);
  const every = Math.round(spacing / dt), len = Math.round(duration / spacing);
  const ens = simulate({ landscape: U, temperature: T, dt, nTrajectories: n, x0, seed: 2, integrator, steps: Math.round(burn / dt) });
  const x1 = new Float64Array(len * n), modeCount = new Float64Array(n * mus.length), y2 = new Float64Array(n);
  const hist = [new Float64Array(nx * ny + 1), new Float64Array(nx * ny + 1)];
  for (let t = 0; t < len; t++) {
    ens.step(every);
    const p = ens.positions();
    for (let i = 0; i < n; i++) {
      const x = p[2 * i], y = p[2 * i + 1];
      x1[t * n + i] = x;
      y2[i] += (y * y) / len;
      modeCount[i * mus.length + cuts.findIndex((c, k) => x >= c && x < cuts[k + 1])] += 1 / len;
      hist[i < n / 2 ? 0 : 1][cellOf(x, y)] += 1;
    }
  }
  const acceptance = integrator === 'mala' ? ens.acceptanceRate() : 1;
  ens.dispose();
  const modes = mus.map((_, k) => meanSe(Array.from({ length: n }, (_, i) => modeCount[i * mus.length + k])));
  const outer = meanSe(Array.from({ length: n }, (_, i) => modeCount[i * mus.length] + modeCount[i * mus.length + 4]));
  const [a, b] = hist.map((h) => { const tot = h.reduce((q, v) => q + v, 0); return h.map((v) => v / tot); });
  const all = a.map((v, k) => 0.5 * (v + b[k]));
  const tv = 0.5 * all.reduce((q, v, k) => q + Math.abs(v - piCell[k]), 0);
  const kl = all.reduce((q, v, k) => (v > 0 ? q + v * Math.log(v / piCell[k]) : q), 0);
  const tvFloor = 0.25 * a.reduce((q, v, k) => q + Math.abs(v - b[k]), 0);
  const klFloor = a.reduce((q, v, k) => (v + b[k] > 0 ? q + (v - b[k]) ** 2 / ((v + b[k]) / 2) : q), 0) / 8;
  const iat = integratedAutocorrelationTime(x1, n, len, { mean: 0 });
  return { acceptance, modes, outer, var2: meanSe(Array.from(y2)), tv, kl, tvFloor, klFloor, tau: iat.tau * spacing, tauSe: iat.se * spacing, short: iat.window >= len - 1 };
}

const rows = [], res = {};
for (const dt of steps) {
  for (const [name, integrator] of [['MALA', 'mala'], ['ULA', 'ula']]) {
    const r = run(integrator, dt);
    res[`${name} ${dt}`] = r;
    const v2 = name === 'MALA' ? T / 2 : T / 2 / (1 - dt);
    rows.push({
      Δt: dt, method: name, acceptance: name === 'MALA' ? r.acceptance.toFixed(3) : '—',
      'P(outer) ± SE': `${r.outer.mean.toFixed(4)} ± ${r.outer.se.toFixed(4)}`, 'z (vs exact)': ((r.outer.mean - modeExact[0] - modeExact[4]) / r.outer.se).toFixed(1),
      'Var x₂ ± SE': `${r.var2.mean.toFixed(4)} ± ${r.var2.se.toFixed(4)}`, 'Var x₂ oracle': v2.toFixed(4), 'z (vs oracle)': ((r.var2.mean - v2) / r.var2.se).toFixed(1),
      'TV (floor)': `${r.tv.toFixed(4)} (${r.tvFloor.toFixed(4)})`, 'KL (floor)': `${r.kl.toExponential(2)} (${r.klFloor.toExponential(2)})`,
      'τ_int x₁ ± SE (time)': `${r.tau.toFixed(1)} ± ${r.tauSe.toFixed(1)}${r.short ? ' (run too short)' : ''}`, 'τ_int (steps)': Math.round(r.tau / dt),
    });
  }
}
console.log(`π = (1/5)Σ N(μₖ, ${(s * s).toFixed(2)}I), T = ${T}; ${n} chains × ${steps.map(durationOf).join('/')} time units (after ${burn}) from exact draws of π, records every ${spacing}`);
console.log(`exact: P(outer modes) = ${(modeExact[0] + modeExact[4]).toFixed(4)}; Var x₂ = T/2 = ${T / 2} (ULA's own law: (T/2)/(1 − Δt)); continuous-time τ_int(x₁) = ${tauExact.toFixed(2)} time units`);
console.table(rows);
const firstBiased = steps.find((dt) => Math.abs(res[`ULA ${dt}`].var2.mean - T / 2) > 3 * res[`ULA ${dt}`].var2.se);
const tvBiased = steps.find((dt) => res[`ULA ${dt}`].tv > 2 * res[`ULA ${dt}`].tvFloor);
console.log(`ULA's bias is resolved (Var x₂ more than 3 SE from T/2) from Δt = ${firstBiased}; its TV exceeds twice the sampling level from Δt = ${tvBiased}; MALA's TV is within twice the sampling level at ${steps.filter((dt) => res[`MALA ${dt}`].tv <= 2 * res[`MALA ${dt}`].tvFloor).length} of ${steps.length} steps.`);
const big = steps.at(-1);
console.log(`mode frequencies at Δt = ${big} (Voronoi cells of μₖ along x₁):`);
console.table(mus.map((m, k) => ({
  mode: `(${m}, 0)`, exact: modeExact[k].toFixed(4),
  'MALA ± SE': `${res[`MALA ${big}`].modes[k].mean.toFixed(4)} ± ${res[`MALA ${big}`].modes[k].se.toFixed(4)}`,
  'ULA ± SE': `${res[`ULA ${big}`].modes[k].mean.toFixed(4)} ± ${res[`ULA ${big}`].modes[k].se.toFixed(4)}`,
})));

const series = (name, f) => steps.map((dt) => f(res[`${name} ${dt}`], dt));
writeSvg('c02-tv.svg', linePlot([
  { kind: 'line', label: 'ULA: TV(empirical, π)', x: steps, y: series('ULA', (r) => r.tv) },
  { kind: 'line', label: 'MALA: TV(empirical, π)', x: steps, y: series('MALA', (r) => r.tv) },
  { kind: 'line', label: 'sampling level ½TV(half A, half B) (MALA)', x: steps, y: series('MALA', (r) => r.tvFloor), dash: true },
], { title: 'C.2: distance of the sampled law to π on a 40 × 16 grid', xLabel: 'step Δt', yLabel: 'total variation', xScale: 'log', yScale: 'log' }));
writeSvg('c02-variance.svg', linePlot([
  { kind: 'scatter', label: 'ULA (± 1 SE)', x: steps, y: series('ULA', (r) => r.var2.mean), yErr: series('ULA', (r) => r.var2.se) },
  { kind: 'line', label: "ULA's exact law: (T/2)/(1 − Δt)", x: steps, y: steps.map((dt) => T / 2 / (1 - dt)), dash: true },
  { kind: 'scatter', label: 'MALA (± 1 SE)', x: steps, y: series('MALA', (r) => r.var2.mean), yErr: series('MALA', (r) => r.var2.se) },
  { kind: 'line', label: 'π: T/2', x: steps, y: steps.map(() => T / 2) },
], { title: 'C.2: Var x₂ — ULA is biased by O(Δt), MALA is exact', xLabel: 'step Δt', yLabel: 'Var x₂' }));
writeSvg('c02-acceptance.svg', linePlot([
  { kind: 'line', label: 'MALA acceptance rate', x: steps, y: series('MALA', (r) => r.acceptance) },
  { kind: 'line', label: 'MALA τ_int(x₁) in time units / its Δt → 0 limit', x: steps, y: series('MALA', (r) => r.tau / tauExact), dash: true },
], { title: 'C.2: MALA acceptance and mixing vs step', xLabel: 'step Δt', yLabel: 'rate / ratio', xScale: 'log' }));
U.dispose();
