// npm run bench (part): minibatch SGD on linear regression, d = 100, N = 1000, B = 32,
// 64 replicas, η = 0.01, sampling with replacement: the WASM engine (dist/node.js) vs the
// pure-TS baseline of the same step (ts/baseline/sgd.ts, bit-identical arithmetic) vs the
// native build of the same crate, in one run. Prints a table (steps/s, ns per replica-step,
// ratios) and writes bench/results/sgd-linear-regression.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createPool, init, sgd } from '../dist/node.js';
import { BaselineLinearSgd } from '../dist/baseline.js';
import { describeMachine } from './machine.mjs';
import { buildNative, runNative } from './native.mjs';

const D = 100, N = 1000, B = 32, REPLICAS = 64, SEED = 1, ETA = 0.01;
const STEPS = 2000, BASELINE_STEPS = 300;

function timeIt(f) {
  const t0 = performance.now();
  f();
  return (performance.now() - t0) / 1e3;
}

const loadBefore = loadavg()[0];
await init();
const nativeError = buildNative();
const data = sgd.data.linearRegression({ seed: SEED, examples: N, dim: D });

const L = sgd.linearRegression({ x: data.x, y: data.y, inputs: D });
const run = sgd.run({ objective: L, batchSize: B, learningRate: ETA, nReplicas: REPLICAS, seed: SEED, x0: new Float64Array(D) });
run.advance(10); // warm-up, untimed (V8 tiers the kernel up, as the JIT does for the baseline)
const wasmSeconds = timeIt(() => run.advance(STEPS));
const wasmChecksum = run.parameters().reduce((s, v) => s + v, 0);
run.dispose();
L.dispose();
const L2 = sgd.linearRegression({ x: data.x, y: data.y, inputs: D });

const base = new BaselineLinearSgd({ x: data.x, y: data.y, d: D, batchSize: B, learningRate: ETA, momentum: 0, nReplicas: REPLICAS, seed: BigInt(SEED), x0: new Float64Array(D) });
base.step(10);
const baseSeconds = timeIt(() => base.step(BASELINE_STEPS));

// The same run on a pool of 2 workers (bit-identical results; pool start-up and a short
// warm-up run, for V8 tiering in the workers, not timed).
const pool = await createPool({ workers: 2 });
await sgd.runPooled({ objective: L2, batchSize: B, learningRate: ETA, nReplicas: REPLICAS, seed: SEED, x0: new Float64Array(D), steps: 10, pool });
const t0 = performance.now();
const pooled = await sgd.runPooled({ objective: L2, batchSize: B, learningRate: ETA, nReplicas: REPLICAS, seed: SEED, x0: new Float64Array(D), steps: STEPS + 10, pool }); // + the local run's warm-up, so the checksums compare
const pooledSeconds = (performance.now() - t0) / 1e3;
await pool.dispose();
L2.dispose();

const native = nativeError ? null : runNative(['sgd', D, N, B, REPLICAS, STEPS, SEED]);
const ns = (s, steps) => (s * 1e9) / (REPLICAS * steps);
const row = {
  dim: D, examples: N, batchSize: B, replicas: REPLICAS, learningRate: ETA,
  wasmSteps: STEPS, baselineSteps: BASELINE_STEPS, nativeSteps: STEPS,
  wasmNsPerReplicaStep: ns(wasmSeconds, STEPS),
  baselineNsPerReplicaStep: ns(baseSeconds, BASELINE_STEPS),
  nativeNsPerReplicaStep: native ? native.nsPerReplicaStep : null,
  pooled2NsPerReplicaStep: ns(pooledSeconds, STEPS + 10),
  wasmChecksum,
  nativeChecksum: native ? native.checksum : null,
};
row.wasmReplicaStepsPerSecond = 1e9 / row.wasmNsPerReplicaStep;
row.baselineReplicaStepsPerSecond = 1e9 / row.baselineNsPerReplicaStep;
row.nativeReplicaStepsPerSecond = native ? 1e9 / row.nativeNsPerReplicaStep : null;
row.wasmOverBaseline = row.baselineNsPerReplicaStep / row.wasmNsPerReplicaStep;
row.pooled2ReplicaStepsPerSecond = 1e9 / row.pooled2NsPerReplicaStep;
row.pooled2OverWasm = row.wasmNsPerReplicaStep / row.pooled2NsPerReplicaStep;
row.wasmOverNative = native ? row.nativeNsPerReplicaStep / row.wasmNsPerReplicaStep : null;

