// SGD with momentum simulated by the SGD engine (many replicas) against the exact discrete
// predictions of the linear-response module.
// - Real minibatches on linear regression (`sgd.run` on `sgd.linearRegression`): the oracle is
//   `MinibatchLinearRegression`, exact for the finite data set (state-dependent noise included;
//   itself checked against moments averaged over every minibatch in minibatchMoments.test.ts).
// - The Gaussian-noise recursion (`sgd.gaussianQuadratic`): the oracle is `SgdMomentum`.
// Replicas are independent, so each standard error (SE) is the across-replica standard
// deviation / √n; tolerances are 5 SE. A stationary start is made by a burn-in whose residual
// distance from stationarity is computed exactly (from the deterministic start) and required
// to be far below the SE.
import { beforeAll, describe, expect, it } from 'vitest';
import { MinibatchLinearRegression, SgdMomentum, fitPowerLaw, msd, sgd, type SgdRun } from '../ts/index.js';
import { estimate, stationaryLagStatistics, fittedExponent } from '../ts/report/momentumRuns.js';
import { loadSgdyn } from './support/wasm.js';

beforeAll(loadSgdyn);

const DATA = { seed: 17, examples: 400, dim: 3, spectrum: [2, 1, 0.5], noise: 0.5 };
const SETTINGS = { learningRate: 0.05, momentum: 0.5, batchSize: 2 };
const BURN_IN = 600;

function setUp(sampler: 'with-replacement' | 'without-replacement', o: Partial<typeof SETTINGS> = {}) {
  const s = { ...SETTINGS, ...o };
  const data = sgd.data.linearRegression(DATA);
  const theory = MinibatchLinearRegression.create({ x: data.x, y: data.y, inputs: DATA.dim, ...s, sampler });
  return { data, theory, s };
}

function makeRun(data: { x: Float64Array; y: Float64Array }, s: typeof SETTINGS, sampler: 'with-replacement' | 'without-replacement', n: number, seed: number): { run: SgdRun; dispose: () => void } {
  const objective = sgd.linearRegression({ x: data.x, y: data.y, inputs: DATA.dim });
  const run = sgd.run({ objective, ...s, sampler, nReplicas: n, seed, x0: new Float64Array(DATA.dim) });
  return { run, dispose: () => { run.dispose(); objective.dispose(); } };
}

