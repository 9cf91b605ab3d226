/**
 * Dense linear algebra (public `linalg`), computed in WASM (crate/src/linalg) except
 * `lanczos`, which runs in TS because its operator is a JS callback (a WASM version would
 * call back into JS once per product; `hessianEigen` is the all-WASM variant for a
 * `Landscape`).
 *
 * **Matrices.** Every matrix argument is either an array of rows (`number[][]`, each row
 * of the same length) or a flat row-major array-like (`Float64Array` / `number[]`) of
 * length n² (n is inferred). Results are row-major `Float64Array`s of length n².
 */
import * as raw from '../bindings/linalg.js';
import type { Landscape } from './landscape.js';
import { core } from './runtime.js';
import { rng } from './rng.js';
import { finiteArray, integer, invalid, oneOf, positive, seed as seedOf } from './validate.js';

/** A square matrix: rows (`number[][]`) or a flat row-major array of length n². */
export type Matrix = ArrayLike<number> | ReadonlyArray<ArrayLike<number>>;

/** A validated square matrix: row-major data and its order n. */
export interface SquareMatrix {
  data: Float64Array;
  n: number;
}

function isRows(m: unknown): m is ReadonlyArray<ArrayLike<number>> {
  return Array.isArray(m) && m.length > 0 && m.every((r) => Array.isArray(r) || ArrayBuffer.isView(r));
}

/**
 * @internal Validates a square matrix of finite numbers (rows or flat row-major) and returns
 * it flat. `n` fixes the order when given.
 */
export function squareMatrix(where: string, name: string, m: unknown, n?: number): SquareMatrix {
  if (isRows(m)) {
    const rows = m.length;
    if (n !== undefined && rows !== n) throw invalid(where, `${name}.length`, rows, `it must be ${n} (a ${n}×${n} matrix)`);
    const data = new Float64Array(rows * rows);
    m.forEach((row, i) => {
      if (row.length !== rows) throw invalid(where, `${name}[${i}].length`, row.length, `it must be ${rows}: the matrix must be square (${rows} rows)`);
      for (let j = 0; j < rows; j++) {
        const v = row[j];
        if (typeof v !== 'number' || !Number.isFinite(v)) throw invalid(where, `${name}[${i}][${j}]`, v, 'every entry must be a finite number');
        data[i * rows + j] = v;
      }
    });
    return { data, n: rows };
  }
  if (!(Array.isArray(m) || (ArrayBuffer.isView(m) && !(m instanceof DataView)))) {
    throw invalid(where, name, m, 'it must be a square matrix: an array of rows or a flat row-major array of length n²');
  }
  const len = (m as ArrayLike<unknown>).length;
  const order = n ?? Math.round(Math.sqrt(len));
  if (order < 1 || order * order !== len) {
    throw invalid(where, `${name}.length`, len, n !== undefined ? `it must be ${n * n} (a ${n}×${n} matrix, row-major)` : 'it must be a perfect square n² >= 1 (a flat row-major n×n matrix)');
  }
  const flat = finiteArray(where, name, m, [len], `${order}×${order} = ${len} entries`);
  return { data: flat, n: order };
}

/** @internal Checks |aᵢⱼ − aⱼᵢ| ≤ tol·max|a| and returns the symmetrised matrix. */
export function symmetricMatrix(where: string, name: string, m: SquareMatrix, tol = 1e-10): Float64Array {
  const { data, n } = m;
  let scale = 0;
  for (const v of data) scale = Math.max(scale, Math.abs(v));
  const out = Float64Array.from(data);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const a = data[i * n + j] as number, b = data[j * n + i] as number;
      if (Math.abs(a - b) > tol * scale) {
        throw invalid(where, `${name}[${i}][${j}]`, a, `${name} must be symmetric, but ${name}[${j}][${i}] = ${b}`);
      }
      out[i * n + j] = out[j * n + i] = 0.5 * (a + b);
    }
  }
  return out;
}

