// The 2-D Fokker–Planck solver against oracles derived here (none taken from the seeds):
//
// - Gibbs: with reflecting boundaries, b = −∇U and D = T·I, the zero-flux solution of
//   ∂ₜp = −∇·(bp) + TΔp is p ∝ e^{−U/T}. The SG flux with the discrete gradient of U between
//   centres is in exact detailed balance with e^{−U(centre)/T} on every face; against the
//   continuous cell averages the L¹ error is O(h²) (cell average − centre value = h²Δp/24).
// - Separable problems (b₁ depends on x only, b₂ on y only): the generator is A₁⊗I + I⊗A₂
//   and the two split operators commute, so Lie-split backward Euler is exactly
//   BE₁(dt)^k ⊗ BE₂(dt)^k and Strang-split TR-BDF2 is TRBDF2₁(dt/2)^{2k} ⊗ TRBDF2₂(dt)^k:
//   products of two independent `FokkerPlanck1D` runs on the same grids.
// - OU `dX = −HX dt + √(2D) dW` with H non-normal and D (diagonal, or full) not commuting with H:
//   the stationary law is N(0, C) with HC + CHᵀ = 2D (linalg.lyapunov), and the stationary
//   current J = b p − D∇p = (−H + D C⁻¹) x p ≠ 0 (non-equilibrium steady state).
// Orders are least-squares slopes of log error vs log cells on 3 grids.
import { beforeAll, describe, expect, it } from 'vitest';
import { FokkerPlanck1D, FokkerPlanck2D, SgdynError, landscapes, linalg, runtimeInfo } from '../ts/index.js';
import { gaussLegendre8 } from '../ts/analysis/gaussLegendre.js';
import { loadSgdyn } from './support/wasm.js';
import { logLogSlope } from '../ts/analysis/convergence.js';

beforeAll(loadSgdyn);

/** The observed order: minus the least-squares slope of log(error) against log(cells). */
const order = (cells: number[], errors: number[]): number => -logLogSlope(cells, errors);

/** ∫∫ f over [x0,x1]×[y0,y1] by the tensor 8-point Gauss–Legendre rule. */
function cellIntegral(f: (x: number, y: number) => number, x0: number, x1: number, y0: number, y1: number): number {
  return gaussLegendre8((y) => gaussLegendre8((x) => f(x, y), x0, x1), y0, y1);
}

/** Relative L¹ distance of the discrete density from the exact cell averages of ∝ w(x, y). */
function gibbsError(fp: FokkerPlanck2D, p: Float64Array, w: (x: number, y: number) => number): number {
  const [nx, ny] = fp.cells;
  const [[ax], [ay]] = fp.domain;
  const [hx, hy] = fp.cellWidth;
  const exact = new Float64Array(nx * ny);
  let z = 0;
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const v = cellIntegral(w, ax + i * hx, ax + (i + 1) * hx, ay + j * hy, ay + (j + 1) * hy);
      exact[j * nx + i] = v;
      z += v;
    }
  }
  let err = 0;
  for (let k = 0; k < nx * ny; k++) err += Math.abs((p[k] as number) * hx * hy - (exact[k] as number) / z);
  return err;
}

describe('FokkerPlanck2D: Gibbs stationary densities', () => {
  const T = 0.5;
  const cases = [
    { name: '(x²−1)² + y²', expr: '(x^2-1)^2 + y^2', u: (x: number, y: number) => (x * x - 1) ** 2 + y * y, domain: [[-2.5, 2.5], [-2.5, 2.5]] as const },
    // Non-separable quadratic ½xᵀAx, A = [[2, 0.8], [0.8, 1]].
    { name: 'non-separable quadratic', expr: 'x^2 + 0.8*x*y + 0.5*y^2', u: (x: number, y: number) => x * x + 0.8 * x * y + 0.5 * y * y, domain: [[-4, 4], [-5, 5]] as const },
  ];
  for (const c of cases) {
    it(`${c.name}: e^{−U/T} is stationary, with O(h²) L¹ error against cell averages`, () => {
      const U = landscapes.fromExpression(c.expr, { variables: ['x', 'y'] });
      const grids = [20, 40, 80, 160];
      const errors: number[] = [];
      for (const n of grids) {
        using fp = FokkerPlanck2D.fromLandscape({ landscape: U, temperature: T, domain: c.domain, cells: [n, n + 4] });
        const p = fp.stationary();
        expect(fp.stationaryIterations).toBe(0); // the detailed-balance start is exact for gradients
        errors.push(gibbsError(fp, p, (x, y) => Math.exp(-c.u(x, y) / T)));
        // Zero current at equilibrium, relative to the one-way fluxes ~ T·max p / h.
        fp.setDensity(p, { normalize: false });
        const j = fp.current();
        const scale = T * Math.max(...p) / fp.cellWidth[0];
        const worst = Math.max(...j.x.map(Math.abs), ...j.y.map(Math.abs));
        expect(worst).toBeLessThan(1e-13 * scale);
      }
      U.dispose();
      const q = order(grids, errors);
      // Measured L¹ errors at n = 20, 40, 80, 160: 3.9e-2, 9.2e-3, 2.3e-3, 5.8e-4 (double
      // well, order 2.02); 3.3e-2, 8.8e-3, 2.3e-3, 5.8e-4 (quadratic, order 1.94; successive
      // ratios 3.72, 3.84, 3.92 → 4).
      expect(q).toBeGreaterThan(1.9);
      expect(q).toBeLessThan(2.1);
      expect(errors[3]).toBeLessThan(1e-3);
    });
  }
});

