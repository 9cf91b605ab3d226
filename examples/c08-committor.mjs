// Exercise C.8 (seed 000), corrected: metastability and the transition state of
// f(x, y) = 5(x² − 1)² + ½(y − 0.1x³ + 0.5x)².
// What the seed got wrong (errata; re-derived here): with u = y − 0.1x³ + 0.5x, ∇f = 0 needs u = 0
// and 20x(x² − 1) = 0, so there are exactly three critical points: two minima A = (−1, 0.4) and
// B = (1, −0.4) (the seed swaps the signs of y) with f = 0, and the origin, f = 5, an index-1 saddle
// (Hessian [[−19.75, 0.5], [0.5, 1]]) — not a "shallow central well C". So there are no A → C → B
// pathways, the barrier is ΔU = 5 both ways (not 5 and 1), and at the seed's T = 0.3 a crossing takes
// ~e^{16.7} time units: we raise T to 1 and 0.8. f(−x, −y) = f(x, y), so with symmetric A and B
// sets the committor obeys q(−z) = 1 − q(z) and the q = ½ isoline passes through the saddle.
// Shown: (1) the critical points (findMinima / findSaddle / minimumEnergyPath); (2) the committor
// q(z) = P(reach B before A | z) at a few points from Langevin ensembles (fraction of trajectories
// entering the ball around B first, binomial SE) against the 2-D Fokker–Planck committor (backward
// equation L†q = 0 on a grid); (3) the mean time A → B from Langevin (firstPassage) against the FP
// backward equation, the FP relaxation time 2/λ₁ (λ₁ = k_AB + k_BA = 2k) and Eyring–Kramers
// (2π/|λ₋|)√(|det H(s)|/det H(a)) e^{ΔU/T} — the last is asymptotic, off by O(T/ΔU) at ΔU/T = 5–6;
// (4) the seed's transition counting on long runs: with its Voronoi labels every recrossing near the
// saddle counts, so the "rate" overshoots; with core sets (milestoning) it matches 1/τ_AB, and the dwell
// times are exponential (KS).
// Run: npm run build && node examples/c08-committor.mjs
import { init, landscapes, findMinima, findSaddle, minimumEnergyPath, eyringKramers, firstPassage, simulate, ksExponential, FokkerPlanck2D, heatmapPlot, linePlot } from '../dist/node.js';
import { pick, writeSvg } from './support.mjs';

await init();
const U = landscapes.fromExpression('5*(x^2 - 1)^2 + 0.5*(y - 0.1*x^3 + 0.5*x)^2', { variables: ['x', 'y'] });
const minima = findMinima(U, { box: { lower: [-2, -2], upper: [2, 2] }, count: 100, seed: 8 });
const [A, B] = [...minima].sort((m, n) => m.point[0] - n.point[0]);
const saddle = findSaddle(U, [0.1, 0.1]);
const mep = minimumEnergyPath(U, A, B);
const fmt = (p) => `(${Array.from(p, (v) => (Math.abs(v) < 5e-13 ? 0 : v).toFixed(4)).join(', ')})`;
console.log(`critical points: ${minima.length} minima, index-1 saddle at ${fmt(saddle.point)}`);
console.table([
  ...minima.map((m) => ({ point: fmt(m.point), f: m.value.toFixed(4), 'Hessian eigenvalues': Array.from(m.eigenvalues, (v) => v.toFixed(3)).join(', '), kind: 'minimum' })),
  { point: fmt(saddle.point), f: saddle.value.toFixed(4), 'Hessian eigenvalues': Array.from(saddle.eigenvalues, (v) => v.toFixed(3)).join(', '), kind: `saddle (index ${saddle.index})` },
]);
console.log(`minimum-energy path A → B: barrier ${mep.barrierForward.toFixed(4)} (forward) / ${mep.barrierBackward.toFixed(4)} (backward), highest point ${fmt(mep.saddle.point)}; no intermediate minimum`);

// The A and B sets: balls of radius 0.3 around the minima (same sets for both methods).
const r = 0.3;
const ball = (m) => ({ ball: { center: Array.from(m.point), radius: r } });
const inBall = (m) => (x, y) => Math.hypot(x - m.point[0], y - m.point[1]) <= r;
const domain = [[-2.2, 2.2], [-4.5, 4.5]], cells = pick([120, 180], [80, 120]);
const fpAt = (T) => FokkerPlanck2D.fromLandscape({ landscape: U, temperature: T, domain, cells });
/** Bilinear interpolation of a cell-centred field at (x, y). */
function interpolate(fp, values, x, y) {
  const g = fp.grid(), [n1] = fp.cells, [h1, h2] = fp.cellWidth;
  const i = Math.floor((x - g.x[0]) / h1), j = Math.floor((y - g.y[0]) / h2);
  const s = (x - g.x[i]) / h1, t = (y - g.y[j]) / h2, v = (a, b) => values[b * n1 + a];
  return (1 - s) * (1 - t) * v(i, j) + s * (1 - t) * v(i + 1, j) + (1 - s) * t * v(i, j + 1) + s * t * v(i + 1, j + 1);
}