const machine = describeMachine();
const fmt = (v, digits = 2) => (v === null ? 'n/a' : v.toFixed(digits));
console.log(`SGD, linear regression d = ${D}, N = ${N}, B = ${B}, ${REPLICAS} replicas — ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, load average ${loadBefore.toFixed(1)} → ${loadavg()[0].toFixed(1)}`);
console.log('| WASM replica-steps/s | TS baseline replica-steps/s | native replica-steps/s | WASM, 2 workers | WASM speed-up vs TS (target ≥ 4) | WASM / native speed | 2 workers / 1 |');
console.log('|---|---|---|---|---|---|---|');
console.log(`| ${fmt(row.wasmReplicaStepsPerSecond, 0)} | ${fmt(row.baselineReplicaStepsPerSecond, 0)} | ${fmt(row.nativeReplicaStepsPerSecond, 0)} | ${fmt(row.pooled2ReplicaStepsPerSecond, 0)} | ${fmt(row.wasmOverBaseline)}× | ${fmt(row.wasmOverNative)}× | ${fmt(row.pooled2OverWasm)}× |`);
console.log(`pooled checksum ${pooled.parameters.reduce((s, v) => s + v, 0)} (equal to WASM: ${pooled.parameters.reduce((s, v) => s + v, 0) === wasmChecksum})`);
if (native) console.log(`checksums (same data, seed and steps): WASM ${wasmChecksum}, native ${native.checksum}`);
if (nativeError) console.log(`(native column empty: ${nativeError})`);

mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/sgd-linear-regression.json', import.meta.url), JSON.stringify({ machine, loadAverage: [loadBefore, loadavg()[0]], results: [row] }, null, 2) + '\n');

// The SDE surrogate (sgd.surrogate, Euler–Maruyama at Δt = η) against the SGD step it models, per
// trajectory-step: linear regression (d = 100, N = 1000, B = 32, as above) and the thesis model
// (p = 2, N = 600, B = 10). 'exact' rebuilds Σ(θ) from the N per-example gradients (one pass) and
// takes its symmetric root (Jacobi) at every step; 'frozen' applies a fixed root; 'thesis' needs
// L(θ) (one more pass over the data). Every surrogate step also needs the full gradient (N examples).
function surrogateRows() {
  const rows = [];
  const cases = [
    { name: 'linear regression d = 100, N = 1000, B = 32', make: () => sgd.linearRegression({ x: data.x, y: data.y, inputs: D }), B: 32, eta: ETA, x0: new Float64Array(D), n: 64, steps: { sgd: 400, exact: 2, other: 20 } },
    { name: 'thesis model p = 2, N = 600, B = 10', make: () => { const t = sgd.data.thesis({ seed: 1 }); return sgd.thesisModel({ x: t.x, y: t.y, normalisation: 'mean' }); }, B: 10, eta: 1e-4, x0: Float64Array.of(1.3, 5.1), n: 64, steps: { sgd: 4000, exact: 40, other: 40 } },
  ];
  for (const c of cases) {
    const obj = c.make();
    const perStep = (seconds, steps) => (seconds * 1e9) / (c.n * steps);
    const r = sgd.run({ objective: obj, batchSize: c.B, learningRate: c.eta, nReplicas: c.n, seed: SEED, x0: c.x0 });
    r.advance(10);
    const sgdNs = perStep(timeIt(() => r.advance(c.steps.sgd)), c.steps.sgd);
    r.dispose();
    const row = { case: c.name, replicas: c.n, sgdNsPerStep: sgdNs };
    for (const noise of ['exact', 'frozen', 'thesis']) {
      const extra = noise === 'frozen' ? { at: c.x0 } : noise === 'thesis' ? { minimum: c.x0 } : {};
      const steps = noise === 'exact' ? c.steps.exact : c.steps.other;
      const e = sgd.surrogate({ objective: obj, learningRate: c.eta, batchSize: c.B, noise, ...extra, nTrajectories: c.n, x0: c.x0, seed: SEED, steps: 1 });
      row[`${noise}NsPerStep`] = perStep(timeIt(() => e.step(steps)), steps);
      row[`${noise}OverSgd`] = row[`${noise}NsPerStep`] / sgdNs;
      e.dispose();
    }
    obj.dispose();
    rows.push(row);
  }
  return rows;
}
const surrogate = surrogateRows();
console.log(`\nSDE surrogate vs SGD, ns per trajectory-step (ratio to the SGD step); load average ${loadavg().map((v) => v.toFixed(1)).join(' ')}:`);
console.log('| case | SGD | surrogate, exact Σ(θ) | frozen Σ | thesis 2L(θ)H(θ*)/B |');
console.log('|---|---|---|---|---|');
for (const r of surrogate) {
  console.log(`| ${r.case} | ${fmt(r.sgdNsPerStep, 0)} | ${fmt(r.exactNsPerStep, 0)} (${fmt(r.exactOverSgd, 0)}×) | ${fmt(r.frozenNsPerStep, 0)} (${fmt(r.frozenOverSgd, 1)}×) | ${fmt(r.thesisNsPerStep, 0)} (${fmt(r.thesisOverSgd, 1)}×) |`);
}
writeFileSync(new URL('./results/sgd-surrogate.json', import.meta.url), JSON.stringify({ machine, loadAverage: loadavg(), results: surrogate }, null, 2) + '\n');