describe('FokkerPlanck2D: time stepping', () => {
  it('conserves mass to 1e-12 over 2000 steps (both schemes) and relaxes to the Gibbs density', () => {
    const U = landscapes.fromExpression('(x^2-1)^2 + 0.5*x*y + y^2', { variables: ['x', 'y'] });
    for (const scheme of ['backward-euler', 'tr-bdf2'] as const) {
      using fp = FokkerPlanck2D.fromLandscape({ landscape: U, temperature: 0.5, domain: [[-2, 2], [-2, 2]], cells: [48, 40] });
      const pi = fp.stationary();
      fp.setDensity((x, y) => Math.exp(-30 * ((x + 1) ** 2 + (y - 0.5) ** 2)));
      for (let k = 0; k < 20; k++) {
        fp.evolve(5, { dt: 0.05, scheme });
        expect(Math.abs(fp.mass() - 1)).toBeLessThan(1e-12);
      }
      expect(fp.time).toBeCloseTo(100, 10);
      const p = fp.density();
      const [hx, hy] = fp.cellWidth;
      let l1 = 0;
      for (let k = 0; k < p.length; k++) l1 += Math.abs((p[k] as number) - (pi[k] as number)) * hx * hy;
      expect(l1).toBeLessThan(1e-8);
      if (scheme === 'backward-euler') expect(Math.min(...p)).toBeGreaterThanOrEqual(0);
    }
    U.dispose();
  });

  it('a separable transient equals the product of two FokkerPlanck1D solutions (same grids, same scheme)', () => {
    const T = 0.4;
    const bx = (x: number) => -4 * x * (x * x - 1), by = (y: number) => -2 * y + 0.5;
    const p0x = (x: number) => Math.exp(-20 * (x + 1) ** 2), p0y = (y: number) => Math.exp(-10 * (y - 0.7) ** 2);
    const [nx, ny] = [60, 50];
    for (const scheme of ['backward-euler', 'tr-bdf2'] as const) {
      using fp = FokkerPlanck2D.fromDrift({ drift: (x, y) => [bx(x), by(y)], diffusion: T, domain: [[-2, 2], [-1.5, 2.5]], cells: [nx, ny] });
      using fx = FokkerPlanck1D.fromDrift({ drift: bx, diffusion: T, domain: [-2, 2], cells: nx });
      using fy = FokkerPlanck1D.fromDrift({ drift: by, diffusion: T, domain: [-1.5, 2.5], cells: ny });
      fp.setDensity((x, y) => p0x(x) * p0y(y));
      fx.setDensity(p0x);
      fy.setDensity(p0y);
      const dt = 0.02, t = 0.6;
      fp.evolve(t, { dt, scheme });
      fx.evolve(t, { dt: scheme === 'tr-bdf2' ? dt / 2 : dt, scheme });
      fy.evolve(t, { dt, scheme });
      const p = fp.density(), px = fx.density(), py = fy.density();
      let worst = 0, top = 0;
      for (let j = 0; j < ny; j++) {
        for (let i = 0; i < nx; i++) {
          const ref = (px[i] as number) * (py[j] as number);
          worst = Math.max(worst, Math.abs((p[j * nx + i] as number) - ref));
          top = Math.max(top, ref);
        }
      }
      // Same arithmetic up to the order of summation: agreement to rounding.
      expect(worst).toBeLessThan(1e-12 * top);
    }
  });

  it('absorbing sides lose mass monotonically and keep p ≥ 0 (backward Euler)', () => {
    using fp = FokkerPlanck2D.fromDrift({ drift: () => [0.5, 0], diffusion: [0.2, 0.1], domain: [[0, 1], [0, 1]], cells: 30, boundary: { xRight: 'absorbing' } });
    let last = fp.mass();
    for (let k = 0; k < 10; k++) {
      fp.evolve(0.2, { dt: 0.05, scheme: 'backward-euler' });
      const m = fp.mass();
      expect(m).toBeLessThan(last);
      last = m;
    }
    expect(Math.min(...fp.density())).toBeGreaterThanOrEqual(0);
    expect(() => fp.stationary()).toThrow(SgdynError);
  });
});

