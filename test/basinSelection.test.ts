// Basin selection on the worker pool (dist/node.js + dist/worker.js, as shipped): occupation of
// the two basins of a tilted double well against the Gibbs masses by quadrature at every T
// (MALA: exact Gibbs target at any Δt), and the Laplace prediction approaching them as T → 0.
import { beforeAll, describe, expect, it } from 'vitest';
import type * as Api from '../ts/index.js';
import { gaussLegendre8 } from '../ts/analysis/gaussLegendre.js';

const sgdyn: typeof Api = await import(new URL('../dist/node.js', import.meta.url).href);
const { init, landscapes, basinSelection, langevinRunner, sgdSurrogateRunner, sgdRunner, laplaceFractions, sgd, SgdynError } = sgdyn;

beforeAll(async () => {
  await init();
});

// U = ½(x² − 1)² + 0.15x (barrierHeight ½, wellCurvature 4, tilt 0.15).
const U = (x: number) => 0.5 * (x * x - 1) ** 2 + 0.15 * x;
const dU = (x: number) => 2 * x * (x * x - 1) + 0.15;
function root(f: (x: number) => number, a: number, b: number): number {
  for (let i = 0; i < 200; i++) { const m = 0.5 * (a + b); if (Math.sign(f(m)) === Math.sign(f(a))) a = m; else b = m; }
  return 0.5 * (a + b);
}
const left = root(dU, -1.5, -0.5), saddle = root(dU, -0.3, 0.5), right = root(dU, 0.5, 1.5);
const integrate = (f: (x: number) => number, a: number, b: number) => {
  let s = 0; const h = (b - a) / 2000;
  for (let i = 0; i < 2000; i++) s += gaussLegendre8(f, a + i * h, a + (i + 1) * h);
  return s;
};
/** Gibbs mass of the left basin {x < saddle}. */
const gibbsLeft = (T: number) => {
  const w = (x: number) => Math.exp(-(U(x) - U(left)) / T);
  const a = integrate(w, -4, saddle);
  return a / (a + integrate(w, saddle, 4));
};
const classify = (p: Float64Array) => Int32Array.from(p, (x) => (x < saddle ? 0 : 1));

describe('basinSelection', () => {
  it('occupation matches the Gibbs masses by quadrature at every T (4σ), and the Laplace column is what laplaceFractions gives', async () => {
    // 200 time units ≈ 8.6 relaxation times (k₁ + k₂)⁻¹ at T = 0.15 (Kramers: escape from the
    // right well ≈ 27, from the left ≈ 160), so the start (half in each well) is forgotten to ~1e-4.
    const L = landscapes.tiltedDoubleWell({ tilt: 0.15, barrierHeight: 0.5, wellCurvature: 4 });
    const n = 4096;
    const x0 = Float64Array.from({ length: n }, (_, i) => (i % 2 ? right : left));
    const temps = [0.4, 0.25, 0.15];
    const results = await basinSelection({
      runner: langevinRunner({ landscape: L, dt: 0.025, integrator: 'mala' }), minima: [[left], [right]],
      sweep: temps.map((temperature) => ({ temperature })), x0, nTrajectories: n, seed: 7, steps: 8000, every: 4000, classify, workers: 2,
    });
    results.forEach((r, i) => {
      const T = temps[i] as number;
      expect(r.point.temperature).toBe(T);
      expect(r.frames.map((f) => f.step)).toEqual([4000, 8000]);
      const last = r.frames.at(-1)!;
      const g = gibbsLeft(T);
      expect(Math.abs((last.fractions[0] as number) - g)).toBeLessThan(4 * Math.sqrt((g * (1 - g)) / n));
      expect(last.counts[0]! + last.counts[1]! + last.unassigned).toBe(n);
      expect(r.laplace).toEqual(laplaceFractions(L, [[left], [right]], T));
    });
    L.dispose();
  });

  it('the Laplace ratio √(U″(right)/U″(left)) e^{(U(right) − U(left))/T} approaches the Gibbs ratio as T → 0 (error halving with T)', () => {
    // For this tilted well the Laplace error changes sign near T ≈ 0.3 and peaks (4.3%) near
    // T = 0.15, inside the simulated range above; the O(T) regime is below T ≈ 0.1, where
    // equilibrium simulation is infeasible (left-well escape ≈ 1e3–1e6), so the oracle here is
    // the quadrature. Measured: 3.7%, 1.5%, then ∝ T.
    const L = landscapes.tiltedDoubleWell({ tilt: 0.15, barrierHeight: 0.5, wellCurvature: 4 });
    const errors = [0.1, 0.05, 0.025, 0.0125].map((T) => {
      const f = laplaceFractions(L, [[left], [right]], T);
      const g = gibbsLeft(T);
      return Math.abs((f[0]! / f[1]!) / (g / (1 - g)) - 1);
    });
    for (let i = 1; i < errors.length; i++) expect(errors[i]!).toBeLessThan(0.7 * errors[i - 1]!);
    expect(errors.at(-1)!).toBeLessThan(0.01);
    L.dispose();
  });

  it('same counts for 1 and 2 workers; the default gradient-flow classification agrees with the separatrix rule; SDE-surrogate runner has no Laplace column', async () => {
    const L = landscapes.tiltedDoubleWell({ tilt: 0.15, barrierHeight: 0.5, wellCurvature: 4 });
    const base = { minima: [[left], [right]], sweep: [{ temperature: 0.3 }], x0: 0, nTrajectories: 600, seed: 3, steps: 400, every: 200 };
    const runner = langevinRunner({ landscape: L, dt: 0.01 });
    const one = await basinSelection({ ...base, runner, classify, workers: 1 });
    const two = await basinSelection({ ...base, runner, classify, workers: 2 });
    expect(two[0]!.frames.map((f) => [...f.counts])).toEqual(one[0]!.frames.map((f) => [...f.counts]));
    const flow = await basinSelection({ ...base, runner, workers: 1 });
    expect(flow[0]!.frames.map((f) => [...f.counts])).toEqual(one[0]!.frames.map((f) => [...f.counts]));
    const surrogate = await basinSelection({ ...base, sweep: [{}], runner: langevinRunner({ landscape: L, dt: 0.01, noise: { kind: 'sqrt-quadratic', d0: 0.1 } }), classify, workers: 1 });
    expect(surrogate[0]!.laplace).toBeNull();
    expect(surrogate[0]!.frames).toHaveLength(2);
    await expect(basinSelection({ ...base, sweep: [{ learningRate: 0.1 }], runner, classify, workers: 1 })).rejects.toThrow(SgdynError);
    await expect(basinSelection({ ...base, sweep: [{ learningRate: 0.1 }], runner, classify, workers: 1 })).rejects.toThrow(/sweep\[0\]\.temperature/);
    L.dispose();
  });
});

