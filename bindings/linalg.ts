/**
 * Raw calls of the dense linear-algebra exports (crate/src/abi/linalg.rs). Every matrix is
 * a row-major n×n `Float64Array`; inputs are copied into WASM buffers, outputs copied out,
 * buffers freed (Core.withBuffers). No user-level validation here: the crate checks
 * everything and its messages come back as `SgdynError` (Core.check).
 */
import type { Core } from './core.js';
import { requireExports } from './exports.js';

/** The exports of crate/src/abi/linalg.rs (pointers are byte offsets; status 0 = ok). */
export interface LinalgExports {
  sgd_linalg_symmetric_eigen(n: number, a: number, values: number, vectors: number): number;
  sgd_linalg_cholesky(n: number, a: number, out: number): number;
  sgd_linalg_lu(n: number, a: number, lu: number, perm: number, det: number): number;
  sgd_linalg_solve(n: number, nrhs: number, a: number, b: number, out: number): number;
  sgd_linalg_expm(n: number, a: number, out: number): number;
  sgd_linalg_schur(n: number, a: number, t: number, z: number, eig: number): number;
  sgd_linalg_lyapunov(n: number, a: number, c: number, out: number): number;
  sgd_linalg_stein(n: number, m: number, q: number, out: number): number;
  sgd_linalg_lanczos_hessian(
    handle: number, x: number, k: number, tol: number, seedLo: number, seedHi: number, maxBasis: number,
    values: number, vectors: number, residuals: number,
  ): number;
}

requireExports([
  'sgd_linalg_symmetric_eigen', 'sgd_linalg_cholesky', 'sgd_linalg_lu', 'sgd_linalg_solve',
  'sgd_linalg_expm', 'sgd_linalg_schur', 'sgd_linalg_lyapunov', 'sgd_linalg_stein',
  'sgd_linalg_lanczos_hessian',
] satisfies ReadonlyArray<keyof LinalgExports>);

const raw = (core: Core): LinalgExports => core.exportsAs<LinalgExports>();
const p = (ptrs: number[], i: number): number => ptrs[i] as number;

/** Eigenvalues (ascending) and eigenvectors (columns) of the symmetric n×n `a`. */
export function symmetricEigen(core: Core, n: number, a: Float64Array, context: string): { values: Float64Array; vectors: Float64Array } {
  const [values, vectors] = core.withBuffers([a], [n, n * n], (ptrs) =>
    core.check(raw(core).sgd_linalg_symmetric_eigen(n, p(ptrs, 0), p(ptrs, 1), p(ptrs, 2)), context),
  );
  return { values: values as Float64Array, vectors: vectors as Float64Array };
}

/** Lower Cholesky factor of the symmetric positive-definite `a`. */
export function cholesky(core: Core, n: number, a: Float64Array, context: string): Float64Array {
  const [l] = core.withBuffers([a], [n * n], (ptrs) => core.check(raw(core).sgd_linalg_cholesky(n, p(ptrs, 0), p(ptrs, 1)), context));
  return l as Float64Array;
}

/** Packed LU factors, row permutation and determinant of `a`. */
export function lu(core: Core, n: number, a: Float64Array, context: string): { lu: Float64Array; perm: Float64Array; det: number } {
  const [f, perm, det] = core.withBuffers([a], [n * n, n, 1], (ptrs) =>
    core.check(raw(core).sgd_linalg_lu(n, p(ptrs, 0), p(ptrs, 1), p(ptrs, 2), p(ptrs, 3)), context),
  );
  return { lu: f as Float64Array, perm: perm as Float64Array, det: (det as Float64Array)[0] as number };
}

/** `X = A⁻¹ B` for B n×nrhs (row-major). */
export function solve(core: Core, n: number, nrhs: number, a: Float64Array, b: Float64Array, context: string): Float64Array {
  const [x] = core.withBuffers([a, b], [n * nrhs], (ptrs) =>
    core.check(raw(core).sgd_linalg_solve(n, nrhs, p(ptrs, 0), p(ptrs, 1), p(ptrs, 2)), context),
  );
  return x as Float64Array;
}

/** `e^A`. */
export function expm(core: Core, n: number, a: Float64Array, context: string): Float64Array {
  const [e] = core.withBuffers([a], [n * n], (ptrs) => core.check(raw(core).sgd_linalg_expm(n, p(ptrs, 0), p(ptrs, 1)), context));
  return e as Float64Array;
}

/** Real Schur form `A = Z T Zᵀ` and the eigenvalues as interleaved (re, im) pairs. */
export function schur(core: Core, n: number, a: Float64Array, context: string): { t: Float64Array; z: Float64Array; eig: Float64Array } {
  const [t, z, eig] = core.withBuffers([a], [n * n, n * n, 2 * n], (ptrs) =>
    core.check(raw(core).sgd_linalg_schur(n, p(ptrs, 0), p(ptrs, 1), p(ptrs, 2), p(ptrs, 3)), context),
  );
  return { t: t as Float64Array, z: z as Float64Array, eig: eig as Float64Array };
}

/** X with `A X + X Aᵀ = C` (eigenvalues of A in the open right half-plane). */
export function lyapunov(core: Core, n: number, a: Float64Array, c: Float64Array, context: string): Float64Array {
  const [x] = core.withBuffers([a, c], [n * n], (ptrs) =>
    core.check(raw(core).sgd_linalg_lyapunov(n, p(ptrs, 0), p(ptrs, 1), p(ptrs, 2)), context),
  );
  return x as Float64Array;
}

/** X with `X = M X Mᵀ + Q` (ρ(M) < 1). */
export function stein(core: Core, n: number, m: Float64Array, q: Float64Array, context: string): Float64Array {
  const [x] = core.withBuffers([m, q], [n * n], (ptrs) =>
    core.check(raw(core).sgd_linalg_stein(n, p(ptrs, 0), p(ptrs, 1), p(ptrs, 2)), context),
  );
  return x as Float64Array;
}

/** The k largest Hessian eigenpairs of landscape `handle` at `x` (d entries), by Lanczos in WASM. */
export function lanczosHessian(
  core: Core, handle: number, x: Float64Array, k: number, tol: number, seed: bigint, maxBasis: number, context: string,
): { values: Float64Array; vectors: Float64Array; residuals: Float64Array } {
  const d = x.length;
  const lo = Number(seed & 0xffffffffn), hi = Number((seed >> 32n) & 0xffffffffn);
  const [values, vectors, residuals] = core.withBuffers([x], [k, d * k, k], (ptrs) =>
    core.check(raw(core).sgd_linalg_lanczos_hessian(handle, p(ptrs, 0), k, tol, lo, hi, maxBasis, p(ptrs, 1), p(ptrs, 2), p(ptrs, 3)), context),
  );
  return { values: values as Float64Array, vectors: vectors as Float64Array, residuals: residuals as Float64Array };
}
