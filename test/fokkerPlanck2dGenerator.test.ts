// The 2-D generator solvers (periodic sides, state-dependent diffusion, entropy production,
// spectrum, committor, escape rate, MFPT with D₁₂ ≠ 0) against oracles derived here:
//
// - Separable problems (b₁(x), b₂(y), D₁₁(x), D₂₂(y), D₁₂ = 0): the generator is
//   A₁⊗I + I⊗A₂, so the stationary density is the product of the two 1-D stationary densities
//   (`FokkerPlanck1D` on the same grids, to rounding), the x-current summed over a column of
//   faces is the 1-D current, the Schnakenberg entropy production is the sum of the 1-D ones,
//   and a committor / MFPT between vertical strips is the 1-D one for every y.
// - Equilibrium with state-dependent diagonal D: J_i = b_i p − ∂_i(D_ii p) = 0 for p ∝ e^{−U}
//   iff b_i = ∂_i D_ii − D_ii ∂_i U, so that drift makes e^{−U} stationary (O(h²) on the grid).
// - OU dX = −HX dt + √(2D) dW: the stationary law N(0, C), HC + CHᵀ = 2D; the current
//   J = K x p, K = −H + D C⁻¹, so the entropy production ∫ Jᵀ D⁻¹ J / p = tr(Kᵀ D⁻¹ K C). The
//   eigenvalues of −L are n₁μ₁ + n₂μ₂ (μ the eigenvalues of H, n ∈ ℕ²; Metafune, Pallara &
//   Priola 2002), so the spectral gap is min Re μ for every T. From a Gaussian start the law
//   stays Gaussian with m(t) = e^{−Ht}m₀, C(t) = C∞ + e^{−Ht}(C₀ − C∞)e^{−Hᵀt}, and KL(p_t ‖ π)
//   is the Gaussian KL divergence.
// - Double well: two-state reduction λ₁ ≈ 2/τ (τ the well-to-well MFPT), corrections → 0 as T → 0.
// - Point symmetry: for U(−x) = U(x), constant D, and sets A = −B, the committor obeys
//   q(x) + q(−x) = 1, so q = ½ on the symmetry centre.
// - An ensemble simulation (Euler–Maruyama with correlated noise, first passage into a half
//   plane) estimates the MFPT with a standard error: an independent second method.
import { beforeAll, describe, expect, it } from 'vitest';
import { FokkerPlanck1D, FokkerPlanck2D, SgdynError, firstPassage, landscapes, linalg, runtimeInfo } from '../ts/index.js';
import { heatmapPlot } from '../ts/plot/index.js';
import { gaussLegendre8 } from '../ts/analysis/gaussLegendre.js';
import { logLogSlope } from '../ts/analysis/convergence.js';
import { loadSgdyn } from './support/wasm.js';

beforeAll(loadSgdyn);

const order = (cells: number[], errors: number[]): number => -logLogSlope(cells, errors);

/** Bilinear interpolation of cell values at (x, y) (inside the hull of the centres). */
function bilinear(fp: FokkerPlanck2D, v: ArrayLike<number>, x: number, y: number): number {
  const [[ax], [ay]] = fp.domain, [hx, hy] = fp.cellWidth, [nx] = fp.cells;
  const s = (x - ax) / hx - 0.5, t = (y - ay) / hy - 0.5;
  const i = Math.floor(s), j = Math.floor(t), a = s - i, b = t - j;
  const V = (ii: number, jj: number) => v[jj * nx + ii] as number;
  return (1 - a) * (1 - b) * V(i, j) + a * (1 - b) * V(i + 1, j) + (1 - a) * b * V(i, j + 1) + a * b * V(i + 1, j + 1);
}

