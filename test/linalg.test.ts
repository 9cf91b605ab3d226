// Dense linear algebra (ts/linalg.ts → crate/src/linalg). Oracles:
// - Lyapunov and Stein solves against the Kronecker-product linear systems
//   (I⊗A + A⊗I) vec X = vec C and (I − M⊗M) vec X = vec Q, solved here by Gaussian
//   elimination with partial pivoting in plain TS: agreement to 1e-10·‖X‖ on random systems;
// - eigen/Cholesky/LU/solve by their defining identities; expm by closed forms;
// - Lanczos against the full Jacobi spectrum.
import { beforeAll, describe, expect, it } from 'vitest';
import { landscapes, linalg, rng, runtimeInfo, SgdynError } from '../ts/index.js';
import { core } from '../ts/runtime.js';
import type { LinalgExports } from '../bindings/linalg.js';
import { loadSgdyn } from './support/wasm.js';

beforeAll(loadSgdyn);

type M = Float64Array;

function randn(seed: number, stream: number, count: number): Float64Array {
  return rng.normals({ seed, stream, count });
}
function mul(a: M, b: M, n: number): M {
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) c[i * n + j]! += a[i * n + k]! * b[k * n + j]!;
  return c;
}
function tr(a: M, n: number): M {
  const t = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) t[j * n + i] = a[i * n + j]!;
  return t;
}
function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}
function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
/** Gaussian elimination with partial pivoting (the independent oracle). */
function gaussSolve(a: M, b: M, n: number): M {
  const m = Float64Array.from(a), x = Float64Array.from(b);
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(m[i * n + k]!) > Math.abs(m[p * n + k]!)) p = i;
    for (let j = 0; j < n; j++) [m[k * n + j], m[p * n + j]] = [m[p * n + j]!, m[k * n + j]!];
    [x[k], x[p]] = [x[p]!, x[k]!];
    for (let i = k + 1; i < n; i++) {
      const f = m[i * n + k]! / m[k * n + k]!;
      for (let j = k; j < n; j++) m[i * n + j]! -= f * m[k * n + j]!;
      x[i]! -= f * x[k]!;
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let j = i + 1; j < n; j++) s -= m[i * n + j]! * x[j]!;
    x[i] = s / m[i * n + i]!;
  }
  return x;
}
/** A random matrix with every eigenvalue's real part ≥ margin: R + (‖R‖_F + margin) I. */
function randomStable(seed: number, stream: number, n: number, margin: number): M {
  const a = randn(seed, stream, n * n);
  const f = Math.sqrt(a.reduce((s, v) => s + v * v, 0));
  for (let i = 0; i < n; i++) a[i * n + i]! += f + margin;
  return a;
}
/** A random symmetric PSD matrix R Rᵀ. */
function randomPsd(seed: number, stream: number, n: number): M {
  const r = randn(seed, stream, n * n);
  return mul(r, tr(r, n), n);
}

