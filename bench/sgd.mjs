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