// (2) Committor at T = 1.
const T = 1, dt = 1e-3, perPoint = pick(800, 150);
const fp = fpAt(T);
const q = fp.committor(inBall(A), inBall(B));
const starts = [[0, 0], [-0.1, 0], [0.1, 0], [-0.2, 0.3], [0.05, -1.0], [0, 1.5], [0.15, 1.5], [-0.3, -1.5]];
const run = firstPassage({
  landscape: U, temperature: T, dt, nTrajectories: perPoint * starts.length, seed: 8, maxSteps: 200_000,
  x0: starts.flatMap((p) => Array.from({ length: perPoint }, () => p)).flat(),
  target: { union: [ball(A), ball(B)] },
});
const committorRows = starts.map((p, k) => {
  let hitB = 0, hit = 0;
  for (let i = k * perPoint; i < (k + 1) * perPoint; i++) if (run.hitTargets[i] >= 0) { hit++; if (run.hitTargets[i] === 1) hitB++; }
  const est = hitB / hit, se = Math.sqrt(Math.max(est * (1 - est), 1 / hit) / hit), exact = interpolate(fp, q, p[0], p[1]);
  return { start: fmt(p), 'q Langevin ± SE': `${est.toFixed(3)} ± ${se.toFixed(3)}`, 'q Fokker–Planck': exact.toFixed(3), z: ((est - exact) / se).toFixed(2), censored: perPoint - hit };
});
console.log(`\ncommittor q = P(reach B before A), T = ${T}, A/B = balls of radius ${r} around the minima; ${perPoint} Langevin trajectories per start (Δt = ${dt}), FP grid ${cells[0]}×${cells[1]}`);
console.table(committorRows);
// The q = ½ isoline: per grid row y, where q crosses ½ (linear interpolation in x).
const g = fp.grid(), iso = [];
for (let j = 0; j < cells[1]; j++) {
  for (let i = 0; i + 1 < cells[0]; i++) {
    const a = q[j * cells[0] + i] - 0.5, b = q[j * cells[0] + i + 1] - 0.5;
    if (a <= 0 && b > 0) { iso.push([g.x[i] + (a / (a - b)) * (g.x[i + 1] - g.x[i]), g.y[j]]); break; }
  }
}
const k0 = iso.findIndex((p) => p[1] > 0), x0 = iso[k0 - 1][0] + (iso[k0][0] - iso[k0 - 1][0]) * (0 - iso[k0 - 1][1]) / (iso[k0][1] - iso[k0 - 1][1]);
const u0 = [saddle.eigenvectors[0], saddle.eigenvectors[2]];          // unstable direction (column 0)
const iy = iso.filter((p) => Math.abs(p[1]) < 0.5), slope = iy.length > 1 ? (iy.at(-1)[0] - iy[0][0]) / (iy.at(-1)[1] - iy[0][1]) : NaN;
const tangent = [slope, 1].map((v) => v / Math.hypot(slope, 1));
console.log(`q = ½ isoline crosses y = 0 at x = ${x0.toFixed(4)} (the saddle is at x = 0; grid step ${(g.x[1] - g.x[0]).toFixed(3)}); its tangent near the saddle makes ${(Math.acos(Math.abs(tangent[0] * u0[0] + tangent[1] * u0[1])) * 180 / Math.PI).toFixed(1)}° with the unstable eigenvector (→ 90° as T → 0, where q ≈ Φ(√(|λ₋|/2T)·v₋·(z − s)))`);

// (3) Mean time A → B.
const rateRows = [], oracleAt = new Map();
for (const temp of pick([1, 0.8], [1])) {
  const f = temp === T ? fp : fpAt(temp);
  const tau = f.meanFirstPassageTime(inBall(B));
  const gap = f.spectralGap();
  const fpTau = interpolate(f, tau, A.point[0], A.point[1]);
  oracleAt.set(temp, { fpTau, gap });
  if (f !== fp) f.dispose();
  const ek = eyringKramers({ landscape: U, minimum: A, saddle, temperature: temp });
  const pass = firstPassage({ landscape: U, temperature: temp, dt, x0: Array.from(A.point), nTrajectories: pick(500, 100), seed: 80, maxSteps: 5_000_000, target: ball(B) });
  rateRows.push({
    T: temp, 'ΔU/T': (5 / temp).toFixed(2), 'τ_AB Langevin ± SE': `${pass.meanTime.toFixed(1)} ± ${pass.standardError.toFixed(1)}`, 'τ_AB Fokker–Planck': fpTau.toFixed(1),
    z: ((pass.meanTime - fpTau) / pass.standardError).toFixed(2), '2/λ₁ (FP gap)': (2 / gap).toFixed(1), 'Eyring–Kramers': ek.time.toFixed(1), 'EK / FP': (ek.time / fpTau).toFixed(3),
  });
}
console.log(`\nmean first-passage time from A into the ball around B (Langevin Δt = ${dt}); Eyring–Kramers prefactor ${eyringKramers({ landscape: U, minimum: A, saddle, temperature: 1 }).prefactor.toFixed(4)} = (2π/19.76)·√(20/40)`);
console.table(rateRows);