describe('Lyapunov A B + B Aᵀ = 2D (Bartels–Stewart) against the Kronecker solve', () => {
  it('agrees to 1e-10·‖B‖ on random non-normal stable systems, n = 1…8', () => {
    let worst = 0;
    for (const n of [1, 2, 3, 4, 6, 8]) {
      for (let rep = 0; rep < 5; rep++) {
        const a = randomStable(11, 100 * n + rep, n, 0.05);
        const d = randomPsd(12, 100 * n + rep, n);
        const b = linalg.lyapunov(a, d);
        // (I⊗A + A⊗I) vec B = vec(2D), row-major vec.
        const m = n * n, k = new Float64Array(m * m);
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let l = 0; l < n; l++) {
          k[(i * n + j) * m + l * n + j]! += a[i * n + l]!;
          k[(i * n + j) * m + i * n + l]! += a[j * n + l]!;
        }
        const want = gaussSolve(k, d.map((x) => 2 * x), m);
        const err = maxDiff(b, want) / maxAbs(want);
        worst = Math.max(worst, err);
        expect(err).toBeLessThan(1e-10);
      }
    }
    console.log(`lyapunov vs Kronecker: worst relative error ${worst.toExponential(2)}`);
  });

  it('solves the scalar case and refuses non-stable drifts, asymmetric D, non-square input', () => {
    expect(linalg.lyapunov([[3]], [[6]])[0]).toBeCloseTo(2, 15); // 2·3·b = 12
    const bad = (f: () => unknown, text: RegExp) => {
      try { f(); } catch (e) { expect(e).toBeInstanceOf(SgdynError); expect((e as SgdynError).code).toBe('INVALID_ARGUMENT'); expect((e as Error).message).toMatch(text); return; }
      throw new Error('expected an error');
    };
    bad(() => linalg.lyapunov([[1, 0], [0, -0.5]], [[1, 0], [0, 1]]), /linalg\.lyapunov: .*not stable.*-0\.5/);
    bad(() => linalg.lyapunov([[0, 1], [-1, 0]], [[1, 0], [0, 1]]), /not stable/);
    bad(() => linalg.lyapunov([[1, 0], [0, 1]], [[1, 2], [0, 1]]), /D\[1\]\[0\].*symmetric/);
    bad(() => linalg.lyapunov([[1, 0, 0], [0, 1, 0]], [[1]]), /A\[0\]\.length = 3 .*square/);
    bad(() => linalg.lyapunov([1, 2, 3], [1]), /A\.length = 3/);
    bad(() => linalg.lyapunov([[NaN]], [[1]]), /A\[0\]\[0\] = NaN/);
    bad(() => linalg.lyapunov([[1, 0], [0, 1]], [[1]]), /D\.length = 1 .*2/);
  });
});

describe('discrete Lyapunov C = M C Mᵀ + Q against the Kronecker solve', () => {
  it('agrees to 1e-10·‖C‖ for spectral radii up to 0.99', () => {
    let worst = 0;
    for (const n of [1, 2, 3, 5, 7]) {
      for (const r of [0.3, 0.9, 0.99]) {
        const raw = randn(21, 10 * n, n * n);
        const f = Math.sqrt(raw.reduce((s, v) => s + v * v, 0));
        const m = raw.map((v) => (v * r) / f); // ρ(M) ≤ ‖M‖₂ ≤ ‖M‖_F = r
        const q = randomPsd(22, 10 * n, n);
        const c = linalg.discreteLyapunov(m, q);
        const s = n * n, k = new Float64Array(s * s);
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
          k[(i * n + j) * s + i * n + j]! += 1;
          for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) k[(i * n + j) * s + a * n + b]! -= m[i * n + a]! * m[j * n + b]!;
        }
        const want = gaussSolve(k, q, s);
        const err = maxDiff(c, want) / maxAbs(want);
        worst = Math.max(worst, err);
        expect(err).toBeLessThan(1e-10);
      }
    }
    console.log(`stein vs Kronecker: worst relative error ${worst.toExponential(2)}`);
  });

  it('refuses ρ(M) ≥ 1', () => {
    expect(() => linalg.discreteLyapunov([[0, 1.01], [-1.01, 0]], [[1, 0], [0, 1]])).toThrow(/spectral radius.*1\.01.*< 1/);
    expect(() => linalg.discreteLyapunov([[1]], [[1]])).toThrow(SgdynError);
  });
});

