//! Stateless exports of `crate::linalg`: every matrix is row-major n×n f64 in a buffer the
//! caller allocated with `sgd_alloc`; inputs are copied out before any output slice is
//! taken (so an output may alias an input); each export returns a status (0 = ok).

use super::{f64s, f64s_mut, seed_of, status, with_table};
use crate::error::{SgdError, SgdResult};
use crate::linalg;

/// Largest n accepted by the dense O(n³) exports: memory ≈ 10 n² f64 (≈ 80 MB at the
/// cap, allocated with ordinary `Vec`s, so the cap is what keeps allocation failure away),
/// time ≈ 10–25 n³ flops.
const MAX_N: usize = 1024;

/// Cap on the Lanczos basis of `sgd_linalg_lanczos_hessian` (and on `max_basis · d`).
const MAX_BASIS: usize = 1024;
const MAX_BASIS_ENTRIES: usize = 1 << 22;

fn dim(n: usize) -> SgdResult<usize> {
    if n == 0 || n > MAX_N {
        return Err(SgdError::invalid(format!("n = {n} is not allowed: it must be an integer in [1, {MAX_N}]")));
    }
    Ok(n * n)
}

/// Copies an n×n input matrix out of linear memory.
fn matrix(ptr: *const f64, n: usize, name: &str) -> SgdResult<Vec<f64>> {
    Ok(f64s(ptr, dim(n)?, name)?.to_vec())
}

/// `A = V Λ Vᵀ` (A symmetric): eigenvalues ascending into `values` (n), eigenvectors as
/// the columns of `vectors` (n×n).
#[no_mangle]
pub extern "C" fn sgd_linalg_symmetric_eigen(n: usize, a: *const f64, values: *mut f64, vectors: *mut f64) -> i32 {
    status((|| {
        let a = matrix(a, n, "A")?;
        let e = linalg::symmetric_eigen(&a, n)?;
        f64s_mut(values, n, "values")?.copy_from_slice(&e.values);
        f64s_mut(vectors, n * n, "vectors")?.copy_from_slice(&e.vectors);
        Ok(())
    })())
}

/// `A = L Lᵀ` (A symmetric positive definite; its lower triangle is read): L into `out`.
#[no_mangle]
pub extern "C" fn sgd_linalg_cholesky(n: usize, a: *const f64, out: *mut f64) -> i32 {
    status((|| {
        let a = matrix(a, n, "A")?;
        crate::error::require_finite("A", &a)?;
        let l = linalg::cholesky(&a, n).ok_or_else(|| {
            SgdError::invalid("A is not positive definite (a Cholesky pivot is <= 0): it must be symmetric positive definite")
        })?;
        f64s_mut(out, n * n, "out")?.copy_from_slice(&l);
        Ok(())
    })())
}

/// `P A = L U`: the packed factors into `lu` (n×n: L strictly below the diagonal, unit
/// diagonal implied; U on and above), the row permutation into `perm` (n; row i of P A
/// is row perm[i] of A) and det A into `det` (1).
#[no_mangle]
pub extern "C" fn sgd_linalg_lu(n: usize, a: *const f64, lu: *mut f64, perm: *mut f64, det: *mut f64) -> i32 {
    status((|| {
        let a = matrix(a, n, "A")?;
        let f = linalg::lu(&a, n)?;
        f64s_mut(lu, n * n, "lu")?.copy_from_slice(&f.lu);
        f64s_mut(perm, n, "perm")?.iter_mut().zip(&f.perm).for_each(|(o, &p)| *o = p as f64);
        f64s_mut(det, 1, "det")?[0] = f.det();
        Ok(())
    })())
}

/// Solves `A X = B` (B n×nrhs row-major) into `out` (n×nrhs).
#[no_mangle]
pub extern "C" fn sgd_linalg_solve(n: usize, nrhs: usize, a: *const f64, b: *const f64, out: *mut f64) -> i32 {
    status((|| {
        let a = matrix(a, n, "A")?;
        let len = n.checked_mul(nrhs).filter(|&l| l <= MAX_N * MAX_N).ok_or_else(|| SgdError::invalid(format!("nrhs = {nrhs} is too large")))?;
        let b = f64s(b, len, "B")?.to_vec();
        let x = linalg::solve(&a, &b, n, nrhs)?;
        f64s_mut(out, len, "out")?.copy_from_slice(&x);
        Ok(())
    })())
}

