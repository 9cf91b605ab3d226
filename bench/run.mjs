// npm run bench: Euler–Maruyama on the double well (x²−1)² per coordinate, T = 0.25,
// Δt = 1e-3, n = 10⁵ trajectories, d = 1 and d = 10: the WASM build (dist/node.js) vs the
// pure-TS baseline (same algorithms) vs the native build of the same crate, in one run.
// Prints a table (ns per trajectory-step, ratios) and writes bench/results/em-double-well.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { init, landscapes, simulate } from '../dist/node.js';
import { BaselineEnsemble, doubleWellGradient } from '../dist/baseline.js';
import { describeMachine } from './machine.mjs';
import { buildNative, runNative } from './native.mjs';

const N = 100_000;
const STEPS = 1000;
const SEED = 1;
// The TS baseline is ~5× slower: time fewer of its steps (the per-step cost is constant).
const BASELINE_STEPS = { 1: 200, 10: 40 };

function timeIt(f) {
  const t0 = performance.now();
  f();
  return (performance.now() - t0) / 1e3;
}

await init();
const nativeError = buildNative();
const rows = [];
for (const d of [1, 10]) {
  const U = landscapes.doubleWell({ dim: d });
  const ens = simulate({ landscape: U, temperature: 0.25, dt: 1e-3, nTrajectories: N, x0: -1, seed: SEED });
  ens.step(50); // warm-up, untimed: lets V8 tier the kernel up from Liftoff to TurboFan (as for the JIT'd baseline)
  const wasmSeconds = timeIt(() => ens.step(STEPS));
  ens.dispose();
  U.dispose();

  const baseSteps = BASELINE_STEPS[d];
  const base = new BaselineEnsemble({ n: N, d, dt: 1e-3, temperature: new Array(d).fill(0.25), x0: new Array(d).fill(-1), seed: BigInt(SEED) }, doubleWellGradient());
  base.step(2); // warm the JIT
  const baseSeconds = timeIt(() => base.step(baseSteps));

  const native = nativeError ? null : runNative(['em', d, N, STEPS, SEED]);
  const ns = (s, steps) => (s * 1e9) / (N * steps);
  const row = {
    dim: d, n: N, steps: STEPS,
    wasmNsPerTrajectoryStep: ns(wasmSeconds, STEPS),
    baselineNsPerTrajectoryStep: ns(baseSeconds, baseSteps),
    nativeNsPerTrajectoryStep: native ? native.nsPerTrajectoryStep : null,
  };
  row.wasmOverBaseline = row.baselineNsPerTrajectoryStep / row.wasmNsPerTrajectoryStep;
  row.wasmOverNative = native ? row.nativeNsPerTrajectoryStep / row.wasmNsPerTrajectoryStep : null;
  rows.push(row);
}

const machine = describeMachine();
const fmt = (v, digits = 2) => (v === null ? 'n/a' : v.toFixed(digits));
console.log(`Euler–Maruyama, double well, n = ${N}, ${STEPS} steps — ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}`);
console.log('| d | WASM ns/traj-step | TS baseline ns/traj-step | native ns/traj-step | WASM speed-up vs TS (target ≥ 4) | WASM / native speed (target ≥ 0.5) |');
console.log('|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.dim} | ${fmt(r.wasmNsPerTrajectoryStep)} | ${fmt(r.baselineNsPerTrajectoryStep)} | ${fmt(r.nativeNsPerTrajectoryStep)} | ${fmt(r.wasmOverBaseline)}× | ${fmt(r.wasmOverNative)}× |`);
}
if (nativeError) console.log(`(native column empty: ${nativeError})`);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/em-double-well.json', import.meta.url), JSON.stringify({ benchmark: 'em-double-well', machine, rows }, null, 2) + '\n');
console.log('written bench/results/em-double-well.json');
