// node bench/fokkerPlanck1d.mjs (after `npm run build`): the 1-D Fokker–Planck time step,
// 10⁴ cells, 10³ implicit steps, on the double well (x²−1)² at T = 0.25 on [−2.5, 2.5] with
// reflecting boundaries, for each time scheme: the WASM build (dist/node.js) vs the
// pure-TS twin (dist/baseline.js, ts/baseline/fokkerPlanck1d.ts: the same rates, increment
// form and Thomas sweeps in the same operation order). Both get an untimed warm-up (V8
// tier-up). Prints a table and writes bench/results/fokker-planck-1d.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { init, FokkerPlanck1D } from '../dist/node.js';
import { BaselineFokkerPlanck1D } from '../dist/baseline.js';
import { describeMachine } from './machine.mjs';

const CELLS = 10_000;
const STEPS = 1000;
const DT = 1e-3;
const T = 0.25;
const [A, B] = [-2.5, 2.5];
const drift = (x) => -4 * x * (x * x - 1);
const start = (x) => Math.exp(-50 * (x + 1) ** 2);

function seconds(f) {
  const t0 = performance.now();
  f();
  return (performance.now() - t0) / 1e3;
}

await init();
const h = (B - A) / CELLS;
const rows = [];
for (const scheme of ['backward-euler', 'crank-nicolson', 'tr-bdf2']) {
  const fp = FokkerPlanck1D.fromDrift({ drift, diffusion: T, domain: [A, B], cells: CELLS });
  fp.setDensity(start);
  fp.evolve(50 * DT, { dt: DT, scheme }); // warm-up, untimed
  const wasmSeconds = seconds(() => fp.evolve(STEPS * DT, { dt: DT, scheme }));
  const wasmDensity = fp.density();
  const mass = fp.mass();

  const twin = new BaselineFokkerPlanck1D({
    a: A, b: B, cells: CELLS, left: 'reflecting', right: 'reflecting',
    drift: Float64Array.from({ length: CELLS + 1 }, (_, f) => drift(A + f * h)),
    diffusionFaces: new Float64Array(CELLS + 1).fill(T),
    diffusionCentres: new Float64Array(CELLS).fill(T),
  });
  fp.setDensity(start);
  twin.density.set(fp.density());
  fp.dispose();
  twin.step(50, DT, scheme); // warm-up, untimed
  const tsSeconds = seconds(() => twin.step(STEPS, DT, scheme));
  let maxDiff = 0, top = 0;
  for (let i = 0; i < CELLS; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(twin.density[i] - wasmDensity[i]));
    top = Math.max(top, wasmDensity[i]);
  }
  const ns = (s) => (s * 1e9) / (CELLS * STEPS);
  rows.push({
    scheme, cells: CELLS, steps: STEPS, dt: DT,
    wasmSeconds, baselineSeconds: tsSeconds,
    wasmNsPerCellStep: ns(wasmSeconds), baselineNsPerCellStep: ns(tsSeconds),
    wasmOverBaseline: tsSeconds / wasmSeconds,
    massError: Math.abs(mass - 1),
    maxRelativeDifference: maxDiff / top,
  });
}

const machine = describeMachine();
const fmt = (v, d = 2) => v.toFixed(d);
console.log(`1-D Fokker–Planck, ${CELLS} cells, ${STEPS} implicit steps — ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}`);
console.log('| scheme | WASM s | TS s | WASM ns/cell-step | TS ns/cell-step | WASM speed-up vs TS | |mass − 1| | max |WASM − TS|/max p |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.scheme} | ${fmt(r.wasmSeconds, 3)} | ${fmt(r.baselineSeconds, 3)} | ${fmt(r.wasmNsPerCellStep)} | ${fmt(r.baselineNsPerCellStep)} | ${fmt(r.wasmOverBaseline)}× | ${r.massError.toExponential(1)} | ${r.maxRelativeDifference.toExponential(1)} |`);
}
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/fokker-planck-1d.json', import.meta.url), JSON.stringify({ benchmark: 'fokker-planck-1d', machine, rows }, null, 2) + '\n');
console.log('written bench/results/fokker-planck-1d.json');
