// The 1-D Fokker–Planck solver against oracles derived here (none taken from the seeds):
//
// - Gibbs: with reflecting boundaries and b = −U′, D = T, the zero-flux solution of
//   ∂ₜp = −∂ₓ(bp) + ∂ₓ²(Dp) is p ∝ e^{−U/T}. The SG flux with the discrete gradient of U
//   between centres is in *exact* discrete detailed balance with e^{−U(xᵢ)/T}; against the
//   continuous cell averages the L¹ error is O(h²) (cell average − centre value = h²p″/24).
// - OU b = −hx, constant D: a Gaussian stays Gaussian with m(t) = m₀e^{−ht},
//   v(t) = D/h + (v₀ − D/h)e^{−2ht}; with s = D/h,
//   KL(N(m,v) ‖ N(0,s)) = ½(v/s + m²/s − 1 − ln(v/s)), and the entropy production
//   ∫J²/(Dp) = −dKL/dt = h((v−s)²/(sv) + m²/s). Eigenvalues of −L: 0, h, 2h, … (any D).
// - Double well: a two-state chain with rate k = 1/τ each way has generator
//   [[−k, k], [k, −k]], eigenvalues 0 and −2k, so λ₁ = 2/τ with τ the well-to-well MFPT
//   (up to corrections that vanish as T → 0). τ from the independent quadrature `mfpt1d`.
// - Itô multiplicative noise b = −x, D = D₀(1+x²): zero flux b p = (Dp)′ gives
//   (Dp)′/(Dp) = b/D = −x/(D₀(1+x²)), so Dp ∝ (1+x²)^{−1/(2D₀)} and
//   p ∝ (1+x²)^{−(1+1/(2D₀))}. Backward generator b u′ + D u″ = 0 gives the committor
//   u′ ∝ exp(−∫b/D) = (1+x²)^{1/(2D₀)}.
// Convergence orders are fitted (least squares of log error vs log cells) on 3–4 grids.
import { beforeAll, describe, expect, it } from 'vitest';
import { FokkerPlanck1D, SgdynError, landscapes, mfpt1d, runtimeInfo } from '../ts/index.js';
import { core } from '../ts/runtime.js';
import { gaussLegendre8 } from '../ts/analysis/gaussLegendre.js';
import { BaselineFokkerPlanck1D } from '../ts/baseline/index.js';
import { loadSgdyn } from './support/wasm.js';
import { logLogSlope } from '../ts/analysis/convergence.js';

beforeAll(loadSgdyn);

/** ∫ₐᵇ f by composite 8-point Gauss–Legendre on `panels` panels. */
function integrate(f: (x: number) => number, a: number, b: number, panels = 2000): number {
  let s = 0;
  for (let i = 0; i < panels; i++) s += gaussLegendre8(f, a + ((b - a) * i) / panels, a + ((b - a) * (i + 1)) / panels);
  return s;
}

/** The observed order: minus the least-squares slope of log(error) against log(cells). */
const order = (cells: number[], errors: number[]): number => -logLogSlope(cells, errors);

const gaussian = (m: number, v: number) => (x: number) => Math.exp(-((x - m) ** 2) / (2 * v)) / Math.sqrt(2 * Math.PI * v);
const doubleWell = (x: number) => (x * x - 1) ** 2;

