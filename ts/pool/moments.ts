/**
 * Per-coordinate mean and variance of an ensemble, reduced so the result is bit-identical
 * however the trajectories are split among workers: each worker summarises fixed blocks of
 * `MOMENT_BLOCK` trajectories in WASM (crate/src/sde/moments.rs; blocks are aligned to the
 * run's first trajectory and ranges are split on block boundaries), and the main thread
 * merges the summaries in block order with the pairwise update of Chan, Golub & LeVeque
 * (1979, "Updating formulae and a pairwise algorithm for computing sample variances"):
 *   n = nₐ + n_b, δ = x̄_b − x̄ₐ, x̄ = x̄ₐ + δ n_b/n, M₂ = M₂ₐ + M₂_b + δ² nₐ n_b / n.
 */
export const MOMENT_BLOCK = 256;

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