describe('periodic sides', () => {
  it('a periodic landscape on the torus: e^{−U/T} exactly stationary, mass conserved, mixing periodic and reflecting sides', () => {
    const U = landscapes.fromExpression('cos(6.283185307179586*x) + 0.5*sin(6.283185307179586*(x + y))', { variables: ['x', 'y'] });
    const u = (x: number, y: number) => Math.cos(2 * Math.PI * x) + 0.5 * Math.sin(2 * Math.PI * (x + y));
    for (const boundary of ['periodic', { xLeft: 'periodic', xRight: 'periodic' }] as const) {
      using fp = FokkerPlanck2D.fromLandscape({ landscape: U, temperature: 0.4, domain: [[0, 1], [0, 1]], cells: [40, 36], boundary });
      const p = fp.stationary();
      expect(fp.stationaryIterations).toBe(0);
      const { x, y } = fp.grid();
      const w = Float64Array.from({ length: 40 * 36 }, (_, k) => Math.exp(-u(x[k % 40] as number, y[Math.floor(k / 40)] as number) / 0.4));
      const z = w.reduce((a, b) => a + b) * fp.cellWidth[0] * fp.cellWidth[1];
      expect(Math.max(...p.map((v, k) => Math.abs(v / ((w[k] as number) / z) - 1)))).toBeLessThan(1e-11);
      fp.setDensity((xx, yy) => Math.exp(-40 * ((xx - 0.2) ** 2 + (yy - 0.7) ** 2)));
      for (const scheme of ['backward-euler', 'tr-bdf2'] as const) {
        fp.evolve(0.5, { dt: 0.01, scheme });
        expect(Math.abs(fp.mass() - 1)).toBeLessThan(1e-12);
      }
      expect(fp.spectrum(2).reversible).toBe(true);
    }
    U.dispose();
  });

  it('a tilted periodic direction (non-equilibrium): stationary density, current and entropy production are the products / sums of the 1-D ones', () => {
    const bx = (x: number) => 0.6 + 0.8 * Math.PI * Math.sin(2 * Math.PI * x);
    const by = (y: number) => -2 * y;
    const Dx = (x: number) => 0.2 * (1 + 0.5 * Math.cos(2 * Math.PI * x)); // state-dependent, periodic
    const [nx, ny] = [48, 40];
    using fp = FokkerPlanck2D.fromDrift({
      drift: (x, y) => [bx(x), by(y)], diffusion: (x) => [Dx(x), 0.3],
      domain: [[0, 1], [-2, 2]], cells: [nx, ny], boundary: { xLeft: 'periodic', xRight: 'periodic' },
    });
    using f1 = FokkerPlanck1D.fromDrift({ drift: bx, diffusion: Dx, domain: [0, 1], cells: nx, boundary: 'periodic' });
    using f2 = FokkerPlanck1D.fromDrift({ drift: by, diffusion: 0.3, domain: [-2, 2], cells: ny });
    const p = fp.stationary({ tolerance: 1e-14 });
    const p1 = f1.stationary(), p2 = f2.stationary();
    let worst = 0;
    for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) worst = Math.max(worst, Math.abs((p[j * nx + i] as number) - (p1[i] as number) * (p2[j] as number)));
    expect(worst).toBeLessThan(1e-9 * Math.max(...p));
    fp.setDensity(Float64Array.from({ length: nx * ny }, (_, k) => (p1[k % nx] as number) * (p2[Math.floor(k / nx)] as number)), { normalize: false });
    f1.setDensity(p1, { normalize: false });
    f2.setDensity(p2, { normalize: false });
    // x-current through each vertical line of faces (Σ_j J_x h_y) = the 1-D current, constant in x.
    const J = fp.current(), J1 = f1.current();
    for (const f of [0, 7, 30]) {
      let s = 0;
      for (let j = 0; j < ny; j++) s += (J.x[j * (nx + 1) + f] as number) * fp.cellWidth[1];
      expect(Math.abs(s - (J1[f] as number))).toBeLessThan(1e-12);
    }
    expect(J1[0]).toBeGreaterThan(0.01);
    expect(Math.abs(fp.entropyProduction() - (f1.entropyProduction() + f2.entropyProduction()))).toBeLessThan(1e-10 * f1.entropyProduction());
    expect(fp.spectrum(3).reversible).toBe(false);
  });
});