describe('stationary density (Gibbs)', () => {
  const cases = [
    { name: 'double well (x²−1)², T = 0.25', make: () => landscapes.doubleWell(), U: doubleWell, T: 0.25, domain: [-2.5, 2.5] as const },
    { name: 'quadratic x², T = 0.5', make: () => landscapes.quadratic({ hessian: [[2]] }), U: (x: number) => x * x, T: 0.5, domain: [-5, 5] as const },
  ];

  it.each(cases)('$name: exactly e^{−U(xᵢ)/T} at the centres, zero current, zero entropy production', ({ make, U, T, domain }) => {
    const L = make();
    using fp = FokkerPlanck1D.fromLandscape({ landscape: L, temperature: T, domain, cells: 400 });
    L.dispose();
    const p = fp.stationary();
    const xs = fp.grid();
    const h = fp.cellWidth;
    const w = xs.map((x) => Math.exp(-U(x) / T));
    const z = w.reduce((a, b) => a + b) * h;
    let worst = 0;
    p.forEach((v, i) => { worst = Math.max(worst, Math.abs(v / ((w[i] as number) / z) - 1)); });
    expect(worst).toBeLessThan(1e-12);
    // At equilibrium every face carries equal one-way fluxes ~ T·p/h; the net current is
    // rounding relative to them.
    fp.setDensity(p);
    const oneWay = (T * Math.max(...p)) / h;
    const J = fp.current();
    expect(Math.max(...J.map(Math.abs)) / oneWay).toBeLessThan(1e-12);
    expect(fp.entropyProduction()).toBeLessThan(1e-20);
  });

  it.each(cases)('$name: L¹ error against the cell averages of the Gibbs density is second order', ({ make, U, T, domain }) => {
    const [a, b] = domain;
    const Z = integrate((x) => Math.exp(-U(x) / T), a, b);
    const cells = [50, 100, 200, 400];
    const errors = cells.map((n) => {
      const L = make();
      using fp = FokkerPlanck1D.fromLandscape({ landscape: L, temperature: T, domain, cells: n });
      L.dispose();
      const p = fp.stationary(), xs = fp.grid(), h = fp.cellWidth;
      let e = 0;
      xs.forEach((x, i) => {
        const average = gaussLegendre8((y) => Math.exp(-U(y) / T), x - h / 2, x + h / 2) / (h * Z);
        e += h * Math.abs((p[i] as number) - average);
      });
      return e;
    });
    // Measured (double well): 1.19e-2, 2.96e-3, 7.50e-4, 1.87e-4.
    expect(order(cells, errors)).toBeGreaterThan(1.9);
    expect(order(cells, errors)).toBeLessThan(2.1);
  });

  it('drift sampled on faces (fromDrift, b = −U′): point values converge at second order', () => {
    const T = 0.25;
    const Z = integrate((x) => Math.exp(-doubleWell(x) / T), -2.5, 2.5);
    const cells = [50, 100, 200, 400, 800];
    const errors = cells.map((n) => {
      using fp = FokkerPlanck1D.fromDrift({ drift: (x) => -4 * x * (x * x - 1), diffusion: T, domain: [-2.5, 2.5], cells: n });
      const p = fp.stationary(), xs = fp.grid();
      let e = 0;
      xs.forEach((x, i) => { e += fp.cellWidth * Math.abs((p[i] as number) - Math.exp(-doubleWell(x) / T) / Z); });
      return e;
    });
    // Measured: 5.9e-3 … 2.3e-5 (ratio 4.0 per halving).
    expect(order(cells, errors)).toBeGreaterThan(1.9);
    expect(errors.at(-1)).toBeLessThan(5e-5);
  });
});