/** Result of `linalg.symmetricEigen`. */
export interface SymmetricEigen {
  /** Eigenvalues in ascending order. */
  values: Float64Array;
  /** Orthonormal eigenvectors as the columns of a row-major n×n matrix (`vectors[i*n + j]` = component i of vector j). */
  vectors: Float64Array;
}

/** Result of `linalg.lu`: `P A = L U`. */
export interface LuResult {
  /** Unit lower-triangular factor (row-major n×n). */
  L: Float64Array;
  /** Upper-triangular factor (row-major n×n). */
  U: Float64Array;
  /** Row i of `P A` is row `permutation[i]` of A. */
  permutation: number[];
  determinant: number;
}

/** Result of `linalg.schur`: `A = Z T Zᵀ`. */
export interface SchurResult {
  /** Upper quasi-triangular (1×1 and 2×2 diagonal blocks; 2×2 blocks are not standardised). */
  T: Float64Array;
  /** Orthogonal. */
  Z: Float64Array;
  /** Eigenvalues in block order: real and imaginary parts. */
  eigenvalues: { re: Float64Array; im: Float64Array };
}

/** Options of `linalg.lanczos` / `linalg.hessianEigen`. */
export interface LanczosOptions {
  /** Residual tolerance `‖A y − θ y‖ ≤ tol · max|θ|`; default 1e-10. */
  tol?: number;
  /** Seed of the random start vectors; default 0. */
  seed?: number | bigint;
  /** Cap on the Krylov basis (memory 2·d·maxBasis numbers); default min(d, max(10k, 200)). */
  maxBasis?: number;
  /** `'largest'` (default) or `'smallest'` algebraic eigenvalues (`lanczos` only). */
  which?: 'largest' | 'smallest';
}

/** Result of `linalg.lanczos`. */
export interface LanczosResult {
  /** The k eigenvalues, largest first (smallest first for `which: 'smallest'`). */
  values: Float64Array;
  /** Eigenvectors as the columns of a row-major d×k matrix. */
  vectors: Float64Array;
  /** `‖A yᵢ − θᵢ yᵢ‖`, computed from stored products (not estimated). */
  residuals: Float64Array;
  /** Number of matrix–vector products. */
  matvecs: number;
}