describe('FokkerPlanck2D: anisotropic OU (non-equilibrium steady state)', () => {
  const H = [[1, 0.8], [-0.6, 1.5]];
  const cases = [
    { name: 'diagonal D = diag(0.5, 0.2)', D: [[0.5, 0], [0, 0.2]], diffusion: [0.5, 0.2] as const },
    { name: 'full D = [[0.5, 0.15], [0.15, 0.2]] (9-point mixed term)', D: [[0.5, 0.15], [0.15, 0.2]], diffusion: [[0.5, 0.15], [0.15, 0.2]] as const },
  ];
  for (const c of cases) {
    it(`${c.name}: covariance solves HC + CHᵀ = 2D and the current is (−H + DC⁻¹)x p`, () => {
      const D = c.D as number[][];
      const C = linalg.lyapunov(H, D);
      const [c11, c12, c22] = [C[0] as number, C[1] as number, C[3] as number];
      const det = c11 * c22 - c12 * c12;
      const Ci = [[c22 / det, -c12 / det], [-c12 / det, c11 / det]];
      const gauss = (x: number, y: number) => Math.exp(-0.5 * (Ci[0]![0]! * x * x + 2 * Ci[0]![1]! * x * y + Ci[1]![1]! * y * y)) / (2 * Math.PI * Math.sqrt(det));
      // K = −H + D C⁻¹, J = K x p.
      const K = [0, 1].map((r) => [0, 1].map((q) => -H[r]![q]! + D[r]![0]! * Ci[0]![q]! + D[r]![1]! * Ci[1]![q]!));
      const grids = [32, 64, 128];
      const covErr: number[] = [], curErr: number[] = [];
      for (const n of grids) {
        using fp = FokkerPlanck2D.fromDrift({
          drift: (x, y) => [-(H[0]![0]! * x + H[0]![1]! * y), -(H[1]![0]! * x + H[1]![1]! * y)],
          diffusion: c.diffusion, domain: [[-4, 4], [-4, 4]], cells: n,
        });
        const p = fp.stationary();
        expect(fp.stationaryIterations).toBeGreaterThan(0);
        const { x, y } = fp.grid();
        const [hx, hy] = fp.cellWidth;
        let s11 = 0, s12 = 0, s22 = 0;
        for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) {
          const w = (p[j * n + i] as number) * hx * hy, xi = x[i] as number, yj = y[j] as number;
          s11 += w * xi * xi; s12 += w * xi * yj; s22 += w * yj * yj;
        }
        covErr.push(Math.max(Math.abs(s11 - c11), Math.abs(s12 - c12), Math.abs(s22 - c22)) / Math.max(c11, c22));
        // Through the public setter (clip the mixed-term scheme's tiny negative tails).
        fp.setDensity(p.map((v) => Math.max(v, 0)), { normalize: false });
        const J = fp.currentAtCentres();
        let num = 0, den = 0;
        for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) {
          const xi = x[i] as number, yj = y[j] as number, g = gauss(xi, yj);
          const jx = (K[0]![0]! * xi + K[0]![1]! * yj) * g, jy = (K[1]![0]! * xi + K[1]![1]! * yj) * g;
          num += Math.hypot((J.x[j * n + i] as number) - jx, (J.y[j * n + i] as number) - jy);
          den += Math.hypot(jx, jy);
        }
        curErr.push(num / den);
      }
      // Measured at n = 32, 64, 128. Diagonal D: covariance 9.2e-3, 2.3e-3, 5.8e-4 (order
      // 1.99); current (relative L¹) 5.6e-2, 1.4e-2, 3.6e-3 (order 1.97). Full D: covariance
      // 6.1e-3, 1.5e-3, 3.7e-4 (order 2.01); current 9.1e-2, 2.4e-2, 6.0e-3 (order 1.96).
      expect(order(grids, covErr)).toBeGreaterThan(1.8);
      expect(order(grids, curErr)).toBeGreaterThan(1.8);
      expect(covErr[2]).toBeLessThan(1e-3);
      expect(curErr[2]).toBeLessThan(8e-3);
    });
  }

  it('full D: mass is conserved by the Douglas steps, which relax to the stationary density', () => {
    using fp = FokkerPlanck2D.fromDrift({
      drift: (x, y) => [-(H[0]![0]! * x + H[0]![1]! * y), -(H[1]![0]! * x + H[1]![1]! * y)],
      diffusion: [[0.5, 0.15], [0.15, 0.2]], domain: [[-4, 4], [-4, 4]], cells: [40, 36],
    });
    const pi = fp.stationary();
    for (const scheme of ['backward-euler', 'tr-bdf2'] as const) {
      fp.setDensity((x, y) => Math.exp(-10 * ((x - 1) ** 2 + y * y)));
      for (let k = 0; k < 10; k++) {
        fp.evolve(3, { dt: 0.05, scheme });
        expect(Math.abs(fp.mass() - 1)).toBeLessThan(1e-12);
      }
      const p = fp.density();
      let l1 = 0;
      for (let k = 0; k < p.length; k++) l1 += Math.abs((p[k] as number) - (pi[k] as number)) * fp.cellWidth[0] * fp.cellWidth[1];
      expect(l1).toBeLessThan(1e-8);
    }
    expect(fp.meanFirstPassageTime([[0, 1], [0, 1]]).every((t) => t >= 0)).toBe(true); // D₁₂ ≠ 0 is supported (test/fokkerPlanck2dGenerator)
  });
});