describe('Ornstein–Uhlenbeck transients', () => {
  const H = 1.5, D = 0.5, s = D / H, m0 = 1, v0 = 0.05;
  const exact = (t: number) => ({ m: m0 * Math.exp(-H * t), v: s + (v0 - s) * Math.exp(-2 * H * t) });
  const klExact = (m: number, v: number) => 0.5 * (v / s + (m * m) / s - 1 - Math.log(v / s));
  const sigmaExact = (m: number, v: number) => H * ((v - s) ** 2 / (s * v) + (m * m) / s);
  const times = [0.1, 0.5, 1, 2];

  function run(cells: number, dt: number, scheme: 'backward-euler' | 'crank-nicolson' | 'tr-bdf2' = 'tr-bdf2') {
    using fp = FokkerPlanck1D.fromDrift({ drift: (x) => -H * x, diffusion: D, domain: [-4, 5], cells });
    fp.setDensity(gaussian(m0, v0));
    const xs = fp.grid(), h = fp.cellWidth;
    const pi = xs.map(gaussian(0, s));
    return fp.snapshots(times, { dt, scheme }).map((p, k) => {
      let m = 0, m2 = 0, kl = 0;
      p.forEach((v, i) => {
        const x = xs[i] as number;
        m += h * x * v;
        m2 += h * x * x * v;
        if (v > 0) kl += h * v * Math.log(v / (pi[i] as number));
      });
      return { t: times[k] as number, m, v: m2 - m * m, kl, p };
    });
  }

  it('mean and variance match m₀e^{−ht} and D/h + (v₀ − D/h)e^{−2ht}, converging at second order in space', () => {
    // Refinement study (TR-BDF2, dt = 1e-3, so the time error is negligible): the errors
    // fall by 4× per halving of h; at 800 cells max |Δm| = 2.2e-5, max |Δv| = 1.5e-6.
    // Tolerances below: 2× those.
    const cells = [200, 400, 800];
    const results = cells.map((n) => run(n, 1e-3));
    const errM = results.map((r) => Math.max(...r.map((q) => Math.abs(q.m - exact(q.t).m))));
    const errV = results.map((r) => Math.max(...r.map((q) => Math.abs(q.v - exact(q.t).v))));
    expect(order(cells, errM)).toBeGreaterThan(1.9);
    expect(order(cells, errV)).toBeGreaterThan(1.9);
    expect(errM[2]).toBeLessThan(5e-5);
    expect(errV[2]).toBeLessThan(3e-6);
  });

  it('KL(p_t ‖ π) and the entropy production match the Gaussian closed forms', () => {
    // Measured at 800 cells: relative errors ≤ 3.8e-4 (KL) and ≤ 3.2e-4 (entropy production),
    // shrinking 4× per halving of h. Tolerance 1e-3.
    using fp = FokkerPlanck1D.fromDrift({ drift: (x) => -H * x, diffusion: D, domain: [-4, 5], cells: 800 });
    fp.setDensity(gaussian(m0, v0));
    for (const q of run(800, 1e-3)) {
      const e = exact(q.t);
      expect(Math.abs(q.kl / klExact(e.m, e.v) - 1)).toBeLessThan(1e-3);
    }
    let previous = 0;
    for (const t of times) {
      fp.evolve(t - previous, { dt: 1e-3 });
      previous = t;
      const e = exact(t);
      expect(Math.abs(fp.entropyProduction() / sigmaExact(e.m, e.v) - 1)).toBeLessThan(1e-3);
    }
  });

  it('time schemes converge at their orders: backward Euler 1, Crank–Nicolson and TR-BDF2 2', () => {
    // Self-convergence on one grid (200 cells) against dt = 1/3200 of the same scheme.
    const density = (scheme: 'backward-euler' | 'crank-nicolson' | 'tr-bdf2', dt: number) => {
      using fp = FokkerPlanck1D.fromDrift({ drift: (x) => -H * x, diffusion: D, domain: [-4, 5], cells: 200 });
      return fp.setDensity(gaussian(m0, v0)).evolve(1, { dt, scheme }).density();
    };
    const steps = [25, 50, 100, 200];
    for (const [scheme, want] of [['backward-euler', 1], ['crank-nicolson', 2], ['tr-bdf2', 2]] as const) {
      const ref = density(scheme, 1 / 3200);
      const errors = steps.map((k) => {
        const p = density(scheme, 1 / k);
        return p.reduce((acc, v, i) => acc + Math.abs(v - (ref[i] as number)), 0);
      });
      expect(Math.abs(order(steps, errors) - want)).toBeLessThan(0.1);
    }
  });

  it('spectral gap = h for every temperature, then 2h and 3h (second order in space)', () => {
    // On ±10 standard deviations the discrete problem is the same for every T (the Péclet
    // numbers b·h/D only depend on x·h/σ²), so the eigenvalues agree to rounding. The grid
    // error is O(h²) and grows with k: measured 1.0e-4, 3.1e-4, 6.3e-4 relative for k = 1,
    // 2, 3 at 800 cells; on [−5, 5] the gap error is 6.6e-3 … 1.0e-4 for 100 … 800 cells
    // (fitted order 2.00).
    const hc = 2;
    const spectra = [0.1, 1, 10].map((T) => {
      const sd = Math.sqrt(T / hc);
      using fp = FokkerPlanck1D.fromDrift({ drift: (x) => -hc * x, diffusion: T, domain: [-10 * sd, 10 * sd], cells: 800 });
      expect(Math.abs(fp.spectralGap() / hc - 1)).toBeLessThan(2e-4);
      return fp.spectrum(4);
    });
    for (const ev of spectra) {
      expect(ev[0]).toBe(0);
      for (let k = 1; k < 4; k++) {
        expect(Math.abs((ev[k] as number) / (k * hc) - 1)).toBeLessThan(1e-3);
        expect(Math.abs((ev[k] as number) / ((spectra[0] as Float64Array)[k] as number) - 1)).toBeLessThan(1e-12);
      }
    }
    const cells = [100, 200, 400, 800];
    const errors = cells.map((n) => {
      using fp = FokkerPlanck1D.fromDrift({ drift: (x) => -hc * x, diffusion: 0.5, domain: [-5, 5], cells: n });
      return Math.abs(fp.spectralGap() / hc - 1);
    });
    expect(order(cells, errors)).toBeGreaterThan(1.9);
  });
});

