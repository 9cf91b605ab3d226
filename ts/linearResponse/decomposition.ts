/**
 * The drift decomposition `A = (D + Q) U` of an OU process `dX = −A(X − μ)dt + √(2D) dW`
 * (Kwon, Ao & Thouless, PNAS 102 (2005); Kunin et al. (2021) §5 and App. D.2, E.3).
 *
 * Derived here (the errata: Kunin's eqs. (27)–(28) need A symmetric, which the phase-space
 * A is not): let B solve `A B + B Aᵀ = 2D`. Split `A B` into its symmetric and skew parts:
 * `A B = ½(AB + BAᵀ) + ½(AB − BAᵀ) = D + Q` with `Q = A B − D = ½(AB − BAᵀ)` skew. When
 * B ≻ 0, `U = B⁻¹` gives `(D + Q) U = A B B⁻¹ = A`. Then
 * - the stationary law is `p_ss ∝ exp(−Ψ)`, `Ψ(x) = ½ (x − μ)ᵀ U (x − μ)` (the modified loss;
 *   Kunin's κΨ — the temperature is inside our D);
 * - the stationary probability current is `J(x) = j(x) p_ss(x)`, `j(x) = −A(x−μ) + D U (x−μ)
 *   = −Q U (x − μ)`, divergence-free and orthogonal to ∇Ψ because Q is skew (Kunin eq. (44));
 * - detailed balance (J ≡ 0) holds iff Q = 0, i.e. `A B` symmetric. Since `‖AB‖²_F =
 *   ‖D‖²_F + ‖Q‖²_F`, the ratio `‖Q‖_F / ‖AB‖_F ∈ [0, 1]` measures how far it is broken.
 */
import { core } from '../runtime.js';
import * as raw from '../../bindings/linalg.js';
import { finiteArray, invalid, nonNegative } from '../validate.js';
import type { OrnsteinUhlenbeck } from './ou.js';
import { add, dot, frobenius, matvec, mul } from './dense.js';

/** Result of `driftDecomposition`. Matrices are row-major n×n. */
export interface DriftDecomposition {
  /** Stationary covariance B (`A B + B Aᵀ = 2D`). */
  B: Float64Array;
  /** Skew-symmetric `Q = A B − D`. */
  Q: Float64Array;
  /** Positive-definite `U = B⁻¹`. */
  U: Float64Array;
  /** `‖Q‖_F`, the relative size `‖Q‖_F/‖AB‖_F`, and whether detailed balance holds (relative ≤ tolerance). */
  detailedBalance: { normQ: number; relative: number; holds: boolean; tolerance: number };
  /** `Ψ(x) = ½ (x − μ)ᵀ U (x − μ)`: `p_ss ∝ exp(−Ψ)`. */
  modifiedLoss(x: ArrayLike<number>): number;
  /** `j(x) = −Q U (x − μ)`: the stationary current per unit density. */
  currentVelocity(x: ArrayLike<number>): Float64Array;
  /** The Gaussian stationary density `p_ss(x) = exp(−Ψ(x)) / √((2π)ⁿ det B)`. */
  stationaryDensity(x: ArrayLike<number>): number;
  /** `J(x) = j(x) p_ss(x)`. */
  stationaryCurrent(x: ArrayLike<number>): Float64Array;
}

/**
 * Decomposes an OU process's drift as `A = (D + Q) U` (see the module comment). Requires
 * the stationary covariance B to be positive definite (the noise must reach every
 * direction: (A, D) controllable); otherwise U = B⁻¹ does not exist and this throws.
 * `tolerance` (default 1e-10) decides `detailedBalance.holds`.
 */
export function driftDecomposition(process: OrnsteinUhlenbeck, options: { tolerance?: number } = {}): DriftDecomposition {
  const where = 'driftDecomposition';
  const tolerance = nonNegative(where, 'tolerance', options.tolerance ?? 1e-10);
  const n = process.dim;
  const c = core();
  const b = process.stationaryCovariance();
  let l: Float64Array;
  try {
    l = raw.cholesky(c, n, b, where);
  } catch {
    throw invalid(where, 'process', '(OU process)', 'its stationary covariance B must be positive definite for U = B⁻¹ to exist, but B is singular: the noise does not reach every direction (D too degenerate for (A, D) to be controllable)');
  }
  const ab = mul(process.drift, b, n);
  const q = add(ab, process.diffusion, -1);
  // Exact skew part (removes the rounding-level symmetric residue).
  for (let i = 0; i < n; i++) {
    q[i * n + i] = 0;
    for (let j = 0; j < i; j++) {
      const s = 0.5 * ((q[i * n + j] as number) - (q[j * n + i] as number));
      q[i * n + j] = s;
      q[j * n + i] = -s;
    }
  }
  const id = new Float64Array(n * n);
  for (let i = 0; i < n; i++) id[i * n + i] = 1;
  const uRaw = raw.solve(c, n, n, b, id, where);
  const u = uRaw.map((_, k) => 0.5 * ((uRaw[k] as number) + (uRaw[(k % n) * n + Math.floor(k / n)] as number)));
  let logDet = 0;
  for (let i = 0; i < n; i++) logDet += 2 * Math.log(l[i * n + i] as number);
  const logNorm = -0.5 * (n * Math.log(2 * Math.PI) + logDet);
  const normQ = frobenius(q);
  const normAB = frobenius(ab);
  const relative = normAB > 0 ? normQ / normAB : 0;
  const mu = process.mean;
  const dev = (name: string, x: ArrayLike<number>): Float64Array => finiteArray(where, name, x, [n], `${n} entries`).map((v, i) => v - (mu[i] as number));
  const psi = (x: ArrayLike<number>): number => {
    const e = dev('x', x);
    return 0.5 * dot(e, matvec(u, e, n));
  };
  const velocity = (x: ArrayLike<number>): Float64Array => matvec(mul(q, u, n), dev('x', x), n).map((v) => -v);
  const density = (x: ArrayLike<number>): number => Math.exp(logNorm - psi(x));
  return {
    B: b,
    Q: q,
    U: u,
    detailedBalance: { normQ, relative, holds: relative <= tolerance, tolerance },
    modifiedLoss: psi,
    currentVelocity: velocity,
    stationaryDensity: density,
    stationaryCurrent: (x) => {
      const p = density(x);
      return velocity(x).map((v) => v * p);
    },
  };
}
