// SGD on data, part 2: the SGD engine. Oracles (derived here, not taken from the seeds):
// - Gaussian gradient noise on ½(θ−θ*)ᵀH(θ−θ*): θₖ₊₁ − θ* = M(θₖ − θ*) − ηξ, M = I − ηH,
//   Cov ξ = Σ/B, so the stationary covariance solves the Stein equation C = MCMᵀ + η²Σ/B
//   (solved by linalg.stein, an independent method); expanding MCMᵀ gives
//   HC + CH − ηHCH = (η/B)Σ, checked algebraically; scalar case C = ησ²/(Bh(2 − ηh)).
// - Heavy ball, canonical form, a = ηh, noise ξ = −η·(gradient noise), Var ξ = η²σ²/B:
//   xₖ₊₁ = (1 + β − a)xₖ − βxₖ₋₁ + ξₖ is an AR(2) with φ₁ = 1 + β − a, φ₂ = −β, whose
//   variance is γ₀ = Var ξ (1 − φ₂)/((1 + φ₂)((1 − φ₂)² − φ₁²)) = Var ξ (1 + β)/((1 − β) a (2(1 + β) − a)).
// - Statistical comparisons: the replicas are independent and, started at θ*, exactly
//   Gaussian at every step, so a sample (co)variance of n replicas has standard error
//   √((CᵢᵢCⱼⱼ + Cᵢⱼ²)/(n − 1)); asserted within 4 SE. Burn-in makes the transient < 1e-8.
// - GD (Σ = 0) on a diagonal quadratic: the exact divergence step from the same recursion in TS.
// - Schedules: on θₖ₊₁ = (1 − ηₖ)θₖ (h = 1, no noise) the recorded θ recovers ηₖ, compared
//   with the formulas evaluated here.
import { beforeAll, describe, expect, it } from 'vitest';
import { SgdynError, linalg, runtimeInfo, sgd, type Schedule } from '../ts/index.js';
import { BaselineLinearSgd, BaselineStream, baselineBelow } from '../ts/baseline/index.js';
import { expectError } from './support/expectError.js';
import { loadSgdyn } from './support/wasm.js';

beforeAll(loadSgdyn);

function sampleCov(theta: Float64Array, n: number, p: number, centre: ArrayLike<number>): Float64Array {
  // about the known mean θ* (the stationary mean), normalised by n
  const c = new Float64Array(p * p);
  for (let r = 0; r < n; r++) for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) c[a * p + b]! += ((theta[r * p + a]! - centre[a]!) * (theta[r * p + b]! - centre[b]!)) / n;
  return c;
}

function mul(a: ArrayLike<number>, b: ArrayLike<number>, n: number): Float64Array {
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) c[i * n + j]! += a[i * n + k]! * b[k * n + j]!;
  return c;
}