describe('double well: spectral gap, first-passage times and committors', () => {
  it('the spectral gap at low T is 2/τ (two-state reduction), τ from the quadrature mfpt1d', () => {
    // Deviation |λ₁τ/2 − 1| (2000 cells): measured 1.3e-2, 2.8e-3, 1.3e-4 at T = 0.2, 0.15, 0.1
    // — it vanishes as T → 0 (the two-state picture neglects relaxation inside the wells,
    // rates ~U″ = 8, against k ~ e^{−1/T}).
    const U = landscapes.doubleWell();
    const deviations = [0.2, 0.15, 0.1].map((T) => {
      using fp = FokkerPlanck1D.fromLandscape({ landscape: U, temperature: T, domain: [-2.5, 2.5], cells: 2000 });
      const tau = mfpt1d(doubleWell, T, -1, 1).time;
      return Math.abs((fp.spectralGap() * tau) / 2 - 1);
    });
    U.dispose();
    expect(deviations[1]).toBeLessThan(deviations[0] as number);
    expect(deviations[2]).toBeLessThan(deviations[1] as number);
    expect(deviations[2]).toBeLessThan(5e-4);
  });

  it.each([0.5, 0.25, 0.1])('T = %s: meanFirstPassageTime(−1 → 1) equals mfpt1d, second order in the grid', (T) => {
    // Domain [−2.5, 1], reflecting on the left (e^{−U/T} is negligible there), target = the
    // right face at x = 1. Measured relative errors at 1600 cells: 1.6e-6, 4.8e-6, 1.5e-5
    // (τ = 10.3, 69.3, 2.55e4: no loss of relative accuracy with the barrier); fitted orders
    // 2.00 on 200 … 1600 cells.
    const exact = mfpt1d(doubleWell, T, -1, 1).time;
    const U = landscapes.doubleWell();
    const cells = [200, 400, 800, 1600];
    const errors = cells.map((n) => {
      using fp = FokkerPlanck1D.fromLandscape({ landscape: U, temperature: T, domain: [-2.5, 1], cells: n });
      const tau = fp.meanFirstPassageTime('right');
      expect(tau.every((v, i) => i === 0 || v < (tau[i - 1] as number))).toBe(true);
      return Math.abs(fp.interpolate(tau, -1) / exact - 1);
    });
    U.dispose();
    expect(order(cells, errors)).toBeGreaterThan(1.9);
    expect(errors.at(-1)).toBeLessThan(3e-5);
    // The same with the drift sampled on faces.
    using fp = FokkerPlanck1D.fromDrift({ drift: (x) => -4 * x * (x * x - 1), diffusion: T, domain: [-2.5, 1], cells: 1600 });
    expect(Math.abs(fp.interpolate(fp.meanFirstPassageTime('right'), -1) / exact - 1)).toBeLessThan(1e-4);
  });

  it('an interval target gives the same times to first order in h, and 0 on the target', () => {
    // Target cells = centres in [1, 2.5] on [−2.5, 2.5]: the passage ends at the first
    // centre ≥ 1, so the error is O(h) (here 1 is a face, the nearest centre is h/2 away);
    // measured 2.8e-4 at 2000 cells.
    const T = 0.5;
    const exact = mfpt1d(doubleWell, T, -1, 1).time;
    const U = landscapes.doubleWell();
    using fp = FokkerPlanck1D.fromLandscape({ landscape: U, temperature: T, domain: [-2.5, 2.5], cells: 2000 });
    U.dispose();
    const tau = fp.meanFirstPassageTime([1, 2.5]);
    const xs = fp.grid();
    xs.forEach((x, i) => { if (x >= 1) expect(tau[i]).toBe(0); });
    expect(Math.abs(fp.interpolate(tau, -1) / exact - 1)).toBeLessThan(2e-3);
  });

  it('committor between the walls of [−1, 1]: ∫e^{U/T} closed form, q(0) = ½', () => {
    // L†q = 0 with constant D: q′ ∝ e^{U/T}, q(−1) = 0, q(1) = 1. Measured max error
    // 2.2e-6 at 400 cells.
    const T = 0.3;
    const U = landscapes.doubleWell();
    using fp = FokkerPlanck1D.fromLandscape({ landscape: U, temperature: T, domain: [-1, 1], cells: 400 });
    U.dispose();
    const q = fp.committor('left', 'right');
    const Z = integrate((x) => Math.exp(doubleWell(x) / T), -1, 1, 200);
    const xs = fp.grid();
    let worst = 0;
    xs.forEach((x, i) => { worst = Math.max(worst, Math.abs((q[i] as number) - integrate((y) => Math.exp(doubleWell(y) / T), -1, x, 20) / Z)); });
    expect(worst).toBeLessThan(1e-5);
    expect(Math.abs(fp.interpolate(q, 0) - 0.5)).toBeLessThan(1e-12);
    // Interval sets: A = left well, B = right well; by symmetry q(0) = ½ again.
    const q2 = fp.committor([-1, -0.9], [0.9, 1]);
    expect(Math.abs(fp.interpolate(q2, 0) - 0.5)).toBeLessThan(1e-12);
    expect(q2.every((v) => v >= 0 && v <= 1)).toBe(true);
  });
});

