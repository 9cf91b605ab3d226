// Exercise C.17 (seed 000), corrected: Euler–Maruyama on ½xᵀHx, H = diag(λᵢ), λᵢ = 0.1·2^{i/10},
// i = 1…50 (λ_max ≈ 3.2), T = 0.5. The recursion xᵢ ← (1 − λᵢΔt)xᵢ + √(2TΔt)ξ is stable iff
// Δt < 2/λ_max ≈ 0.62; the library detects the blow-up and reports the trajectory and step.
// For stable Δt the exact stationary variance is 2T/(λ(2 − λΔt)) (not T/λ, which is the Δt → 0 limit).
// Run: npm run build && node examples/c17-stability.mjs
import { init, landscapes, simulate, linePlot, SgdynError } from '../dist/node.js';
import { column, pick, writeSvg } from './support.mjs';

await init();
const d = 50, T = 0.5, lambda = Array.from({ length: d }, (_, i) => 0.1 * 2 ** ((i + 1) / 10));
// Diagonal H as a formula (O(d) per gradient; a dense quadratic would cost O(d²)).
const names = lambda.map((_, i) => `x${i + 1}`);
const U = landscapes.fromExpression(lambda.map((l, i) => `${l / 2}*${names[i]}^2`).join(' + '), { variables: names });
const n = pick(1000, 200), steps = pick(4000, 1000);
const rows = [];
let stable;
for (const dt of [0.1, 0.3, 0.5, 0.6, 0.7, 1.0]) {
  try {
    const ens = simulate({ landscape: U, temperature: T, dt, nTrajectories: n, x0: 1, seed: 17, steps });
    const x = ens.positions();
    ens.dispose();
    const v = (i) => column(x, d, i).reduce((s, t) => s + t * t, 0) / n;
    const exact = (i) => (2 * T) / (lambda[i] * (2 - lambda[i] * dt));
    rows.push({ dt, outcome: 'stable', 'Var x₁ / exact': (v(0) / exact(0)).toFixed(3), 'Var x₅₀ / exact': (v(d - 1) / exact(d - 1)).toFixed(3), 'Var x₅₀ / (T/λ)': (v(d - 1) * lambda[d - 1] / T).toFixed(3) });
    if (dt === 0.5) stable = { dt, v: lambda.map((_, i) => v(i)) };
  } catch (e) {
    if (!(e instanceof SgdynError) || e.code !== 'DIVERGED') throw e;
    rows.push({ dt, outcome: `diverged: trajectory ${e.trajectory}, step ${e.step}` });
  }
}
console.table(rows);
console.log(`predicted threshold 2/λ_max = ${(2 / lambda[d - 1]).toFixed(3)}; relative SE of each variance ≈ ${Math.sqrt(2 / n).toFixed(3)} (the slowest mode needs ~1/(λ₁Δt) steps to settle)`);
writeSvg('c17-stability.svg', linePlot([
  { kind: 'scatter', label: `EM ensemble, Δt = ${stable.dt}`, x: lambda, y: stable.v },
  { kind: 'line', label: '2T/(λ(2 − λΔt)) exact', x: lambda, y: lambda.map((l) => (2 * T) / (l * (2 - l * stable.dt))) },
  { kind: 'line', label: 'T/λ (Δt → 0)', x: lambda, y: lambda.map((l) => T / l), dash: true },
], { title: 'C.17: stationary variance per eigen-direction at Δt = 0.5', xLabel: 'λ', yLabel: 'Var x', xScale: 'log', yScale: 'log' }));
U.dispose();