// (4) The seed's procedure — label long trajectories by well, count transitions, rate = count / time
// in A — with two labellings. Voronoi (nearest minimum, the seed's) counts every recrossing near the
// saddle as a transition, so its "rate" depends on the sampling interval and overshoots; core sets
// (the label changes only on entering the other ball: milestoning) give k_AB = 1/τ_AB.
{
  const n = pick(200, 30), tTotal = pick(400, 50), every = 50, h = every * dt, snapshots = Math.round(tTotal / h);
  const ens = simulate({ landscape: U, temperature: T, dt, nTrajectories: n, x0: Array.from(A.point), seed: 88 });
  const core = new Int8Array(n), vor = new Int8Array(n), entry = new Float64Array(n);   // 0 = A, 1 = B
  const dwellSteps = [];
  let coreAB = 0, coreTimeA = 0, vorAB = 0, vorTimeA = 0;
  const inA = inBall(A), inB = inBall(B);
  for (let k = 1; k <= snapshots; k++) {
    ens.step(every);
    const p = ens.positions();
    for (let i = 0; i < n; i++) {
      const x = p[2 * i], y = p[2 * i + 1];
      if (core[i] === 0) coreTimeA += h;
      if (vor[i] === 0) vorTimeA += h;
      const v = Math.hypot(x - A.point[0], y - A.point[1]) <= Math.hypot(x - B.point[0], y - B.point[1]) ? 0 : 1;
      if (vor[i] === 0 && v === 1) vorAB++;
      vor[i] = v;
      if (core[i] === 0 && inB(x, y)) { coreAB++; dwellSteps.push(k - entry[i]); core[i] = 1; }
      else if (core[i] === 1 && inA(x, y)) { core[i] = 0; entry[i] = k; }
    }
  }
  ens.dispose();
  const { fpTau, gap } = oracleAt.get(T);
  const ks = ksExponential({ hitSteps: dwellSteps, dt: h });
  const row = (label, count, time) => {
    const k = count / time, se = k / Math.sqrt(count);
    return { labelling: label, 'A → B transitions': count, 'time in A': time.toFixed(0), 'k_AB ± SE': `${k.toFixed(4)} ± ${se.toFixed(4)}`, '1/τ_AB (FP)': (1 / fpTau).toFixed(4), 'λ₁/2 (FP gap)': (gap / 2).toFixed(4), z: ((k - 1 / fpTau) / se).toFixed(2) };
  };
  console.log(`\ntransition counting on ${n} trajectories × ${tTotal} time units at T = ${T}, labelled every ${h} time units`);
  console.table([row('Voronoi (seed)', vorAB, vorTimeA), row('core sets (balls, milestoning)', coreAB, coreTimeA)]);
  console.log(`core-set dwell times in A: ${dwellSteps.length} complete (the rate above uses the exposure, so dwells cut by the end of the run count too); KS of the complete ones against an exponential (rate fitted; the window is ${(tTotal * (1 / fpTau)).toFixed(0)} × τ_AB): D = ${ks.statistic.toFixed(4)}, p = ${ks.pValue.toFixed(3)} (conservative)`);
}

const path = mep.path;
writeSvg('c08-committor.svg', heatmapPlot(fp.heatmapField(q), {
  title: `C.8: committor q = P(B before A), T = ${T}`, xLabel: 'x', yLabel: 'y', colorLabel: 'q (probability)', contours: [0.1, 0.5, 0.9],
  xDomain: [-2, 2], yDomain: [-2.5, 2.5],
  overlay: [
    { kind: 'line', label: 'minimum-energy path', x: Array.from({ length: path.length / 2 }, (_, i) => path[2 * i]), y: Array.from({ length: path.length / 2 }, (_, i) => path[2 * i + 1]), color: 'white' },
    { kind: 'scatter', label: 'Langevin committor starts', x: starts.map((p) => p[0]), y: starts.map((p) => p[1]), color: 'red' },
  ],
}));
writeSvg('c08-committor-isoline.svg', linePlot([
  { kind: 'line', label: 'q = ½ isoline (Fokker–Planck)', x: iso.map((p) => p[1]), y: iso.map((p) => p[0]) },
  { kind: 'line', label: 'stable eigenvector of the saddle (T → 0 limit)', x: [-4.5, 4.5], y: [-4.5, 4.5].map((v) => (-u0[1] / u0[0]) * v), dash: true },
  { kind: 'scatter', label: 'saddle', x: [saddle.point[1]], y: [saddle.point[0]] },
], { title: 'C.8: the separatrix x(y) where q = ½', xLabel: 'y', yLabel: 'x on the q = ½ isoline' }));
fp.dispose();
U.dispose();