describe('state-dependent (multiplicative) noise, Itô', () => {
  it.each([0.5, 0.25])('D₀ = %s: stationary density ∝ (1+x²)^{−(1+1/(2D₀))}, second order', (D0) => {
    const L = 8, alpha = 1 + 1 / (2 * D0);
    const target = (x: number) => (1 + x * x) ** -alpha;
    const Z = integrate(target, -L, L, 4000);
    const cells = [100, 200, 400, 800];
    const errors = cells.map((n) => {
      using fp = FokkerPlanck1D.fromDrift({ drift: (x) => -x, diffusion: (x) => D0 * (1 + x * x), domain: [-L, L], cells: n });
      const p = fp.stationary(), xs = fp.grid();
      return xs.reduce((e, x, i) => e + fp.cellWidth * Math.abs((p[i] as number) - target(x) / Z), 0);
    });
    // Measured: 1.5e-3 … 2.4e-5 (D₀ = 0.5), 1.9e-3 … 3.0e-5 (D₀ = 0.25).
    expect(order(cells, errors)).toBeGreaterThan(1.9);
    expect(errors.at(-1)).toBeLessThan(5e-5);
  });

  it('the committor solves the Itô backward equation b u′ + D u″ = 0', () => {
    const D0 = 0.5;
    const w = (x: number) => (1 + x * x) ** (1 / (2 * D0));
    const Z = integrate(w, -1, 2, 200);
    const cells = [100, 200, 400, 800];
    const errors = cells.map((n) => {
      using fp = FokkerPlanck1D.fromDrift({ drift: (x) => -x, diffusion: (x) => D0 * (1 + x * x), domain: [-1, 2], cells: n });
      const q = fp.committor('left', 'right');
      return Math.max(...fp.grid().map((x, i) => Math.abs((q[i] as number) - integrate(w, -1, x, 20) / Z)));
    });
    expect(order(cells, errors)).toBeGreaterThan(1.9);
    expect(errors.at(-1)).toBeLessThan(3e-6);
  });
});

describe('mass, absorption and periodic boundaries', () => {
  it.each(['backward-euler', 'crank-nicolson', 'tr-bdf2'] as const)('%s: reflecting boundaries conserve mass to 1e-12 over 10³ steps', (scheme) => {
    const U = landscapes.doubleWell();
    using fp = FokkerPlanck1D.fromLandscape({ landscape: U, temperature: 0.3, domain: [-2.5, 2.5], cells: 500 });
    U.dispose();
    fp.setDensity((x) => Math.exp(-50 * (x + 1) ** 2));
    const m0 = fp.mass();
    fp.evolve(10, { dt: 0.01, scheme });
    expect(Math.abs(fp.mass() - m0)).toBeLessThan(1e-12);
    expect(Math.abs(fp.time - 10)).toBeLessThan(1e-12);
  });

  it('absorbing boundary: the mass decays at escapeRate() at long times, towards the quasi-stationary density', () => {
    // The escape rate is the principal eigenvalue λ₀; after the other modes have died out
    // (λ₁ − λ₀ ≈ 8 here), M(t) ∝ e^{−λ₀t}. TR-BDF2's amplification error for λ₀dt ≈ 3e-4 is
    // ~1e-12; measured agreement 3.6e-9.
    const U = landscapes.doubleWell();
    using fp = FokkerPlanck1D.fromLandscape({ landscape: U, temperature: 0.25, domain: [-2.5, 0], cells: 400, boundary: { left: 'reflecting', right: 'absorbing' } });
    U.dispose();
    const { rate, density } = fp.escapeRate();
    expect(rate).toBeGreaterThan(0);
    expect(fp.spectralGap()).toBe(rate);
    fp.setDensity((x) => Math.exp(-50 * (x + 1) ** 2));
    fp.evolve(20, { dt: 0.01 });
    const m1 = fp.mass();
    fp.evolve(20, { dt: 0.01 });
    const m2 = fp.mass();
    expect(m2).toBeLessThan(m1);
    expect(Math.abs(-Math.log(m2 / m1) / 20 / rate - 1)).toBeLessThan(1e-6);
    const p = fp.density();
    expect(Math.max(...p.map((v, i) => Math.abs(v / m2 - (density[i] as number))))).toBeLessThan(1e-10);
    expect(fp.current()[400]).toBeGreaterThan(0); // outflow through the right face
    expect(() => fp.stationary()).toThrow(/absorbing/);
  });

  it('periodic: constant current in the tilted stationary state, exact free-diffusion spectrum, mass conserved', () => {
    // b = 0.3 + 0.8π sin 2πx on the unit circle: the stationary current is the same on every face.
    using fp = FokkerPlanck1D.fromDrift({ drift: (x) => 0.3 + 0.8 * Math.PI * Math.sin(2 * Math.PI * x), diffusion: 0.2, domain: [0, 1], cells: 200, boundary: 'periodic' });
    const p = fp.stationary();
    fp.setDensity(p);
    const J = fp.current();
    expect(J[0]).toBeGreaterThan(0);
    // Flat to rounding of the one-way fluxes (~D·max p/h ≈ 50 here, against J ≈ 0.06).
    expect(Math.max(...J) - Math.min(...J)).toBeLessThan(1e-13 * ((0.2 * Math.max(...p)) / fp.cellWidth));
    expect(fp.entropyProduction()).toBeGreaterThan(0);
    expect(() => fp.spectrum(2)).toThrow(/detailed balance/);
    fp.setDensity((x) => 1 + Math.cos(2 * Math.PI * x)).evolve(10, { dt: 0.01, scheme: 'crank-nicolson' });
    expect(Math.abs(fp.mass() - 1)).toBeLessThan(1e-12);
    // Free diffusion on a circle of n cells: the discrete Laplacian's eigenvalues
    // (4D/h²) sin²(πk/n), each k ≠ 0 twice.
    using free = FokkerPlanck1D.fromDrift({ drift: () => 0, diffusion: 0.2, domain: [0, 1], cells: 64, boundary: 'periodic' });
    const ev = free.spectrum(5);
    const want = [0, 1, 1, 2, 2].map((k) => (4 * 0.2 * 64 * 64) * Math.sin((Math.PI * k) / 64) ** 2);
    ev.forEach((v, k) => expect(Math.abs(v - (want[k] as number))).toBeLessThan(1e-12 * (want[4] as number)));
    // MFPT to an interval on the circle: symmetric about the target.
    const tau = free.meanFirstPassageTime([0.45, 0.55]);
    expect(Math.abs(free.interpolate(tau, 0.25) - free.interpolate(tau, 0.75))).toBeLessThan(1e-12 * free.interpolate(tau, 0.25));
  });
});

