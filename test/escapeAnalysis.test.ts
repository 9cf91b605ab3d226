// Escape analysis (issue 6): first-passage statistics against synthetic samples with known
// laws, and critical points / Eyring–Kramers against hand-derived values. Every oracle is
// derived here (errata.md: do not trust the seeds' numbers).
import { beforeAll, describe, expect, it } from 'vitest';
import {
  arrheniusFit, basinOf, chiSquareQuantile, eyringKramers, exponentialRate, findMinima, findSaddle, firstPassage,
  kolmogorovTail, kramersTime1D, ksExponential, landscapes, laplaceBasinRatio, meanFirstPassageTime, mfpt1d,
  minimumEnergyPath, powerLawFit, rng, survivalCurve,
} from '../ts/index.js';
import { loadSgdyn } from './support/wasm.js';

beforeAll(loadSgdyn);

const DT = 1e-6;

/** n exponential(rate) times by inversion of `rng.uniforms`, recorded as steps of DT (ceil, as a monitor would), censored at c. */
function exponentialRecord(rate: number, n: number, seed: number, stream = 0, censorTime = Infinity) {
  const u = rng.uniforms({ seed, stream, count: n });
  const hitSteps = Float64Array.from(u, (v) => {
    const t = -Math.log1p(-v) / rate;
    return t > censorTime ? -1 : Math.ceil(t / DT);
  });
  return { hitSteps, dt: DT, censorTime: Number.isFinite(censorTime) ? censorTime : undefined };
}

describe('special functions', () => {
  it('χ² quantiles match closed forms', () => {
    // χ²₂ is exponential with mean 2: q(p) = −2 ln(1 − p).
    for (const p of [0.025, 0.5, 0.975]) expect(chiSquareQuantile(p, 2)).toBeCloseTo(-2 * Math.log(1 - p), 10);
    // χ²₁(0.95) = z²(0.975), z = 1.959963984540054.
    expect(chiSquareQuantile(0.95, 1)).toBeCloseTo(1.959963984540054 ** 2, 9);
  });
  it('Kolmogorov tail at the tabulated critical values 1.3581 (5%) and 1.6276 (1%)', () => {
    expect(kolmogorovTail(1.3581)).toBeCloseTo(0.05, 4);
    expect(kolmogorovTail(1.6276)).toBeCloseTo(0.01, 4);
    // Both series agree where they switch (λ = 1.18).
    expect(Math.abs(kolmogorovTail(1.18 - 1e-12) - kolmogorovTail(1.18))).toBeLessThan(1e-10);
  });
});

