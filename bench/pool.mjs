// npm run bench:pool — pooled Euler–Maruyama on the double well (x²−1)² per coordinate:
// (1) scaling: n = 10⁶, d = 2, 200 steps, 1 vs 2 workers (target speed-up ≥ 1.7× on 2 cores);
// (2) a streamed moments reduction over 10⁷ trajectories (d = 2, 20 steps, 2 workers, batched):
//     peak resident memory of the whole process, sampled every 20 ms (target < 200 MB).
// Writes bench/results/pool.json with the machine description.
import { mkdirSync, writeFileSync } from 'node:fs';
import { init, landscapes, createPool, simulatePooled, simulateStream } from '../dist/node.js';
import { describeMachine } from './machine.mjs';

await init();
const U = landscapes.doubleWell({ dim: 2 });
const base = { landscape: U, temperature: 0.25, dt: 1e-3, x0: -1, seed: 1 };

const scaling = {};
for (const workers of [1, 2]) {
  const pool = await createPool({ workers });
  await simulatePooled({ ...base, nTrajectories: 100_000, steps: 50, pool }); // warm-up (tier-up, allocator)
  const t0 = performance.now();
  await simulatePooled({ ...base, nTrajectories: 1_000_000, steps: 200, pool });
  scaling[workers] = (performance.now() - t0) / 1e3;
  await pool.dispose();
}
const speedup = scaling[1] / scaling[2];

let peak = process.memoryUsage().rss;
const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
const t1 = performance.now();
let last;
for await (const f of simulateStream({ ...base, nTrajectories: 10_000_000, steps: 20, every: 10, workers: 2 })) last = f;
const streamSeconds = (performance.now() - t1) / 1e3;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
U.dispose();

const machine = describeMachine();
const result = {
  benchmark: 'pool',
  machine,
  scaling: { n: 1_000_000, d: 2, steps: 200, seconds1Worker: scaling[1], seconds2Workers: scaling[2], speedup },
  streamedReduction: { n: 10_000_000, d: 2, steps: 20, workers: 2, seconds: streamSeconds, peakRssMB: peak / 2 ** 20, finalMean: Array.from(last.mean) },
};
console.log(`pooled Euler–Maruyama — ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}`);
console.log(`| workers | seconds (n = 10⁶, d = 2, 200 steps) |\n|---|---|\n| 1 | ${scaling[1].toFixed(2)} |\n| 2 | ${scaling[2].toFixed(2)} |`);
console.log(`speed-up 2 vs 1 worker: ${speedup.toFixed(2)}× (target ≥ 1.7×)`);
console.log(`streamed moments over 10⁷ trajectories (d = 2, 20 steps, 2 workers): ${streamSeconds.toFixed(1)} s, peak RSS ${(peak / 2 ** 20).toFixed(0)} MB (target < 200 MB)`);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/pool.json', import.meta.url), JSON.stringify(result, null, 2) + '\n');
