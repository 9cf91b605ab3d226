// Exercise C.20 (seed 000), corrected: integrators for Langevin dθ = −∇U dt + √(2T) dW on a scaled
// Rosenbrock U(x, y) = b(y − x²)² + (a − x)², a = 1, b = 2, T = 0.5 (the classic b = 100 would need
// Δt ≲ 10⁻³ and 50× longer runs for the same resolution; the valley stays curved and stiff: b(y − x²)²
// has curvature 2b(1 + 4x²) across it, against 2 along it near the minimum).
// Oracle (derived here): for fixed x, e^{−U/T} is a Gaussian in y with mean x² and variance T/(2b),
// whose normaliser √(πT/b) does not depend on x, so the Gibbs law has x ~ N(a, T/2) exactly and
// y | x ~ N(x², T/(2b)): E x = a, E y = E x² = a² + T/2 (checked below by 2-D quadrature).
// What the seed got wrong: (i) with additive noise Euler–Maruyama has strong order 1, not ½, and
// Milstein is the *same recursion* as EM (σ' = 0; the seed's correction "TH Δt(ξ² − 1)/2" does not
// exist) — shown to agree to rounding, also Platen's derivative-free 'rk-milstein'; (ii) what matters
// for sampling is the weak (invariant-measure) bias of stationary averages, measured here for E y and
// for the valley width E(y − x²)² (exact T/(2b): the stiff direction) at several Δt, with local weak
// orders; (iii) "SRK 2-stage, order 1": SRA1 (Rößler) is strong 1.5 / weak 2 for additive noise, and
// stochastic Heun is weak order 2 for additive noise too (its one-step moments match the Itô–Taylor
// expansion through the Δt² terms); MALA is exact at any Δt (its cost: rejections); BAOAB (underdamped, friction 1)
// is configurationally second order; tamed Euler never blows up but keeps EM's first-order bias.
// Stability: explicit schemes blow up once Δt·λ_max(∇²U) > 2 somewhere the walkers go (λ_max ≈ 22 at
// the minimum, ≈ 2b(1 + 4x²) along the valley); the library reports the trajectory and step.
// Local orders log₂(bias(2h)/bias(h)) approach the theoretical ones only once Δt·λ_max ≪ 1 (Heun's
// valley-width bias has an h³ term of the other sign at these Δt; resolving Heun's and SRA1's order 2
// on E y needs ~10× more samples than the full run uses). Strong orders: report-convergence.mjs.
// Timings are wall-clock on a shared 2-core machine (noisy).
// Run: npm run build && node examples/c20-rosenbrock-integrators.mjs
import { init, landscapes, simulate, rng, linalg, linePlot, SgdynError } from '../dist/node.js';
import { pick, writeSvg } from './support.mjs';

await init();
const a = 1, b = 2, T = 0.5;
const U = landscapes.rosenbrock({ a, b });
const exactY = a * a + T / 2;
// 2-D quadrature check of E y (midpoint rule on a box holding the mass to < 1e-12).
{
  const nx = 1200, ny = 3000, [x0, x1, y0, y1] = [a - 5, a + 5, -3, 40], hx = (x1 - x0) / nx, hy = (y1 - y0) / ny;
  let z = 0, zy = 0, zx = 0;
  for (let i = 0; i < nx; i++) {
    const x = x0 + (i + 0.5) * hx;
    for (let j = 0; j < ny; j++) { const y = y0 + (j + 0.5) * hy, w = Math.exp(-(b * (y - x * x) ** 2 + (a - x) ** 2) / T); z += w; zy += w * y; zx += w * x; }
  }
  console.log(`Gibbs law of U = ${b}(y − x²)² + (${a} − x)² at T = ${T}: E x = ${(zx / z).toFixed(6)} (closed form ${a}), E y = ${(zy / z).toFixed(6)} (closed form a² + T/2 = ${exactY}) by 2-D quadrature`);
}

