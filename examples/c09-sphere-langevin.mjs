// Exercise C.9 (seed 000), corrected: Langevin sampling of π ∝ e^{−f/T} on the unit sphere S^{d−1} ⊂ ℝᵈ
// (d = 10, T = 0.5) for f(x) = (x₁ + x₂ + x₃)². With e = (1, 1, 1, 0, …)/√3 and s = e·x, f = 3s², and
// the uniform surface measure pushes forward to a density ∝ (1 − s²)^{(d−3)/2} for s (the (d−2)-sphere
// of radius √(1 − s²) at height s), so the exact marginal is p(s) ∝ (1 − s²)^{(d−3)/2} e^{−3s²/T}
// (errata; normalised here by quadrature). It is not the seed's ∝ e^{−3x₁²/T} for x₁, which drops
// the sphere's volume factor and confuses x₁ with s.
// What the seed got wrong: its update "x + P(−∇f Δt + √(2TΔt)ξ)" without the retraction leaves the
// sphere: in Itô form d‖x‖² = 2T(d − 1)dt for the tangent-projected noise, so ‖x‖² = 1 + 2T(d − 1)t
// (shown below against that formula). The fix is a retraction (the library's projected Langevin:
// an EM step, then x ← x/‖x‖, or a Newton projection onto the level set g = ‖x‖² − 1 = 0; both weak
// order 1 — the projection supplies the Itô curvature drift −T(d − 1)x), or the curvature drift
// itself, which keeps ‖x‖ = 1 only in continuous time: explicit EM then drifts off by ≈ Δt·E‖b‖² per
// unit time (shown, O(Δt)). The seed's "solution" is a drift-free circle. Unconstrained Langevin
// ("standard") diffuses freely in the d − 1 directions orthogonal to e: E‖x‖² = 2/3 + 2T(d − 1)t +
// (1/3)e^{−12t} + (T/6)(1 − e^{−12t}) from x₀ = e₁ (e·x is an OU process with rate 6).
// Run: npm run build && node examples/c09-sphere-langevin.mjs
import { init, landscapes, simulate, kolmogorovTail, chiSquareCdf, histogramPlot, linePlot } from '../dist/node.js';
import { histogram, pick, writeSvg } from './support.mjs';

await init();
const d = 10, T = 0.5, tEnd = pick(5, 2);
const vars = Array.from({ length: d }, (_, i) => `x${i + 1}`);
const f = landscapes.fromExpression('(x1 + x2 + x3)^2', { variables: vars });
const g = landscapes.fromExpression(`${vars.map((v) => `${v}^2`).join(' + ')} - 1`, { variables: vars });
const x0 = Array.from({ length: d }, (_, j) => (j === 0 ? 1 : 0));
const sOf = (x, i) => (x[i * d] + x[i * d + 1] + x[i * d + 2]) / Math.sqrt(3);
const norm2 = (x, i) => { let r = 0; for (let j = 0; j < d; j++) r += x[i * d + j] ** 2; return r; };
const meanSe = (v) => { const m = v.reduce((a, b) => a + b, 0) / v.length; return [m, Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1) / v.length)]; };

// Tangent-projected SDEs without retraction, as `landscapes.sde` (P = I − xxᵀ/‖x‖², ∇f = 2S(1,1,1,0,…)):
// drift −P∇f (+ the Itô curvature drift −T(d − 1)x/‖x‖²), diffusion √(2T)P.
const r2 = `(${vars.map((v) => `${v}^2`).join(' + ')})`, S = '(x1 + x2 + x3)';
const projected = (curvature) => landscapes.sde({
  variables: vars, parameters: { T, c: curvature ? T * (d - 1) : 0 },
  drift: vars.map((v, j) => `-(${j < 3 ? `2*${S}` : '0'} - 2*${S}^2*${v}/${r2}) - c*${v}/${r2}`),
  diffusion: vars.flatMap((vj, j) => vars.map((vk, k) => `sqrt(2*T)*(${j === k ? 1 : 0} - ${vj}*${vk}/${r2})`)),
});
const noCurvature = projected(false), withCurvature = projected(true);

