// Exercise C.19 (seed 000), corrected: f(x) = x⁴ − 4x² + 0.5x is a *double* well (errata), minima
// ≈ −1.44 (deep) and ≈ 1.38 (shallow), barrier top ≈ 0.06. Exit from the shallow well to the deep
// one (first passage to x ≤ −1.44): the mean time against the exact quadrature τ (mfpt1d, on the
// mirrored landscape f(−x)) and Kramers; the exit times are exponential (KS test) at low T.
// Temperatures are raised from the seed's (T = 0.1 gives τ ~ e³³).
// Run: npm run build && node examples/c19-exit-times.mjs
import { init, landscapes, firstPassage, mfpt1d, kramersTime1D, ksExponential, findMinima, findSaddle, linePlot } from '../dist/node.js';
import { pick, writeSvg } from './support.mjs';

await init();
const f = (x) => x ** 4 - 4 * x * x + 0.5 * x;
const U = landscapes.fromExpression('x^4 - 4*x^2 + 0.5*x', { variables: ['x'] });
const [deep] = findMinima(U, { starts: [[-1.5]] }), [shallow] = findMinima(U, { starts: [[1.5]] });
const top = findSaddle(U, [0.1]);
const a = shallow.point[0], b = deep.point[0], s = top.point[0];
console.log(`minima ${b.toFixed(4)} (U = ${f(b).toFixed(3)}), ${a.toFixed(4)} (U = ${f(a).toFixed(3)}); barrier top ${s.toFixed(4)}; ΔU from the shallow well ${(f(s) - f(a)).toFixed(3)}`);
const n = pick(400, 100), dt = 2e-3;
const rows = [];
for (const T of pick([0.6, 0.75, 1.0, 1.25], [1.0, 1.25])) {
  const run = firstPassage({ landscape: U, temperature: T, dt, x0: a, nTrajectories: n, seed: 19, maxSteps: 50_000_000, target: { halfSpace: { normal: [-1], offset: -b } } });
  const exact = mfpt1d((y) => f(-y), T, -a, -b).time;                 // mirrored: from −a up to −b
  const kramers = kramersTime1D({ landscape: U, minimum: a, saddle: s, temperature: T }).time;
  const ks = ksExponential({ hitSteps: run.hitSteps, dt });
  rows.push({ T, 'ΔU/T': ((f(s) - f(a)) / T).toFixed(2), 'τ simulated ± SE': `${run.meanTime.toFixed(2)} ± ${run.standardError.toFixed(2)}`, 'τ exact (quadrature)': exact.toFixed(2), 'τ Kramers': kramers.toFixed(2), 'KS p-value (exponential)': ks.pValue.toFixed(3) });
}
console.table(rows);
writeSvg('c19-exit-times.svg', linePlot([
  { kind: 'scatter', label: 'simulation (± 1 SE)', x: rows.map((r) => 1 / r.T), y: rows.map((r) => Number(r['τ simulated ± SE'].split(' ')[0])), yErr: rows.map((r) => Number(r['τ simulated ± SE'].split(' ± ')[1])) },
  { kind: 'line', label: 'exact (quadrature)', x: rows.map((r) => 1 / r.T), y: rows.map((r) => Number(r['τ exact (quadrature)'])) },
  { kind: 'line', label: 'Kramers', x: rows.map((r) => 1 / r.T), y: rows.map((r) => Number(r['τ Kramers'])), dash: true },
], { title: 'C.19: exit time from the shallow well of x⁴ − 4x² + 0.5x', xLabel: '1/T', yLabel: 'mean exit time', yScale: 'log' }));
U.dispose();