// Independent starts drawn from the exact Gibbs law, so exact samplers need no burn-in.
const n = pick(1200, 100), burn = pick(10, 5), window = pick(80, 10), every = 0.5;
const z = rng.normals({ seed: 2020, count: 2 * n });
const start = new Float64Array(2 * n);
for (let i = 0; i < n; i++) { const x = a + Math.sqrt(T / 2) * z[2 * i]; start[2 * i] = x; start[2 * i + 1] = x * x + Math.sqrt(T / (2 * b)) * z[2 * i + 1]; }

// Milstein and Platen's derivative-free Milstein are EM for additive noise: the same bits.
{
  const run = (integrator) => { const e = simulate({ landscape: U, temperature: T, dt: 0.01, steps: 500, nTrajectories: n, x0: start, seed: 20, integrator }); const p = e.positions(); e.dispose(); return p; };
  const em = run('euler-maruyama');
  for (const name of ['milstein', 'rk-milstein']) {
    const p = run(name);
    console.log(`'${name}' vs 'euler-maruyama', same seed, 500 steps at Δt = 0.01: max |Δ| = ${p.reduce((m, v, i) => Math.max(m, Math.abs(v - em[i])), 0).toExponential(1)} (the same recursion; rounding only)`);
  }
}

/**
 * Stationary averages from one ensemble: burn-in, then the mean of snapshots every 0.5 time units,
 * per trajectory; the SE comes from the n independent per-trajectory means.
 * Observables (exact Gibbs values): y (a² + T/2), the valley width (y − x²)² (T/(2b): y | x is
 * N(x², T/(2b)) for every x — the stiff direction), x (a).
 */
const observables = [
  { name: 'E y', f: (x, y) => y, exact: a * a + T / 2 },
  { name: 'E (y − x²)²', f: (x, y) => (y - x * x) ** 2, exact: T / (2 * b) },
  { name: 'E x', f: (x) => x, exact: a },
];
function stationary(integrator, dt, seed) {
  const e = simulate({ landscape: U, temperature: T, dt, nTrajectories: n, x0: start, seed, integrator });
  try {
    e.step(Math.round(burn / dt));
    const sums = observables.map(() => new Float64Array(n)), k = Math.round(every / dt), m = Math.round(window / every);
    for (let s = 0; s < m; s++) {
      e.step(k);
      const p = e.positions();
      for (let i = 0; i < n; i++) observables.forEach((o, j) => { sums[j][i] += o.f(p[2 * i], p[2 * i + 1]) / m; });
    }
    return {
      stats: sums.map((v, j) => {
        const mu = v.reduce((u, w) => u + w, 0) / n;
        return { bias: mu - observables[j].exact, se: Math.sqrt(v.reduce((u, w) => u + (w - mu) ** 2, 0) / (n - 1) / n) };
      }),
      acceptance: integrator === 'mala' ? e.acceptanceRate() : undefined,
    };
  } catch (err) {
    if (err instanceof SgdynError && err.code === 'DIVERGED') return { diverged: `diverged: trajectory ${err.trajectory}, step ${err.step}` };
    throw err;
  } finally {
    e.dispose();
  }
}

/** Best of three timed runs (no snapshots), from the minimum, at Δt = 0.005 (stable for all): ns per trajectory-step. */
function cost(integrator) {
  const m = pick(2000, 200), steps = pick(1000, 100);
  let best = Infinity;
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    simulate({ landscape: U, temperature: T, dt: 0.005, steps, nTrajectories: m, x0: [a, a * a], seed: 21, integrator }).dispose();
    best = Math.min(best, performance.now() - t0);
  }
  return (best * 1e6) / (steps * m);
}