// (1) Constraint violation ‖x‖² − 1 along the way.
const dt = 0.01, n = pick(2000, 500), times = [0.1, 0.5, 1, 2, 5].filter((t) => t <= tEnd);
const schemes = [
  { name: 'unconstrained Langevin (seed: "standard")', options: { landscape: f, temperature: T }, exact: (t) => 2 / 3 + 2 * T * (d - 1) * t + Math.exp(-12 * t) / 3 + (T / 6) * (1 - Math.exp(-12 * t)) - 1 },
  { name: 'tangent-projected, no retraction (seed)', options: { landscape: noCurvature }, exact: (t) => 2 * T * (d - 1) * t },
  { name: '+ Itô curvature drift, no retraction', options: { landscape: withCurvature }, exact: () => 0 },
  { name: "library: constraint 'sphere' (retraction)", options: { landscape: f, temperature: T, constraint: { kind: 'sphere' } }, exact: () => 0 },
  { name: "library: constraint 'level-set' g = ‖x‖² − 1", options: { landscape: f, temperature: T, constraint: { kind: 'level-set', g } }, exact: () => 0 },
];
const violationRows = [], violationSeries = [];
for (const scheme of schemes) {
  const ens = simulate({ ...scheme.options, dt, nTrajectories: n, x0, seed: 9 });
  const row = { scheme: scheme.name }, ys = [];
  for (let k = 0; k < times.length; k++) {
    ens.step(Math.round((times[k] - (k ? times[k - 1] : 0)) / dt));
    const x = ens.positions();
    const [m, se] = meanSe(Array.from({ length: n }, (_, i) => norm2(x, i) - 1));
    ys.push(m);
    row[`t = ${times[k]}`] = Math.abs(m) < 1e-6 ? m.toExponential(1) : `${m.toFixed(3)} ± ${se.toFixed(3)}`;
  }
  row[`exact (continuous time), t = ${tEnd}`] = scheme.exact(tEnd).toFixed(3);
  violationRows.push(row);
  violationSeries.push({ kind: 'line', label: scheme.name, x: times, y: ys.map((v) => Math.max(Math.abs(v), 1e-17)) });
  ens.dispose();
}
console.log(`E(‖x‖² − 1) ± SE over ${n} trajectories from x₀ = e₁, Δt = ${dt}, d = ${d}, T = ${T}`);
console.table(violationRows);
// What is left over the continuous-time values in the two unretracted schemes is EM's own error
// (each step adds Δt²‖b‖² to ‖x‖²): halving Δt halves it.
for (const [name, landscape, exact] of [['tangent-projected, no retraction', noCurvature, 2 * T * (d - 1) * tEnd], ['+ curvature drift, no retraction', withCurvature, 0]]) {
  const [e1, e2] = [dt, dt / 2].map((h) => {
    const ens = simulate({ landscape, dt: h, steps: Math.round(tEnd / h), nTrajectories: n, x0, seed: 9 });
    const x = ens.positions();
    ens.dispose();
    return meanSe(Array.from({ length: n }, (_, i) => norm2(x, i) - 1 - exact));
  });
  console.log(`${name}: E(‖x‖² − 1) − exact at t = ${tEnd}: ${e1[0].toFixed(4)} ± ${e1[1].toFixed(4)} at Δt = ${dt}, ${e2[0].toFixed(4)} ± ${e2[1].toFixed(4)} at Δt = ${dt / 2} (ratio ${(e1[0] / e2[0]).toFixed(2)}; first order ⇒ 2)`);
}

