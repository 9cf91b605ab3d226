// node bench/fokkerPlanck2d.mjs (after `npm run build`): the 2-D Fokker–Planck solver on a
// 512 × 512 grid, one core (the calling thread):
// - 100 implicit steps of each scheme (Lie-split backward Euler, Strang-split TR-BDF2) on
//   the double well U = (x²−1)² + y² at T = 0.3, from a Gaussian in the left well;
// - one stationary solve for that landscape (gradient drift: the detailed-balance start is
//   exact, so this times the setup and the residual check), and one for a non-gradient
//   drift (anisotropic OU with b = −Hx, H non-normal, D = diag(0.5, 0.2)), where
//   ILU(0)-BiCGSTAB does the work; and the same OU with a full D (9-point mixed term,
//   Douglas time stepping);
// - the generator's spectral and backward solves: spectrum(4) of the double well (reversible:
//   shift-invert Lanczos) and of the anisotropic OU (Arnoldi) at 128² and 256², the committor
//   between the two wells at 512², and the escape rate (left well, absorbing saddle line) at 256².
// Each part gets an untimed warm-up on a smaller grid (V8 tier-up). Writes
// bench/results/fokker-planck-2d.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { init, FokkerPlanck2D, landscapes } from '../dist/node.js';
import { describeMachine } from './machine.mjs';

const N = 512;
const STEPS = 100;
const DT = 1e-3;
const T = 0.3;

function seconds(f) {
  const t0 = performance.now();
  const r = f();
  return [(performance.now() - t0) / 1e3, r];
}

await init();
// Other processes share the machine: record the 1-minute load average before and after.
const loadBefore = loadavg()[0];
const U = landscapes.fromExpression('(x^2-1)^2 + y^2', { variables: ['x', 'y'] });
const H = [[1, 0.8], [-0.6, 1.5]];
const ou = (n) => FokkerPlanck2D.fromDrift({
  drift: (x, y) => [-(H[0][0] * x + H[0][1] * y), -(H[1][0] * x + H[1][1] * y)],
  diffusion: [0.5, 0.2], domain: [[-4, 4], [-4, 4]], cells: n,
});
const well = (n) => FokkerPlanck2D.fromLandscape({ landscape: U, temperature: T, domain: [[-2.5, 2.5], [-2, 2]], cells: n });

const rows = [];
for (const scheme of ['backward-euler', 'tr-bdf2']) {
  { const w = well(64); w.evolve(20 * DT, { dt: DT, scheme }); w.dispose(); } // warm-up
  const fp = well(N);
  fp.setDensity((x, y) => Math.exp(-20 * ((x + 1) ** 2 + y * y)));
  const [s] = seconds(() => fp.evolve(STEPS * DT, { dt: DT, scheme }));
  rows.push({ what: `${STEPS} steps, ${scheme}`, seconds: s, perStepMs: (1e3 * s) / STEPS, massError: Math.abs(fp.mass() - 1) });
  fp.dispose();
}
{
  { const w = well(64); w.stationary(); w.dispose(); }
  const fp = well(N);
  const [s] = seconds(() => fp.stationary());
  rows.push({ what: 'stationary, gradient drift (double well)', seconds: s, iterations: fp.stationaryIterations });
  fp.dispose();
}
for (const n of [128, 256, N]) {
  { const w = ou(64); w.stationary(); w.dispose(); }
  const fp = ou(n);
  const [s] = seconds(() => fp.stationary());
  rows.push({ what: `stationary, non-gradient drift (anisotropic OU), ${n}²`, seconds: s, iterations: fp.stationaryIterations });
  fp.dispose();
}
{
  const full = (n) => FokkerPlanck2D.fromDrift({
    drift: (x, y) => [-(H[0][0] * x + H[0][1] * y), -(H[1][0] * x + H[1][1] * y)],
    diffusion: [[0.5, 0.15], [0.15, 0.2]], domain: [[-4, 4], [-4, 4]], cells: n,
  });
  { const w = full(64); w.stationary(); w.evolve(0.01, { dt: DT, scheme: 'backward-euler' }); w.dispose(); }
  const fp = full(N);
  const [s] = seconds(() => fp.stationary());
  rows.push({ what: `stationary, full D (9-point mixed term), ${N}²`, seconds: s, iterations: fp.stationaryIterations });
  fp.setDensity((x, y) => Math.exp(-10 * ((x - 1) ** 2 + y * y)));
  const [s2] = seconds(() => fp.evolve(STEPS * DT, { dt: DT, scheme: 'backward-euler' }));
  rows.push({ what: `${STEPS} steps, full D (Douglas θ = 1)`, seconds: s2, perStepMs: (1e3 * s2) / STEPS, massError: Math.abs(fp.mass() - 1) });
  fp.dispose();
}
for (const n of [128, 256]) {
  { const w = well(32); w.spectrum(4); w.dispose(); const o = ou(32); o.spectrum(4); o.dispose(); }
  for (const [name, make] of [['double well, Lanczos', well], ['anisotropic OU, Arnoldi', ou]]) {
    const fp = make(n);
    const [s, sp] = seconds(() => fp.spectrum(4));
    rows.push({ what: `spectrum(4), ${name}, ${n}²`, seconds: s, gap: sp.re[1] });
    fp.dispose();
  }
}
{
  const box = (x) => [[x - 0.2, x + 0.2], [-0.2, 0.2]];
  { const w = well(64); w.committor(box(-1), box(1)); w.dispose(); }
  const fp = well(N);
  const [s] = seconds(() => fp.committor(box(-1), box(1)));
  rows.push({ what: `committor between the wells, ${N}²`, seconds: s });
  fp.dispose();
  const left = (n) => FokkerPlanck2D.fromLandscape({ landscape: U, temperature: T, domain: [[-2.5, 0], [-2, 2]], cells: n, boundary: { xRight: 'absorbing' } });
  { const w = left(32); w.escapeRate(); w.dispose(); }
  const fe = left(256);
  const [s2, r] = seconds(() => fe.escapeRate());
  rows.push({ what: 'escapeRate (left well, absorbing saddle line), 256²', seconds: s2, rate: r.rate });
  fe.dispose();
}
U.dispose();

console.table(rows);
const result = { benchmark: 'fokker-planck-2d', grid: [N, N], dt: DT, temperature: T, rows, loadAverage: [loadBefore, loadavg()[0]], machine: describeMachine() };
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/fokker-planck-2d.json', import.meta.url), JSON.stringify(result, null, 2) + '\n');
