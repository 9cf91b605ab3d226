// Random streams: distribution checks of the WASM normal/uniform samplers, stream
// independence, and bit-identity with the pure-TS baseline. Every tolerance is a stated
// multiple of the estimator's standard error under the null hypothesis.
import { beforeAll, describe, expect, it } from 'vitest';
import { rng } from '../ts/index.js';
import { BaselineStream } from '../ts/baseline/index.js';
import { loadSgdyn } from './support/wasm.js';
import { centralMoments, correlation, ksStatistic, normalCdf } from './support/stats.js';

beforeAll(loadSgdyn);

describe('normal sampler (ziggurat)', () => {
  const n = 1_000_000;
  let z: Float64Array;
  beforeAll(() => {
    z = rng.normals({ seed: 20261123, stream: 7, count: n });
  });

  it('has mean 0, variance 1, skewness 0 and excess kurtosis 0 within 5 standard errors', () => {
    const { mean, m2, m3, m4 } = centralMoments(z);
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(n)); // SE(mean) = 1/√n
    expect(Math.abs(m2 - 1)).toBeLessThan(5 * Math.sqrt(2 / n)); // SE(var) = √(2/n)
    expect(Math.abs(m3 / m2 ** 1.5)).toBeLessThan(5 * Math.sqrt(6 / n)); // SE(skew) = √(6/n)
    expect(Math.abs(m4 / m2 ** 2 - 3)).toBeLessThan(5 * Math.sqrt(24 / n)); // SE(kurt) = √(24/n)
  });

  it('passes Kolmogorov–Smirnov against Φ at α = 0.001', () => {
    const sample = z.subarray(0, 200_000);
    expect(ksStatistic(sample, normalCdf)).toBeLessThan(1.949 / Math.sqrt(sample.length));
  });

  it('puts the right mass beyond the ziggurat base r = 3.654 (the tail code path), within 5σ', () => {
    const r = 3.6541528853610088;
    const p = 2 * (1 - normalCdf(r));
    const count = z.reduce((c, v) => c + (Math.abs(v) > r ? 1 : 0), 0);
    expect(Math.abs(count - n * p)).toBeLessThan(5 * Math.sqrt(n * p * (1 - p)));
  });
});

describe('uniform sampler', () => {
  it('is uniform on [0,1): mean within 5σ and KS at α = 0.001', () => {
    const n = 200_000;
    const u = rng.uniforms({ seed: 3, stream: 0, count: n });
    expect(u.every((v) => v >= 0 && v < 1)).toBe(true);
    const { mean, m2 } = centralMoments(u);
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(m2 - 1 / 12)).toBeLessThan(5 * Math.sqrt(1 / 180 / n)); // Var of (U−½)² is 1/180
    expect(ksStatistic(u, (x) => Math.min(1, Math.max(0, x)))).toBeLessThan(1.949 / Math.sqrt(n));
  });
});

describe('stream independence', () => {
  it('adjacent streams and adjacent seeds are uncorrelated (|r| < 5/√n)', () => {
    const n = 100_000;
    const bound = 5 / Math.sqrt(n);
    for (let i = 0; i < 8; i++) {
      const a = rng.normals({ seed: 11, stream: i, count: n });
      const b = rng.normals({ seed: 11, stream: i + 1, count: n });
      expect(Math.abs(correlation(a, b))).toBeLessThan(bound);
    }
    const s0 = rng.uniforms({ seed: 0, stream: 0, count: n });
    const s1 = rng.uniforms({ seed: 1, stream: 0, count: n });
    expect(Math.abs(correlation(s0, s1))).toBeLessThan(bound);
  });

  it('gives distinct streams for distinct (seed, index)', () => {
    const first = new Set<bigint>();
    for (let seed = 0; seed < 4; seed++) {
      for (let stream = 0; stream < 64; stream++) first.add(rng.bits({ seed, stream, count: 1 })[0] as bigint);
    }
    expect(first.size).toBe(4 * 64);
  });
});

describe('TS baseline twin', () => {
  const cases: Array<[number | bigint, number]> = [[42, 0], [42, 3], [0, 1_000_000], [(1n << 63n) + 5n, 2 ** 40]];

  it('produces bit-identical 64-bit words and uniforms', () => {
    for (const [seed, stream] of cases) {
      const wasm = rng.bits({ seed, stream, count: 10_000 });
      const base = new BaselineStream(BigInt(seed), BigInt(stream));
      for (let i = 0; i < wasm.length; i++) expect(base.bits()).toBe(wasm[i]);
      const u = rng.uniforms({ seed, stream, count: 10_000 });
      const bu = new BaselineStream(BigInt(seed), BigInt(stream));
      for (let i = 0; i < u.length; i++) expect(bu.uniform()).toBe(u[i]);
    }
  });

  it('produces the same normals (the fast path is bit-identical; ln/exp in the rare slow path may differ by an ulp)', () => {
    const count = 200_000;
    const z = rng.normals({ seed: 9, stream: 4, count });
    const b = new BaselineStream(9n, 4n);
    let maxRel = 0, exact = 0;
    for (let i = 0; i < count; i++) {
      const v = b.normal();
      if (v === z[i]) exact++;
      maxRel = Math.max(maxRel, Math.abs(v - (z[i] as number)) / Math.max(1, Math.abs(v)));
    }
    expect(maxRel).toBeLessThan(1e-14);
    expect(exact).toBeGreaterThan(count * 0.999);
  });
});
