// Expression landscapes vs the hand-written built-in (run after `npm run build`):
// Euler–Maruyama, n = 10⁵ trajectories, 1000 steps (after a 50-step untimed warm-up, as
// bench/run.mjs does), T = 0.25, Δt = 1e-3, d = 1 and d = 2:
// doubleWell({dim}) vs fromExpression('(x^2-1)^2') / '(x^2-1)^2+(y^2-1)^2'.
// Prints ns per trajectory-step and the ratio (target: expression ≤ 2× the built-in) and
// writes bench/results/expression.json.
// Also the slow path, landscapes.fromFunction with a plain JS loop for the same gradient
// (called once per block of 64 trajectories and step, on views over WASM memory), and the
// same callback behind copies in and out (what a copying design of the bindings would cost).

import { mkdirSync, writeFileSync } from 'node:fs';
import { init, landscapes, simulate } from '../dist/node.js';
import { describeMachine } from './machine.mjs';

const N = 100_000;
const STEPS = 1000;
const SEED = 1;
const REPEATS = 3; // best of 3 per landscape (interleaved), to damp noise from other load

const FORMULAS = {
  1: { source: '(x^2-1)^2', variables: ['x'] },
  2: { source: '(x^2-1)^2+(y^2-1)^2', variables: ['x', 'y'] },
};

function nsPerStep(U, d) {
  const ens = simulate({ landscape: U, temperature: 0.25, dt: 1e-3, nTrajectories: N, x0: new Array(d).fill(-1), seed: SEED });
  ens.step(50); // warm-up, untimed: lets V8 tier the kernel up from Liftoff to TurboFan
  const t0 = performance.now();
  ens.step(STEPS);
  const seconds = (performance.now() - t0) / 1e3;
  ens.dispose();
  return (seconds * 1e9) / (N * STEPS);
}

/** ∂ᵢ Σ (xᵢ² − 1)² over a batch, written into `g` (any d). */
function jsGradient(x, g) {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    g[i] = 4 * v * (v * v - 1);
  }
}

/** The same callback with its input copied out and its output copied in. */
function copyingGradient(x, g) {
  const p = x.slice();
  const o = new Float64Array(g.length);
  jsGradient(p, o);
  g.set(o);
}

await init();
const rows = [];
for (const d of [1, 2]) {
  const builtIn = landscapes.doubleWell({ dim: d });
  const f = FORMULAS[d];
  const expr = landscapes.fromExpression(f.source, { variables: f.variables });
  const fn = landscapes.fromFunction({ dim: d, gradient: jsGradient, name: 'bench' });
  const copying = landscapes.fromFunction({ dim: d, gradient: copyingGradient, name: 'bench (copies)' });
  let b = Infinity, e = Infinity, c = Infinity, cc = Infinity;
  for (let r = 0; r < REPEATS; r++) {
    b = Math.min(b, nsPerStep(builtIn, d));
    e = Math.min(e, nsPerStep(expr, d));
    c = Math.min(c, nsPerStep(fn, d));
    cc = Math.min(cc, nsPerStep(copying, d));
  }
  builtIn.dispose();
  expr.dispose();
  fn.dispose();
  copying.dispose();
  rows.push({
    dim: d, n: N, steps: STEPS, expression: f.source, builtInNsPerTrajectoryStep: b, expressionNsPerTrajectoryStep: e, ratio: e / b,
    functionNsPerTrajectoryStep: c, functionRatio: c / b, copyingFunctionNsPerTrajectoryStep: cc,
  });
}

const machine = describeMachine();
console.log(`Euler–Maruyama, n = ${N}, ${STEPS} steps, best of ${REPEATS} — ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}`);
console.log('| d | built-in doubleWell ns/traj-step | fromExpression ns/traj-step | expression / built-in (target ≤ 2) | fromFunction ns/traj-step (views) | fromFunction / built-in | fromFunction with copies ns/traj-step |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.dim} | ${r.builtInNsPerTrajectoryStep.toFixed(2)} | ${r.expressionNsPerTrajectoryStep.toFixed(2)} (\`${r.expression}\`) | ${r.ratio.toFixed(2)}× | ` +
    `${r.functionNsPerTrajectoryStep.toFixed(2)} | ${r.functionRatio.toFixed(2)}× | ${r.copyingFunctionNsPerTrajectoryStep.toFixed(2)} |`);
}
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/expression.json', import.meta.url), JSON.stringify({ benchmark: 'expression', machine, rows }, null, 2) + '\n');
console.log('written bench/results/expression.json');