describe('real minibatch SGD with momentum on linear regression vs the exact discrete moments', () => {
  for (const sampler of ['with-replacement', 'without-replacement'] as const) {
    it(`${sampler}: stationary covariance of (θ, v), speed, MSD and velocity autocovariance within 5 SE`, () => {
      const { data, theory, s } = setUp(sampler);
      // The engine's noise is the one the theory assumes: f·Σ₀ equals the objective's own minibatch covariance at θ̄.
      {
        using objective = sgd.linearRegression({ x: data.x, y: data.y, inputs: DATA.dim });
        const mc = objective.minibatchCovariance(theory.fixedPoint, { batchSize: s.batchSize, sampler });
        theory.noiseCovariance.forEach((v, i) => expect(Math.abs(v * theory.noiseFactor - mc[i]!)).toBeLessThan(1e-12 * Math.abs(mc[0]!)));
      }
      const C = theory.discreteStationaryCovariance();
      const d = DATA.dim, n2 = 2 * d, n = 4000;
      // The burn-in start is stationary to far below the SE: exact moments after BURN_IN steps from 0.
      const atBurn = theory.discreteMomentsAt([BURN_IN], { theta0: new Float64Array(d) })[0]!;
      const worst = Math.max(...Array.from(C, (c, i) => Math.abs(atBurn.covariance[i]! - c))) / Math.sqrt(C[0]! * C[0]! / n);
      expect(worst).toBeLessThan(1e-3);
      const { run, dispose } = makeRun(data, s, sampler, n, 901);
      try {
        const lags = [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 300];
        run.advance(BURN_IN);
        const th = run.parameters(), v = run.velocities();
        // Covariance entries (known mean θ̄, 0): mean of per-replica products, SE from their spread.
        const z = (r: number, i: number) => (i < d ? th[r * d + i]! - theory.fixedPoint[i]! : v[r * d + i - d]!);
        for (let i = 0; i < n2; i++) {
          for (let j = 0; j <= i; j++) {
            const e = estimate(Float64Array.from({ length: n }, (_, r) => z(r, i) * z(r, j)));
            expect(Math.abs(e.mean - C[i * n2 + j]!), `C[${i}][${j}]`).toBeLessThan(5 * e.se);
          }
        }
        const stats = stationaryLagStatistics(run, 0, lags);
        const msd = theory.msd(lags), vac = theory.velocityAutocovariance(lags);
        lags.forEach((k, i) => {
          expect(Math.abs(stats.msd[i]!.mean - msd[i]!), `MSD at k = ${k}`).toBeLessThan(5 * stats.msd[i]!.se);
          expect(Math.abs(stats.velocityAutocovariance[i]!.mean - vac[i]!), `E[v₀·v_k] at k = ${k}`).toBeLessThan(5 * stats.velocityAutocovariance[i]!.se);
        });
        const speed = theory.speed();
        expect(Math.abs(stats.speed.mean - speed.exact)).toBeLessThan(5 * stats.speed.se);
        // The state-dependent part of the noise is resolved: freezing the noise at θ̄ (Kunin's
        // Assumption 3 with the exact Σ at the minimum) predicts a speed > 10 SE lower, and is rejected.
        expect(speed.exact - speed.additive).toBeGreaterThan(10 * stats.speed.se);
        expect(Math.abs(stats.speed.mean - speed.additive)).toBeGreaterThan(5 * stats.speed.se);
      } finally {
        dispose();
      }
    });
  }

  it('from a deterministic start with weight decay: mean and covariance of (θₖ, vₖ) at k = 5, 40, 200 within 5 SE', () => {
    // θ₀ = 0 is far from θ̄, so the mean-dependent noise terms (T(m mᵀ), G(m)) are exercised; λ > 0 moves θ̄ off θ̂.
    const { data, theory, s } = setUp('with-replacement');
    const o = { ...s, weightDecay: 0.1 };
    const t = MinibatchLinearRegression.create({ x: data.x, y: data.y, inputs: DATA.dim, ...o });
    const d = DATA.dim, n2 = 2 * d, n = 4000;
    expect(Math.hypot(...Array.from(t.fixedPoint, (v, i) => v - theory.fixedPoint[i]!))).toBeGreaterThan(0.01);
    const ks = [5, 40, 200];
    const exact = t.discreteMomentsAt(ks, { theta0: new Float64Array(d) });
    using objective = sgd.linearRegression({ x: data.x, y: data.y, inputs: d });
    using run = sgd.run({ objective, ...o, sampler: 'with-replacement', nReplicas: n, seed: 905, x0: new Float64Array(d) });
    let done = 0;
    ks.forEach((k, j) => {
      run.advance(k - done);
      done = k;
      const th = run.parameters(), v = run.velocities();
      const e = exact[j]!;
      const mu = [...e.theta, ...e.v];
      const z = (r: number, i: number) => (i < d ? th[r * d + i]! : v[r * d + i - d]!) - mu[i]!;
      for (let i = 0; i < n2; i++) {
        const m = estimate(Float64Array.from({ length: n }, (_, r) => z(r, i)));
        expect(Math.abs(m.mean), `mean ${i}, k = ${k}`).toBeLessThan(5 * m.se);
        for (let jj = 0; jj <= i; jj++) {
          // Second moment about the exact mean estimates the covariance without bias.
          const c = estimate(Float64Array.from({ length: n }, (_, r) => z(r, i) * z(r, jj)));
          expect(Math.abs(c.mean - e.covariance[i * n2 + jj]!), `C[${i}][${jj}], k = ${k}`).toBeLessThan(5 * c.se);
        }
      }
    });
  });

  it('the MSD saturates at 2 tr Cov_ss(θ): simulated plateau at k = 1000–3000 within 5 SE', () => {
    const { data, theory, s } = setUp('with-replacement');
    const sat = 2 * (theory.discreteStationaryCovariance()[0]! + theory.discreteStationaryCovariance()[7]! + theory.discreteStationaryCovariance()[14]!);
    const lags = [1000, 2000, 3000];
    const exact = theory.msd(lags);
    exact.forEach((m) => expect(Math.abs(m / sat - 1)).toBeLessThan(1e-12)); // the transient is gone by k = 1000
    const { run, dispose } = makeRun(data, s, 'with-replacement', 2000, 902);
    try {
      const st = stationaryLagStatistics(run, BURN_IN, lags);
      st.msd.forEach((e) => expect(Math.abs(e.mean - sat)).toBeLessThan(5 * e.se));
      // Far below the plateau at short lags (the test can tell saturation from growth).
      expect(theory.msd([1])[0]!).toBeLessThan(0.2 * sat);
    } finally {
      dispose();
    }
  });

  it('fitted MSD exponent from a stationary start at a fixed step window (k = 1…200) hardly depends on the batch size', () => {
    const lags = [1, 2, 3, 4, 6, 8, 11, 16, 22, 32, 45, 64, 90, 128, 200];
    const window = { from: 1, to: 200 } as const;
    const results = [2, 8, 32].map((B, i) => {
      const { data, theory, s } = setUp('with-replacement', { batchSize: B });
      const exact = fitPowerLaw(lags, theory.msd(lags), { window }).exponent;
      const { run, dispose } = makeRun(data, s, 'with-replacement', 2000, 910 + i);
      try {
        return { B, exact, sim: fittedExponent(stationaryLagStatistics(run, BURN_IN, lags), window, 10) };
      } finally {
        dispose();
      }
    });
    for (const r of results) expect(Math.abs(r.sim.mean - r.exact), `B = ${r.B}`).toBeLessThan(5 * r.sim.se);
    // Exactly B-independent for additive noise (MSD ∝ 1/B); here only the multiplicative term moves it, by < 0.005.
    const ex = results.map((r) => r.exact);
    expect(Math.max(...ex) - Math.min(...ex)).toBeLessThan(0.005);
    for (let i = 1; i < results.length; i++) {
      const a = results[0]!.sim, b = results[i]!.sim;
      expect(Math.abs(a.mean - b.mean)).toBeLessThan(5 * Math.hypot(a.se, b.se));
    }
  });
});

