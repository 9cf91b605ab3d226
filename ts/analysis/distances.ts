/**
 * Distances between two samples (ensembles), for comparing an SGD ensemble with its SDE
 * surrogate (`sgd.compare`) or any two simulations:
 *
 * - `wasserstein1d`: the exact p-Wasserstein distance between two empirical laws on ℝ,
 *   `W_p^p = ∫₀¹ |F⁻¹(u) − G⁻¹(u)|^p du` (Villani 2009, Remark 2.19; in 1-D the monotone
 *   coupling is optimal), computed over the merged breakpoints of the two quantile functions,
 *   so sample sizes may differ.
 * - `slicedWasserstein`: `SW_p^p = E_u[W_p^p(uᵀX, uᵀY)]` over directions u uniform on the unit
 *   sphere (Rabin et al. 2011; Bonneel et al. 2015), estimated with m seeded directions.
 * - `totalVariation`: `½ Σ |p̂ᵢ − q̂ᵢ|` between the two samples' histograms on one common grid
 *   (1-D marginals, or the joint law on a 2-D grid). With n samples per side its sampling
 *   floor is up to about `√(bins/(πn))` even for identical laws (each |p̂ᵢ − q̂ᵢ| has mean
 *   `√(4pᵢ/(πn))` when npᵢ is large; Cauchy–Schwarz bounds the sum; it is a mean, not a maximum), so compare against that level, not against 0.
 * - `gaussianWasserstein2`: the closed form between 1-D Gaussians, `W₂² = (μ₁ − μ₂)² + (s₁ − s₂)²`
 *   (Dowson & Landau 1982).
 */
import { rng } from '../rng.js';
import { finiteArray, integer, invalid, oneOf, seed as seedOf } from '../validate.js';

/** Sorted copy. */
function sorted(a: ArrayLike<number>): Float64Array {
  return Float64Array.from(a).sort();
}

/** `W_p` between sorted samples (quantile functions merged over their breakpoints). */
function wassersteinSorted(a: Float64Array, b: Float64Array, p: number): number {
  const n = a.length, m = b.length;
  let i = 0, j = 0, u = 0, sum = 0;
  while (i < n && j < m) {
    const ui = (i + 1) / n, uj = (j + 1) / m;
    const next = Math.min(ui, uj);
    const diff = Math.abs((a[i] as number) - (b[j] as number));
    sum += (next - u) * (p === 1 ? diff : p === 2 ? diff * diff : diff ** p);
    u = next;
    // Advance whichever quantile step ends here (both when they end together).
    if (ui <= next) i++;
    if (uj <= next) j++;
  }
  return p === 1 ? sum : p === 2 ? Math.sqrt(sum) : sum ** (1 / p);
}

function sampleOf(where: string, name: string, v: unknown): Float64Array {
  const len = (v as ArrayLike<number> | undefined)?.length;
  return finiteArray(where, name, v, typeof len === 'number' && len > 0 ? [len] : [], 'a non-empty array of finite numbers');
}

function orderOf(where: string, p: unknown): number {
  const order = p ?? 2;
  if (typeof order !== 'number' || !(order >= 1) || !Number.isFinite(order)) throw invalid(where, 'order', p, 'it must be a finite number >= 1');
  return order;
}

/** The p-Wasserstein distance (default p = 2) between two samples on ℝ (any sizes). */
export function wasserstein1d(a: ArrayLike<number>, b: ArrayLike<number>, options: { order?: number } = {}): number {
  const where = 'wasserstein1d';
  return wassersteinSorted(sorted(sampleOf(where, 'a', a)), sorted(sampleOf(where, 'b', b)), orderOf(where, options.order));
}

/** Options of `slicedWasserstein`. */
export interface SlicedWassersteinOptions {
  /** Number of directions m (default 64; for d = 1 the one direction is exact). */
  projections?: number;
  /** Seed of the directions (default 0): direction j is the normalised normal vector of stream j. */
  seed?: number | bigint;
  /** p (default 2). */
  order?: number;
}

/**
 * Sliced p-Wasserstein distance between two samples in ℝᵈ (rows of n × d and m × d,
 * row-major): `(1/m Σⱼ W_p^p(uⱼᵀX, uⱼᵀY))^{1/p}` with seeded directions uⱼ uniform on the sphere.
 */
