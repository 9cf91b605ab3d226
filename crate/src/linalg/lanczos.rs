//! Top-k eigenpairs of a symmetric operator given only by its matrix–vector product, by
//! the Lanczos iteration with full reorthogonalisation (Golub & Van Loan, 4th ed.,
//! §10.1 and §10.3.1; Parlett, The Symmetric Eigenvalue Problem, ch. 13). The Krylov
//! basis grows until the k largest Ritz values have residuals `‖A y − θ y‖ = |βₘ sₘ|`
//! ≤ `tol · max|θ|`; a breakdown (invariant subspace) continues from a fresh vector
//! orthogonal to the basis, so repeated eigenvalues are found with their multiplicity.
//! At m = n the Ritz pairs are exact. Memory O(n m); the tridiagonal eigenproblem is
//! solved by Jacobi (`eigen_symmetric`).

use super::eigen_symmetric::symmetric_eigen;
use super::krylov::{check_arguments, dot, fresh_vector, reorthogonalise, start_vector};
use crate::error::{SgdError, SgdResult};

#[derive(Clone, Debug)]
pub struct LanczosResult {
    /// The k largest eigenvalues, in descending order.
    pub values: Vec<f64>,
    /// Eigenvectors as columns of a row-major n×k matrix.
    pub vectors: Vec<f64>,
    /// Residual norms ‖A y − θ y‖ (estimated as |βₘ sₘ|; exact up to rounding with full
    /// reorthogonalisation).
    pub residuals: Vec<f64>,
    /// Matrix–vector products used.
    pub matvecs: usize,
}

