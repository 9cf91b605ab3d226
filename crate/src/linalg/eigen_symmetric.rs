//! Symmetric eigendecomposition `A = V Λ Vᵀ` by the cyclic Jacobi method
//! (Golub & Van Loan, Matrix Computations, 4th ed., §8.5.2–8.5.3, with Rutishauser's
//! stable rotation formulas). Jacobi is slower than tridiagonal QR (≈ 5–10 sweeps of
//! O(n³)) but simple, backward stable, and accurate for small eigenvalues of graded
//! matrices; the matrices here are small (phase-space systems, Lanczos tridiagonals).

use super::dense::{check_square, frobenius, max_abs, symmetrised};
use crate::error::{SgdError, SgdResult};

/// Eigenvalues in ascending order and the orthonormal eigenvectors as the *columns* of
/// `vectors` (row-major n×n: `vectors[i * n + j]` is component i of eigenvector j).
#[derive(Clone, Debug)]
pub struct SymmetricEigen {
    pub values: Vec<f64>,
    pub vectors: Vec<f64>,
}

/// Relative asymmetry tolerated in the input (the symmetrised matrix is decomposed).
pub const SYMMETRY_TOL: f64 = 1e-10;

const MAX_SWEEPS: usize = 100;

/// Decomposes the symmetric `a` (row-major n×n, finite; `|aᵢⱼ − aⱼᵢ| ≤ 1e-10·max|a|`).
pub fn symmetric_eigen(a: &[f64], n: usize) -> SgdResult<SymmetricEigen> {
    check_square("matrix", a, n)?;
    let mut m = symmetrised("matrix", a, n, SYMMETRY_TOL)?;
    let mut v = vec![0.0; n * n];
    symmetric_eigen_in_place(&mut m, &mut v, n)?;
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&i, &j| m[i * n + i].total_cmp(&m[j * n + j]));
    let values = order.iter().map(|&i| m[i * n + i]).collect();
    let mut vectors = vec![0.0; n * n];
    for (newj, &oldj) in order.iter().enumerate() {
        for i in 0..n {
            vectors[i * n + newj] = v[i * n + oldj];
        }
    }
    Ok(SymmetricEigen { values, vectors })
}

/// The same decomposition without allocating (for kernels that decompose at every step):
/// `m` (symmetric, finite, row-major n×n) is overwritten — its diagonal ends up holding the
/// eigenvalues, *unsorted* — and `v` (n×n) receives the eigenvectors as columns (column j
/// belongs to `m[j][j]`).
pub fn symmetric_eigen_in_place(m: &mut [f64], v: &mut [f64], n: usize) -> SgdResult<()> {
    // Work on A / max|a| so that squares cannot overflow; rescale at the end.
    let scale = max_abs(m);
    if scale > 0.0 {
        m.iter_mut().for_each(|x| *x /= scale);
    }
    v.iter_mut().enumerate().for_each(|(k, x)| *x = if k % (n + 1) == 0 { 1.0 } else { 0.0 });
    let target = f64::EPSILON * frobenius(m);
    let mut converged = n < 2;
    for _ in 0..MAX_SWEEPS {
        let off: f64 = (0..n).flat_map(|i| (0..i).map(move |j| (i, j))).map(|(i, j)| 2.0 * m[i * n + j] * m[i * n + j]).sum::<f64>().sqrt();
        if off <= target {
            converged = true;
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                rotate(m, v, n, p, q);
            }
        }
    }
    if !converged {
        return Err(SgdError::invalid(format!(
            "symmetric eigendecomposition: Jacobi did not converge in {MAX_SWEEPS} sweeps (n = {n})"
        )));
    }
    if scale > 0.0 {
        (0..n).for_each(|i| m[i * n + i] *= scale);
    }
    Ok(())
}