export function slicedWasserstein(a: ArrayLike<number>, b: ArrayLike<number>, dim: number, options: SlicedWassersteinOptions = {}): number {
  const where = 'slicedWasserstein';
  const d = integer(where, 'dim', dim, 1);
  const x = sampleOf(where, 'a', a), y = sampleOf(where, 'b', b);
  if (x.length % d !== 0) throw invalid(where, 'a', `${x.length} numbers`, `a multiple of dim = ${d} (n × d, row-major)`);
  if (y.length % d !== 0) throw invalid(where, 'b', `${y.length} numbers`, `a multiple of dim = ${d} (m × d, row-major)`);
  const p = orderOf(where, options.order);
  const m = d === 1 ? 1 : integer(where, 'projections', options.projections ?? 64, 1);
  const seed = seedOf(where, options.seed ?? 0);
  const n1 = x.length / d, n2 = y.length / d;
  const px = new Float64Array(n1), py = new Float64Array(n2);
  let total = 0;
  for (let j = 0; j < m; j++) {
    const u = d === 1 ? Float64Array.of(1) : rng.normals({ seed, stream: j, count: d });
    const norm = Math.hypot(...u);
    for (let k = 0; k < d; k++) u[k] = (u[k] as number) / norm;
    const project = (s: Float64Array, out: Float64Array) => {
      for (let r = 0; r < out.length; r++) {
        let v = 0;
        for (let k = 0; k < d; k++) v += (u[k] as number) * (s[r * d + k] as number);
        out[r] = v;
      }
      return out.sort();
    };
    total += wassersteinSorted(project(x, px), project(y, py), p) ** p;
  }
  return (total / m) ** (1 / p);
}

/** A histogram on a uniform grid. */
export interface GridHistogram {
  /** Bin edges (bins + 1). */
  edges: Float64Array;
  /** Counts per bin (observations outside the range are left out and counted in `outside`). */
  counts: Float64Array;
  outside: number;
}

/** Counts of `values` in `bins` equal bins over `[lo, hi]` (the last bin includes hi). */
export function gridHistogram(values: ArrayLike<number>, range: readonly [number, number], bins: number): GridHistogram {
  const where = 'gridHistogram';
  const nb = integer(where, 'bins', bins, 1);
  const [lo, hi] = range;
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) throw invalid(where, 'range', range, 'it must be [lo, hi] with finite lo < hi');
  const counts = new Float64Array(nb);
  let outside = 0;
  const w = (hi - lo) / nb;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!(v >= lo && v <= hi)) {
      outside++;
      continue;
    }
    counts[Math.min(nb - 1, Math.floor((v - lo) / w))]! += 1;
  }
  return { edges: Float64Array.from({ length: nb + 1 }, (_, i) => lo + i * w), counts, outside };
}

/** Options of `totalVariation`. */
export interface TotalVariationOptions {
  /** Bins per coordinate (default 40). */
  bins?: number;
  /** Grid range per coordinate: one [lo, hi] for all, or one per coordinate (default: the pooled min/max of both samples). */
  range?: readonly [number, number] | ReadonlyArray<readonly [number, number]>;
  /** `'marginals'` (default): one TV per coordinate; `'joint'`: the d-dimensional grid (d ≤ 3). */
  mode?: 'marginals' | 'joint';
}

/** Pooled [min, max] of coordinate k of two row-major samples, widened if degenerate. */
function pooledRange(x: Float64Array, y: Float64Array, d: number, k: number): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const s of [x, y]) {
    for (let r = k; r < s.length; r += d) {
      lo = Math.min(lo, s[r] as number);
      hi = Math.max(hi, s[r] as number);
    }
  }
  if (!(hi > lo)) {
    const pad = Math.max(1e-12, Math.abs(lo) * 1e-9);
    return [lo - pad, hi + pad];
  }
  return [lo, hi];
}

/**
 * Total variation `½ Σᵢ |p̂ᵢ − q̂ᵢ|` between the histograms of two samples (rows of n × d and
 * m × d) on a common uniform grid; mass outside the grid counts as one extra cell. Returns one
 * value per coordinate (`'marginals'`) or one value for the joint grid (`'joint'`).
 */