function lanczosOptions(where: string, d: number, k: number, o: LanczosOptions, cap = Infinity) {
  const tol = positive(where, 'tol', o.tol ?? 1e-10);
  const seed = seedOf(where, o.seed ?? 0);
  const maxBasis = integer(where, 'maxBasis', o.maxBasis ?? Math.max(k, Math.min(d, Math.max(10 * k, 200), cap)), k);
  if (maxBasis > cap) throw invalid(where, 'maxBasis', maxBasis, `it must be <= ${cap} here`);
  return { tol, seed, maxBasis: Math.min(maxBasis, d) };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

function reorthogonalise(w: Float64Array, basis: Float64Array[]): void {
  for (let pass = 0; pass < 2; pass++) {
    for (const q of basis) {
      const c = dot(w, q);
      for (let i = 0; i < w.length; i++) w[i] = (w[i] as number) - c * (q[i] as number);
    }
  }
}

/**
 * Top-k eigenpairs of a symmetric operator known by its product `matvec(x) = A x`, by the
 * Lanczos iteration with full reorthogonalisation (Golub & Van Loan, *Matrix Computations*
 * 4th ed., §10.1; Parlett, *The Symmetric Eigenvalue Problem*, ch. 13) — the same algorithm
 * as crate/src/linalg/lanczos.rs: Rayleigh–Ritz on the Krylov basis Q with `H = QᵀAQ`
 * (the Gram–Schmidt coefficients) and exact residuals from the stored `A Q`; when the top k
 * have converged the basis is extended from a fresh random vector and the answer accepted
 * only if it does not change (this finds repeated eigenvalues, which a single Krylov
 * sequence cannot see). The projected eigenproblem is solved in WASM (Jacobi).
 */
function lanczos(matvec: (x: Float64Array) => ArrayLike<number>, d: number, k: number, options: LanczosOptions = {}): LanczosResult {
  const where = 'linalg.lanczos';
  if (typeof matvec !== 'function') throw invalid(where, 'matvec', matvec, 'it must be a function x => A x');
  integer(where, 'd', d, 1);
  integer(where, 'k', k, 1);
  if (k > d) throw invalid(where, 'k', k, `it must be <= d = ${d}`);
  const { tol, seed, maxBasis } = lanczosOptions(where, d, k, options);
  const sign = oneOf(where, 'which', options.which ?? 'largest', ['largest', 'smallest']) === 'smallest' ? -1 : 1;
  const c = core();
  const basis: Float64Array[] = [];
  const aq: Float64Array[] = [];
  const h: number[][] = [];
  let fresh = 0;
  const start = (): Float64Array => rng.normals({ seed, stream: fresh, count: d });
  let q = start();
  let matvecs = 0;
  let previous: Float64Array | undefined;
  let scale = 0;
  for (;;) {
    reorthogonalise(q, basis);
    const norm = Math.sqrt(dot(q, q));
    if (!(norm > 1e-8)) {
      fresh++;
      if (fresh > 100 + 2 * d) throw invalid(where, 'matvec', '(operator)', 'could not extend the orthonormal basis');
      q = start();
      continue;
    }
    for (let i = 0; i < d; i++) q[i] = (q[i] as number) / norm;
    const out = matvec(Float64Array.from(q));
    matvecs++;
    if (out == null || out.length !== d) throw invalid(where, 'matvec(x).length', out?.length, `it must be d = ${d}`);
    const w = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      const v = sign * Number(out[i]);
      if (!Number.isFinite(v)) throw invalid(where, `matvec(x)[${i}]`, out[i], 'every entry must be a finite number');
      w[i] = v;
    }
    basis.push(q);
    const m = basis.length;
    const row: number[] = [];
    for (let i = 0; i < m; i++) {
      row.push(i + 1 < m ? 0.5 * (dot(basis[i] as Float64Array, w) + dot(q, aq[i] as Float64Array)) : dot(q, w));
    }
    aq.push(w);
    h.push(row);
    const r = Float64Array.from(w);
    reorthogonalise(r, basis);
    const b = Math.sqrt(dot(r, r));
    scale = Math.max(scale, Math.abs(row[m - 1] as number), b);
    const breakdown = b <= 1e3 * Number.EPSILON * Math.max(scale, Number.MIN_VALUE);
    let restart = breakdown;
    if (m >= k && (m === d || m === maxBasis || m % 4 === 0 || breakdown)) {
      const dense = new Float64Array(m * m);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j <= i; j++) dense[i * m + j] = dense[j * m + i] = (h[i] as number[])[j] as number;
      }
      const e = raw.symmetricEigen(c, m, dense, where);
      let thetaMax = Number.MIN_VALUE;
      for (const v of e.values) thetaMax = Math.max(thetaMax, Math.abs(v));
      const values = new Float64Array(k);
      const vectors = new Float64Array(d * k);
      const residuals = new Float64Array(k);
      for (let col = 0; col < k; col++) {
        const cIdx = m - 1 - col;
        const theta = e.values[cIdx] as number;
        values[col] = sign * theta;
        const res = new Float64Array(d);
        for (let j = 0; j < m; j++) {
          const s = e.vectors[j * m + cIdx] as number;
          const qj = basis[j] as Float64Array, aqj = aq[j] as Float64Array;
          for (let i = 0; i < d; i++) {
            vectors[i * k + col] = (vectors[i * k + col] as number) + s * (qj[i] as number);
            res[i] = (res[i] as number) + s * (aqj[i] as number);
          }
        }
        for (let i = 0; i < d; i++) res[i] = (res[i] as number) - theta * (vectors[i * k + col] as number);
        residuals[col] = Math.sqrt(dot(res, res));
      }
      const converged = residuals.every((x) => x <= tol * thetaMax);
      const stable = previous !== undefined && previous.every((v, i) => Math.abs(v - (values[i] as number)) <= tol * thetaMax);
      if (m === d || (converged && (stable || m >= maxBasis))) return { values, vectors, residuals, matvecs };
      if (m >= maxBasis) {
        throw invalid(where, 'maxBasis', maxBasis, `no convergence to tol = ${tol} within ${maxBasis} basis vectors (largest residual ${Math.max(...residuals)}); raise maxBasis or tol`);
      }
      if (converged) {
        previous = values;
        restart = true;
      }
    }
    if (restart) {
      fresh++;
      q = start();
    } else {
      q = r.map((x) => x / b);
    }
  }
}