/// The k largest eigenpairs of the symmetric operator `matvec` (y = A x) on Rⁿ.
/// `tol` is relative to the largest |Ritz value|; `seed` fixes the start vectors.
///
/// Rayleigh–Ritz on the growing Krylov basis Q: `H = Qᵀ A Q` is kept densely (its entries are
/// the Gram–Schmidt coefficients, ≈ tridiagonal), and `A Q` is kept so that residuals
/// `‖A Q s − θ Q s‖` are computed exactly rather than estimated. When the top k have
/// converged, the basis is extended once more from a fresh random vector and the answer
/// is accepted only if the top k do not change: a single Krylov sequence holds just one
/// vector of each eigenspace, so this is how repeated eigenvalues are found.
///
/// `max_basis` (≥ k, ≤ n) caps the basis size, hence memory `2 n · max_basis` f64; reaching
/// it without convergence is an error.
pub fn lanczos(
    n: usize,
    k: usize,
    mut matvec: impl FnMut(&[f64], &mut [f64]) -> SgdResult<()>,
    tol: f64,
    seed: u64,
    max_basis: usize,
) -> SgdResult<LanczosResult> {
    let max_basis = check_arguments(n, k, tol, max_basis)?;
    let mut basis: Vec<Vec<f64>> = Vec::new();
    let mut aq: Vec<Vec<f64>> = Vec::new();
    let mut h: Vec<Vec<f64>> = Vec::new(); // h[i][j] = qᵢᵀ A qⱼ (j ≤ i stored in row i)
    let mut fresh = 0u64;
    let mut q = start_vector(n, seed);
    let mut matvecs = 0;
    let mut previous: Option<Vec<f64>> = None;
    let mut scale = 0.0f64;
    loop {
        reorthogonalise(&mut q, &basis);
        let norm = dot(&q, &q).sqrt();
        if !(norm > 1e-8) || !norm.is_finite() {
            // The candidate lies in span(Q): draw another (only possible by bad luck).
            fresh += 1;
            if fresh > 100 + 2 * n as u64 {
                return Err(SgdError::invalid("lanczos: could not extend the orthonormal basis"));
            }
            q = fresh_vector(n, seed, fresh);
            continue;
        }
        q.iter_mut().for_each(|x| *x /= norm);
        let mut w = vec![0.0; n];
        matvec(&q, &mut w)?;
        matvecs += 1;
        if let Some(i) = w.iter().position(|v| !v.is_finite()) {
            return Err(SgdError::invalid(format!("lanczos: the matrix–vector product returned a non-finite entry at index {i}")));
        }
        basis.push(q);
        let m = basis.len();
        let row: Vec<f64> = (0..m).map(|i| 0.5 * (dot(&basis[i], &w) + if i + 1 < m { dot(&basis[m - 1], &aq[i]) } else { dot(&basis[i], &w) })).collect();
        aq.push(w.clone());
        h.push(row);
        let mut r = w;
        reorthogonalise(&mut r, &basis);
        let b = dot(&r, &r).sqrt();
        scale = scale.max(h[m - 1][m - 1].abs()).max(b);
        let breakdown = b <= 1e3 * f64::EPSILON * scale.max(f64::MIN_POSITIVE);
        let mut restart = breakdown;
        if m >= k && (m == n || m == max_basis || m % 4 == 0 || breakdown) {
            let mut dense = vec![0.0; m * m];
            for i in 0..m {
                for j in 0..=i {
                    dense[i * m + j] = h[i][j];
                    dense[j * m + i] = h[i][j];
                }
            }
            let e = symmetric_eigen(&dense, m)?;
            let top: Vec<usize> = (0..m).rev().take(k).collect();
            let values: Vec<f64> = top.iter().map(|&c| e.values[c]).collect();
            let theta_max = e.values.iter().fold(0.0f64, |x, v| x.max(v.abs())).max(f64::MIN_POSITIVE);
            let mut vectors = vec![0.0; n * k];
            let mut residuals = Vec::with_capacity(k);
            for (col, &c) in top.iter().enumerate() {
                let mut res = vec![0.0; n];
                for j in 0..m {
                    let s = e.vectors[j * m + c];
                    for i in 0..n {
                        vectors[i * k + col] += s * basis[j][i];
                        res[i] += s * aq[j][i];
                    }
                }
                for i in 0..n {
                    res[i] -= e.values[c] * vectors[i * k + col];
                }
                residuals.push(dot(&res, &res).sqrt());
            }
            let converged = residuals.iter().all(|r| *r <= tol * theta_max);
            let stable = previous.as_ref().is_some_and(|p| p.iter().zip(&values).all(|(a, b)| (a - b).abs() <= tol * theta_max));
            if m == n || (converged && (stable || m >= max_basis)) {
                return Ok(LanczosResult { values, vectors, residuals, matvecs });
            }
            if m >= max_basis {
                return Err(SgdError::invalid(format!(
                    "lanczos: no convergence to tol = {tol:e} within maxBasis = {max_basis} vectors \
                     (largest residual {:e}); raise maxBasis or tol",
                    residuals.iter().fold(0.0f64, |a, b| a.max(*b))
                )));
            }
            if converged {
                previous = Some(values);
                restart = true;
            }
        }
        if restart {
            fresh += 1;
            q = fresh_vector(n, seed, fresh);
        } else {
            q = r.iter().map(|x| x / b).collect();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::dense::matmul;
    use super::*;
    use crate::linalg::test_util::Lcg;

    #[test]
    fn diagonal_with_known_spectrum_and_multiplicity() {
        let diag: Vec<f64> = (0..50).map(|i| if i < 3 { 10.0 } else { 1.0 + i as f64 / 50.0 }).collect();
        let r = lanczos(50, 4, |x, y| {
            y.iter_mut().zip(x).zip(&diag).for_each(|((y, x), d)| *y = d * x);
            Ok(())
        }, 1e-10, 1, 50)
        .unwrap();
        assert!((r.values[0] - 10.0).abs() < 1e-9 && (r.values[2] - 10.0).abs() < 1e-9, "{:?}", r.values);
        assert!((r.values[3] - 1.98).abs() < 1e-9, "{:?}", r.values);
    }

    #[test]
    fn random_symmetric_matches_jacobi() {
        let mut rng = Lcg(31);
        let n = 40;
        let b: Vec<f64> = (0..n * n).map(|_| rng.normal()).collect();
        let a = matmul(&b, &super::super::dense::transpose(&b, n), n, n, n);
        let full = symmetric_eigen(&a, n).unwrap();
        let r = lanczos(n, 5, |x, y| {
            y.copy_from_slice(&matmul(&a, x, n, n, 1));
            Ok(())
        }, 1e-12, 7, 40)
        .unwrap();
        for i in 0..5 {
            let want = full.values[n - 1 - i];
            assert!((r.values[i] - want).abs() < 1e-9 * want, "{} vs {want}", r.values[i]);
            // A y = θ y.
            let y: Vec<f64> = (0..n).map(|row| r.vectors[row * 5 + i]).collect();
            let ay = matmul(&a, &y, n, n, 1);
            let res: f64 = ay.iter().zip(&y).map(|(u, v)| (u - r.values[i] * v).powi(2)).sum::<f64>().sqrt();
            assert!(res < 1e-8 * want);
        }
        assert!(lanczos(3, 4, |_, _| Ok(()), 1e-8, 0, 3).is_err());
    }
}