describe('discrete SGD with Gaussian gradient noise on a quadratic', () => {
  it('matrix case: the stationary covariance solves HC + CH − ηHCH = (η/B)Σ (Stein oracle), within 4 SE', () => {
    const p = 3, eta = 0.2, B = 4, n = 20000;
    // H = Q diag(1, 2.5, 4) Qᵀ with a rotation Q; Σ a full SPD matrix
    const q = linalg.symmetricEigen([[2, 1, 0.5], [1, 3, 0.2], [0.5, 0.2, 1]]).vectors;
    const lam = [1, 2.5, 4];
    const H = new Float64Array(9);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) H[i * 3 + j]! += q[i * 3 + k]! * lam[k]! * q[j * 3 + k]!;
    const S = Float64Array.from([2, 0.6, -0.3, 0.6, 1.5, 0.4, -0.3, 0.4, 1]);
    const centre = [1, -2, 0.5];
    const M = new Float64Array(9).map((_, i) => (i % 4 === 0 ? 1 : 0) - eta * H[i]!);
    const C = linalg.discreteLyapunov(M, S.map((v) => (eta * eta * v) / B));
    // the Stein solution satisfies the discrete Lyapunov form of the issue
    const HC = mul(H, C, 3), CH = mul(C, H, 3), HCH = mul(HC, H, 3);
    for (let i = 0; i < 9; i++) expect(Math.abs(HC[i]! + CH[i]! - eta * HCH[i]! - (eta / B) * S[i]!)).toBeLessThan(1e-12);
    // burn-in: slowest contraction (1 − ηλmin)^2k = 0.8^2k < 1e-8 for k ≥ 42
    using run = sgd.gaussianQuadratic({ hessian: H, centre, noiseCovariance: S, batchSize: B, learningRate: eta, nReplicas: n, seed: 7 });
    run.advance(200);
    const emp = sampleCov(run.parameters(), n, p, centre);
    for (let a = 0; a < p; a++) {
      for (let b = 0; b < p; b++) {
        const se = Math.sqrt((C[a * 3 + a]! * C[b * 3 + b]! + C[a * 3 + b]! ** 2) / (n - 1));
        expect(Math.abs(emp[a * 3 + b]! - C[a * 3 + b]!)).toBeLessThan(4 * se);
      }
    }
  });

  it('scalar case: Var θ = ησ²/(Bh(2 − ηh)) within 4 SE, and doubling (η, B) changes it as the formula says', () => {
    const n = 20000, h = 2, s2 = 3;
    for (const [eta, B] of [[0.3, 2], [0.6, 4]] as const) {
      using run = sgd.gaussianQuadratic({ hessian: [[h]], noiseCovariance: [[s2]], batchSize: B, learningRate: eta, nReplicas: n, seed: 3 });
      run.advance(300); // (1 − ηh)^600 < 1e-60 even for η h = 1.2 (|1 − ηh| = 0.2)
      const v = sampleCov(run.parameters(), n, 1, [0])[0]!;
      const exact = (eta * s2) / (B * h * (2 - eta * h));
      expect(Math.abs(v - exact)).toBeLessThan(4 * exact * Math.sqrt(2 / (n - 1)));
    }
  });

  it('heavy ball: Var θ = η(σ²/B)(1 + β)/((1 − β) h (2(1 + β) − ηh)) within 4 SE, both momentum conventions', () => {
    const n = 20000, h = 1, s2 = 2, B = 2, eta = 0.1, beta = 0.9;
    // burn-in: |roots| = √β ≈ 0.949, 0.949^(2k) < 1e-8 for k ≥ 175
    const exact = (eta * (s2 / B) * (1 + beta)) / ((1 - beta) * h * (2 * (1 + beta) - eta * h));
    const params: Float64Array[] = [];
    for (const momentumConvention of ['canonical', 'buffer'] as const) {
      using run = sgd.gaussianQuadratic({ hessian: [[h]], noiseCovariance: [[s2]], batchSize: B, learningRate: eta, momentum: beta, momentumConvention, nReplicas: n, seed: 4 });
      run.advance(1000);
      const th = run.parameters();
      params.push(th);
      const v = sampleCov(th, n, 1, [0])[0]!;
      expect(Math.abs(v - exact)).toBeLessThan(4 * exact * Math.sqrt(2 / (n - 1)));
    }
    // with a constant learning rate the two conventions are the same path up to rounding
    let d = 0;
    for (let i = 0; i < n; i++) d = Math.max(d, Math.abs(params[0]![i]! - params[1]![i]!));
    expect(d).toBeLessThan(1e-10);
  });

  it('agrees with the exact discrete recursion of SgdMomentum (the linear-response module) for β = 0.5', async () => {
    const { SgdMomentum } = await import('../ts/index.js');
    const H = [[2, 0.5], [0.5, 1]], S = [[1, 0.2], [0.2, 0.5]], eta = 0.2, B = 5, beta = 0.5, n = 20000;
    using run = sgd.gaussianQuadratic({ hessian: H, noiseCovariance: S, batchSize: B, learningRate: eta, momentum: beta, nReplicas: n, seed: 8 });
    run.advance(400);
    const emp = sampleCov(run.parameters(), n, 2, [0, 0]);
    const C4 = SgdMomentum.create({ hessian: H, learningRate: eta, momentum: beta, batchSize: B, noise: { covariance: S } }).discreteStationaryCovariance();
    const C = [C4[0]!, C4[1]!, C4[4]!, C4[5]!]; // the θ block of the (θ, v) covariance
    for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) {
      const se = Math.sqrt((C[a * 2 + a]! * C[b * 2 + b]! + C[a * 2 + b]! ** 2) / (n - 1));
      expect(Math.abs(emp[a * 2 + b]! - C[a * 2 + b]!)).toBeLessThan(4 * se);
    }
  });
});