describe('eigen, Cholesky, LU, solve, Schur', () => {
  it('symmetricEigen: A V = V Λ, Vᵀ V = I, ascending', () => {
    const n = 9;
    const a = randomPsd(31, 0, n).map((v, i) => v - (i % (n + 1) === 0 ? 5 : 0));
    const { values, vectors } = linalg.symmetricEigen(a);
    const av = mul(a, vectors, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(Math.abs(av[i * n + j]! - vectors[i * n + j]! * values[j]!)).toBeLessThan(1e-12 * maxAbs(a));
    expect(maxDiff(mul(tr(vectors, n), vectors, n), linalg.inverse(Float64Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? 1 : 0))))).toBeLessThan(1e-13);
    for (let i = 1; i < n; i++) expect(values[i]!).toBeGreaterThanOrEqual(values[i - 1]!);
    expect(() => linalg.symmetricEigen([[1, 2], [3, 4]])).toThrow(/must be symmetric/);
  });

  it('cholesky, lu and solve reproduce their inputs; singular and indefinite inputs are refused', () => {
    const n = 6;
    const a = randomPsd(32, 0, n);
    for (let i = 0; i < n; i++) a[i * n + i]! += 1;
    const l = linalg.cholesky(a);
    expect(maxDiff(mul(l, tr(l, n), n), a)).toBeLessThan(1e-12 * maxAbs(a));
    expect(() => linalg.cholesky([[1, 2], [2, 1]])).toThrow(/positive definite/);
    const g = randn(33, 0, n * n);
    const { L, U, permutation, determinant } = linalg.lu(g);
    const pa = new Float64Array(n * n);
    permutation.forEach((r, i) => pa.set(g.subarray(r * n, r * n + n), i * n));
    expect(maxDiff(mul(L, U, n), pa)).toBeLessThan(1e-12 * maxAbs(g) * n);
    let det = 1;
    for (let i = 0; i < n; i++) det *= U[i * n + i]!;
    expect(Math.abs(Math.abs(determinant) - Math.abs(det))).toBeLessThan(1e-12 * Math.abs(det));
    const x = randn(34, 0, n);
    const b = mul(g, Float64Array.from({ length: n * n }, (_, k) => (k % n === 0 ? x[k / n]! : 0)), n).filter((_, k) => k % n === 0);
    expect(maxDiff(linalg.solve(g, b), x)).toBeLessThan(1e-10);
    expect(linalg.solve([[2, 0], [0, 4]], [[2, 4], [4, 8]])).toEqual(Float64Array.of(1, 2, 1, 2));
    expect(() => linalg.solve([[1, 2], [2, 4]], [1, 1])).toThrow(/singular/);
    expect(linalg.lu([[1, 2], [2, 4]]).determinant).toBe(0);
  });

  it('schur: A = Z T Zᵀ with Z orthogonal, and the eigenvalues of a rotation-plus-decay block', () => {
    const n = 7;
    const a = randn(35, 0, n * n);
    const { T, Z, eigenvalues } = linalg.schur(a);
    expect(maxDiff(mul(mul(Z, T, n), tr(Z, n), n), a)).toBeLessThan(1e-13 * n * maxAbs(a));
    let traceA = 0, sumRe = 0;
    for (let i = 0; i < n; i++) { traceA += a[i * n + i]!; sumRe += eigenvalues.re[i]!; }
    expect(Math.abs(traceA - sumRe)).toBeLessThan(1e-12 * n);
    const e = linalg.schur([[-0.1, 2], [-2, -0.1]]).eigenvalues;
    expect(e.re[0]).toBeCloseTo(-0.1, 14);
    expect(Math.abs(e.im[0]!)).toBeCloseTo(2, 14);
  });
});

describe('expm (Padé + scaling and squaring)', () => {
  it('matches closed forms: rotations at every scaling level, a stiff triangular matrix, a nilpotent one', () => {
    for (const t of [1e-4, 0.2, 1, 3, 40]) {
      const e = linalg.expm([[0, t], [-t, 0]]);
      expect(maxDiff(e, [Math.cos(t), Math.sin(t), -Math.sin(t), Math.cos(t)])).toBeLessThan(1e-14 * (1 + t));
    }
    const [a, b, d] = [-30, 7, -45];
    const want = [Math.exp(a), (b * (Math.exp(a) - Math.exp(d))) / (a - d), 0, Math.exp(d)];
    linalg.expm([[a, b], [0, d]]).forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThanOrEqual(1e-12 * Math.abs(want[i]!)));
    expect(linalg.expm([[0, 1, 0], [0, 0, 1], [0, 0, 0]])).toEqual(Float64Array.of(1, 1, 0.5, 0, 1, 1, 0, 0, 1));
    expect(() => linalg.expm([[800]])).toThrow(/overflow/);
  });
});