describe('sgdSurrogateRunner', () => {
  // L = ½(x² − 1)² + 0.15x + ½ > 0, noise σσᵀ = 2ηL·h/B with h = 4, i.e. D = cL, c = ηh/B. The
  // stationary density of dx = −L′dt + √(2cL) dW is ∝ (1/L)·L^{−1/c} (zero flux), so the basin
  // masses are quadratures of L^{−(1+1/c)}. Δt = 0.01; 100 time units ≳ 6 relaxation times at
  // c = 0.25. Measured (n = 2048): −0.1σ (c = 0.5) and +1.3σ (c = 0.25) from the quadrature.
  it('sweeps learning rate and batch size; basin occupation matches the quadrature of L^{−(1+1/c)} (4σ)', async () => {
    const Lx = (x: number) => U(x) + 0.5;
    const L = landscapes.fromExpression('0.5*(x^2-1)^2 + 0.15*x + 0.5', { variables: ['x'] });
    const n = 2048;
    const sweep = [{ learningRate: 0.125, batchSize: 1 }, { learningRate: 0.125, batchSize: 2 }]; // c = 0.5, 0.25
    const results = await basinSelection({
      runner: sgdSurrogateRunner({ landscape: L, hessian: [[4]], dt: 0.01 }), minima: [[left], [right]], sweep,
      x0: Float64Array.from({ length: n }, (_, i) => (i % 2 ? right : left)), nTrajectories: n, seed: 5, steps: 10000, classify, workers: 2,
    });
    results.forEach((r, i) => {
      const c = (sweep[i]!.learningRate * 4) / sweep[i]!.batchSize;
      const w = (x: number) => Math.exp(-(1 + 1 / c) * Math.log(Lx(x) / Lx(left)));
      const a = integrate(w, -4, saddle);
      const g = a / (a + integrate(w, saddle, 4));
      expect(r.laplace).toBeNull();
      expect(Math.abs(r.frames.at(-1)!.fractions[0]! - g)).toBeLessThan(4 * Math.sqrt((g * (1 - g)) / n));
    });
    L.dispose();
  });
});

describe('sgdRunner', () => {
  it('frames are consecutive SGD segments with fresh streams: equal, bit for bit, to sgd.run segment by segment on one thread', async () => {
    const data = sgd.data.linearRegression({ seed: 1, examples: 200, dim: 2, noise: 0.5 });
    const L = sgd.linearRegression({ x: data.x, y: data.y, inputs: 2 });
    const n = 300, every = 40, point = { learningRate: 0.05, batchSize: 4 };
    const results = await basinSelection({
      runner: sgdRunner({ objective: L }), minima: [[0, 0]], sweep: [point], x0: [0, 0], nTrajectories: n, seed: 9, steps: 3 * every, every,
      classify: (p) => new Int32Array(p.length / 2), workers: 2,
    });
    expect(results[0]!.frames.map((f) => [f.step, f.time])).toEqual([[40, 2], [80, 4], [120, 6]]);
    let x: Float64Array = Float64Array.from({ length: 2 * n }, () => 0);
    for (let j = 0; j < 3; j++) {
      using r = sgd.run({ objective: L, ...point, nReplicas: n, replicaOffset: j * n, seed: 9, x0: x });
      r.advance(every);
      x = r.parameters();
    }
    const captured: Float64Array[] = [];
    await basinSelection({
      runner: sgdRunner({ objective: L }), minima: [[0, 0]], sweep: [point], x0: [0, 0], nTrajectories: n, seed: 9, steps: 3 * every, every,
      classify: (p) => { captured.push(Float64Array.from(p)); return new Int32Array(p.length / 2); }, workers: 2,
    });
    expect(captured.at(-1)).toEqual(x);
    expect(results[0]!.laplace).toBeNull();
    L.dispose();
  });
});