describe('exponential rate with right-censoring', () => {
  const rate = 0.7;
  it('uncensored: λ̂ within 4 SE (λ/√n) of the true rate; exact interval contains it', () => {
    const n = 4000;
    const r = exponentialRate(exponentialRecord(rate, n, 11));
    expect(r.method).toBe('gamma-exact');
    expect(r.hits).toBe(n);
    expect(Math.abs(r.rate - rate)).toBeLessThan((4 * rate) / Math.sqrt(n));
    expect(r.lower).toBeLessThan(r.rate);
    expect(r.upper).toBeGreaterThan(r.rate);
    expect(r.meanTime).toBeCloseTo(1 / r.rate, 12);
  });

  it('censored at c = 1/λ: λ̂ = k/E within 4 SE, SE = λ/√(n(1 − e^{−λc})) (Fisher information)', () => {
    const n = 4000, c = 1 / rate;
    const rec = exponentialRecord(rate, n, 12, 0, c);
    const r = exponentialRate(rec);
    expect(r.method).toBe('poisson-garwood');
    const expectedHits = n * (1 - Math.exp(-rate * c));
    expect(Math.abs(r.hits - expectedHits)).toBeLessThan(4 * Math.sqrt(expectedHits * Math.exp(-1)));
    expect(Math.abs(r.rate - rate)).toBeLessThan((4 * rate) / Math.sqrt(expectedHits));
    // The naive mean of the hits is biased low; meanFirstPassageTime switches to the MLE.
    const m = meanFirstPassageTime(rec);
    expect(m.method).toBe('exponential-mle');
    expect(m.mean).toBeCloseTo(1 / r.rate, 12);
    expect(Math.abs(m.mean - 1 / rate)).toBeLessThan(4 * m.standardError);
  });

  // 400 replicates of n = 30: the count covered is Binomial(400, p); nominal 0.95 has SD 4.4.
  it('95% interval coverage over 400 replicates: exact ≈ 0.95, Garwood (censored) ≥ 0.95 (within 4 SD)', () => {
    let exact = 0, garwood = 0;
    for (let s = 0; s < 400; s++) {
      const a = exponentialRate(exponentialRecord(rate, 30, 21, s));
      if (a.lower <= rate && rate <= a.upper) exact++;
      const b = exponentialRate(exponentialRecord(rate, 30, 22, s, 1.5));
      if (b.lower <= rate && rate <= b.upper) garwood++;
    }
    const sd = Math.sqrt(400 * 0.95 * 0.05);
    expect(Math.abs(exact - 380)).toBeLessThan(4 * sd);
    expect(garwood).toBeGreaterThan(380 - 4 * sd);
  });

  it('survival curve is the empirical #{τ > t}/n with a common censoring time', () => {
    const rec = exponentialRecord(rate, 500, 13, 0, 2);
    const s = survivalCurve(rec);
    const hits = [...rec.hitSteps].filter((v) => v >= 0).map((v) => v * DT).sort((a, b) => a - b);
    expect(s.times.length).toBe(new Set(hits).size);
    s.times.forEach((t, i) => expect(s.survival[i]).toBeCloseTo(hits.filter((h) => h > t).length / 500 + (500 - hits.length) / 500, 12));
    expect(s.censorTime).toBe(2);
  });

  it('mean first-passage time without censoring: sample mean and s/√n', () => {
    const rec = exponentialRecord(rate, 2000, 14);
    const m = meanFirstPassageTime(rec);
    expect(m.method).toBe('sample-mean');
    expect(Math.abs(m.mean - 1 / rate)).toBeLessThan(4 * m.standardError);
    // For exponential times s ≈ mean, so SE ≈ (1/λ)/√n within sampling error.
    expect(Math.abs(m.standardError / (1 / rate / Math.sqrt(2000)) - 1)).toBeLessThan(0.15);
  });

  it('rejects bad records naming the parameter', () => {
    expect(() => exponentialRate({ hitSteps: [1, -1], dt: 0.1 })).toThrow(/censorTime = undefined.*required/);
    expect(() => exponentialRate({ hitSteps: [1, 2.5], dt: 0.1 })).toThrow(/hitSteps\[1\] = 2.5/);
    expect(() => exponentialRate({ hitSteps: [1, 2], dt: 0 })).toThrow(/record.dt = 0/);
    expect(() => exponentialRate({ hitSteps: [1, 2], dt: 1 }, { confidence: 1 })).toThrow(/confidence = 1/);
    expect(() => exponentialRate({ hitSteps: [1, 20, -1], dt: 1, censorTime: 5 })).toThrow(/censorTime = 5.*latest hit time 20/);
  });
});