/// `e^A` into `out`.
#[no_mangle]
pub extern "C" fn sgd_linalg_expm(n: usize, a: *const f64, out: *mut f64) -> i32 {
    status((|| {
        let a = matrix(a, n, "A")?;
        let e = linalg::expm(&a, n)?;
        f64s_mut(out, n * n, "out")?.copy_from_slice(&e);
        Ok(())
    })())
}

/// Real Schur form `A = Z T Zᵀ`: T and Z (n×n each) and the eigenvalues as `(re, im)`
/// pairs in block order into `eig` (2n).
#[no_mangle]
pub extern "C" fn sgd_linalg_schur(n: usize, a: *const f64, t: *mut f64, z: *mut f64, eig: *mut f64) -> i32 {
    status((|| {
        let a = matrix(a, n, "A")?;
        let s = linalg::schur(&a, n)?;
        f64s_mut(t, n * n, "T")?.copy_from_slice(&s.t);
        f64s_mut(z, n * n, "Z")?.copy_from_slice(&s.z);
        let e = f64s_mut(eig, 2 * n, "eigenvalues")?;
        for (i, (re, im)) in s.eigenvalues().into_iter().enumerate() {
            e[2 * i] = re;
            e[2 * i + 1] = im;
        }
        Ok(())
    })())
}

/// Continuous Lyapunov `A X + X Aᵀ = C` (every eigenvalue of A with real part > 0; C
/// symmetric) into `out`. For the OU process `dX = −A X dt + √(2D) dW` pass C = 2D.
#[no_mangle]
pub extern "C" fn sgd_linalg_lyapunov(n: usize, a: *const f64, c: *const f64, out: *mut f64) -> i32 {
    status((|| {
        let a = matrix(a, n, "A")?;
        let c = matrix(c, n, "C")?;
        let x = linalg::lyapunov(&a, &c, n)?;
        f64s_mut(out, n * n, "out")?.copy_from_slice(&x);
        Ok(())
    })())
}

/// Discrete Lyapunov (Stein) `X = M X Mᵀ + Q` (ρ(M) < 1; Q symmetric) into `out`.
#[no_mangle]
pub extern "C" fn sgd_linalg_stein(n: usize, m: *const f64, q: *const f64, out: *mut f64) -> i32 {
    status((|| {
        let m = matrix(m, n, "M")?;
        let q = matrix(q, n, "Q")?;
        let x = linalg::stein(&m, &q, n)?;
        f64s_mut(out, n * n, "out")?.copy_from_slice(&x);
        Ok(())
    })())
}

/// The k largest eigenpairs of the Hessian of a landscape at `x` (d entries) by Lanczos
/// on Hessian–vector products: values descending into `values` (k), eigenvectors as the
/// columns of `vectors` (d×k), residual norms into `residuals` (k). `tol` is relative to
/// the largest |eigenvalue|; `max_basis` caps the Krylov basis (memory 2·d·max_basis f64).
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn sgd_linalg_lanczos_hessian(
    handle: u32,
    x: *const f64,
    k: usize,
    tol: f64,
    seed_lo: u32,
    seed_hi: u32,
    max_basis: usize,
    values: *mut f64,
    vectors: *mut f64,
    residuals: *mut f64,
) -> i32 {
    status((|| {
        let l = with_table(|t| t.landscape(handle))?;
        let d = l.dim();
        let x = f64s(x, d, "x")?.to_vec();
        crate::error::require_finite("x", &x)?;
        if max_basis == 0 || max_basis > MAX_BASIS || max_basis.checked_mul(d).map_or(true, |v| v > MAX_BASIS_ENTRIES) {
            return Err(SgdError::invalid(format!(
                "maxBasis = {max_basis} is not allowed: it must be in [1, {MAX_BASIS}] with maxBasis·d <= 2^22 (d = {d})"
            )));
        }
        let r = linalg::lanczos(
            d,
            k,
            |v, out| {
                l.hessian_vector(&x, v, out);
                l.take_error().map_or(Ok(()), Err)
            },
            tol,
            seed_of(seed_lo, seed_hi),
            max_basis,
        )?;
        f64s_mut(values, k, "values")?.copy_from_slice(&r.values);
        f64s_mut(vectors, d * k, "vectors")?.copy_from_slice(&r.vectors);
        f64s_mut(residuals, k, "residuals")?.copy_from_slice(&r.residuals);
        Ok(())
    })())
}
