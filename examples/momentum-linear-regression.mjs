// Real minibatch SGD with momentum on synthetic linear regression against the exact linear-response theory
// (Kunin et al. 2021, Figs. 2 and 7, corrected):
//  1. the replica-mean trajectory on the top Hessian eigenvector vs the exact mean and eq. (7);
//  2. stationary speed and MSD vs the exact moments of the minibatch recursion (MinibatchLinearRegression),
//     the noise frozen at the minimum, and Kunin's Σ = σ²H;
//  3. the fitted MSD exponent (stationary start, lags 1…1000) against the batch size.
// Run: npm run build && node examples/momentum-linear-regression.mjs   (writes examples/out/momentum-*.svg)
import { mkdirSync, writeFileSync } from 'node:fs';
import { init, sgd, MinibatchLinearRegression, SgdMomentum, msd, fitPowerLaw, linePlot } from '../dist/node.js';

await init();
const sigma = 0.5, d = 10;
// SGDYN_QUICK=1 (test/examples.test.ts): fewer replicas, the same experiment.
const QUICK = process.env.SGDYN_QUICK === '1';
const data = sgd.data.linearRegression({ seed: 2021, examples: 2000, dim: d, noise: sigma, spectrum: Array.from({ length: d }, (_, i) => 4 * 0.01 ** (i / 9)) });
const objective = sgd.linearRegression({ x: data.x, y: data.y, inputs: d });
const theory = (o) => MinibatchLinearRegression.create({ x: data.x, y: data.y, inputs: d, ...o });
mkdirSync(new URL('./out/', import.meta.url), { recursive: true });
const mean = (a) => a.reduce((s, v) => s + v, 0) / a.length;
const se = (a) => { const m = mean(a); return Math.sqrt(a.reduce((s, v) => s + (v - m) ** 2, 0) / (a.length - 1) / a.length); };

// 1. Mean trajectory (Fig. 2): β = 0.99, from θ = 0.
{
  const t = theory({ learningRate: 0.01, momentum: 0.99, batchSize: 32 });
  const top = t.model.modes[d - 1], q = top.direction;
  const run = sgd.run({ objective, learningRate: 0.01, momentum: 0.99, batchSize: 32, nReplicas: 200, seed: 1, x0: new Float64Array(d), observe: { reference: t.fixedPoint, directions: [q] } });
  const f = run.advance(400, { every: 1 });
  run.dispose();
  const c = f.columns.indexOf('projection0'), cols = f.columns.length;
  const ks = Array.from({ length: 400 }, (_, k) => k + 1);
  const sim = ks.map((_, j) => { let s = 0; for (let r = 0; r < 200; r++) s += f.data[(j * 200 + r) * cols + c]; return s / 200; });
  const proj = (theta) => q.reduce((s, v, i) => s + v * (theta[i] - t.fixedPoint[i]), 0);
  const exact = ks.map((k) => proj(t.model.discreteMeanAt(k, { theta0: new Float64Array(d) }).theta));
  const eq7 = ks.map((k) => proj(t.model.meanAt(0.01 * k, { theta0: new Float64Array(d) }).theta));
  console.log(`1. top mode κ₁ = ${top.curvature.toFixed(3)}, ζ₁ = ${top.dampingRatio.toFixed(3)} (${top.regime}); max |replica mean − exact| = ${Math.max(...sim.map((v, i) => Math.abs(v - exact[i]))).toExponential(2)}`);
  writeFileSync(new URL('./out/momentum-mean-trajectory.svg', import.meta.url), linePlot([
    { kind: 'scatter', label: 'replica mean (200)', x: ks, y: sim, color: '#000000' },
    { kind: 'line', label: 'exact discrete mean', x: ks, y: exact, color: '#D55E00' },
    { kind: 'line', label: 'Kunin eq. (7), t = ηk', x: ks, y: eq7, color: '#E69F00', dash: true },
  ], { title: 'β = 0.99: projection on the top Hessian eigenvector', xLabel: 'step k', yLabel: 'q₁·(θ − θ̄)' }));
}

