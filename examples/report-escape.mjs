// Report flagship 1: Kramers escape on the double well (x² − 1)². Mean first-passage time from
// x = −1 to x = +1: Euler–Maruyama ensemble vs the exact quadrature (mfpt1d) vs Kramers'
// 2π/√(U″(−1)|U″(0)|)·e^{ΔU/T} (the time to the other well), at three temperatures.
// Run: npm run build && node examples/report-escape.mjs   (the report's version: npx sgdyn report)
import { init, landscapes, firstPassage, mfpt1d, kramersTime1D, linePlot } from '../dist/node.js';
import { pick, writeSvg } from './support.mjs';

await init();
const U = landscapes.doubleWell();
const dt = 1e-3, n = pick(1000, 100), rows = [];
for (const T of [1 / 3, 1 / 4, 1 / 5]) {
  const run = firstPassage({ landscape: U, temperature: T, dt, x0: -1, nTrajectories: n, seed: 20261123, maxSteps: 5_000_000, target: { halfSpace: { normal: [1], offset: 1 } } });
  const exact = mfpt1d((x) => (x * x - 1) ** 2, T, -1, 1).time;
  const kramers = kramersTime1D({ landscape: U, minimum: -1, saddle: 0, temperature: T }).time;
  rows.push({ T: T.toFixed(4), 'ΔU/T': (1 / T).toFixed(1), 'τ simulated': run.meanTime.toFixed(2), SE: run.standardError.toFixed(2), 'z = (sim − exact)/SE': ((run.meanTime - exact) / run.standardError).toFixed(2), 'τ exact': exact.toFixed(2), 'τ Kramers': kramers.toFixed(2) });
}
console.table(rows);
const x = rows.map((r) => Number(r['ΔU/T']));
writeSvg('report-escape.svg', linePlot([
  { kind: 'scatter', label: 'simulation (± 1 SE)', x, y: rows.map((r) => Number(r['τ simulated'])), yErr: rows.map((r) => Number(r.SE)) },
  { kind: 'line', label: 'exact (quadrature)', x, y: rows.map((r) => Number(r['τ exact'])) },
  { kind: 'line', label: 'Kramers', x, y: rows.map((r) => Number(r['τ Kramers'])), dash: true },
], { title: 'Escape over the barrier of (x² − 1)²', xLabel: 'ΔU/T', yLabel: 'mean first-passage time −1 → +1', yScale: 'log' }));
U.dispose();