describe('KS test of exponentiality', () => {
  it('does not reject exponential samples at α = 0.01 (asymptotic and bootstrap p), censored or not', () => {
    const a = ksExponential(exponentialRecord(0.7, 1000, 31), { bootstrap: { samples: 199, seed: 5 } });
    expect(a.pValue).toBeGreaterThan(0.01);
    expect(a.bootstrapPValue!).toBeGreaterThan(0.01);
    const b = ksExponential(exponentialRecord(0.7, 1000, 32, 0, 1.5), { bootstrap: { samples: 199, seed: 6 } });
    expect(b.pValue).toBeGreaterThan(0.01);
    expect(b.bootstrapPValue!).toBeGreaterThan(0.01);
  });

  it('rejects uniform waiting times on [0, 2] at α = 0.01', () => {
    const u = rng.uniforms({ seed: 33, count: 1000 });
    const r = ksExponential({ hitSteps: Float64Array.from(u, (v) => Math.ceil((2 * v) / DT)), dt: DT }, { bootstrap: { samples: 99, seed: 7 } });
    expect(r.pValue).toBeLessThan(0.01);
    expect(r.bootstrapPValue!).toBeLessThan(0.011); // the smallest attainable is 1/100
  });

  it('Lilliefors: the bootstrap p-value is not larger than the asymptotic one on average', () => {
    let sumAsym = 0, sumBoot = 0;
    for (let s = 0; s < 10; s++) {
      const r = ksExponential(exponentialRecord(1, 200, 34, s), { bootstrap: { samples: 99, seed: 100 + s } });
      sumAsym += r.pValue; sumBoot += r.bootstrapPValue!;
    }
    expect(sumBoot).toBeLessThan(sumAsym);
  });

  // Overdamped Langevin on (x² − 1)² at T = 0.2 (barrier 5T): the exit time to the other well
  // is exponential up to a relaxation lag O(1) ≪ τ ≈ 190.
  it('exit times of the 1-D double well at T = 0.2 pass the KS test at α = 0.01', () => {
    const U = landscapes.doubleWell();
    const dt = 1e-2;
    const fp = firstPassage({ landscape: U, temperature: 0.2, dt, x0: -1, nTrajectories: 1000, seed: 41, maxSteps: 400_000, target: { halfSpace: { normal: [1], offset: 1 } } });
    const rec = { hitSteps: fp.hitSteps, dt, censorTime: fp.censorTime };
    const ks = ksExponential(rec, { bootstrap: { samples: 199, seed: 8 } });
    expect(ks.pValue).toBeGreaterThan(0.01);
    expect(ks.bootstrapPValue!).toBeGreaterThan(0.01);
    // The rate agrees with the exact MFPT (4 SE plus 2% for the Δt bias at Δt = 1e-2).
    const exact = mfpt1d((x) => (x * x - 1) ** 2, 0.2, -1, 1).time;
    const m = meanFirstPassageTime(rec);
    expect(Math.abs(m.mean - exact)).toBeLessThan(4 * m.standardError + 0.02 * exact);
    U.dispose();
  });
});

