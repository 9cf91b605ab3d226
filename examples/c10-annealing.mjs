// Exercise C.10 (seed 000), corrected: annealing schedules on the tilted double well
// L(θ) = (θ² − 4)²/16 − 0.1θ. Critical points (θ³ − 4θ − 0.4 = 0): a local minimum θ_A ≈ −1.949
// (L ≈ 0.197), the barrier top θ_s ≈ −0.100 (L ≈ 1.005) and the global minimum θ_B ≈ 2.049
// (L ≈ −0.202); the escape barrier from θ_A is ΔL ≈ 0.81 (the seed's "ΔL ≈ 1.2" is the barrier seen
// from the *global* well). Every trajectory starts in the local well.
// What the seed got wrong / what is changed: its SGD θ ← θ − η(∇L + ξ), ξ ~ N(0, σ²), is Langevin
// with Δt = η at T = ησ²/2 (errata; not T_eff = ησ²), so an η schedule changes the step and the
// temperature at once; here the temperature is annealed at a fixed Δt = 0.01 (piecewise constant:
// one `simulate` run per stage, the positions carried over, a fresh seed per stage). The seed's
// "mastery" percentages are invented; the oracles here are (i) the 1-D Fokker–Planck density carried
// through the *same* schedule (one FokkerPlanck1D per stage, the density handed on), which gives the
// exact fraction in the global basin θ > θ_s whether or not the schedule is slow enough, and (ii) the
// Gibbs basin mass at the final temperature (quadrature), which the fraction reaches only if the
// schedule is quasi-static: each stage must last longer than the relaxation time 1/λ₁(T) (FP
// spectral gap; ≈ the Kramers time from θ_A when the local well dominates). Where τ_stage·λ₁ falls
// below ~1 the population freezes and the final fraction stays below the Gibbs value.
// Run: npm run build && node examples/c10-annealing.mjs
import { init, landscapes, simulate, findMinima, findSaddle, kramersTime1D, FokkerPlanck1D, linePlot } from '../dist/node.js';
import { pick, writeSvg } from './support.mjs';

await init();
const L = (x) => (x * x - 4) ** 2 / 16 - 0.1 * x;
const U = landscapes.fromExpression('(x^2 - 4)^2/16 - 0.1*x', { variables: ['x'] });
const [global, local] = findMinima(U, { starts: [[-2], [2]] });        // sorted by L ascending
const top = findSaddle(U, [0]);
const a = local.point[0], s = top.point[0];
console.log(`local minimum θ_A = ${a.toFixed(4)} (L = ${L(a).toFixed(4)}), barrier top θ_s = ${s.toFixed(4)} (L = ${L(s).toFixed(4)}), global minimum θ_B = ${global.point[0].toFixed(4)} (L = ${L(global.point[0]).toFixed(4)}); ΔL from θ_A = ${(L(s) - L(a)).toFixed(4)}`);

/** Gibbs mass of θ > θ_s at temperature T (midpoint rule on [−6, 6], 24 000 cells). */
function gibbsGlobal(T) {
  const m = 24_000, h = 12 / m, Lmin = L(global.point[0]);
  let z = 0, zg = 0;
  for (let k = 0; k < m; k++) { const x = -6 + (k + 0.5) * h, w = Math.exp(-(L(x) - Lmin) / T); z += w; if (x > s) zg += w; }
  return zg / z;
}

const dt = 0.01, stages = pick(40, 20), stageTime = pick(25, 10), n = pick(2500, 400);
const domain = [-6, 6], cells = 600;
const schedules = [
  { name: 'constant T = 0.1 (too cold)', T: () => 0.1 },
  { name: 'constant T = 0.4 (hot)', T: () => 0.4 },
  { name: 'exponential 0.6 → 0.15', T: (k) => 0.6 * (0.15 / 0.6) ** (k / (stages - 1)) },
  { name: 'fast exponential 0.6 → 0.02', T: (k) => 0.6 * (0.02 / 0.6) ** (k / (stages - 1)) },
  { name: 'logarithmic ΔL/ln(2 + k)', T: (k) => (L(s) - L(a)) / Math.log(2 + k) },
];
const gapCache = new Map();
const relaxationRate = (T) => {
  if (!gapCache.has(T)) { const fp = FokkerPlanck1D.fromLandscape({ landscape: U, temperature: T, domain, cells }); gapCache.set(T, fp.spectralGap()); fp.dispose(); }
  return gapCache.get(T);
};