export function totalVariation(a: ArrayLike<number>, b: ArrayLike<number>, dim: number, options: TotalVariationOptions = {}): Float64Array {
  const where = 'totalVariation';
  const d = integer(where, 'dim', dim, 1);
  const x = sampleOf(where, 'a', a), y = sampleOf(where, 'b', b);
  if (x.length % d !== 0 || y.length % d !== 0) throw invalid(where, 'a, b', `${x.length}, ${y.length} numbers`, `multiples of dim = ${d}`);
  const bins = integer(where, 'bins', options.bins ?? 40, 1);
  const mode = oneOf(where, 'mode', options.mode ?? 'marginals', ['marginals', 'joint'] as const);
  if (mode === 'joint' && d > 3) throw invalid(where, 'mode', mode, `'joint' grids are for d <= 3 (d = ${d}); use 'marginals' or slicedWasserstein`);
  const r = options.range;
  const ranges: Array<readonly [number, number]> = Array.from({ length: d }, (_, k) => {
    if (r === undefined) return pooledRange(x, y, d, k);
    const one = typeof r[0] === 'number' ? (r as readonly [number, number]) : (r as ReadonlyArray<readonly [number, number]>)[k];
    if (!one || !(Number.isFinite(one[0]) && Number.isFinite(one[1]) && one[0] < one[1])) throw invalid(where, `range[${k}]`, one, 'it must be [lo, hi] with finite lo < hi');
    return one;
  });
  /** Cell index of row `row` in coordinates `ks` (−1 if outside). */
  const cell = (s: Float64Array, row: number, ks: number[]): number => {
    let c = 0;
    for (const k of ks) {
      const [lo, hi] = ranges[k] as readonly [number, number];
      const v = s[row * d + k] as number;
      if (!(v >= lo && v <= hi)) return -1;
      c = c * bins + Math.min(bins - 1, Math.floor(((v - lo) / (hi - lo)) * bins));
    }
    return c;
  };
  const tv = (ks: number[]): number => {
    const cells = bins ** ks.length;
    const p = new Float64Array(cells + 1), q = new Float64Array(cells + 1);
    const n1 = x.length / d, n2 = y.length / d;
    for (let i = 0; i < n1; i++) { const c = cell(x, i, ks); p[c < 0 ? cells : c]! += 1; }
    for (let i = 0; i < n2; i++) { const c = cell(y, i, ks); q[c < 0 ? cells : c]! += 1; }
    let s = 0;
    // Σ |pᵢ/n₁ − qᵢ/n₂| = Σ |pᵢn₂ − qᵢn₁| / (n₁n₂): integer sums, exact below 2⁵³
    for (let c = 0; c <= cells; c++) s += Math.abs((p[c] as number) * n2 - (q[c] as number) * n1);
    return (0.5 * s) / (n1 * n2);
  };
  return mode === 'joint' ? Float64Array.of(tv(Array.from({ length: d }, (_, k) => k))) : Float64Array.from({ length: d }, (_, k) => tv([k]));
}

/** Closed-form W₂ between the 1-D Gaussians N(m₁, s₁²) and N(m₂, s₂²): `√((m₁ − m₂)² + (s₁ − s₂)²)`. */
export function gaussianWasserstein2(m1: number, s1: number, m2: number, s2: number): number {
  return Math.hypot(m1 - m2, s1 - s2);
}

/** Mean (d) and covariance (d × d, 1/(n − 1)) of the rows of an n × d sample. */
export function sampleMoments(x: ArrayLike<number>, dim: number): { mean: Float64Array; covariance: Float64Array; n: number } {
  const where = 'sampleMoments';
  const d = integer(where, 'dim', dim, 1);
  const s = sampleOf(where, 'x', x);
  if (s.length % d !== 0) throw invalid(where, 'x', `${s.length} numbers`, `a multiple of dim = ${d}`);
  const n = s.length / d;
  const mean = new Float64Array(d), cov = new Float64Array(d * d);
  for (let r = 0; r < n; r++) for (let k = 0; k < d; k++) mean[k]! += s[r * d + k] as number;
  for (let k = 0; k < d; k++) mean[k] = (mean[k] as number) / n;
  for (let r = 0; r < n; r++) {
    for (let a = 0; a < d; a++) {
      const da = (s[r * d + a] as number) - (mean[a] as number);
      for (let b = 0; b <= a; b++) cov[a * d + b]! += da * ((s[r * d + b] as number) - (mean[b] as number));
    }
  }
  const inv = n > 1 ? 1 / (n - 1) : 0;
  for (let a = 0; a < d; a++) {
    for (let b = 0; b <= a; b++) {
      const v = (cov[a * d + b] as number) * inv;
      cov[a * d + b] = v;
      cov[b * d + a] = v;
    }
  }
  return { mean, covariance: cov, n };
}