describe('Arrhenius and power-law fits', () => {
  it('recover exact parameters from noise-free data (1e-12), with zero residuals', () => {
    const T = [0.1, 0.15, 0.2, 0.3, 0.5];
    const tau = T.map((t) => 1.7 * Math.exp(0.8 / t));
    for (const w of [undefined, [1, 2, 3, 4, 5]]) {
      const f = arrheniusFit(T, tau, w);
      expect(f.barrier).toBeCloseTo(0.8, 12);
      expect(f.prefactor).toBeCloseTo(1.7, 11);
      expect(Math.max(...Array.from(f.residuals, Math.abs))).toBeLessThan(1e-12);
      expect(f.barrierStandardError).toBeLessThan(1e-10);
      expect(f.degreesOfFreedom).toBe(3);
    }
    const x = [1, 2, 4, 8, 16];
    const p = powerLawFit(x, x.map((v) => 3 * v ** -1.5));
    expect(p.exponent).toBeCloseTo(-1.5, 12);
    expect(p.coefficient).toBeCloseTo(3, 12);
  });

  // ln τ = 0.1 + u + e at u = 1/T = 1, 2, 3, 4 with e = 0.01·(+1, −1, −1, +1), which is orthogonal to
  // 1 and to u − 2.5 = (−1.5, −0.5, 0.5, 1.5): the fit is exactly slope 1, intercept 0.1, residuals e.
  it('standard errors follow s/√Suu with s² = χ²/(m−2)', () => {
    const T = [1, 1 / 2, 1 / 3, 1 / 4];
    const v = [0.1 + 1 + 0.01, 0.1 + 2 - 0.01, 0.1 + 3 - 0.01, 0.1 + 4 + 0.01];
    const f = arrheniusFit(T, v.map(Math.exp));
    // By hand: Suu = Σ(u − 2.5)² = 5; Suv: the noise (+,−,−,+) is orthogonal to u − 2.5 = (−1.5, −.5, .5, 1.5), so slope = 1 and intercept = 0.1.
    expect(f.barrier).toBeCloseTo(1, 12);
    expect(f.logPrefactor).toBeCloseTo(0.1, 12);
    // Residuals (±0.01), χ² = 4e-4, s² = 2e-4; SE(slope) = √(2e-4/5); SE(intercept) = √(2e-4 (1/4 + 6.25/5)).
    expect(f.barrierStandardError).toBeCloseTo(Math.sqrt(2e-4 / 5), 12);
    expect(f.logPrefactorStandardError).toBeCloseTo(Math.sqrt(2e-4 * (0.25 + 6.25 / 5)), 12);
  });

  it('rejects bad input', () => {
    expect(() => arrheniusFit([1], [1])).toThrow(/temperatures.length = 1/);
    expect(() => arrheniusFit([1, -2], [1, 2])).toThrow(/temperatures\[1\] = -2/);
    expect(() => arrheniusFit([1, 2], [1, 2], [1])).toThrow(/weights.length = 1/);
    expect(() => powerLawFit([2, 2], [1, 3])).toThrow(/all equal/);
  });
});

describe('critical points of (x² − 1)² + y²', () => {
  it('findMinima: (±1, 0) with Hessian eigenvalues (2, 8); findSaddle: (0, 0) with (−4, 2), to 1e-8', () => {
    const U = landscapes.fromExpression('(x^2-1)^2+y^2', { variables: ['x', 'y'] });
    const minima = findMinima(U, { box: { lower: [-2, -2], upper: [2, 2] }, count: 20, seed: 1 });
    expect(minima.length).toBe(2);
    const xs = minima.map((m) => m.point[0]!).sort((a, b) => a - b);
    expect(Math.abs(xs[0]! + 1)).toBeLessThan(1e-8);
    expect(Math.abs(xs[1]! - 1)).toBeLessThan(1e-8);
    for (const m of minima) {
      expect(Math.abs(m.point[1]!)).toBeLessThan(1e-8);
      expect(Math.abs(m.eigenvalues[0]! - 2)).toBeLessThan(1e-8);
      expect(Math.abs(m.eigenvalues[1]! - 8)).toBeLessThan(1e-8);
      expect(m.index).toBe(0);
    }
    expect(minima[0]!.hits + minima[1]!.hits).toBe(20);
    for (const [start, seed] of [[[0.3, 0.2], 1], [[-0.6, -0.4], 2], [[0.5, -0.3], 3]] as const) {
      const s = findSaddle(U, start, { seed });
      expect(Math.hypot(s.point[0]!, s.point[1]!)).toBeLessThan(1e-8);
      expect(Math.abs(s.eigenvalues[0]! + 4)).toBeLessThan(1e-8);
      expect(Math.abs(s.eigenvalues[1]! - 2)).toBeLessThan(1e-8);
      expect(s.index).toBe(1);
      expect(s.gradientNorm).toBeLessThan(1e-8);
    }
    U.dispose();
  });

  // By hand: H(a) = diag(8, 2), H(s) = diag(−4, 2), λ₋ = −4, ΔU = 1, so
  // τ = (2π/4) √(8/16) e^{1/T} = 2π/√(8·4) · e^{1/T} (the y-factors √2/√2 cancel).
  it('Eyring–Kramers = 2π/√(8·4) e^{1/T} = 1-D Kramers on the x-marginal', () => {
    const U = landscapes.fromExpression('(x^2-1)^2+y^2', { variables: ['x', 'y'] });
    const U1 = landscapes.doubleWell();
    for (const T of [0.05, 0.1, 0.3]) {
      const ek = eyringKramers({ landscape: U, minimum: [-1, 0], saddle: [0, 0], temperature: T });
      expect(ek.prefactor).toBeCloseTo((2 * Math.PI) / Math.sqrt(32), 13);
      expect(ek.barrier).toBeCloseTo(1, 14);
      expect(ek.negativeEigenvalue).toBeCloseTo(-4, 13);
      expect(Math.abs(ek.time / ((2 * Math.PI) / Math.sqrt(32) * Math.exp(1 / T)) - 1)).toBeLessThan(1e-13);
      const k = kramersTime1D({ landscape: U1, minimum: -1, saddle: 0, temperature: T });
      expect(Math.abs(ek.time / k.time - 1)).toBeLessThan(1e-13);
    }
    U.dispose(); U1.dispose();
  });

  it('eyringKramers rejects a saddle that is a minimum', () => {
    const U = landscapes.fromExpression('(x^2-1)^2+y^2', { variables: ['x', 'y'] });
    expect(() => eyringKramers({ landscape: U, minimum: [-1, 0], saddle: [1, 0], temperature: 0.1 })).toThrow(/saddle.*exactly one negative/);
    expect(() => eyringKramers({ landscape: U, minimum: [0, 0], saddle: [0, 0], temperature: 0.1 })).toThrow(/minimum.*positive definite/);
    expect(() => eyringKramers({ landscape: U, minimum: [-1, 0], saddle: [0, 0], temperature: 0 })).toThrow(/temperature = 0/);
    expect(() => findSaddle(U, [0, 0, 0])).toThrow(/start.length = 3/);
    expect(() => findMinima(U, {})).toThrow(/starts, or box and count/);
    U.dispose();
  });
});