// (2) The marginal of s under the retracting schemes, against the exact density.
const M = 20_000, grid = Float64Array.from({ length: M }, (_, k) => -1 + ((k + 0.5) * 2) / M);
const weight = grid.map((s) => (1 - s * s) ** ((d - 3) / 2) * Math.exp((-3 * s * s) / T));
const Z = weight.reduce((a, b) => a + b, 0) * (2 / M);
const density = (s) => ((1 - s * s) ** ((d - 3) / 2) * Math.exp((-3 * s * s) / T)) / Z;
const cdfTable = new Float64Array(M + 1);
for (let k = 0; k < M; k++) cdfTable[k + 1] = cdfTable[k] + (weight[k] * (2 / M)) / Z;
const cdf = (s) => { const u = ((s + 1) / 2) * M, k = Math.min(M - 1, Math.max(0, Math.floor(u))); return cdfTable[k] + (u - k) * (cdfTable[k + 1] - cdfTable[k]); };
const exactS2 = grid.reduce((a, s, k) => a + s * s * weight[k], 0) * (2 / M) / Z;
const lo = -0.8, hi = 0.8, bins = 32;
const binProb = Array.from({ length: bins }, (_, b) => cdf(lo + ((b + 1) * (hi - lo)) / bins) - cdf(lo + (b * (hi - lo)) / bins));
const marginalRows = [];
let shown;
const tSample = pick(2, 1);   // s relaxes at rate ≥ T(d − 1) = 4.5 (first spherical harmonic), s² at ≥ 10
for (const [name, constraint, count] of [['sphere', { kind: 'sphere' }, pick(30_000, 2000)], ['level-set', { kind: 'level-set', g }, pick(8000, 500)]]) {
  const moments = [];
  for (const [k, h] of [0.01, 0.005].entries()) {
    const ens = simulate({ landscape: f, temperature: T, dt: h, steps: Math.round(tSample / h), nTrajectories: count, x0, seed: 90 + k, constraint });
    const x = ens.positions();
    ens.dispose();
    const s = Float64Array.from({ length: count }, (_, i) => sOf(x, i)).sort();
    let D = 0;
    s.forEach((v, i) => { const F = cdf(v); D = Math.max(D, (i + 1) / count - F, F - i / count); });
    const { counts } = histogram(s, lo, hi, bins);
    const inRange = counts.reduce((a, b) => a + b, 0), pIn = binProb.reduce((a, b) => a + b, 0);
    const chi2 = counts.reduce((a, c, b) => a + (c - (count * binProb[b])) ** 2 / (count * binProb[b]), 0) + ((count - inRange) - count * (1 - pIn)) ** 2 / (count * (1 - pIn));
    const [m, se] = meanSe(Array.from(s, (v) => v * v));
    moments.push([m, se]);
    marginalRows.push({
      constraint: name, 'Δt': h, n: count, 'E s² ± SE': `${m.toFixed(5)} ± ${se.toFixed(5)}`, 'E s² exact': exactS2.toFixed(5), z: ((m - exactS2) / se).toFixed(2),
      'KS D': D.toFixed(4), 'KS p': kolmogorovTail(Math.sqrt(count) * D).toFixed(3), [`χ² (${bins} dof)`]: chi2.toFixed(1), 'χ² p': (1 - chiSquareCdf(chi2, bins)).toFixed(3),
    });
    if (name === 'sphere' && h === 0.005) shown = { s, h, count };
  }
  // Weak order 1: E_h = E + ch + O(h²), so 2E_{h/2} − E_h removes the first-order bias (independent seeds).
  const [[m1, s1], [m2, s2]] = moments, rich = 2 * m2 - m1, se = Math.hypot(2 * s2, s1);
  marginalRows.push({ constraint: name, 'Δt': 'Richardson 2E(Δt/2) − E(Δt)', n: 2 * count, 'E s² ± SE': `${rich.toFixed(5)} ± ${se.toFixed(5)}`, 'E s² exact': exactS2.toFixed(5), z: ((rich - exactS2) / se).toFixed(2) });
}
console.log(`\nmarginal of s = (x₁+x₂+x₃)/√3 at t = ${tSample} (independent trajectories from x₀ = e₁) vs p(s) ∝ (1 − s²)^{${(d - 3) / 2}} e^{−3s²/T} (quadrature); the schemes are weak order 1: the O(Δt) bias of E s² is resolved at this n and removed by Richardson extrapolation`);
console.table(marginalRows);

const curve = Array.from({ length: 161 }, (_, k) => -0.8 + k * 0.01);
writeSvg('c09-sphere-marginal.svg', histogramPlot(histogram(shown.s, lo, hi, bins), [
  { kind: 'line', label: 'exact (1 − s²)^3.5 · exp(−3s²/T) / Z', x: curve, y: curve.map(density) },
  { kind: 'line', label: "seed's ∝ exp(−3s²/T) (no sphere volume factor)", x: curve, y: curve.map((v) => Math.exp((-3 * v * v) / T) / Math.sqrt((Math.PI * T) / 3)), dash: true },
], { title: `C.9: s = (x₁+x₂+x₃)/√3 on S⁹ (sphere retraction, Δt = ${shown.h})`, xLabel: 's', yLabel: 'probability density' }));
writeSvg('c09-constraint-violation.svg', linePlot(violationSeries, { title: 'C.9: constraint violation |E(‖x‖² − 1)|', xLabel: 'time t', yLabel: '|E(‖x‖² − 1)|', yScale: 'log' }));
for (const l of [f, g, noCurvature, withCurvature]) l.dispose();