/// One Jacobi rotation annihilating m[p][q] (Rutishauser's formulas, GVL Alg. 8.5.1).
fn rotate(m: &mut [f64], v: &mut [f64], n: usize, p: usize, q: usize) {
    let apq = m[p * n + q];
    if apq == 0.0 {
        return;
    }
    let (app, aqq) = (m[p * n + p], m[q * n + q]);
    // Skip rotations that cannot change the diagonal in floating point.
    if apq.abs() < f64::EPSILON * 1e-3 * (app.abs() + aqq.abs()) {
        m[p * n + q] = 0.0;
        m[q * n + p] = 0.0;
        return;
    }
    let theta = (aqq - app) / (2.0 * apq);
    let t = if theta.abs() > 1e150 {
        0.5 / theta
    } else {
        theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt())
    };
    let c = 1.0 / (t * t + 1.0).sqrt();
    let s = t * c;
    let tau = s / (1.0 + c);
    m[p * n + p] = app - t * apq;
    m[q * n + q] = aqq + t * apq;
    m[p * n + q] = 0.0;
    m[q * n + p] = 0.0;
    for r in 0..n {
        if r != p && r != q {
            let g = m[r * n + p];
            let h = m[r * n + q];
            let gp = g - s * (h + g * tau);
            let hq = h + s * (g - h * tau);
            m[r * n + p] = gp;
            m[p * n + r] = gp;
            m[r * n + q] = hq;
            m[q * n + r] = hq;
        }
        let g = v[r * n + p];
        let h = v[r * n + q];
        v[r * n + p] = g - s * (h + g * tau);
        v[r * n + q] = h + s * (g - h * tau);
    }
}

#[cfg(test)]
mod tests {
    use super::super::dense::matmul;
    use super::*;
    use crate::linalg::test_util::Lcg;

    fn check(a: &[f64], n: usize, tol: f64) {
        let e = symmetric_eigen(a, n).unwrap();
        let av = matmul(a, &e.vectors, n, n, n);
        let scale = max_abs(a).max(1e-300);
        for i in 0..n {
            for j in 0..n {
                assert!((av[i * n + j] - e.vectors[i * n + j] * e.values[j]).abs() <= tol * scale, "A v = λ v");
                let dot: f64 = (0..n).map(|k| e.vectors[k * n + i] * e.vectors[k * n + j]).sum();
                assert!((dot - if i == j { 1.0 } else { 0.0 }).abs() <= tol, "orthonormal");
            }
        }
        assert!(e.values.windows(2).all(|w| w[0] <= w[1]), "ascending");
    }

    #[test]
    fn random_symmetric_matrices() {
        let mut rng = Lcg(7);
        for n in [1, 2, 3, 5, 8, 20] {
            let mut a = vec![0.0; n * n];
            for i in 0..n {
                for j in 0..=i {
                    let x = rng.normal();
                    a[i * n + j] = x;
                    a[j * n + i] = x;
                }
            }
            check(&a, n, 1e-12);
        }
    }

    #[test]
    fn known_spectrum_degenerate_and_graded() {
        // [[2,1],[1,2]]: eigenvalues 1, 3.
        let e = symmetric_eigen(&[2.0, 1.0, 1.0, 2.0], 2).unwrap();
        assert!((e.values[0] - 1.0).abs() < 1e-15 && (e.values[1] - 3.0).abs() < 1e-15);
        check(&[1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0], 3, 1e-15);
        check(&[1e10, 1.0, 1.0, 1e-10], 2, 1e-14);
        check(&[0.0; 9], 3, 0.0);
        check(&[1e300, 1e300, 1e300, 1e300], 2, 1e-14);
    }

    #[test]
    fn rejects_bad_input() {
        assert!(symmetric_eigen(&[1.0, 2.0, 3.0, 4.0], 2).unwrap_err().message.contains("not symmetric"));
        assert!(symmetric_eigen(&[1.0, f64::INFINITY, f64::INFINITY, 1.0], 2).is_err());
        assert!(symmetric_eigen(&[1.0; 3], 2).is_err());
        assert!(symmetric_eigen(&[], 0).unwrap().values.is_empty());
    }
}