describe('Lanczos (TS, on a JS matvec) and hessianEigen (WASM, on a landscape)', () => {
  it('finds the top k of a random symmetric matrix, and a triple eigenvalue with its multiplicity', () => {
    const n = 60;
    const a = randomPsd(41, 0, n);
    const full = linalg.symmetricEigen(a).values;
    const r = linalg.lanczos((x) => mul(a, Float64Array.from({ length: n * n }, (_, k) => (k % n === 0 ? x[k / n]! : 0)), n).filter((_, k) => k % n === 0), n, 4, { tol: 1e-12 });
    for (let i = 0; i < 4; i++) expect(Math.abs(r.values[i]! - full[n - 1 - i]!)).toBeLessThan(1e-9 * full[n - 1]!);
    for (const res of r.residuals) expect(res).toBeLessThan(1e-10 * full[n - 1]!);
    const diag = Float64Array.from({ length: 80 }, (_, i) => (i < 3 ? 5 : 1 + i / 100));
    const s = linalg.lanczos((x) => x.map((v, i) => v * diag[i]!), 80, 4);
    expect(Array.from(s.values).map((v) => +v.toFixed(9))).toEqual([5, 5, 5, 1.79]);
    const small = linalg.lanczos((x) => x.map((v, i) => v * diag[i]!), 80, 2, { which: 'smallest' });
    expect(small.values[0]).toBeCloseTo(1.03, 9);
  });

  it('hessianEigen on a quadratic landscape returns the top eigenpairs of its Hessian', () => {
    const H = [[4, 1, 0], [1, 3, 0.5], [0, 0.5, 1]];
    const U = landscapes.quadratic({ hessian: H });
    const r = linalg.hessianEigen(U, [0.3, -0.2, 1], 2, { tol: 1e-12 });
    const full = linalg.symmetricEigen(H).values;
    expect(r.values[0]).toBeCloseTo(full[2]!, 11);
    expect(r.values[1]).toBeCloseTo(full[1]!, 11);
    expect(() => linalg.hessianEigen(U, [0, 0, 0], 4)).toThrow(/k = 4 .*<= d = 3/);
    U.dispose();
  });
});

describe('raw linalg exports never trap', () => {
  it('returns INVALID_ARGUMENT for null, misaligned and out-of-memory pointers, n = 0 and huge n', () => {
    const r = core().exportsAs<LinalgExports>();
    const end = runtimeInfo().memoryBytes;
    const calls: [string, () => number][] = [
      ['n = 0', () => r.sgd_linalg_lyapunov(0, 8, 8, 8)],
      ['huge n', () => r.sgd_linalg_expm(1 << 20, 8, 8)],
      ['null', () => r.sgd_linalg_stein(2, 0, 0, 0)],
      ['misaligned', () => r.sgd_linalg_symmetric_eigen(2, 12, 16, 24)],
      ['past the end', () => r.sgd_linalg_schur(2, end - 8, end - 8, end - 8, end - 8)],
      ['huge nrhs', () => r.sgd_linalg_solve(2, 2 ** 31, 8, 8, 8)],
      ['bad handle', () => r.sgd_linalg_lanczos_hessian(12345, 8, 1, 1e-8, 0, 0, 4, 8, 8, 8)],
    ];
    for (const [name, call] of calls) expect(call(), name).toBe(1 + Number(name === 'bad handle'));
  });
});