describe('the WASM solver and its TS twin', () => {
  it.each(['reflecting', 'absorbing', 'periodic'] as const)('%s: the same densities after 300 steps of each scheme (to 1e-13)', (boundary) => {
    const n = 300, a = -2, b = 2, h = (b - a) / n;
    const drift = (x: number) => 0.5 - x ** 3;
    const diffusion = (x: number) => 0.3 * (1 + 0.2 * x * x);
    using fp = FokkerPlanck1D.fromDrift({ drift, diffusion, domain: [a, b], cells: n, boundary });
    const twin = new BaselineFokkerPlanck1D({
      a, b, cells: n, left: boundary, right: boundary,
      drift: Float64Array.from({ length: n + 1 }, (_, f) => drift(a + f * h)),
      diffusionFaces: Float64Array.from({ length: n + 1 }, (_, f) => diffusion(a + f * h)),
      diffusionCentres: Float64Array.from({ length: n }, (_, i) => diffusion(a + (i + 0.5) * h)),
    });
    fp.setDensity((x) => Math.exp(-10 * (x - 0.3) ** 2));
    twin.density.set(fp.density());
    for (const scheme of ['crank-nicolson', 'tr-bdf2', 'backward-euler'] as const) {
      fp.evolve(1, { dt: 0.01, scheme });
      twin.step(100, 0.01, scheme);
    }
    const p = fp.density();
    const top = Math.max(...p);
    expect(Math.max(...p.map((v, i) => Math.abs(v - (twin.density[i] as number))))).toBeLessThan(1e-13 * top);
  });

  it('evolve and snapshots do not depend on how the time is split', () => {
    const U = landscapes.doubleWell();
    const make = () => FokkerPlanck1D.fromLandscape({ landscape: U, temperature: 0.3, domain: [-2.5, 2.5], cells: 300 }).setDensity((x) => Math.exp(-20 * (x + 1) ** 2));
    using one = make().evolve(2, { dt: 0.01 });
    using two = make();
    const snaps = two.snapshots([0.5, 1, 2], { dt: 0.01 });
    U.dispose();
    expect(Array.from(snaps[2] as Float64Array)).toEqual(Array.from(one.density()));
  });
});

