// Exercise C.1 (seed 000), corrected: Euler–Maruyama on the ring potential ¼‖x‖⁴ − ½‖x‖² in
// d = 10 at T = 0.5. Errata: with additive noise EM has strong order 1 (not ½), and the weak
// error against μ∞ = 0 only measures sampling noise. Here the strong error is measured on a
// shared Brownian path (brownianRefinement: every Δt sees the same fine increments) and the
// weak error of E‖x(t)‖² with common random numbers against the finest step.
// Run: npm run build && node examples/c01-em-convergence.mjs
import { init, landscapes, simulate, strongConvergence, logLogSlope, rng, linePlot } from '../dist/node.js';
import { pick, writeSvg } from './support.mjs';

await init();
const d = 10, T = 0.5, time = 1, n = pick(400, 60);
const U = landscapes.ring({ dim: d });
const x0 = rng.normals({ seed: 3, count: n * d });            // x0 ~ N(0, I), the same for every Δt
const levels = pick([5, 6, 7, 8, 9], [4, 5, 6]), fine = pick(11, 8);
const strong = strongConvergence({ landscape: U, integrator: 'euler-maruyama', temperature: T, x0, nTrajectories: n, seed: 7, time, levels, fineLevel: fine });
const norm2 = (level) => {
  const e = simulate({ landscape: U, temperature: T, x0, nTrajectories: n, seed: 7, dt: time / 2 ** level, steps: 2 ** level, brownianRefinement: 2 ** (fine - level) });
  const x = e.positions();
  e.dispose();
  let s = 0;
  for (const v of x) s += v * v;
  return s / n;
};
const reference = norm2(fine);
const weak = levels.map((l) => Math.abs(norm2(l) - reference));
const weakOrder = logLogSlope(strong.dt, weak);
console.table(strong.dt.map((dt, i) => ({ dt, 'strong error E|x−x_ref|': strong.errors[i].toExponential(2), 'weak error |E‖x‖² − ref|': weak[i].toExponential(2) })));
console.log(`fitted strong order ${strong.order.toFixed(2)} (theory 1 for additive noise), weak order ${weakOrder.toFixed(2)} (theory 1)`);
writeSvg('c01-em-convergence.svg', linePlot([
  { kind: 'line', label: `strong, slope ${strong.order.toFixed(2)}`, x: strong.dt, y: strong.errors },
  { kind: 'line', label: `weak (E‖x‖²), slope ${weakOrder.toFixed(2)}`, x: strong.dt, y: weak },
], { title: 'C.1: Euler–Maruyama errors on the ring potential, d = 10, T = 0.5', xLabel: 'Δt', yLabel: 'error at t = 1', xScale: 'log', yScale: 'log' }));
U.dispose();