describe('state-dependent diffusion', () => {
  it('equilibrium with a non-separable D(x, y): b = ∇·D − D∇U makes e^{−U} stationary, O(h²) in L¹', () => {
    const U = (x: number, y: number) => (x * x - 1) ** 2 + y * y + 0.5 * x * y;
    const Ux = (x: number, y: number) => 4 * x * (x * x - 1) + 0.5 * y, Uy = (x: number, y: number) => 2 * y + 0.5 * x;
    const D1 = (x: number, y: number) => 0.3 * (1 + 0.5 * Math.sin(x + 2 * y)), D2 = (x: number, y: number) => 0.2 + 0.1 * x * x + 0.05 * y * y;
    const D1x = (x: number, y: number) => 0.15 * Math.cos(x + 2 * y), D2y = (y: number) => 0.1 * y;
    const grids = [24, 48, 96];
    const errors = grids.map((n) => {
      using fp = FokkerPlanck2D.fromDrift({
        drift: (x, y) => [D1x(x, y) - D1(x, y) * Ux(x, y), D2y(y) - D2(x, y) * Uy(x, y)],
        diffusion: (x, y) => [D1(x, y), D2(x, y)], domain: [[-2, 2], [-2, 2]], cells: n,
      });
      const p = fp.stationary();
      const [h1, h2] = fp.cellWidth;
      const exact = (xa: number, ya: number) => gaussLegendre8((yy) => gaussLegendre8((xx) => Math.exp(-U(xx, yy)), xa, xa + h1), ya, ya + h2);
      let z = 0;
      const cells = new Float64Array(n * n);
      for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) { const v = exact(-2 + i * h1, -2 + j * h2); cells[j * n + i] = v; z += v; }
      let err = 0;
      for (let k = 0; k < n * n; k++) err += Math.abs((p[k] as number) * h1 * h2 - (cells[k] as number) / z);
      return err;
    });
    // Measured L¹ errors 1.3e-2, 3.2e-3, 8.0e-4 (order 1.99).
    expect(order(grids, errors)).toBeGreaterThan(1.85);
    expect(errors[2]).toBeLessThan(1.2e-3);
  });

  it('separable Itô multiplicative noise D₁₁ = D₀(1 + x²): the product of the 1-D law (1 + x²)^{−(1 + 1/(2D₀))} and a Gaussian', () => {
    const d0 = 0.4;
    const [nx, ny] = [80, 30];
    using fp = FokkerPlanck2D.fromDrift({ drift: (x, y) => [-x, -y], diffusion: (x) => [d0 * (1 + x * x), 0.5], domain: [[-6, 6], [-3, 3]], cells: [nx, ny] });
    using f1 = FokkerPlanck1D.fromDrift({ drift: (x) => -x, diffusion: (x) => d0 * (1 + x * x), domain: [-6, 6], cells: nx });
    using f2 = FokkerPlanck1D.fromDrift({ drift: (y) => -y, diffusion: 0.5, domain: [-3, 3], cells: ny });
    const p = fp.stationary({ tolerance: 1e-14 }), p1 = f1.stationary(), p2 = f2.stationary();
    let worst = 0;
    for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) worst = Math.max(worst, Math.abs((p[j * nx + i] as number) - (p1[i] as number) * (p2[j] as number)));
    expect(worst).toBeLessThan(1e-9 * Math.max(...p));
    // The marginal in x against the closed form (test/fokkerPlanck1d checks the 1-D order).
    const xs = fp.grid().x, h = fp.cellWidth[0];
    const law = xs.map((x) => (1 + x * x) ** -(1 + 1 / (2 * d0)));
    const z = law.reduce((a, b) => a + b) * h;
    let l1 = 0;
    for (let i = 0; i < nx; i++) { let m = 0; for (let j = 0; j < ny; j++) m += (p[j * nx + i] as number) * fp.cellWidth[1]; l1 += Math.abs(m - (law[i] as number) / z) * h; }
    expect(l1).toBeLessThan(3e-3); // measured 1.4e-3 (second order, 80 cells)
  });
});

describe('entropy production', () => {
  it('anisotropic OU: σ = tr(Kᵀ D⁻¹ K C) > 0 at second order; 0 at equilibrium', () => {
    const H = [[1, 0.8], [-0.6, 1.5]], D = [[0.5, 0], [0, 0.2]];
    const C = linalg.lyapunov(H, D);
    const c = [[C[0] as number, C[1] as number], [C[2] as number, C[3] as number]];
    const det = c[0]![0]! * c[1]![1]! - c[0]![1]! * c[1]![0]!;
    const Ci = [[c[1]![1]! / det, -c[0]![1]! / det], [-c[1]![0]! / det, c[0]![0]! / det]];
    const K = [0, 1].map((r) => [0, 1].map((q) => -H[r]![q]! + D[r]![r]! * Ci[r]![q]!));
    // tr(Kᵀ D⁻¹ K C) = Σ_{r} (1/D_rr) (K C Kᵀ)_{rr}.
    let sigma = 0;
    for (let r = 0; r < 2; r++) for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) sigma += (K[r]![a]! * c[a]![b]! * K[r]![b]!) / D[r]![r]!;
    expect(sigma).toBeGreaterThan(0.1);
    const grids = [32, 64, 128];
    const errors = grids.map((n) => {
      using fp = FokkerPlanck2D.fromDrift({ drift: (x, y) => [-(x + 0.8 * y), 0.6 * x - 1.5 * y], diffusion: [0.5, 0.2], domain: [[-4, 4], [-4, 4]], cells: n });
      fp.setDensity(fp.stationary(), { normalize: false });
      return Math.abs(fp.entropyProduction() / sigma - 1);
    });
    // Measured relative errors 3.6e-2, 9.1e-3, 2.3e-3 (order 1.98; σ = 0.846).
    expect(order(grids, errors)).toBeGreaterThan(1.85);
    expect(errors[2]).toBeLessThan(3e-3);
    const U = landscapes.fromExpression('x^2 + 0.8*x*y + 0.5*y^2', { variables: ['x', 'y'] });
    using eq = FokkerPlanck2D.fromLandscape({ landscape: U, temperature: 0.5, domain: [[-4, 4], [-4, 4]], cells: 40 });
    U.dispose();
    eq.setDensity(eq.stationary(), { normalize: false });
    expect(eq.entropyProduction()).toBeLessThan(1e-20);
    eq.setDensity((x, y) => Math.exp(-4 * ((x - 1) ** 2 + y * y)));
    expect(eq.entropyProduction()).toBeGreaterThan(0.1); // relaxation dissipates
  });
});