describe('divergence', () => {
  it('GD on a quadratic diverges exactly when η λmax > 2, reported with replica and step', () => {
    const h = [1, 3];
    const lmax = 3;
    // just below the threshold: contracts
    {
      using run = sgd.gaussianQuadratic({ hessian: [[1, 0], [0, 3]], noiseCovariance: [[0, 0], [0, 0]], batchSize: 1, learningRate: (2 / lmax) * (1 - 1e-3), seed: 1, x0: [1, 1] });
      run.advance(20000);
      expect(Math.abs(run.parameters()[1]!)).toBeLessThan(1e-8);
    }
    // just above: diverges; the step is the first at which the TS recursion overflows
    const eta = (2 / lmax) * (1 + 1e-2);
    const starts = [0.5, 0.5, 1, 1, 2, 2]; // replica 2 starts largest
    using run = sgd.gaussianQuadratic({ hessian: [[1, 0], [0, 3]], noiseCovariance: [[0, 0], [0, 0]], batchSize: 1, learningRate: eta, nReplicas: 3, replicaOffset: 10, seed: 1, x0: starts });
    let x = 2, step = 0;
    while (Number.isFinite(x)) {
      x = x + (0 * 0 - eta * (h[1]! * (x - 0) + 0)); // v = βv − η(g + λθ) with β = λ = 0; θ += v
      step++;
    }
    const e = expectError(() => run.advance(100000), 'DIVERGED', 'replica 12', `step ${step}`, 'learningRate·λ_max > 2');
    expect(e.trajectory).toBe(12);
    expect(e.step).toBe(step);
    expectError(() => run.advance(1), 'DIVERGED', 'already diverged');
    expect(run.parameters().length).toBe(6); // still readable
  });

  it('full-batch GD on linear regression diverges above 2/λmax(H) and converges below', () => {
    const data = sgd.data.linearRegression({ seed: 5, examples: 200, dim: 4, spectrum: [1, 2, 4, 8] });
    using L = sgd.linearRegression({ x: data.x, y: data.y, inputs: 4 });
    const lmax = linalg.symmetricEigen(L.hessian([0, 0, 0, 0])).values[3]!;
    for (const [factor, diverges] of [[0.98, false], [1.02, true]] as const) {
      using run = sgd.run({ objective: L, sampler: 'full-batch', learningRate: (2 / lmax) * factor, seed: 1, x0: [0, 0, 0, 0] });
      if (diverges) expectError(() => run.advance(200000), 'DIVERGED', 'replica 0');
      else {
        run.advance(5000);
        const g = L.gradient(run.parameters());
        expect(Math.hypot(...g)).toBeLessThan(1e-9);
      }
    }
  });
});