describe('Laplace basin ratio', () => {
  // U = (x² − 1)² + (2 + x) y²: minima (±1, 0) at U = 0, H(−1, 0) = diag(8, 2), H(1, 0) = diag(8, 6),
  // so P(A = (−1,0))/P(B = (1,0)) → √(48/16) = √3. Independent check: integrating y exactly,
  // P(x < 0)/P(x > 0) = ∫_{x<0} e^{−(x²−1)²/T} (2+x)^{−1/2} dx / ∫_{x>0} (same), by the midpoint rule.
  it('is √3 and matches the quadrature ratio to O(T)', () => {
    const U = landscapes.fromExpression('(x^2-1)^2+(2+x)*y^2', { variables: ['x', 'y'] });
    const T = 0.01;
    const r = laplaceBasinRatio({ landscape: U, minimumA: [-1, 0], minimumB: [1, 0], temperature: T });
    expect(r.ratio).toBeCloseTo(Math.sqrt(3), 12);
    const integral = (a: number, b: number) => {
      const m = 200000, h = (b - a) / m;
      let s = 0;
      for (let i = 0; i < m; i++) { const x = a + (i + 0.5) * h; s += Math.exp(-((x * x - 1) ** 2) / T) / Math.sqrt(2 + x); }
      return s * h;
    };
    const quad = integral(-1.9, 0) / integral(0, 3);
    expect(Math.abs(quad / r.ratio - 1)).toBeLessThan(3 * T);
    U.dispose();
  });
});