describe('transient OU in 2-D', () => {
  it('from a Gaussian start: mean, covariance and KL(p_t ‖ π) follow the closed forms (second order in h)', () => {
    // dX = −HX dt + √(2D) dW, H non-normal, D diagonal not commuting with H. A Gaussian stays
    // Gaussian: m(t) = e^{−Ht}m₀, C(t) = C∞ + e^{−Ht}(C₀ − C∞)e^{−Hᵀt} (HC∞ + C∞Hᵀ = 2D), and
    // KL(N(m, C) ‖ N(0, C∞)) = ½[tr(C∞⁻¹C) + mᵀC∞⁻¹m − 2 + ln(det C∞ / det C)]. On the grid:
    // moments of the cell values, KL = h₁h₂ Σ p ln(p/π) against the grid's own stationary π.
    const H = [[1, 0.8], [-0.6, 1.5]], D = [[0.5, 0], [0, 0.2]];
    const m0 = [1.2, -0.6], v0 = 0.08; // C₀ = v0·I
    const Cinf = linalg.lyapunov(H, D);
    const mat = (a: ArrayLike<number>) => [[a[0] as number, a[1] as number], [a[2] as number, a[3] as number]];
    const mul = (a: number[][], b: number[][]) => [0, 1].map((r) => [0, 1].map((c) => a[r]![0]! * b[0]![c]! + a[r]![1]! * b[1]![c]!));
    const tr = (a: number[][]) => [[a[0]![0]!, a[1]![0]!], [a[0]![1]!, a[1]![1]!]];
    const det = (a: number[][]) => a[0]![0]! * a[1]![1]! - a[0]![1]! * a[1]![0]!;
    const inv = (a: number[][]) => { const d = det(a); return [[a[1]![1]! / d, -a[0]![1]! / d], [-a[1]![0]! / d, a[0]![0]! / d]]; };
    const Ci = mat(Cinf), CiInv = inv(Ci);
    const exact = (t: number) => {
      const E = mat(linalg.expm(H.map((r) => r.map((v) => -v * t))));
      const m = [E[0]![0]! * m0[0]! + E[0]![1]! * m0[1]!, E[1]![0]! * m0[0]! + E[1]![1]! * m0[1]!];
      const dC = [[v0 - Ci[0]![0]!, -Ci[0]![1]!], [-Ci[1]![0]!, v0 - Ci[1]![1]!]];
      const Ct = mul(mul(E, dC), tr(E)).map((r, i) => r.map((v, j) => v + Ci[i]![j]!));
      const P = mul(CiInv, Ct);
      const q = m[0]! * (CiInv[0]![0]! * m[0]! + CiInv[0]![1]! * m[1]!) + m[1]! * (CiInv[1]![0]! * m[0]! + CiInv[1]![1]! * m[1]!);
      return { m, C: Ct, kl: 0.5 * (P[0]![0]! + P[1]![1]! + q - 2 + Math.log(det(Ci) / det(Ct))) };
    };
    const times = [0.25, 0.75, 2];
    const grids = [40, 80];
    const errs = grids.map((n) => {
      using fp = FokkerPlanck2D.fromDrift({ drift: (x, y) => [-(x + 0.8 * y), 0.6 * x - 1.5 * y], diffusion: [0.5, 0.2], domain: [[-4, 4], [-4, 4]], cells: n });
      const pi = fp.stationary();
      const [h1, h2] = fp.cellWidth;
      const { x, y } = fp.grid();
      // Start from N(m₀, v0·I) sampled at the centres (normalised on the grid: O(h²)-accurate moments).
      fp.setDensity((xx, yy) => Math.exp(-((xx - m0[0]!) ** 2 + (yy - m0[1]!) ** 2) / (2 * v0)));
      let worst = 0;
      let previous = 0;
      for (const t of times) {
        fp.evolve(t - previous, { dt: 2e-3, scheme: 'tr-bdf2' });
        previous = t;
        const p = fp.density();
        let s0 = 0, s1 = 0, s2 = 0, s11 = 0, s12 = 0, s22 = 0, kl = 0, skipped = 0;
        for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) {
          const k = j * n + i, w = (p[k] as number) * h1 * h2, xi = x[i] as number, yj = y[j] as number;
          s0 += w; s1 += w * xi; s2 += w * yj; s11 += w * xi * xi; s12 += w * xi * yj; s22 += w * yj * yj;
          // The Krylov π is clamped to 0 where the exact one is below rounding (~1e-12 max π):
          // those far-tail cells are left out of the KL sum, and their mass is checked to be negligible.
          if ((pi[k] as number) > 0 && (p[k] as number) > 0) kl += w * Math.log((p[k] as number) / (pi[k] as number));
          else skipped += w;
        }
        expect(skipped).toBeLessThan(1e-10);
        const e = exact(t);
        const c = [[s11 - s1 * s1, s12 - s1 * s2], [s12 - s1 * s2, s22 - s2 * s2]];
        worst = Math.max(worst, Math.abs(s0 - 1), Math.abs(s1 - e.m[0]!), Math.abs(s2 - e.m[1]!),
          ...[0, 1].flatMap((r) => [0, 1].map((q) => Math.abs(c[r]![q]! - e.C[r]![q]!))), Math.abs(kl - e.kl));
        expect(e.kl).toBeGreaterThan(0.03); // far from equilibrium at every t checked
      }
      return worst;
    });
    // Measured worst errors over t = 0.25, 0.75, 2 (mass, mean, covariance, KL): 1.6e-2, 3.9e-3 (order 2.0).
    expect(order(grids, errs)).toBeGreaterThan(1.8);
        expect(errs[1]).toBeLessThan(6e-3);
  });
});

