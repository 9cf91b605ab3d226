// Every scheme and sampler on the double well (x²−1)² ('exact-ou': the quadratic 4(x+1)², its local model; constrained samplers: the 3-D double well), d = 1, n = 10⁵, T = 0.25, Δt = 1e-3, 300 steps after
// a 50-step untimed warm-up: ns per trajectory-step in WASM, and the pure-TS twins of EM and BAOAB.
// Writes bench/results/schemes.json with the machine description.
import { mkdirSync, writeFileSync } from 'node:fs';
import { init, landscapes, simulate } from '../dist/node.js';
import { BaselineBaoab, BaselineEnsemble, doubleWellGradient } from '../dist/baseline.js';
import { describeMachine } from './machine.mjs';

const N = 100_000, STEPS = 300, T = 0.25, DT = 1e-3;
await init();
const U = landscapes.doubleWell();
const ns = (seconds, steps) => (seconds * 1e9) / (N * steps);
const time = (f) => { const t = performance.now(); f(); return (performance.now() - t) / 1e3; };

const Q = landscapes.quadratic({ hessian: [[8]], centre: [-1] }); // the double well's curvature at its minima
const cases = [
  ['euler-maruyama', {}],
  ['tamed-euler', {}],
  ['milstein', { noise: { kind: 'sqrt-quadratic', d0: T } }],
  ['rk-milstein', { noise: { kind: 'sqrt-quadratic', d0: T } }],
  ['heun', { noise: { kind: 'sqrt-quadratic', d0: T } }],
  ['sra1', { noise: { kind: 'correlated', diffusion: [[T]] } }],
  ['baoab', { friction: 1 }],
  ['mala', {}],
  ['exact-ou', { landscape: Q }],
  ['euler-maruyama', { landscape: Q, noise: { kind: 'alpha-stable', alpha: 1.5, scale: Math.sqrt(T) } }], // heavy tails blow up on the quartic well
  ['euler-maruyama', { noise: { kind: 'sgd', learningRate: 0.1, batchSize: 4, minimum: [-1] } }],
  ['ula', {}],
  ['sgld', { gradientNoise: { variance: 1 } }],
  ['sghmc', { friction: 1, gradientNoise: { variance: 1 } }],
  ['heavy-ball', { momentum: 0.9, gradientNoise: { variance: 1 }, temperature: undefined }],
  ['euler-maruyama', { label: 'replica exchange (EM, 4 temperatures, M = 10)', replicaExchange: { temperatures: [T, 2 * T, 4 * T, 8 * T], swapEvery: 10 }, temperature: undefined }],
  ['mala', { label: 'replica exchange (MALA, 4 temperatures, M = 10)', replicaExchange: { temperatures: [T, 2 * T, 4 * T, 8 * T], swapEvery: 10 }, temperature: undefined }],
  ['euler-maruyama', { label: 'projected Langevin, sphere (d = 3)', dim: 3, constraint: { kind: 'sphere' } }],
  ['euler-maruyama', { label: 'projected Langevin, level set |x|² = 1 (expression g, d = 3)', dim: 3, levelSet: true }],
];
const rows = [];
for (const [integrator, { label, dim, levelSet, ...extra }] of cases) {
  // Samplers with d = 3 run on the 3-D double well, starting on the unit sphere.
  const landscape = dim ? landscapes.doubleWell({ dim }) : U;
  const g = levelSet ? landscapes.fromExpression('x^2 + y^2 + z^2 - 1', { variables: ['x', 'y', 'z'] }) : null;
  const opts = {
    landscape, dt: DT, nTrajectories: N, x0: dim ? [1, 0, 0] : -1, seed: 1, integrator, ...(extra.noise ? {} : { temperature: T }), ...extra,
    ...(g ? { constraint: { kind: 'level-set', g } } : {}),
  };
  if (opts.temperature === undefined) delete opts.temperature;
  const e = simulate(opts);
  e.step(50);
  const wasm = ns(time(() => e.step(STEPS)), STEPS);
  e.dispose();
  g?.dispose();
  if (dim) landscape.dispose();
  let baseline = null;
  if (!label && ((integrator === 'euler-maruyama' && !extra.noise) || integrator === 'baoab')) {
    const spec = { n: N, d: 1, dt: DT, temperature: [T], x0: [-1], seed: 1n, friction: 1 };
    const twin = integrator === 'baoab' ? new BaselineBaoab(spec, doubleWellGradient()) : new BaselineEnsemble(spec, doubleWellGradient());
    twin.step(5);
    baseline = ns(time(() => twin.step(60)), 60);
  }
  rows.push({ integrator: label ?? integrator, noise: extra.noise?.kind ?? (integrator === 'heavy-ball' ? 'gradient' : extra.gradientNoise ? 'temperature + gradient' : 'temperature'), landscape: extra.landscape ? 'quadratic' : dim ? `doubleWell (d = ${dim})` : 'doubleWell', wasmNsPerTrajectoryStep: wasm, baselineNsPerTrajectoryStep: baseline, wasmOverBaseline: baseline ? baseline / wasm : null });
}
U.dispose();
Q.dispose();
const machine = describeMachine();
console.log(`schemes on the double well, d = 1, n = ${N} — ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}`);
console.log('| integrator | noise | WASM ns/traj-step | TS twin ns/traj-step | WASM speed-up |\n|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.integrator} | ${r.noise} | ${r.wasmNsPerTrajectoryStep.toFixed(1)} | ${r.baselineNsPerTrajectoryStep?.toFixed(1) ?? '—'} | ${r.wasmOverBaseline ? r.wasmOverBaseline.toFixed(1) + '×' : '—'} |`);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/schemes.json', import.meta.url), JSON.stringify({ benchmark: 'schemes', machine, rows }, null, 2) + '\n');
