/**
 * Pure-TypeScript twin of the SGD engine's hot path (crate/src/sgd/run.rs with the linear
 * model, squared loss, 'half-mean' normalisation, no bias / L2, sampling with replacement,
 * canonical momentum, constant learning rate): the same algorithm and the same floating-point
 * operation order (two-lane dot products, Lemire's bounded integers on the same xoshiro256++
 * streams), so its parameters are bit-identical to the WASM run's (tested). It is the honest
 * baseline of `bench/sgd.mjs`.
 */
import { BaselineStream } from './rng.js';

/** Options of `BaselineLinearSgd`. */
export interface BaselineLinearSgdSpec {
  /** Inputs, N × d row-major. */
  x: Float64Array;
  /** Labels (N). */
  y: Float64Array;
  d: number;
  batchSize: number;
  learningRate: number;
  momentum: number;
  nReplicas: number;
  seed: bigint;
  /** Start (d entries, shared). */
  x0: ArrayLike<number>;
}

/** Exact `a·b` for a, b < 2³² as [high, low] u32 words (16-bit splitting keeps every product < 2⁵³). */
function mul32(a: number, b: number): [number, number] {
  const t1 = (a & 0xffff) * b; // < 2⁴⁸
  const t2 = (a >>> 16) * b; // < 2⁴⁸
  const mid = (t2 % 65536) * 65536 + t1; // < 2⁴⁹
  const lo = mid % 4294967296;
  const hi = Math.floor(t2 / 65536) + Math.floor(mid / 4294967296);
  return [hi, lo];
}

/** A uniform integer in [0, n) by Lemire's multiply-and-reject (as crate/src/sgd/sampler.rs `below`). */
export function baselineBelow(s: BaselineStream, n: number): number {
  for (let threshold = -1; ;) {
    s.next();
    // m = (hi·2³² + lo)·n = H·2³² + L; result = m >> 64, low 64 bits = (word1, word0)
    const [lh, ll] = mul32(s.lo, n);
    const [hh, hl] = mul32(s.hi, n);
    const word1 = lh + hl;
    const result = hh + (word1 >= 4294967296 ? 1 : 0);
    const w1 = word1 % 4294967296;
    if (!(w1 === 0 && ll < n)) return result;
    if (threshold < 0) threshold = Number((2n ** 64n - BigInt(n)) % BigInt(n));
    if (!(w1 === 0 && ll < threshold)) return result;
  }
}

export class BaselineLinearSgd {
  readonly theta: Float64Array;
  readonly velocity: Float64Array;
  private readonly spec: BaselineLinearSgdSpec;
  private readonly streams: BaselineStream[];
  private readonly g: Float64Array;
  private readonly batch: Int32Array;

  constructor(spec: BaselineLinearSgdSpec) {
    this.spec = spec;
    const { d, nReplicas } = spec;
    this.theta = new Float64Array(nReplicas * d);
    for (let r = 0; r < nReplicas; r++) this.theta.set(Array.from(spec.x0), r * d);
    this.velocity = new Float64Array(nReplicas * d);
    this.streams = Array.from({ length: nReplicas }, (_, r) => new BaselineStream(spec.seed, BigInt(r)));
    this.g = new Float64Array(d);
    this.batch = new Int32Array(spec.batchSize);
  }

  /** Advances every replica by `k` steps. */
  step(k: number): void {
    const { x, y, d, batchSize: B, learningRate: eta, momentum: beta, nReplicas } = this.spec;
    const N = y.length;
    const s = (N * (0.5 / N)) / B; // N c / B with c = 1/(2N)
    const g = this.g, batch = this.batch;
    const pairs = d & ~1;
    for (let r = 0; r < nReplicas; r++) {
      const stream = this.streams[r] as BaselineStream;
      const o = r * d;
      const t = this.theta, v = this.velocity;
      for (let step = 0; step < k; step++) {
        for (let j = 0; j < B; j++) batch[j] = baselineBelow(stream, N);
        for (let j = 0; j < d; j++) g[j] = 0 * (t[o + j] as number);
        for (let j = 0; j < B; j++) {
          const xi = (batch[j] as number) * d;
          // two-lane dot product, as crate/src/sgd/models/mod.rs `dot`
          let a0 = 0, a1 = 0;
          for (let m = 0; m < pairs; m += 2) {
            a0 += (t[o + m] as number) * (x[xi + m] as number);
            a1 += (t[o + m + 1] as number) * (x[xi + m + 1] as number);
          }
          let f = a0 + a1;
          if (pairs < d) f += (t[o + pairs] as number) * (x[xi + pairs] as number);
          f += 0;
          const c = s * (2 * (f - (y[batch[j] as number] as number)));
          for (let m = 0; m < d; m++) g[m] = (g[m] as number) + c * (x[xi + m] as number);
        }
        for (let m = 0; m < d; m++) {
          const vm = beta * (v[o + m] as number) - eta * ((g[m] as number) + 0 * (t[o + m] as number));
          v[o + m] = vm;
          t[o + m] = (t[o + m] as number) + vm;
        }
      }
    }
  }
}