describe('bad input', () => {
  const expectError = (f: () => unknown, pattern: RegExp) => {
    let caught: unknown;
    try { f(); } catch (e) { caught = e; }
    expect(caught).toBeInstanceOf(SgdynError);
    expect((caught as SgdynError).code).toBe('INVALID_ARGUMENT');
    expect((caught as SgdynError).message).toMatch(pattern);
  };

  it('rejects bad grids, boundaries, drift and diffusion with messages naming parameter, value and what is allowed', () => {
    const ok = { drift: (x: number) => -x, diffusion: 1, domain: [-1, 1] as const, cells: 10 };
    expectError(() => FokkerPlanck1D.fromDrift({ ...ok, cells: 2 }), /cells = 2 is not allowed: it must be an integer >= 3/);
    expectError(() => FokkerPlanck1D.fromDrift({ ...ok, domain: [1, -1] }), /domain = \[1, -1\] is not allowed: it must be \[a, b\] with finite numbers a < b/);
    expectError(() => FokkerPlanck1D.fromDrift({ ...ok, boundary: { left: 'periodic', right: 'reflecting' } }), /periodic' must be set on both sides/);
    expectError(() => FokkerPlanck1D.fromDrift({ ...ok, boundary: 'sticky' as never }), /boundary = "sticky" is not allowed: it must be one of 'reflecting', 'absorbing', 'periodic'/);
    expectError(() => FokkerPlanck1D.fromDrift({ ...ok, drift: (x) => (x > 0.5 ? NaN : -x) }), /drift\(0\.6\d*\) = NaN is not allowed: it must be a finite number/);
    expectError(() => FokkerPlanck1D.fromDrift({ ...ok, diffusion: -0.1 }), /diffusion = -0.1 is not allowed: it must be a finite number >= 0/);
    expectError(() => FokkerPlanck1D.fromDrift({ ...ok, diffusion: (x) => x }), /diffusion\(-1\) = -1 is not allowed: it must be a finite number >= 0/);
    const U2 = landscapes.doubleWell({ dim: 2 });
    expectError(() => FokkerPlanck1D.fromLandscape({ landscape: U2, temperature: 1, domain: [-1, 1], cells: 10 }), /landscape.dim = 2 is not allowed/);
    U2.dispose();
    const U = landscapes.doubleWell();
    expectError(() => FokkerPlanck1D.fromLandscape({ landscape: U, temperature: 0, domain: [-1, 1], cells: 10 }), /temperature = 0 is not allowed/);
    U.dispose();
  });

  it('the crate re-checks everything when ts/ is bypassed (errors, never traps)', () => {
    const c = core();
    const n = 10;
    const spec = (o: Partial<Parameters<typeof c.fp1dCreate>[0]>) => ({
      cells: n, a: -1, b: 1, left: 0, right: 0,
      drift: new Float64Array(n + 1), diffusionFaces: new Float64Array(n + 1).fill(1), diffusionCentres: new Float64Array(n).fill(1), ...o,
    });
    expectError(() => c.fp1dCreate(spec({ cells: 2, drift: new Float64Array(3), diffusionFaces: new Float64Array(3), diffusionCentres: new Float64Array(2) }), 'raw'), /cells = 2 is not allowed/);
    expectError(() => c.fp1dCreate(spec({ a: 1, b: -1 }), 'raw'), /domain = \[1, -1\] is not allowed/);
    expectError(() => c.fp1dCreate(spec({ left: 2 }), 'raw'), /periodic must be set on both sides/);
    expectError(() => c.fp1dCreate(spec({ right: 7 }), 'raw'), /boundary.right = 7 is not allowed/);
    expectError(() => c.fp1dCreate(spec({ drift: new Float64Array(n + 1).fill(NaN) }), 'raw'), /drift = NaN at x = -1 \(face 0\) is not allowed/);
    expectError(() => c.fp1dCreate(spec({ diffusionCentres: new Float64Array(n).fill(-1) }), 'raw'), /diffusion = -1 at x = -0.9 \(diffusionCentres\[0\]\) is not allowed/);
    const h = c.fp1dCreate(spec({}), 'raw');
    try {
      expectError(() => c.fp1dEvolve(h, 1, -1, 0, 'raw'), /dt = -1 is not allowed/);
      expectError(() => c.fp1dEvolve(h, 1.5, 0.1, 0, 'raw'), /steps = 1.5 is not allowed/);
      expectError(() => c.fp1dEvolve(h, 1, 0.1, 9, 'raw'), /scheme = 9 is not allowed/);
      expectError(() => c.fp1dSetDensity(h, new Float64Array(3), 'raw'), /density.length = 3 is not allowed/);
      expectError(() => c.fp1dSpectrum(h, 0, 'raw'), /k = 0 is not allowed/);
      expectError(() => c.fp1dBackward(h, 1, new Float64Array(n).fill(NaN), NaN, NaN, 'raw'), /cannot reach the target/);
      expectError(() => c.fp1dBackward(h, 1, new Float64Array(n).fill(Infinity), NaN, NaN, 'raw'), /fixed\[0\] = inf is not allowed/);
    } finally {
      c.release(h, 'raw');
    }
    let caught: unknown;
    try { c.fp1dDensity(h, n, 'raw'); } catch (e) { caught = e; }
    expect((caught as SgdynError).code).toBe('INVALID_HANDLE');
  });

  it('a failed call leaves the solver usable and unchanged', () => {
    const U = landscapes.doubleWell();
    using fp = FokkerPlanck1D.fromLandscape({ landscape: U, temperature: 0.3, domain: [-2, 2], cells: 100, boundary: { left: 'absorbing', right: 'reflecting' } });
    U.dispose();
    fp.setDensity((x) => Math.exp(-10 * x * x)).evolve(0.5, { dt: 0.01 });
    const before = fp.density();
    expectError(() => fp.stationary(), /absorbing/);
    expectError(() => fp.spectrum(0), /k = 0 is not allowed/);
    expectError(() => fp.spectrum(101), /k = 101 is not allowed/);
    expectError(() => fp.evolve(1, { dt: 0 }), /dt = 0 is not allowed/);
    expectError(() => fp.evolve(1, { dt: 0.1, scheme: 'rk4' as never }), /scheme = "rk4" is not allowed/);
    expectError(() => fp.setDensity([1, 2, 3]), /p.length = 3 is not allowed: it must be cells = 100/);
    expectError(() => fp.setDensity((x) => (x > 0 ? -1 : 1)), /p\(0\.02\d*\) = -1 is not allowed/);
    expectError(() => fp.setDensity(() => 0), /mass/);
    expectError(() => fp.committor([-1, 0], [-0.5, 1]), /must not overlap/);
    expectError(() => fp.committor('left', 'left'), /must not overlap/);
    expectError(() => fp.meanFirstPassageTime([0.001, 0.002]), /contains no cell centre/);
    expectError(() => fp.meanFirstPassageTime([1, 0] as never), /lo <= hi/);
    expectError(() => fp.snapshots([0.1, 0.05], { dt: 0.01 }), /times\[0\] = 0.1 is not allowed|non-decreasing/);
    expectError(() => fp.interpolate(before, 3), /x = 3 is not allowed/);
    expect(Array.from(fp.density())).toEqual(Array.from(before));
    fp.evolve(0.5, { dt: 0.01 });
    expect(fp.mass()).toBeLessThan(1);
    expect(fp.escapeRate().rate).toBeGreaterThan(0);
    using periodic = FokkerPlanck1D.fromDrift({ drift: () => 0, diffusion: 1, domain: [0, 1], cells: 10, boundary: 'periodic' });
    expectError(() => periodic.meanFirstPassageTime('left'), /periodic grid has no sides/);
    expectError(() => periodic.escapeRate(), /needs an absorbing boundary/);
    fp.dispose();
    let caught: unknown;
    try { fp.density(); } catch (e) { caught = e; }
    expect((caught as SgdynError).code).toBe('DISPOSED');
  });
});

describe('memory', () => {
  it('10³ create/use/dispose cycles (with failing calls) keep memory and live objects flat', () => {
    const U = landscapes.doubleWell();
    const cycle = (i: number) => {
      const fp = i % 2
        ? FokkerPlanck1D.fromLandscape({ landscape: U, temperature: 0.3, domain: [-2, 2], cells: 200 + (i % 7), boundary: { left: 'reflecting', right: 'absorbing' } })
        : FokkerPlanck1D.fromDrift({ drift: (x) => -x, diffusion: (x) => 0.5 * (1 + x * x), domain: [-3, 3], cells: 150, boundary: i % 4 ? 'reflecting' : 'periodic' });
      fp.setDensity((x) => Math.exp(-x * x)).evolve(0.05, { dt: 0.01 });
      try { fp.spectrum(2); } catch (e) { if (!(e instanceof SgdynError)) throw e; } // periodic here has a net circulation
      fp.meanFirstPassageTime([0.5, 1]);
      fp.current();
      try { fp.stationary(); } catch (e) { if (!(e instanceof SgdynError)) throw e; }
      try { fp.committor([0, 1], [0.5, 2]); } catch (e) { if (!(e instanceof SgdynError)) throw e; }
      try { FokkerPlanck1D.fromDrift({ drift: () => NaN, diffusion: 1, domain: [0, 1], cells: 10 }); } catch (e) { if (!(e instanceof SgdynError)) throw e; }
      fp.dispose();
    };
    for (let i = 0; i < 100; i++) cycle(i); // warm-up: let the allocator reach its working size
    const before = runtimeInfo();
    for (let i = 0; i < 1000; i++) cycle(i);
    const after = runtimeInfo();
    U.dispose();
    expect(after.memoryBytes).toBe(before.memoryBytes);
    expect(after.liveObjects).toBe(before.liveObjects);
  });
});