describe('Müller–Brown', () => {
  // The dimer follows the lowest mode, so from a start inside a well it may climb any wall;
  // the usual initialisation is the highest point of the straight segment between the minima.
  it('three minima; the dimer from the top of the segment between the two lowest finds the index-1 saddle (−0.822, 0.624)', () => {
    const U = landscapes.mullerBrown();
    const minima = findMinima(U, { box: { lower: [-1.5, -0.2], upper: [1.1, 2] }, count: 40, seed: 3 });
    expect(minima.length).toBe(3);
    // Published values (landscape.ts doc): −146.70, −108.17, −80.77.
    expect(minima.map((m) => m.value)).toEqual([expect.closeTo(-146.70, 1), expect.closeTo(-108.17, 1), expect.closeTo(-80.77, 1)]);
    for (const m of minima) expect(m.eigenvalues[0]!).toBeGreaterThan(0);
    const [A, B] = minima as [typeof minima[0], typeof minima[0]];
    const dir = Float64Array.from(B.point, (v, i) => v - A.point[i]!);
    const segment = Array.from({ length: 101 }, (_, k) => Float64Array.from(A.point, (v, i) => v + (k / 100) * dir[i]!));
    const values = segment.map((p) => U.value(p));
    const top = segment[values.indexOf(Math.max(...values))]!;
    const s = findSaddle(U, top, { direction: dir });
    expect(s.index).toBe(1);
    expect(s.eigenvalues[0]!).toBeLessThan(0);
    expect(s.eigenvalues[1]!).toBeGreaterThan(0);
    expect(s.gradientNorm).toBeLessThan(1e-8);
    expect(Math.hypot(s.point[0]! + 0.822, s.point[1]! - 0.624)).toBeLessThan(1e-3);
    expect(s.value).toBeCloseTo(-40.66, 1);
    // Nearer B the dimer finds the other published saddle, (0.212, 0.293).
    const s2 = findSaddle(U, segment[70]!, { direction: dir });
    expect(s2.index).toBe(1);
    expect(s2.gradientNorm).toBeLessThan(1e-8);
    expect(Math.hypot(s2.point[0]! - 0.212, s2.point[1]! - 0.293)).toBeLessThan(1e-3);
    U.dispose();
  });
});

describe('basinOf (gradient flow)', () => {
  // Tilted double well U = (x² − 1)² + c x, c = 0.3: the barrier top x_b is the middle root of
  // U' = 4x³ − 4x + c (Newton from 0); x < x_b flows to the left minimum, x > x_b to the right.
  it('matches the side of the barrier top on a grid (1-D and the separable 2-D case)', () => {
    const c = 0.3;
    let xb = 0;
    for (let i = 0; i < 50; i++) xb -= (4 * xb ** 3 - 4 * xb + c) / (12 * xb * xb - 4);
    const U = landscapes.tiltedDoubleWell({ tilt: c });
    const minima = findMinima(U, { starts: [[-1], [1]] });
    expect(minima.length).toBe(2);
    const left = minima.findIndex((m) => m.point[0]! < 0);
    const grid = Array.from({ length: 401 }, (_, i) => -2 + i * 0.01).filter((x) => Math.abs(x - xb) > 1e-3);
    const b = basinOf(U, grid, minima);
    expect(basinOf(U, [xb], minima)[0]).toBe(-1); // exactly on the barrier top: the flow stays there
    grid.forEach((x, i) => expect(b[i]).toBe(x < xb ? left : 1 - left));
    U.dispose();

    const U2 = landscapes.tiltedDoubleWell({ tilt: c, dim: 2 });
    const m2 = findMinima(U2, { box: { lower: [-2, -2], upper: [2, 2] }, count: 40, seed: 2 });
    expect(m2.length).toBe(4);
    const g2: number[][] = [];
    for (let i = 0; i < 21; i++) for (let j = 0; j < 21; j++) g2.push([-1.9 + 0.19 * i, -1.9 + 0.19 * j]);
    const pts = g2.filter(([x, y]) => Math.abs(x! - xb) > 1e-3 && Math.abs(y! - xb) > 1e-3);
    const b2 = basinOf(U2, pts, m2);
    pts.forEach(([x, y], i) => {
      const m = m2[b2[i]!]!;
      expect(Math.sign(m.point[0]!)).toBe(x! < xb ? -1 : 1);
      expect(Math.sign(m.point[1]!)).toBe(y! < xb ? -1 : 1);
    });
    U2.dispose();
  });
});