describe('reproducibility', () => {
  const data = { x: new Float64Array(0), y: new Float64Array(0) };
  beforeAll(() => Object.assign(data, sgd.data.linearRegression({ seed: 2, examples: 50, dim: 3 })));
  for (const sampler of ['with-replacement', 'without-replacement', 'reshuffle', 'full-batch'] as const) {
    it(`${sampler}: bit-identical for any chunking and any replica split (momentum, weight decay, cosine schedule)`, () => {
      using L = sgd.linearRegression({ x: data.x, y: data.y, inputs: 3, bias: false });
      const opts = { objective: L, sampler, batchSize: 7, learningRate: 0.05, momentum: 0.7, weightDecay: 0.01, schedule: { kind: 'cosine', total: 90, floor: 0.01 } as Schedule, seed: 11, x0: [0.1, 0.2, 0.3] };
      using a = sgd.run({ ...opts, nReplicas: 4 });
      a.advance(100);
      using b = sgd.run({ ...opts, nReplicas: 4 });
      b.advance(37);
      b.advance(1);
      b.advance(62);
      expect(b.parameters()).toEqual(a.parameters());
      using c1 = sgd.run({ ...opts, nReplicas: 1, replicaOffset: 0 });
      using c2 = sgd.run({ ...opts, nReplicas: 3, replicaOffset: 1 });
      c1.advance(100);
      c2.advance(50);
      c2.advance(50);
      expect(Float64Array.from([...c1.parameters(), ...c2.parameters()])).toEqual(a.parameters());
      expect(a.stepsDone).toBe(100);
    });
  }

  it('a replica is the TS recursion over sgd.batches + batchGradient (with replacement, buffer momentum), bit for bit', () => {
    using L = sgd.linearRegression({ x: data.x, y: data.y, inputs: 3, l2: 0.1 });
    const eta = 0.03, beta = 0.5, wd = 0.02, B = 5, K = 20;
    using run = sgd.run({ objective: L, sampler: 'with-replacement', batchSize: B, learningRate: eta, momentum: beta, momentumConvention: 'buffer', weightDecay: wd, nReplicas: 3, replicaOffset: 4, seed: 6, x0: [1, -1, 0.5] });
    run.advance(K);
    const idx = sgd.batches({ sampler: 'with-replacement', examples: 50, batchSize: B, seed: 6, stream: 5, count: K });
    const t = Float64Array.from([1, -1, 0.5]), buf = new Float64Array(3);
    for (let k = 0; k < K; k++) {
      const g = L.batchGradient(t, idx.subarray(k * B, (k + 1) * B));
      for (let j = 0; j < 3; j++) {
        buf[j] = beta * buf[j]! + (g[j]! + wd * t[j]!);
        t[j] = t[j]! - eta * buf[j]!;
      }
    }
    expect(Array.from(run.parameters().subarray(3, 6))).toEqual(Array.from(t));
    expect(Array.from(run.velocities().subarray(3, 6))).toEqual(Array.from(buf));
  });
});

describe('momentum conventions', () => {
  it("'paper' is the buffer kernel with v = −b (bit-identical θ); 'canonical' matches them for constant η and differs under a schedule", () => {
    const d = sgd.data.linearRegression({ seed: 8, examples: 60, dim: 3 });
    using L = sgd.linearRegression({ x: d.x, y: d.y, inputs: 3 });
    const base = { objective: L, batchSize: 6, learningRate: 0.05, momentum: 0.8, weightDecay: 0.01, nReplicas: 3, seed: 5, x0: [0.3, -0.2, 0.1] };
    const runAll = (schedule: Schedule) => (['canonical', 'buffer', 'paper'] as const).map((momentumConvention) => {
      using r = sgd.run({ ...base, schedule, momentumConvention });
      r.advance(200);
      return { theta: r.parameters(), v: r.velocities() };
    });
    const [c, b, p] = runAll('constant');
    expect(p!.theta).toEqual(b!.theta);
    expect(Array.from(p!.v)).toEqual(Array.from(b!.v, (x) => -x));
    let dTheta = 0, dV = 0;
    for (let i = 0; i < 9; i++) {
      dTheta = Math.max(dTheta, Math.abs(c!.theta[i]! - b!.theta[i]!));
      dV = Math.max(dV, Math.abs(c!.v[i]! + 0.05 * b!.v[i]!));
    }
    expect(dTheta).toBeLessThan(1e-12);
    expect(dV).toBeLessThan(1e-13);
    const [cs, bs, ps] = runAll({ kind: 'step', every: 50, factor: 0.3 });
    expect(ps!.theta).toEqual(bs!.theta);
    let diff = 0;
    for (let i = 0; i < 9; i++) diff = Math.max(diff, Math.abs(cs!.theta[i]! - bs!.theta[i]!));
    expect(diff).toBeGreaterThan(1e-6); // the canonical velocity carries the old η across a drop
  });
});

describe('TS baseline twin', () => {
  it('BaselineLinearSgd (ts/baseline) gives the WASM engine\'s parameters bit for bit (d = 7, odd: exercises the dot-product tail)', () => {
    const d = sgd.data.linearRegression({ seed: 3, examples: 120, dim: 7 });
    using L = sgd.linearRegression({ x: d.x, y: d.y, inputs: 7 });
    using run = sgd.run({ objective: L, batchSize: 9, learningRate: 0.02, momentum: 0.3, nReplicas: 5, seed: 12, x0: new Float64Array(7) });
    run.advance(50);
    const base = new BaselineLinearSgd({ x: d.x, y: d.y, d: 7, batchSize: 9, learningRate: 0.02, momentum: 0.3, nReplicas: 5, seed: 12n, x0: new Float64Array(7) });
    base.step(20);
    base.step(30);
    expect(Array.from(base.theta)).toEqual(Array.from(run.parameters()));
    // Lemire's bounded integers: the TS twin draws the same indices as the sampler
    const idx = sgd.batches({ examples: 1000003, batchSize: 50, seed: 4, stream: 2, count: 20 });
    const s = new BaselineStream(4n, 2n);
    expect(Array.from({ length: 1000 }, () => baselineBelow(s, 1000003))).toEqual(Array.from(idx));
  });
});