/**
 * Dense linear algebra. Matrices: rows or flat row-major (see the module comment).
 */
export const linalg = {
  /**
   * `A = V Λ Vᵀ` for symmetric A (asymmetry ≤ 1e-10·max|aᵢⱼ| tolerated; the symmetrised
   * matrix is used), by cyclic Jacobi (Golub & Van Loan 4th ed. §8.5). Eigenvalues ascending.
   */
  symmetricEigen(A: Matrix): SymmetricEigen {
    const where = 'linalg.symmetricEigen';
    const a = squareMatrix(where, 'A', A);
    return raw.symmetricEigen(core(), a.n, symmetricMatrix(where, 'A', a), where);
  },

  /** Lower-triangular `L` with `A = L Lᵀ` for symmetric positive-definite A (GVL Alg. 4.2.1). */
  cholesky(A: Matrix): Float64Array {
    const where = 'linalg.cholesky';
    const a = squareMatrix(where, 'A', A);
    return raw.cholesky(core(), a.n, symmetricMatrix(where, 'A', a), where);
  },

  /** `P A = L U` with partial pivoting (GVL Alg. 3.4.1); singular A is factorised (determinant 0). */
  lu(A: Matrix): LuResult {
    const where = 'linalg.lu';
    const a = squareMatrix(where, 'A', A);
    const n = a.n;
    const f = raw.lu(core(), n, a.data, where);
    const L = new Float64Array(n * n), U = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const v = f.lu[i * n + j] as number;
        if (j < i) L[i * n + j] = v;
        else U[i * n + j] = v;
      }
      L[i * n + i] = 1;
    }
    return { L, U, permutation: Array.from(f.perm), determinant: f.det === 0 ? 0 : f.det };
  },

  /**
   * `x = A⁻¹ b` by LU with partial pivoting. `b` is a vector of length n (returns a vector)
   * or an array of n rows of equal length m (returns the row-major n×m solution).
   * Singular A (a pivot ≤ n·ε·max|aᵢⱼ|) is an error.
   */
  solve(A: Matrix, b: ArrayLike<number> | ReadonlyArray<ArrayLike<number>>): Float64Array {
    const where = 'linalg.solve';
    const a = squareMatrix(where, 'A', A);
    const n = a.n;
    let rhs: Float64Array, nrhs: number;
    if (isRows(b)) {
      if (b.length !== n) throw invalid(where, 'b.length', b.length, `it must be ${n} (rows of A)`);
      nrhs = (b[0] as ArrayLike<number>).length;
      rhs = new Float64Array(n * nrhs);
      b.forEach((row, i) => rhs.set(finiteArray(where, `b[${i}]`, row, [nrhs], `${nrhs} entries (all rows equally long)`), i * nrhs));
    } else {
      rhs = finiteArray(where, 'b', b, [n], `${n} entries`);
      nrhs = 1;
    }
    return raw.solve(core(), n, nrhs, a.data, rhs, where);
  },

  /** `A⁻¹` (LU with partial pivoting); singular A is an error. */
  inverse(A: Matrix): Float64Array {
    const where = 'linalg.inverse';
    const a = squareMatrix(where, 'A', A);
    const id = new Float64Array(a.n * a.n);
    for (let i = 0; i < a.n; i++) id[i * a.n + i] = 1;
    return raw.solve(core(), a.n, a.n, a.data, id, where);
  },

  /**
   * `e^A` by Padé approximation of degree 3–13 with scaling and squaring (Higham, SIAM J.
   * Matrix Anal. Appl. 26 (2005), Alg. 2.3); an overflowing result is an error.
   */
  expm(A: Matrix): Float64Array {
    const where = 'linalg.expm';
    const a = squareMatrix(where, 'A', A);
    return raw.expm(core(), a.n, a.data, where);
  },

  /** Real Schur form `A = Z T Zᵀ` (Hessenberg reduction + Francis double-shift QR; GVL §7.4–7.5). */
  schur(A: Matrix): SchurResult {
    const where = 'linalg.schur';
    const a = squareMatrix(where, 'A', A);
    const s = raw.schur(core(), a.n, a.data, where);
    const re = new Float64Array(a.n), im = new Float64Array(a.n);
    for (let i = 0; i < a.n; i++) {
      re[i] = s.eig[2 * i] as number;
      im[i] = s.eig[2 * i + 1] as number;
    }
    return { T: s.t, Z: s.z, eigenvalues: { re, im } };
  },

  /**
   * The continuous Lyapunov equation in OU form: `B` with **`A B + B Aᵀ = 2D`**, for a drift
   * matrix A whose eigenvalues all have real part > 0 (`−A` Hurwitz: the OU process
   * `dX = −A X dt + √(2D) dW` is stable) and symmetric D. Then `B = ∫₀^∞ e^{−At} 2D e^{−Aᵀt} dt`
   * is the stationary covariance (PSD when D is). Bartels–Stewart (Bartels & Stewart 1972;
   * GVL §7.6.3) on the real Schur form of A. A with an eigenvalue of real part ≤ 10nε‖A‖_F
   * is an error.
   */
  lyapunov(A: Matrix, D: Matrix): Float64Array {
    const where = 'linalg.lyapunov';
    const a = squareMatrix(where, 'A', A);
    const d = symmetricMatrix(where, 'D', squareMatrix(where, 'D', D, a.n));
    return raw.lyapunov(core(), a.n, a.data, d.map((x) => 2 * x), where);
  },

  /**
   * The discrete Lyapunov (Stein) equation: `C` with **`C = M C Mᵀ + Q`**, for ρ(M) < 1 and
   * symmetric Q; `C = Σₖ Mᵏ Q Mᵏᵀ` is the stationary covariance of `zₖ₊₁ = M zₖ + wₖ`,
   * `Cov w = Q`. Discrete Bartels–Stewart on the real Schur form of M (Barraud 1977), O(n³)
   * however close ρ(M) is to 1. ρ(M) ≥ 1 − 10nε·max(1, ‖M‖_F) is an error.
   */
  discreteLyapunov(M: Matrix, Q: Matrix): Float64Array {
    const where = 'linalg.discreteLyapunov';
    const m = squareMatrix(where, 'M', M);
    const q = symmetricMatrix(where, 'Q', squareMatrix(where, 'Q', Q, m.n));
    return raw.stein(core(), m.n, m.data, q, where);
  },

  lanczos,

  /**
   * The k largest eigenpairs of a landscape's Hessian at `x`, by the WASM Lanczos
   * (crate/src/linalg/lanczos.rs) on exact Hessian–vector products — the top-k Hessian
   * eigenvectors of Kunin et al. (2021), App. H.1, without forming the Hessian.
   */
  hessianEigen(landscape: Landscape, x: ArrayLike<number>, k: number, options: Omit<LanczosOptions, 'which'> = {}): Omit<LanczosResult, 'matvecs'> {
    const where = 'linalg.hessianEigen';
    const d = landscape.dim;
    const point = finiteArray(where, 'x', x, [d], `d = ${d} entries`);
    integer(where, 'k', k, 1);
    if (k > d) throw invalid(where, 'k', k, `it must be <= d = ${d}`);
    // The WASM export caps the basis at 1024 vectors and 2²² stored numbers (maxBasis·d).
    const { tol, seed, maxBasis } = lanczosOptions(where, d, k, options, Math.min(1024, Math.floor(2 ** 22 / d)));
    return raw.lanczosHessian(core(), landscape.rawHandle('hessianEigen'), point, k, tol, seed, maxBasis, where);
  },
};
