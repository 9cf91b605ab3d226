// Cost of in-kernel first-passage targets: Euler–Maruyama on the 2-D double well, n = 10⁵,
// T = 0.1, Δt = 1e-3, 300 timed steps after a 50-step warm-up, targets placed where no trajectory
// arrives in that time (so every trajectory is checked every step). ns per trajectory-step.
// Writes bench/results/first-passage.json with the machine description.
import { mkdirSync, writeFileSync } from 'node:fs';
import { init, landscapes, firstPassage } from '../dist/node.js';
import { describeMachine } from './machine.mjs';

const N = 100_000, STEPS = 300, T = 0.1, DT = 1e-3;
await init();
const U = landscapes.doubleWell({ dim: 2 });
const far = { halfSpace: { normal: [1, 0], offset: 0.9 } };
const cases = [
  ['none (cap only)', { halfSpace: { normal: [1, 0], offset: 50 } }, false],
  ['half-space', far, false],
  ['half-space + bridge', far, true],
  ['ball', { ball: { center: [1, 1], radius: 0.2 } }, false],
  ['box', { box: { lower: [0.8, 0.8], upper: [2, 2] } }, false],
  ['level set U ≤ c', { level: { below: -1 } }, false],
  ['union of 3 (half-space, ball, level)', { union: [far, { ball: { center: [1, 1], radius: 0.2 } }, { level: { above: 50 } }] }, false],
];
const rows = [];
for (const [name, target, bridge] of cases) {
  const run = (steps) => firstPassage({ landscape: U, temperature: T, dt: DT, nTrajectories: N, x0: [-1, -1], seed: 1, maxSteps: steps, target, bridgeCorrection: bridge });
  run(50);
  const t = performance.now();
  const r = run(STEPS);
  const ns = ((performance.now() - t) * 1e6) / (N * STEPS);
  rows.push({ target: name, bridge, nsPerTrajectoryStep: ns, arrived: r.nHit });
}
U.dispose();
const machine = describeMachine();
console.log(`first-passage targets, EM, 2-D double well, n = ${N} — ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}`);
console.log('| target | ns/traj-step | relative to none |\n|---|---|---|');
for (const r of rows) console.log(`| ${r.target} | ${r.nsPerTrajectoryStep.toFixed(1)} | ${(r.nsPerTrajectoryStep / rows[0].nsPerTrajectoryStep).toFixed(2)}× |`);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/first-passage.json', import.meta.url), JSON.stringify({ benchmark: 'first-passage', machine, note: 'taken on a shared 2-core machine under load from other sessions', rows }, null, 2) + '\n');