describe('spectrum', () => {
  const cases = [
    { name: 'reversible OU (fromLandscape, symmetric H; Lanczos)', mu: (3 - Math.sqrt(1 + 4 * 0.36)) / 2, reversible: true,
      make: (T: number, n: number) => {
        const U = landscapes.fromExpression('x^2 + 0.6*x*y + 0.5*y^2', { variables: ['x', 'y'] }); // H = [[2, 0.6], [0.6, 1]]
        const fp = FokkerPlanck2D.fromLandscape({ landscape: U, temperature: T, domain: [[-5, 5], [-5, 5]], cells: n });
        U.dispose();
        return fp;
      } },
    { name: 'non-normal OU H = [[1, 1], [0, 2]] (Arnoldi)', mu: 1, reversible: false,
      make: (T: number, n: number) => FokkerPlanck2D.fromDrift({ drift: (x, y) => [-(x + y), -2 * y], diffusion: T, domain: [[-5, 5], [-5, 5]], cells: n }) },
  ];
  for (const c of cases) {
    it(`${c.name}: spectral gap = λ_min(H) at T = 0.1, 0.3, 1 (second order in h)`, () => {
      for (const T of [0.1, 0.3, 1]) {
        const gaps = [40, 80].map((n) => {
          using fp = c.make(T, n);
          const sp = fp.spectrum(3);
          expect(sp.reversible).toBe(c.reversible);
          expect(sp.re[0]).toBe(0);
          expect(Math.max(...sp.im.map(Math.abs))).toBe(0);
          if (T === 1 && n === 40) expect(fp.spectralGap()).toBeCloseTo(sp.re[1] as number, 9);
          return sp.re[1] as number;
        });
        const e = gaps.map((g) => Math.abs(g / c.mu - 1));
        const q = Math.log2((e[0] as number) / (e[1] as number));
        // Measured: relative errors 0.116/0.030 (T = 0.1), 0.040/0.010, 0.012/0.003 (reversible);
        // 0.096/0.026, 0.034/0.009, 0.010/0.0025 (non-normal); Richardson residual ≤ 2e-3.
        expect(q).toBeGreaterThan(1.85);
        expect(q).toBeLessThan(2.15);
        expect(Math.abs((4 * (gaps[1] as number) - (gaps[0] as number)) / 3 / c.mu - 1)).toBeLessThan(3e-3);
      }
    });
  }

  it('double well: λ₁ ≈ 2/τ (τ = MFPT well → well), the deviation vanishing as T → 0', () => {
    // U(−x) = U(x), so both rates are 1/τ and a two-state chain has λ₁ = 2/τ. Minima at
    // ±(x*, −x*/4), x*² = 1 + 1/32; target: the disc of radius 0.1 around the right one.
    const W = landscapes.fromExpression('(x^2-1)^2 + y^2 + 0.5*x*y', { variables: ['x', 'y'] });
    const xm = Math.sqrt(1 + 1 / 32), ym = -xm / 4;
    const deviations = [0.2, 0.15, 0.1].map((T) => {
      using fp = FokkerPlanck2D.fromLandscape({ landscape: W, temperature: T, domain: [[-2.2, 2.2], [-1.8, 1.8]], cells: [110, 90] });
      const tau = fp.meanFirstPassageTime((x, y) => (x - xm) ** 2 + (y - ym) ** 2 <= 0.01);
      return Math.abs((fp.spectralGap() * bilinear(fp, tau, -xm, -ym)) / 2 - 1);
    });
    W.dispose();
    // Measured 1.2e-2, 2.2e-3, 6.9e-5 (τ = 247, 1.4e3, 4.7e4).
    expect(deviations[1]).toBeLessThan(deviations[0] as number);
    expect(deviations[2]).toBeLessThan(deviations[1] as number);
    expect(deviations[2]).toBeLessThan(5e-4);
  });
});

