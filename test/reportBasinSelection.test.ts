// The oracles of report section 4 (basin selection), each against a second, independent method:
// - the wide-basin Gibbs mass with y integrated out in closed form, against a brute-force 2-D
//   tensor Gauss–Legendre quadrature of e^{−f/T} over the half plane x < x_s;
// - the SGD surrogate's stationary basin mass (quadrature of L^{−(1+1/c)}), against the
//   stationary density of the 1-D Fokker–Planck solver for dθ = −L′ dt + √(2cL) dW;
// - and the report's Langevin experiment itself at one temperature: MALA on the worker pool
//   (dist/node.js, as shipped) against the closed-form-in-y Gibbs mass (4σ, binomial SE).
import { beforeAll, describe, expect, it } from 'vitest';
import type * as Api from '../ts/index.js';
import { gaussLegendre8Points } from '../ts/analysis/gaussLegendre.js';
import { BASIN_SURROGATE_PARAMETERS, gibbsWideFraction, surrogateWideFraction } from '../ts/report/basinSelection.js';

const sgdyn: typeof Api = await import(new URL('../dist/node.js', import.meta.url).href);
const { init, landscapes, basinSelection, langevinRunner, FokkerPlanck1D } = sgdyn;

beforeAll(async () => {
  await init();
});

const f = (x: number, y: number) => 0.5 * (x * x - 1) ** 2 - 0.1 * x + y * y * (0.5 + (1 + x) ** 2);
const dg = (x: number) => 2 * x * (x * x - 1) - 0.1;
function bisect(h: (x: number) => number, a: number, b: number): number {
  for (let i = 0; i < 200; i++) { const m = 0.5 * (a + b); if (Math.sign(h(m)) === Math.sign(h(a))) a = m; else b = m; }
  return 0.5 * (a + b);
}
const xs = bisect(dg, -0.5, 0.5);

/** ∫∫ e^{−(f − f(−1, 0))/T} over [a, b] × [−8, 8] by a tensor product of 8-point rules on panels. */
function mass2d(T: number, a: number, b: number): number {
  const nodes = (lo: number, hi: number, panels: number) => {
    const x: number[] = [], w: number[] = [];
    for (let i = 0; i < panels; i++) {
      const q = gaussLegendre8Points(lo + ((hi - lo) * i) / panels, lo + ((hi - lo) * (i + 1)) / panels);
      x.push(...q.x); w.push(...q.w);
    }
    return { x, w };
  };
  const X = nodes(a, b, 200), Y = nodes(-8, 8, 160);
  const f0 = f(-1, 0);
  let s = 0;
  X.x.forEach((x, i) => Y.x.forEach((y, j) => { s += X.w[i]! * Y.w[j]! * Math.exp(-(f(x, y) - f0) / T); }));
  return s;
}

describe('report section 4 oracles', () => {
  it('wide-basin Gibbs mass (y integrated in closed form) equals the brute-force 2-D quadrature to 1e-9', () => {
    for (const T of [0.14, 0.25, 0.5]) {
      const wide = mass2d(T, -3.5, xs), sharp = mass2d(T, xs, 3.5);
      expect(Math.abs(gibbsWideFraction(T) - wide / (wide + sharp))).toBeLessThan(1e-9);
    }
  });

  it('surrogate basin mass ∝ ∫ L^{−(1+1/c)} equals the Fokker–Planck stationary mass (second order in h)', () => {
    const { scale, sharpness: k, offset, tilt } = BASIN_SURROGATE_PARAMETERS.loss;
    const L = (x: number) => scale * (x * x - 1) ** 2 * (1 + k * (1 + Math.tanh(x)) ** 2) + offset + tilt * x;
    const dL = (x: number) => (L(x + 1e-6) - L(x - 1e-6)) / 2e-6;
    const saddle = bisect(dL, -0.5, 0.6);
    for (const c of [0.36, 1]) {
      // Cells aligned so that the saddle is a face: the left mass is a sum over whole cells. Measured
      // differences: 4e-6 (c = 0.36) and 3e-5 (c = 1, heavier power-law tails cut at ±4 from the saddle).
      const h = 1 / 400, a = saddle - 1600 * h, b = saddle + 1600 * h;
      using fp = FokkerPlanck1D.fromDrift({ drift: (x) => -dL(x), diffusion: (x) => c * L(x), domain: [a, b], cells: 3200 });
      const p = fp.stationary();
      let left = 0, total = 0;
      p.forEach((v, i) => { total += v; if (i < 1600) left += v; });
      expect(Math.abs(left / total - surrogateWideFraction(BASIN_SURROGATE_PARAMETERS, c))).toBeLessThan(1e-4);
    }
  });

  it('MALA ensemble on the pool: wide-basin occupation at T = 0.2 matches the Gibbs mass (4σ)', async () => {
    using U = landscapes.fromExpression('0.5*(x^2-1)^2 - 0.1*x + y^2*(0.5 + (1+x)^2)', { variables: ['x', 'y'] });
    const n = 1024, T = 0.2;
    // t = 400 ≈ 30 two-state relaxation times at T = 0.2 (Eyring–Kramers), so the start is forgotten.
    const [r] = await basinSelection({
      runner: langevinRunner({ landscape: U, dt: 0.02, integrator: 'mala' }), minima: [[-1, 0], [1, 0]], sweep: [{ temperature: T }],
      x0: [-0.97, 0], nTrajectories: n, seed: 7, steps: 20_000, workers: 2,
      classify: (pos) => Int32Array.from({ length: n }, (_, i) => (pos[2 * i]! < xs ? 0 : 1)),
    });
    const g = gibbsWideFraction(T);
    expect(Math.abs(r!.frames.at(-1)!.fractions[0]! - g)).toBeLessThan(4 * Math.sqrt((g * (1 - g)) / n));
  });
});