const steps = pick([0.04, 0.02, 0.01, 0.005], [0.04, 0.02]);
const integrators = ['euler-maruyama', 'tamed-euler', 'heun', 'sra1', 'baoab', 'mala'];
const THEORY = { 'euler-maruyama': '1', 'tamed-euler': '1', heun: '2 (additive noise)', sra1: '2', baoab: '2 (configurational)', mala: 'exact' };
const results = integrators.map((integrator) => ({ integrator, runs: steps.map((dt, k) => ({ dt, ...stationary(integrator, dt, 20 + k) })) }));
const cell = (r, j) => (r.diverged ?? `${r.stats[j].bias >= 0 ? '+' : ''}${r.stats[j].bias.toFixed(4)} ± ${r.stats[j].se.toFixed(4)}`);
for (const [j, o] of observables.slice(0, 2).entries()) {
  const rows = results.map(({ integrator, runs }) => {
    const row = { integrator };
    for (const r of runs) row[`Δt = ${r.dt}`] = cell(r, j);
    // Local orders log₂|bias(2h)/bias(h)| ± SE (propagated) between neighbouring resolved points.
    const orders = [];
    for (let k = 0; k + 1 < runs.length; k++) {
      const [p, q] = [runs[k], runs[k + 1]];
      if (p.diverged || q.diverged || !(Math.abs(p.stats[j].bias) > 3 * p.stats[j].se) || !(Math.abs(q.stats[j].bias) > 3 * q.stats[j].se) || p.stats[j].bias * q.stats[j].bias < 0) continue;
      const order = Math.log2(p.stats[j].bias / q.stats[j].bias), se = Math.hypot(p.stats[j].se / p.stats[j].bias, q.stats[j].se / q.stats[j].bias) / Math.LN2;
      orders.push(`${order.toFixed(2)}±${se.toFixed(2)} (→${q.dt})`);
    }
    row['local weak order'] = orders.length ? orders.join(', ') : '— (bias within 3 SE)';
    row.theory = THEORY[integrator];
    return row;
  });
  console.log(`\nweak bias of the stationary ${o.name} − ${o.exact} ± SE (${n} trajectories started from the exact law, burn-in ${burn}, time average over ${window}, one seed per Δt); local orders from neighbouring Δt whose biases exceed 3 SE`);
  console.table(rows);
}
const lmax = Math.max(...linalg.symmetricEigen(U.hessian([a, a * a])).values);
console.log(`orders reach their asymptotic values only once Δt·λ_max ≪ 1: λ_max(∇²U) = ${lmax.toFixed(1)} at the minimum and ≈ 2b(1 + 4x²) further along the valley (x ~ N(a, T/2), variance ${T / 2})`);
const costRows = [];
for (const { integrator, runs } of results) {
  const ns = cost(integrator), r = runs.at(-1);
  costRows.push({
    integrator, 'ns per trajectory-step': ns.toFixed(1), 'relative to EM': (ns / (costRows[0]?.ns ?? ns)).toFixed(2),
    [`E x − a ± SE (Δt = ${r.dt})`]: r.diverged ?? `${r.stats[2].bias.toFixed(4)} ± ${r.stats[2].se.toFixed(4)}`, [`MALA acceptance (Δt = ${r.dt})`]: r.acceptance === undefined ? '' : r.acceptance.toFixed(3), ns,
  });
}
console.log('\ncost (best of 3 wall-clock runs incl. call overhead, 2-core machine shared with other jobs: noisy) and E x at the smallest Δt (exact: a):');
console.table(costRows.map(({ ns, ...r }) => r));
for (const [j, file] of [[0, 'c20-rosenbrock-mean-y.svg'], [1, 'c20-rosenbrock-valley-width.svg']]) {
  const o = observables[j];
  writeSvg(file, linePlot([
    ...results.map(({ integrator, runs }) => {
      const ok = runs.filter((r) => !r.diverged);
      return { kind: 'line', label: `${integrator}${ok.length < runs.length ? ' (diverged at larger Δt)' : ''}`, x: ok.map((r) => r.dt), y: ok.map((r) => r.stats[j].bias), yErr: ok.map((r) => r.stats[j].se) };
    }),
    { kind: 'line', label: 'exact (no bias)', x: [0, Math.max(...steps)], y: [0, 0], dash: true, color: '#999999' },
  ], { title: `C.20: bias of ${o.name} (exact ${o.exact}), Rosenbrock b = ${b}, T = ${T}`, xLabel: 'time step Δt', yLabel: `${o.name} − exact (± SE)` }));
}
U.dispose();