describe('backward equation', () => {
  it('MFPT with a full D (D₁₂ ≠ 0) agrees with an ensemble first-passage simulation within 3 standard errors', () => {
    // U = ¼(x² − 1)² + y² + 0.3xy, D = [[0.3, 0.1], [0.1, 0.2]], from (−1, 0.15) to the half
    // plane x ≥ 0.3 (the FP domain ends there with an absorbing side). Euler–Maruyama with
    // correlated noise, dt = 1e-3: its discrete-monitoring bias (~0.58σ√dt ≈ 0.014 in position)
    // is far below the standard error (measured τ_FP = 7.98, simulation 8.19 ± 0.20).
    const D = [[0.3, 0.1], [0.1, 0.2]] as const;
    const x0 = [-1, 0.15];
    using fp = FokkerPlanck2D.fromDrift({
      drift: (x, y) => [-(x * (x * x - 1) + 0.3 * y), -(2 * y + 0.3 * x)], diffusion: D,
      domain: [[-3, 0.3], [-2.5, 2.5]], cells: [132, 100], boundary: { xRight: 'absorbing' },
    });
    const tau = bilinear(fp, fp.meanFirstPassageTime(() => false), x0[0] as number, x0[1] as number);
    const V = landscapes.fromExpression('0.25*(x^2-1)^2 + y^2 + 0.3*x*y', { variables: ['x', 'y'] });
    const n = 1500;
    const sim = firstPassage({
      landscape: V, noise: { kind: 'correlated', diffusion: D }, dt: 1e-3, nTrajectories: n, seed: 11,
      x0: Array.from({ length: n }, () => x0).flat(), target: { halfSpace: { normal: [1, 0], offset: 0.3 } }, maxSteps: 200_000,
    });
    V.dispose();
    expect(sim.nCensored).toBe(0);
    expect(Math.abs((sim.meanTime as number) - tau)).toBeLessThan(3 * (sim.standardError as number));
    expect(tau).toBeGreaterThan(1);
  });

  it('committor: between vertical strips it is the 1-D committor for every y; point symmetry gives q(x) + q(−x) = 1 with D₁₂ ≠ 0', () => {
    const T = 0.3;
    const bx = (x: number) => -4 * x * (x * x - 1), by = (y: number) => -2 * y;
    const [nx, ny] = [80, 40];
    using fp = FokkerPlanck2D.fromDrift({ drift: (x, y) => [bx(x), by(y)], diffusion: T, domain: [[-2, 2], [-2, 2]], cells: [nx, ny] });
    using f1 = FokkerPlanck1D.fromDrift({ drift: bx, diffusion: T, domain: [-2, 2], cells: nx });
    const q = fp.committor([[-1.1, -0.9], [-2, 2]], [[0.9, 1.1], [-2, 2]], { tolerance: 1e-14 });
    const q1 = f1.committor([-1.1, -0.9], [0.9, 1.1]);
    let worst = 0;
    for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) worst = Math.max(worst, Math.abs((q[j * nx + i] as number) - (q1[i] as number)));
    expect(worst).toBeLessThan(1e-10); // measured 4.9e-13
    // Non-separable U(−x) = U(x), full D, A and B mirror discs: q + q∘(−id) = 1 on the grid.
    const W = (x: number, y: number) => [-(4 * x * (x * x - 1) + 0.5 * y), -(2 * y + 0.5 * x)] as const;
    const n = 60;
    using fs = FokkerPlanck2D.fromDrift({ drift: W, diffusion: [[0.3, 0.12], [0.12, 0.25]], domain: [[-2, 2], [-2, 2]], cells: n });
    const disc = (cx: number, cy: number) => (x: number, y: number) => (x - cx) ** 2 + (y - cy) ** 2 <= 0.04;
    const qs = fs.committor(disc(-1, 0.25), disc(1, -0.25), { tolerance: 1e-14 });
    let sym = 0;
    for (let k = 0; k < n * n; k++) sym = Math.max(sym, Math.abs((qs[k] as number) + (qs[n * n - 1 - k] as number) - 1));
    expect(sym).toBeLessThan(1e-10); // measured 2.4e-12
    expect(Math.abs(bilinear(fs, qs, 0, 0) - 0.5)).toBeLessThan(1e-10);
    expect(Math.min(...qs)).toBeGreaterThanOrEqual(-1e-12);
    // The MFPT with D₁₂ ≠ 0 and a periodic y: τ(x) does not depend on y (the mixed and y terms vanish on it) and is the 1-D one.
    using fpp = FokkerPlanck2D.fromDrift({ drift: (x, y) => [bx(x), Math.sin(2 * Math.PI * y)], diffusion: [[T, 0.1], [0.1, 0.2]], domain: [[-2, 2], [0, 1]], cells: [nx, 20], boundary: { yLeft: 'periodic', yRight: 'periodic' } });
    const tp = fpp.meanFirstPassageTime([[0.9, 1.1], [0, 1]], { tolerance: 1e-14 });
    const t1 = f1.meanFirstPassageTime([0.9, 1.1]);
    let dev = 0;
    for (let j = 0; j < 20; j++) for (let i = 0; i < nx; i++) dev = Math.max(dev, Math.abs((tp[j * nx + i] as number) - (t1[i] as number)));
    expect(dev).toBeLessThan(1e-10 * Math.max(...t1));
  });

  it('escape rate: the surviving mass decays as e^{−λ₀t} and the density approaches the quasi-stationary one', () => {
    // Left well of a double well, absorbing at x = 0 (the saddle line), reflecting elsewhere.
    const W = landscapes.fromExpression('(x^2-1)^2 + y^2 + 0.5*x*y', { variables: ['x', 'y'] });
    for (const make of [
      () => FokkerPlanck2D.fromLandscape({ landscape: W, temperature: 0.3, domain: [[-2.2, 0], [-1.8, 1.8]], cells: [44, 72], boundary: { xRight: 'absorbing' } }),
      () => FokkerPlanck2D.fromDrift({ drift: (x, y) => [-(4 * x * (x * x - 1) + 0.5 * y), -(2 * y + 0.5 * x)], diffusion: [[0.3, 0.1], [0.1, 0.3]], domain: [[-2.2, 0], [-1.8, 1.8]], cells: [44, 72], boundary: { xRight: 'absorbing' } }),
    ]) {
      using fp = make();
      const { rate, density } = fp.escapeRate();
      expect(rate).toBeGreaterThan(0);
      expect(fp.spectralGap()).toBeCloseTo(rate, 12);
      fp.setDensity((x, y) => Math.exp(-20 * ((x + 1) ** 2 + y * y)));
      fp.evolve(6, { dt: 1e-3, scheme: 'backward-euler' });
      const m1 = fp.mass();
      fp.evolve(3, { dt: 1e-3, scheme: 'backward-euler' });
      const m2 = fp.mass();
      // Backward Euler decays by (1 + λ₀dt)^{−steps} once the faster modes have died out
      // (measured agreement 1.4e-5 and 7.0e-6 for the two cases).
      const discreteRate = Math.log(1 + rate * 1e-3) / 1e-3;
      expect(Math.abs(-Math.log(m2 / m1) / 3 / discreteRate - 1)).toBeLessThan(1e-4);
      const p = fp.density();
      const top = Math.max(...density);
      expect(Math.max(...p.map((v, k) => Math.abs(v / m2 - (density[k] as number))))).toBeLessThan(1e-3 * top);
      expect(() => fp.stationary()).toThrow(/absorbing/);
    }
    W.dispose();
  });
});