const rows = [], series = [], COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00'];
for (const [index, schedule] of schedules.entries()) {
  let x = new Float64Array(n).fill(a), p;
  const times = [0], simFraction = [0], fpFraction = [0], gibbs = [gibbsGlobal(schedule.T(0))];
  for (let k = 0; k < stages; k++) {
    const T = schedule.T(k);
    const ens = simulate({ landscape: U, temperature: T, dt, steps: Math.round(stageTime / dt), nTrajectories: n, x0: x, seed: 1000 * index + k });
    x = ens.positions();
    ens.dispose();
    const fp = FokkerPlanck1D.fromLandscape({ landscape: U, temperature: T, domain, cells });
    const grid = fp.grid();
    if (p === undefined) {                                              // a narrow Gaussian at θ_A stands in for the point start
      p = grid.map((g) => Math.exp(-((g - a) ** 2) / (2 * 0.01 ** 2)));
    }
    fp.setDensity(p);
    fp.evolve(stageTime, { dt: 0.05 });
    p = fp.density();
    fp.dispose();
    const h = (domain[1] - domain[0]) / cells;
    times.push((k + 1) * stageTime);
    simFraction.push(x.reduce((c, v) => c + (v > s ? 1 : 0), 0) / n);
    fpFraction.push(p.reduce((c, v, i) => c + (grid[i] > s ? v * h : 0), 0));
    gibbs.push(gibbsGlobal(T));
  }
  // Freeze-out: the first stage after which fewer than one relaxation time remains, ∫ λ₁(T(t)) dt < 1.
  const remaining = Array.from({ length: stages }, (_, k) => stageTime * Array.from({ length: stages - k }, (_, j) => relaxationRate(schedule.T(k + j))).reduce((u, v) => u + v, 0));
  const kFreeze = remaining.findIndex((r) => r < 1), Tfreeze = kFreeze < 0 || schedule.T(kFreeze) === schedule.T(stages - 1) ? null : schedule.T(kFreeze);
  const sim = simFraction.at(-1), fpv = fpFraction.at(-1), se = Math.sqrt(Math.max(sim * (1 - sim), 1 / n) / n), Tf = schedule.T(stages - 1);
  rows.push({
    schedule: schedule.name, 'T final': Tf.toFixed(3), 'fraction θ > θ_s, sim ± SE': `${sim.toFixed(3)} ± ${se.toFixed(3)}`, 'Fokker–Planck (same schedule)': fpv.toFixed(3),
    z: ((sim - fpv) / se).toFixed(2), 'Gibbs at T final': gibbs.at(-1).toFixed(3), '1/λ₁(T final)': (1 / relaxationRate(Tf)).toPrecision(3),
    'Kramers τ_A(T final)': kramersTime1D({ landscape: U, minimum: a, saddle: s, temperature: Tf }).time.toPrecision(3),
    'freeze-out T*': kFreeze === 0 ? 'never in equilibrium' : Tfreeze === null ? '— (quasi-static)' : Tfreeze.toFixed(3), 'Gibbs at T*': Tfreeze === null || kFreeze === 0 ? '—' : gibbsGlobal(Tfreeze).toFixed(3),
  });
  const color = COLORS[index];
  series.push({ kind: 'scatter', label: `${schedule.name}: simulation ± SE`, x: times, y: simFraction, yErr: simFraction.map((v) => Math.sqrt(Math.max(v * (1 - v), 1 / n) / n)), color });
  series.push({ kind: 'line', label: `${schedule.name}: Fokker–Planck`, x: times, y: fpFraction, color });
  if (index === 2) series.push({ kind: 'line', label: `${schedule.name}: Gibbs at the current T (quasi-static)`, x: times, y: gibbs, dash: true, color });
}
console.log(`\n${stages} stages of ${stageTime} time units (Δt = ${dt}, ${n} trajectories from θ_A); fraction in the global basin at the end`);
console.table(rows);
console.log('λ₁(T): FP spectral gap (1/λ₁ ≈ Kramers τ_A at low T). Quasi-static while the time left, measured in relaxation times ∫λ₁(T(t))dt, exceeds ~1; the freeze-out T* is where it drops below 1, and Gibbs(T*) is the rough "sudden freezing" estimate of the final fraction (the FP column is exact)');
// The seed's SGD θ ← θ − η(∇L + ξ), ξ ~ N(0, σ²), run literally ('heavy-ball' with momentum 0 and
// gradient noise, η = dt) at constant η: its stationary basin mass is the Gibbs one at T = ησ²/2
// (up to the O(η) bias of the discrete chain), not at the seed's T_eff = ησ².
{
  const eta = 0.05, sigma2 = 16, steps = Math.round(pick(400, 100) / eta);
  const ens = simulate({ landscape: U, integrator: 'heavy-ball', momentum: 0, gradientNoise: { variance: sigma2 }, dt: eta, steps, nTrajectories: n, x0: a, seed: 10 });
  const x = ens.positions();
  ens.dispose();
  const frac = x.reduce((c, v) => c + (v > s ? 1 : 0), 0) / n, se = Math.sqrt(frac * (1 - frac) / n);
  console.log(`\nseed's SGD, η = ${eta}, σ² = ${sigma2}, t = ${steps * eta}: fraction θ > θ_s = ${frac.toFixed(3)} ± ${se.toFixed(3)}; Gibbs at T = ησ²/2 = ${eta * sigma2 / 2}: ${gibbsGlobal(eta * sigma2 / 2).toFixed(3)} (z = ${((frac - gibbsGlobal(eta * sigma2 / 2)) / se).toFixed(2)}); at the seed's T = ησ² = ${eta * sigma2}: ${gibbsGlobal(eta * sigma2).toFixed(3)} (z = ${((frac - gibbsGlobal(eta * sigma2)) / se).toFixed(2)})`);
}
writeSvg('c10-annealing.svg', linePlot(series, { title: 'C.10: fraction in the global basin under annealing schedules', xLabel: 'time t', yLabel: 'P(θ > θ_s)', yDomain: [0, 1.7], legend: 'top-left', width: 820, height: 620 }));
writeSvg('c10-schedules.svg', linePlot(schedules.map((sch) => ({ kind: 'line', label: sch.name, x: Array.from({ length: stages }, (_, k) => k * stageTime), y: Array.from({ length: stages }, (_, k) => sch.T(k)) })),
  { title: 'C.10: temperature schedules (piecewise constant)', xLabel: 'time t (stage start)', yLabel: 'temperature T' }));
U.dispose();