describe('minimumEnergyPath (climbing-image string)', () => {
  // (x² − 1)² + y²: the MEP is the segment y = 0, the saddle (0, 0), barrier exactly 1 both ways.
  it('double well: saddle (0, 0), barrier 1 (1e-8)', () => {
    const U = landscapes.fromExpression('(x^2-1)^2+y^2', { variables: ['x', 'y'] });
    const p = minimumEnergyPath(U, [-1, 0], [1, 0], { images: 21 });
    expect(p.saddle.index).toBe(1);
    expect(Math.hypot(p.saddle.point[0]!, p.saddle.point[1]!)).toBeLessThan(1e-8);
    expect(Math.abs(p.barrierForward - 1)).toBeLessThan(1e-8);
    expect(Math.abs(p.barrierBackward - 1)).toBeLessThan(1e-8);
    for (let k = 0; k < 21; k++) expect(Math.abs(p.path[2 * k + 1]!)).toBeLessThan(1e-6);
    U.dispose();
  });

  // Müller–Brown A → B passes the intermediate minimum C; the highest saddle is (−0.822, 0.624).
  it('Müller–Brown: the path A → B climbs to the saddle (−0.822, 0.624) and dips to the intermediate minimum', () => {
    const U = landscapes.mullerBrown();
    const [A, B, C] = findMinima(U, { box: { lower: [-1.5, -0.2], upper: [1.1, 2] }, count: 40, seed: 3 });
    const p = minimumEnergyPath(U, A!, B!, { images: 41 });
    expect(p.converged).toBe(true);
    expect(p.saddle.index).toBe(1);
    expect(p.saddle.gradientNorm).toBeLessThan(1e-8);
    expect(Math.hypot(p.saddle.point[0]! + 0.822, p.saddle.point[1]! - 0.624)).toBeLessThan(1e-3);
    expect(p.barrierForward).toBeCloseTo(p.saddle.value - A!.value, 12);
    expect(p.barrierForward).toBeCloseTo(-40.66 + 146.70, 1);
    // Some image lies near C (within the image spacing).
    let nearest = Infinity;
    for (let k = 0; k < 41; k++) nearest = Math.min(nearest, Math.hypot(p.path[2 * k]! - C!.point[0]!, p.path[2 * k + 1]! - C!.point[1]!));
    expect(nearest).toBeLessThan(0.1);
    U.dispose();
  });
});

describe('input checks of the landscape tools', () => {
  it('name the parameter, the value and what is allowed', () => {
    const U = landscapes.fromExpression('(x^2-1)^2+y^2', { variables: ['x', 'y'] });
    expect(() => basinOf(U, [[0, 0, 0]], [[1, 0]])).toThrow(/points\[0\]\.length = 3.*d = 2/);
    expect(() => basinOf(U, [[0.5, 0]], [])).toThrow(/minima = .*non-empty/);
    expect(() => minimumEnergyPath(U, [1, 0], [1, 0])).toThrow(/to = .*differ/);
    expect(() => minimumEnergyPath(U, [-1, 0], [1, 0], { images: 3 })).toThrow(/images = 3.*>= 5/);
    expect(() => findMinima(U, { box: { lower: [0, 0], upper: [1, 0] }, count: 3 })).toThrow(/box.upper\[1\] = 0/);
    expect(() => laplaceBasinRatio({ landscape: U, minimumA: [0, 0], minimumB: [1, 0], temperature: 1 })).toThrow(/minimumA.*positive definite/);
    expect(() => ksExponential({ hitSteps: [3], dt: 1 })).toThrow(/at least 2 hit times/);
    U.dispose();
  });
});