describe('plotting and bad input', () => {
  it('heatmapField and currentField feed heatmapPlot directly', () => {
    using fp = FokkerPlanck2D.fromDrift({ drift: (x, y) => [-(x + 0.8 * y), 0.6 * x - 1.5 * y], diffusion: [0.5, 0.2], domain: [[-4, 4], [-4, 4]], cells: 40 });
    fp.setDensity(fp.stationary(), { normalize: false });
    const svg = heatmapPlot(fp.heatmapField(), { quiver: fp.currentField(), title: 'OU', xLabel: 'x', yLabel: 'y' });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(fp.heatmapField().values.length).toBe(1600);
    expect(() => fp.heatmapField(new Float64Array(3))).toThrow(SgdynError);
  });

  it('rejects non-positive-definite D, inconsistent boundaries, small grids, NaN drift and bad sets with SgdynError', () => {
    const base = { domain: [[-1, 1], [-1, 1]] as const, cells: 10 };
    const zero = () => [0, 0] as const;
    expect(() => FokkerPlanck2D.fromDrift({ ...base, drift: zero, diffusion: (x) => [[1, 0.9], [0.9, x > 0.5 ? 0.5 : 1]] })).toThrow(/positive definite/);
    expect(() => FokkerPlanck2D.fromDrift({ ...base, drift: zero, diffusion: (x) => [x, 1] })).toThrow(SgdynError);
    expect(() => FokkerPlanck2D.fromDrift({ ...base, drift: zero, diffusion: () => [NaN, 1] })).toThrow(SgdynError);
    expect(() => FokkerPlanck2D.fromDrift({ ...base, drift: zero, diffusion: 1, boundary: { xLeft: 'periodic' } })).toThrow(/inconsistent/);
    expect(() => FokkerPlanck2D.fromDrift({ ...base, drift: zero, diffusion: 1, boundary: { yLeft: 'periodic', yRight: 'absorbing' } })).toThrow(/inconsistent/);
    expect(() => FokkerPlanck2D.fromDrift({ ...base, drift: zero, diffusion: 1, cells: [2, 10] })).toThrow(SgdynError);
    expect(() => FokkerPlanck2D.fromDrift({ ...base, drift: (x) => [x > 0 ? NaN : 0, 0], diffusion: 1 })).toThrow(/drift/);
    const U = landscapes.fromExpression('x^2 + y^2', { variables: ['x', 'y'] });
    expect(() => FokkerPlanck2D.fromLandscape({ ...base, landscape: U, temperature: [1, -1] })).toThrow(SgdynError);
    U.dispose();
    using fp = FokkerPlanck2D.fromDrift({ ...base, drift: (x, y) => [-x, -y], diffusion: [[0.5, 0.1], [0.1, 0.5]] });
    expect(() => fp.entropyProduction()).toThrow(/D12/);
    expect(() => fp.spectrum(0)).toThrow(SgdynError);
    expect(() => fp.spectrum(65)).toThrow(SgdynError);
    expect(() => fp.escapeRate()).toThrow(/absorbing/);
    expect(() => fp.committor([[-1, 0], [-1, 1]], [[-0.5, 0.5], [-1, 1]])).toThrow(/overlap/);
    expect(() => fp.committor([[-1, 0], [-1, 1]], [[5, 6], [5, 6]])).toThrow(/no cell/);
    expect(() => fp.meanFirstPassageTime([[5, 6], [5, 6]])).toThrow(/no cell/);
    // Still usable after the failures.
    expect(fp.committor([[-1, -0.5], [-1, 1]], [[0.5, 1], [-1, 1]]).length).toBe(100);
    expect(fp.spectrum(2).re[0]).toBe(0);
  });

  it('create/use/dispose cycles with the generator methods keep memory and live objects flat', () => {
    const cycle = (i: number) => {
      using fp = FokkerPlanck2D.fromDrift({
        drift: (x, y) => [-x + 0.5 * y, -x - y], diffusion: i % 2 ? (x) => [0.3 + 0.1 * x * x, 0.4] : [[0.3, 0.1], [0.1, 0.4]],
        domain: [[-3, 3], [-3, 3]], cells: 16, boundary: i % 3 ? { yLeft: 'periodic', yRight: 'periodic' } : { xRight: 'absorbing' },
      });
      try { fp.spectrum(2); } catch (e) { if (!(e instanceof SgdynError)) throw e; }
      try { fp.escapeRate(); } catch (e) { if (!(e instanceof SgdynError)) throw e; }
      try { fp.entropyProduction(); } catch (e) { if (!(e instanceof SgdynError)) throw e; }
      fp.committor([[-3, -1], [-3, 3]], [[1, 3], [-3, 3]]);
    };
    for (let i = 0; i < 10; i++) cycle(i);
    const before = runtimeInfo();
    for (let i = 0; i < 40; i++) cycle(i);
    const after = runtimeInfo();
    expect(after.memoryBytes).toBe(before.memoryBytes);
    expect(after.liveObjects).toBe(before.liveObjects);
  });
});