describe('Gaussian-noise SGD with momentum (engine) vs SgdMomentum', () => {
  const H = [[1, 0.3], [0.3, 0.5]];
  const SIGMA = [[0.8, 0.1], [0.1, 0.3]];

  it('velocity autocorrelation at lag k matches the continuous C(ηk) (unit convention), the exact discrete one, and rejects τ = k', () => {
    const eta = 0.01, beta = 0.9, B = 1;
    const model = SgdMomentum.create({ hessian: H, learningRate: eta, momentum: beta, batchSize: B, noise: { covariance: SIGMA } });
    const lags = [1, 5, 10, 20, 40, 80];
    const n = 4000, d = 2;
    const ou = model.phaseSpace();
    const trVV = (m: Float64Array) => m[2 * 4 + 2]! + m[3 * 4 + 3]!;
    // E[v₀·v_k]/η² three ways: the continuous model at τ = ηk (velocity = v/η), at τ = k (wrong units), exact discrete.
    const cont = lags.map((k) => trVV(ou.crossCovariance(eta * k)));
    const wrong = lags.map((k) => trVV(ou.crossCovariance(k)));
    const disc = lags.map((k) => trVV(model.discreteCrossCovariance(k)) / eta ** 2);
    using run = sgd.gaussianQuadratic({ hessian: H, noiseCovariance: SIGMA, batchSize: B, learningRate: eta, momentum: beta, nReplicas: n, seed: 77, x0: [0, 0] });
    // Burn-in from the mean (θ = 0, v = 0): both modes are underdamped (ζ ≈ 0.85 and 0.48), so every eigenvalue
    // of M has modulus √β ≈ 0.95 and 3000 steps leave nothing of the covariance transient (0.95⁶⁰⁰⁰ ≈ 1e-137).
    const st = stationaryLagStatistics(run, 3000, lags);
    lags.forEach((k, i) => {
      const sim = st.velocityAutocovariance[i]!.mean / eta ** 2, se = st.velocityAutocovariance[i]!.se / eta ** 2;
      expect(Math.abs(sim - disc[i]!), `discrete, k = ${k}`).toBeLessThan(5 * se);
      // The O(ηκ) gap between the discrete recursion and the continuous model is below 1 SE here …
      expect(Math.abs(disc[i]! - cont[i]!)).toBeLessThan(se);
      expect(Math.abs(sim - cont[i]!), `C(ηk), k = ${k}`).toBeLessThan(5 * se);
      // … while reading the lag as τ = k is off by many SE wherever the autocorrelation has not yet decayed.
      if (k <= 20) expect(Math.abs(sim - wrong[i]!), `τ = k, k = ${k}`).toBeGreaterThan(5 * se);
    });
    // Stationary covariance of θ and the speed from the same run.
    const C = model.discreteStationaryCovariance();
    const th = run.parameters(), v = run.velocities();
    for (const [i, j] of [[0, 0], [0, 1], [1, 1]] as const) {
      const e = estimate(Float64Array.from({ length: n }, (_, r) => th[r * d + i]! * th[r * d + j]!));
      expect(Math.abs(e.mean - C[i * 4 + j]!)).toBeLessThan(5 * e.se);
    }
    const sp = estimate(Float64Array.from({ length: n }, (_, r) => v[r * d]! ** 2 + v[r * d + 1]! ** 2));
    expect(Math.abs(sp.mean - model.speed().discrete)).toBeLessThan(5 * sp.se);
  });

  it('MSD from a stationary start matches the exact discrete MSD; the fitted exponent is the same for every batch size', () => {
    const lags = [1, 2, 4, 8, 16, 32, 64, 128, 256];
    const window = { from: 1, to: 256 } as const;
    const results = [1, 4, 16].map((B, i) => {
      const model = SgdMomentum.create({ hessian: H, learningRate: 0.05, momentum: 0.8, batchSize: B, noise: { covariance: SIGMA } });
      const exact = msd(model, lags, { variant: 'discrete' });
      using run = sgd.gaussianQuadratic({ hessian: H, noiseCovariance: SIGMA, batchSize: B, learningRate: 0.05, momentum: 0.8, nReplicas: 2000, seed: 80 + i, x0: [0, 0] });
      const st = stationaryLagStatistics(run, 2000, lags);
      lags.forEach((k, j) => expect(Math.abs(st.msd[j]!.mean - exact[j]!), `B = ${B}, k = ${k}`).toBeLessThan(5 * st.msd[j]!.se));
      return { B, exact: fitPowerLaw(lags, exact, { window }).exponent, sim: fittedExponent(st, window, 10) };
    });
    // Σ/B scales every second moment by 1/B: the exact exponent is B-independent to rounding.
    for (const r of results) expect(Math.abs(r.exact - results[0]!.exact)).toBeLessThan(1e-12);
    for (const r of results) expect(Math.abs(r.sim.mean - r.exact), `B = ${r.B}`).toBeLessThan(5 * r.sim.se);
  });
});