describe('schedules and observables', () => {
  const cases: Array<[Schedule, (k: number) => number]> = [
    ['constant', () => 0.1],
    [{ kind: 'step', every: 7, factor: 0.5 }, (k) => 0.1 * 0.5 ** Math.floor(k / 7)],
    [{ kind: 'exponential', factor: 0.97 }, (k) => 0.1 * 0.97 ** k],
    [{ kind: 'cosine', total: 20, floor: 0.01 }, (k) => 0.01 + 0.09 * 0.5 * (1 + Math.cos((Math.PI * Math.min(k, 20)) / 20))],
    [{ kind: 'inverse-sqrt', scale: 5 }, (k) => 0.1 / Math.sqrt(1 + k / 5)],
    [{ kind: 'cosine', total: 20, warmup: 6 }, (k) => (0.1 * 0.5 * (1 + Math.cos((Math.PI * Math.min(k, 20)) / 20))) * Math.min(1, (k + 1) / 6)],
  ];
  for (const [schedule, rate] of cases) {
    it(`learning rate ${JSON.stringify(schedule)} is applied step by step`, () => {
      using run = sgd.gaussianQuadratic({ hessian: [[1]], noiseCovariance: [[0]], batchSize: 1, learningRate: 0.1, schedule, seed: 1, x0: [1], observe: { directions: [[1]] } });
      const f = run.advance(30, { every: 1 });
      expect(f.columns).toEqual(['distanceSquared', 'travelSquared', 'projection0']);
      let prev = 1;
      for (let k = 0; k < 30; k++) {
        const th = f.data[k * 3 + 2]!;
        expect(Math.abs(1 - th / prev - rate(k))).toBeLessThan(1e-13);
        expect(f.data[k * 3]).toBeCloseTo(th * th, 15);
        expect(f.data[k * 3 + 1]).toBeCloseTo((th - 1) ** 2, 15);
        prev = th;
      }
      expect(Array.from(f.steps.slice(0, 3))).toEqual([1, 2, 3]);
    });
  }

  it('records the loss, distances and projections of every replica', () => {
    const d = sgd.data.linearRegression({ seed: 9, examples: 40, dim: 2 });
    using L = sgd.linearRegression({ x: d.x, y: d.y, inputs: 2 });
    const ref = [0.3, -0.2], u = [[1, 2], [0, 1]];
    using run = sgd.run({ objective: L, batchSize: 4, learningRate: 0.1, nReplicas: 2, seed: 3, x0: [0, 0, 1, 1], observe: { loss: true, reference: ref, directions: u } });
    const f = run.advance(10, { every: 5 });
    expect(f.frames).toBe(2);
    const th = run.parameters();
    for (let r = 0; r < 2; r++) {
      const row = f.data.subarray((1 * 2 + r) * 5, (1 * 2 + r) * 5 + 5);
      const t = th.subarray(r * 2, r * 2 + 2);
      const x0 = r === 0 ? [0, 0] : [1, 1];
      expect(row[0]).toBeCloseTo(L.value(t), 14);
      expect(row[1]).toBeCloseTo((t[0]! - 0.3) ** 2 + (t[1]! + 0.2) ** 2, 14);
      expect(row[2]).toBeCloseTo((t[0]! - x0[0]!) ** 2 + (t[1]! - x0[1]!) ** 2, 14);
      expect(row[3]).toBeCloseTo((t[0]! - 0.3) + 2 * (t[1]! + 0.2), 14);
      expect(row[4]).toBeCloseTo(t[1]! + 0.2, 14);
    }
    expect(Array.from(run.observe())).toEqual(Array.from(f.data.subarray(10, 20)));
  });
});