/** Stationary start (at θ̄, burnt in), then E‖θₖ − θ₀‖² at `lags` and ‖v‖² per replica. */
function measure(o, lags, n, seed) {
  const run = sgd.run({ objective, ...o, nReplicas: n, seed, x0: theory(o).fixedPoint });
  run.advance(3000);
  const th0 = run.parameters();
  const out = [];
  let done = 0;
  for (const k of lags) {
    run.advance(k - done); done = k;
    const th = run.parameters();
    out.push(Array.from({ length: n }, (_, r) => { let s = 0; for (let i = 0; i < d; i++) s += (th[r * d + i] - th0[r * d + i]) ** 2; return s; }));
  }
  const v = run.velocities();
  run.dispose();
  return { msd: out, speed: Array.from({ length: n }, (_, r) => { let s = 0; for (let i = 0; i < d; i++) s += v[r * d + i] ** 2; return s; }) };
}

// 2. Speed and MSD (flagship 5).
const lags = [1, 2, 3, 5, 8, 13, 22, 36, 60, 100, 170, 280, 470, 800, 1000];
{
  const o = { learningRate: 0.01, momentum: 0.9, batchSize: 8 };
  const t = theory(o);
  const kunin = SgdMomentum.create({ hessian: t.model.hessian, learningRate: 0.01, momentum: 0.9, batchSize: 8, noise: { scale: sigma ** 2 } });
  const m = measure(o, lags, QUICK ? 100 : 1000, 2);
  const exact = t.msd(lags), frozen = msd(t.model, lags, { variant: 'discrete' }), eq17 = msd(kunin, lags, { variant: 'eq17' });
  console.log(`2. speed E‖δ‖²: simulated ${mean(m.speed).toExponential(4)} ± ${se(m.speed).toExponential(1)}, exact ${t.speed().exact.toExponential(4)}, noise frozen at θ̄ ${t.speed().additive.toExponential(4)}, eq. (16) with Σ = σ²H ${kunin.speed().eq16.toExponential(4)}`);
  console.table(lags.map((k, i) => ({ k, 'MSD simulated': mean(m.msd[i]).toExponential(3), SE: se(m.msd[i]).toExponential(1), exact: exact[i].toExponential(3), z: ((mean(m.msd[i]) - exact[i]) / se(m.msd[i])).toFixed(2), 'frozen noise': frozen[i].toExponential(3), 'eq. (17)': eq17[i].toExponential(3) })));
  writeFileSync(new URL('./out/momentum-msd.svg', import.meta.url), linePlot([
    { kind: 'scatter', label: 'simulated ± SE', x: lags, y: m.msd.map(mean), yErr: m.msd.map(se), color: '#000000' },
    { kind: 'line', label: 'exact (minibatch recursion)', x: lags, y: exact, color: '#D55E00' },
    { kind: 'line', label: 'noise frozen at θ̄', x: lags, y: frozen, color: '#009E73', dash: true },
    { kind: 'line', label: 'Kunin eq. (17), Σ = σ²H', x: lags, y: eq17, color: '#CC79A7' },
  ], { title: 'MSD from a stationary start', xLabel: 'lag k', yLabel: 'E‖θₖ − θ₀‖²', xScale: 'log', yScale: 'log', legend: 'bottom-right' }));
}

// 3. Exponent vs batch size (Fig. 7, one column): window k = 1…1000, stationary start.
{
  const rows = [];
  for (const B of [8, 32, 128]) {
    const o = { learningRate: 0.01, momentum: 0.9, batchSize: B };
    const m = measure(o, lags, QUICK ? 40 : 200, 3);
    rows.push({ B, 'c (fit to simulated MSD)': fitPowerLaw(lags, m.msd.map(mean), { window: { from: 1, to: 1000 } }).exponent.toFixed(3), 'c (fit to exact MSD)': fitPowerLaw(lags, theory(o).msd(lags), { window: { from: 1, to: 1000 } }).exponent.toFixed(3) });
  }
  console.log('3. MSD exponent vs batch size (the fit depends on the window; here k = 1…1000):');
  console.table(rows);
}
objective.dispose();
console.log('wrote examples/out/momentum-mean-trajectory.svg, examples/out/momentum-msd.svg');