describe('FokkerPlanck2D: mean first-passage times', () => {
  it('separable drift, target a vertical strip: τ(x, y) is the 1-D MFPT of FokkerPlanck1D for every y', () => {
    // τ(i, j) = τ₁(i) solves the 2-D backward equation: the y-terms vanish on functions of x.
    const T = 0.3;
    const bx = (x: number) => -4 * x * (x * x - 1), by = (y: number) => -2 * y;
    const [nx, ny] = [80, 40];
    using fp = FokkerPlanck2D.fromDrift({ drift: (x, y) => [bx(x), by(y)], diffusion: T, domain: [[-2, 2], [-2, 2]], cells: [nx, ny] });
    using f1 = FokkerPlanck1D.fromDrift({ drift: bx, diffusion: T, domain: [-2, 2], cells: nx });
    const tau = fp.meanFirstPassageTime([[0.9, 1.1], [-2, 2]], { tolerance: 1e-14 });
    const tau1 = f1.meanFirstPassageTime([0.9, 1.1]);
    let worst = 0;
    for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) worst = Math.max(worst, Math.abs((tau[j * nx + i] as number) - (tau1[i] as number)) / Math.max(...tau1));
    // Measured 7e-12 with tolerance 1e-14 (4.5e-10 with the default 1e-12: Krylov backward error × conditioning).
    expect(worst).toBeLessThan(1e-10);
    expect(Math.max(...tau1)).toBeGreaterThan(10); // a real barrier crossing
    // A target that is hit nowhere is refused; an absorbing side alone is a valid target.
    expect(() => fp.meanFirstPassageTime([[5, 6], [5, 6]])).toThrow(SgdynError);
    using fa = FokkerPlanck2D.fromDrift({ drift: () => [0, 0], diffusion: 1, domain: [[0, 1], [0, 1]], cells: 40, boundary: { xLeft: 'absorbing', xRight: 'absorbing' } });
    // Pure diffusion between absorbing walls x = 0, 1: τ = x(1 − x)/(2D), O(h²) at the centres.
    const ta = fa.meanFirstPassageTime(() => false);
    const { x } = fa.grid();
    let err = 0;
    for (let j = 0; j < 40; j++) for (let i = 0; i < 40; i++) err = Math.max(err, Math.abs((ta[j * 40 + i] as number) - (x[i] as number) * (1 - (x[i] as number)) / 2));
    // Measured 7.8e-5 = h²/8 (the half-cell distance to the absorbing face).
    expect(err).toBeLessThan(1e-4);
  });
});