describe('errors and memory', () => {
  it('bad input is an SgdynError naming the parameter', () => {
    using L = sgd.linearRegression({ x: [1, 2, 3], y: [1, 2, 3] });
    const base = { objective: L, batchSize: 2, learningRate: 0.1, seed: 1, x0: [0] };
    expectError(() => sgd.run({ ...base, learningRate: 0 }), 'INVALID_ARGUMENT', 'learningRate = 0');
    expectError(() => sgd.run({ ...base, momentum: 1 }), 'INVALID_ARGUMENT', 'momentum = 1');
    expectError(() => sgd.run({ ...base, batchSize: 4, sampler: 'without-replacement' }), 'INVALID_ARGUMENT', 'batchSize = 4');
    expectError(() => sgd.run({ ...base, x0: [0, 0] }), 'INVALID_ARGUMENT', 'x0.length = 2');
    expectError(() => sgd.run({ ...base, schedule: { kind: 'step', every: 0, factor: 0.5 } }), 'INVALID_ARGUMENT', 'schedule.every = 0');
    expectError(() => sgd.run({ ...base, schedule: { kind: 'exponential', factor: 1.5 } }), 'INVALID_ARGUMENT', 'schedule.factor = 1.5');
    expectError(() => sgd.run({ ...base, schedule: { kind: 'cosine', total: 10, floor: 1 } }), 'INVALID_ARGUMENT', 'schedule.floor = 1');
    expectError(() => sgd.run({ ...base, objective: {} as never }), 'INVALID_ARGUMENT', 'objective');
    expectError(() => sgd.run({ ...base, observe: { directions: [[1, 2]] } }), 'INVALID_ARGUMENT', 'directions[0].length = 2');
    expectError(() => sgd.gaussianQuadratic({ hessian: [[1]], noiseCovariance: [[-1]], batchSize: 1, learningRate: 0.1, seed: 1 }), 'INVALID_ARGUMENT', 'positive semi-definite');
    expectError(() => sgd.gaussianQuadratic({ hessian: [[1, 2], [0, 1]], noiseCovariance: [[1, 0], [0, 1]], batchSize: 1, learningRate: 0.1, seed: 1 }), 'INVALID_ARGUMENT', 'symmetric');
    using run = sgd.run(base);
    expectError(() => run.advance(10, { every: 3 }), 'INVALID_ARGUMENT', 'every = 3');
    expectError(() => run.advance(-1), 'INVALID_ARGUMENT', 'steps = -1');
    run.dispose();
    expectError(() => run.advance(1), 'DISPOSED');
    L.dispose();
    expectError(() => sgd.run(base), 'DISPOSED');
  });

  it('runs do not leak across create/advance/dispose cycles, also when they diverge or fail', () => {
    const d = sgd.data.linearRegression({ seed: 1, examples: 30, dim: 3 });
    const cycle = (i: number) => {
      const L = sgd.linearRegression({ x: d.x, y: d.y, inputs: 3 });
      const r = sgd.run({ objective: L, batchSize: 4, sampler: i % 2 ? 'reshuffle' : 'with-replacement', learningRate: 0.05, nReplicas: 8, seed: i, x0: [0, 0, 0], observe: { loss: true } });
      r.advance(10, { every: 5 });
      const q = sgd.gaussianQuadratic({ hessian: [[1]], noiseCovariance: [[1]], batchSize: 1, learningRate: 2.5, seed: i, x0: [1] });
      try {
        q.advance(5000);
      } catch (e) {
        if (!(e instanceof SgdynError) || e.code !== 'DIVERGED') throw e;
      }
      try {
        sgd.run({ objective: L, batchSize: 40, sampler: 'reshuffle', learningRate: 0.1, seed: 1, x0: [0, 0, 0] });
      } catch (e) {
        if (!(e instanceof SgdynError)) throw e;
      }
      q.dispose();
      r.dispose();
      L.dispose();
    };
    for (let i = 0; i < 100; i++) cycle(i);
    const before = runtimeInfo();
    for (let i = 0; i < 2000; i++) cycle(i);
    const after = runtimeInfo();
    expect(after.memoryBytes).toBe(before.memoryBytes);
    expect(after.liveObjects).toBe(before.liveObjects);
  });
});

