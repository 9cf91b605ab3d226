// Exercise C.3 of the book chapter (seed 000), corrected (errata.md): escape of overdamped
// Langevin on f(x, y) = (x² − 1)² + y² from (−0.9, 0) to the separatrix x = 0.
//
// The chapter's Kramers prefactor π√2 ≈ 4.4 is wrong: it takes the curvature at the minimum
// along y (eigenvalue 2) instead of along the escape direction x (eigenvalue 8). Eyring–Kramers
// gives (2π/|λ₋|)√(|det H(s)|/det H(a)) = 2π/√(8·4) ≈ 1.11 for the time to the *other well*,
// and half of it, π/√32 ≈ 0.555, for the time to the separatrix measured here.
//
// Times: direct simulation in WASM where feasible (T ≥ 0.15; bridge-corrected Euler–Maruyama),
// adaptive multilevel splitting below (T = 0.1, 0.05: 10⁴–10⁸ time units). Oracle: the system
// is separable, so the exact MFPT is the 1-D quadrature of the x-marginal.
//
//   npm run build && node examples/kramers-arrhenius.mjs   (SGDYN_QUICK=1: three temperatures, small ensembles)
import { pick, writeSvg } from './support.mjs';
import {
  init, landscapes, firstPassage, amsMeanFirstPassageTime, mfpt1d, findMinima, findSaddle, eyringKramers, arrheniusFit, linePlot,
} from '../dist/node.js';

await init();
const U = landscapes.fromExpression('(x^2-1)^2 + y^2', { variables: ['x', 'y'] });
const [minimum] = findMinima(U, { starts: [[-0.9, 0.1]] });
const saddle = findSaddle(U, [0.2, 0.1]);
const quartic = (x) => (x * x - 1) ** 2;
const start = [-0.9, 0];
const separatrix = { halfSpace: { normal: [1, 0], offset: 0 } };

const rows = [];
const nDirect = pick(2000, 200);
for (const T of pick([0.5, 0.3, 0.2, 0.15, 0.1, 0.05], [0.5, 0.3, 0.1])) {
  const exact = mfpt1d(quartic, T, start[0], 0).time;
  const ek = eyringKramers({ landscape: U, minimum: minimum.point, saddle: saddle.point, temperature: T });
  const kramers = ek.time / 2; // to the separatrix: half the time to the other well
  const chapter = Math.PI * Math.SQRT2 * Math.exp(1 / T);
  let sim, se, method;
  if (T >= 0.15) {
    const r = firstPassage({ landscape: U, temperature: T, dt: 5e-3, x0: start, nTrajectories: nDirect, seed: 3, maxSteps: 1e8, target: separatrix, bridgeCorrection: true });
    [sim, se, method] = [r.meanTime, r.standardError, `direct (n = ${nDirect})`];
  } else {
    const r = amsMeanFirstPassageTime({
      landscape: U, temperature: T, dt: 2e-3, seed: 3, start, bridgeCorrection: true,
      A: { halfSpace: { normal: [-1, 0], offset: 1 } }, sigma: { halfSpace: { normal: [1, 0], offset: -0.85 } }, B: separatrix,
      reactionCoordinate: (x) => x[0], ...pick({}, { replicas: 30, runs: 4, cycles: 100 }),
    });
    [sim, se, method] = [r.time, r.standardError, `AMS (p = ${r.probability.toExponential(1)})`];
  }
  rows.push({ T, exact, sim, se, method, kramers, chapter });
}

const fmt = (v) => (v >= 1e4 ? v.toExponential(3) : v.toPrecision(4));
console.log('T      quadrature   simulated ± SE            method                 Kramers (π/√32)e^(1/T)  chapter π√2 e^(1/T)');
for (const r of rows) {
  console.log(`${r.T.toFixed(2).padEnd(6)} ${fmt(r.exact).padEnd(12)} ${`${fmt(r.sim)} ± ${fmt(r.se)}`.padEnd(25)} ${r.method.padEnd(22)} ${`${fmt(r.kramers)} (${((r.kramers / r.exact - 1) * 100).toFixed(1)}%)`.padEnd(23)} ${fmt(r.chapter)} (×${(r.chapter / r.exact).toFixed(1)})`);
}
const fit = arrheniusFit(rows.map((r) => r.T), rows.map((r) => r.sim), rows.map((r) => (r.sim / r.se) ** 2));
console.log(`\nArrhenius fit of the simulated times: ΔU = ${fit.barrier.toFixed(4)} ± ${fit.barrierStandardError.toFixed(4)} (exact 1), ` +
  `A = ${fit.prefactor.toFixed(3)} ± ${fit.prefactorStandardError.toFixed(3)} (Kramers π/√32 = ${(Math.PI / Math.sqrt(32)).toFixed(3)}; the chapter's π√2 = ${(Math.PI * Math.SQRT2).toFixed(3)})`);
console.log('(the finite-T corrections to Kramers are positive here, largest at high T: the exact times sit above (π/√32)e^(1/T))');

const inv = Array.from({ length: 60 }, (_, i) => 2 + (18 * i) / 59);
const svg = linePlot([
  { kind: 'line', label: 'exact (quadrature)', x: inv, y: inv.map((v) => mfpt1d(quartic, 1 / v, start[0], 0).time) },
  { kind: 'line', label: 'Kramers, (π/√32) e^(1/T)', x: inv, y: inv.map((v) => (Math.PI / Math.sqrt(32)) * Math.exp(v)), dash: true },
  { kind: 'line', label: "chapter's π√2 e^(1/T) (wrong)", x: inv, y: inv.map((v) => Math.PI * Math.SQRT2 * Math.exp(v)), dash: true },
  { kind: 'scatter', label: 'simulated (direct / AMS) ± 2 SE', x: rows.map((r) => 1 / r.T), y: rows.map((r) => r.sim), yErr: rows.map((r) => 2 * r.se) },
], { title: 'Escape from (−0.9, 0) to x = 0 on (x² − 1)² + y²', xLabel: '1/T', yLabel: 'mean first-passage time', yScale: 'log', legend: 'top-left' });
writeSvg('kramers-arrhenius.svg', svg);
U.dispose();