describe('FokkerPlanck2D: bad input and lifetime', () => {
  const U = () => landscapes.fromExpression('x^2 + y^2', { variables: ['x', 'y'] });
  it('rejects bad grids, drifts, diffusions and boundaries with SgdynError', () => {
    const u = U();
    const ok = { landscape: u, temperature: 1, domain: [[-1, 1], [-1, 1]] as const, cells: 10 };
    expect(() => FokkerPlanck2D.fromLandscape({ ...ok, cells: 2 })).toThrow(SgdynError);
    expect(() => FokkerPlanck2D.fromLandscape({ ...ok, cells: [10, 2] })).toThrow(SgdynError);
    expect(() => FokkerPlanck2D.fromLandscape({ ...ok, cells: [100000, 100000] })).toThrow(SgdynError);
    expect(() => FokkerPlanck2D.fromLandscape({ ...ok, cells: [10.5, 10] })).toThrow(SgdynError);
    expect(() => FokkerPlanck2D.fromLandscape({ ...ok, temperature: -1 })).toThrow(SgdynError);
    expect(() => FokkerPlanck2D.fromLandscape({ ...ok, domain: [[1, -1], [-1, 1]] })).toThrow(SgdynError);
    expect(() => FokkerPlanck2D.fromLandscape({ ...ok, boundary: { xLeft: 'periodic' } })).toThrow(SgdynError);
    const d1 = landscapes.fromExpression('x^2', { variables: ['x'] });
    expect(() => FokkerPlanck2D.fromLandscape({ ...ok, landscape: d1 })).toThrow(/dim/);
    d1.dispose();
    const base = { domain: [[-1, 1], [-1, 1]] as const, cells: 10 };
    expect(() => FokkerPlanck2D.fromDrift({ ...base, drift: () => [NaN, 0], diffusion: 1 })).toThrow(SgdynError);
    expect(() => FokkerPlanck2D.fromDrift({ ...base, drift: () => [0, 0], diffusion: [1, -1] })).toThrow(SgdynError);
    expect(() => FokkerPlanck2D.fromDrift({ ...base, drift: () => [0, 0], diffusion: [1, 0] })).toThrow(SgdynError);
    expect(() => FokkerPlanck2D.fromDrift({ ...base, drift: () => [0, 0], diffusion: [[1, 2], [2, 1]] })).toThrow(SgdynError); // not PD
    expect(() => FokkerPlanck2D.fromDrift({ ...base, drift: () => [0, 0], diffusion: [[1, 0.5], [0.3, 1]] })).toThrow(SgdynError); // not symmetric
    using fp = FokkerPlanck2D.fromLandscape(ok);
    expect(() => fp.setDensity(new Float64Array(5))).toThrow(SgdynError);
    expect(() => fp.setDensity(() => -1)).toThrow(SgdynError);
    expect(() => fp.evolve(1, { dt: 0 })).toThrow(SgdynError);
    expect(() => fp.evolve(1, { dt: 0.1, scheme: 'crank-nicolson' as never })).toThrow(SgdynError);
    expect(() => fp.stationary({ maxIterations: 0 })).toThrow(SgdynError);
    fp.evolve(0.1, { dt: 0.01 }); // still usable
    expect(Math.abs(fp.mass() - 1)).toBeLessThan(1e-13);
    fp.dispose();
    expect(() => fp.density()).toThrow(SgdynError);
    u.dispose();
  });

  it('100 create/use/dispose cycles (with failing calls) keep memory and live objects flat', () => {
    const u = U();
    const cycle = (i: number) => {
      const fp = i % 2
        ? FokkerPlanck2D.fromLandscape({ landscape: u, temperature: 0.5, domain: [[-2, 2], [-2, 2]], cells: [30 + (i % 5), 20] })
        : FokkerPlanck2D.fromDrift({ drift: (x, y) => [-x + y, -x - y], diffusion: i % 3 ? [0.3, 0.5] : [[0.3, 0.1], [0.1, 0.5]], domain: [[-3, 3], [-3, 3]], cells: 25, boundary: i % 4 ? 'reflecting' : 'absorbing' });
      fp.setDensity((x, y) => Math.exp(-x * x - y * y)).evolve(0.05, { dt: 0.01 });
      fp.current();
      try { fp.meanFirstPassageTime([[0, 1], [0, 1]]); } catch (e) { if (!(e instanceof SgdynError)) throw e; }
      try { fp.stationary(); } catch (e) { if (!(e instanceof SgdynError)) throw e; }
      try { FokkerPlanck2D.fromDrift({ drift: () => [Infinity, 0], diffusion: 1, domain: [[0, 1], [0, 1]], cells: 5 }); } catch (e) { if (!(e instanceof SgdynError)) throw e; }
      fp.dispose();
    };
    for (let i = 0; i < 20; i++) cycle(i);
    const before = runtimeInfo();
    for (let i = 0; i < 100; i++) cycle(i);
    const after = runtimeInfo();
    u.dispose();
    expect(after.memoryBytes).toBe(before.memoryBytes);
    expect(after.liveObjects).toBe(before.liveObjects);
  });
});
