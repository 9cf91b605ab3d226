/**
 * Per-coordinate mean and variance of an ensemble, reduced so the result is bit-identical
 * however the trajectories are split among workers: each worker summarises fixed blocks of
 * `MOMENT_BLOCK` trajectories (aligned to the run's first trajectory; ranges are split on
 * block boundaries), and the main thread merges the block summaries in block order with the
 * pairwise update of Chan, Golub & LeVeque (1979, "Updating formulae and a pairwise algorithm
 * for computing sample variances"):
 *   n = nₐ + n_b, δ = x̄_b − x̄ₐ, x̄ = x̄ₐ + δ n_b/n, M₂ = M₂ₐ + M₂_b + δ² nₐ n_b / n.
 */
export const MOMENT_BLOCK = 256;

/** Block summaries of rows `x` (m × d): per block `[count, mean₀..mean_{d−1}, M2₀..M2_{d−1}]`. */
export function blockMoments(x: Float64Array, d: number): Float64Array {
  const m = x.length / d;
  const blocks = Math.ceil(m / MOMENT_BLOCK);
  const stride = 1 + 2 * d;
  const out = new Float64Array(blocks * stride);
  for (let b = 0; b < blocks; b++) {
    const start = b * MOMENT_BLOCK, end = Math.min(m, start + MOMENT_BLOCK);
    const o = b * stride;
    out[o] = end - start;
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let i = start; i < end; i++) s += x[i * d + j] as number;
      const mean = s / (end - start);
      let m2 = 0;
      for (let i = start; i < end; i++) m2 += ((x[i * d + j] as number) - mean) ** 2;
      out[o + 1 + j] = mean;
      out[o + 1 + d + j] = m2;
    }
  }
  return out;
}

/** Merges block summaries in the order they are added (Chan et al.'s pairwise update). */
export class MomentAccumulator {
  private n = 0;
  private readonly mean: Float64Array;
  private readonly m2: Float64Array;

  constructor(private readonly d: number) {
    this.mean = new Float64Array(d);
    this.m2 = new Float64Array(d);
  }

  /** Adds the block summaries of `part` (from `blockMoments`), block by block. */
  add(part: Float64Array): this {
    const d = this.d, stride = 1 + 2 * d;
    for (let o = 0; o < part.length; o += stride) {
      const nb = part[o] as number;
      const total = this.n + nb;
      for (let j = 0; j < d; j++) {
        const delta = (part[o + 1 + j] as number) - (this.mean[j] as number);
        this.mean[j] = (this.mean[j] as number) + (delta * nb) / total;
        this.m2[j] = (this.m2[j] as number) + (part[o + 1 + d + j] as number) + (delta * delta * this.n * nb) / total;
      }
      this.n = total;
    }
    return this;
  }

  /** Count, mean and unbiased variance per coordinate so far. */
  result(): { count: number; mean: Float64Array; variance: Float64Array } {
    const n = this.n;
    return { count: n, mean: this.mean.slice(), variance: this.m2.map((v) => (n > 1 ? v / (n - 1) : 0)) };
  }
}
