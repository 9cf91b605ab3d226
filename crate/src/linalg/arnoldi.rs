//! The k eigenvalues of largest modulus of a general (non-symmetric) operator given only by
//! its matrix–vector product, by the Arnoldi iteration with full (twice-repeated
//! Gram–Schmidt) reorthogonalisation (Golub & Van Loan, 4th ed., §10.5; Saad, *Numerical
//! Methods for Large Eigenvalue Problems*, 2nd ed., §6.2). The Krylov basis grows until the k
//! dominant Ritz values (eigenvalues of the Hessenberg matrix `H_m = Vₘᵀ A Vₘ`, by the real
//! Schur form of `schur.rs`) agree with those of the basis four vectors smaller to
//! `tol · max|θ|` (and, as in `lanczos.rs`, once more after a fresh random vector is
//! appended, so that repeated eigenvalues are not missed). A breakdown (invariant subspace)
//! continues from a fresh vector orthogonal to the basis. Memory `n · max_basis` f64.
//! Used with shift-and-invert (`A = (−L)⁻¹`) its dominant values are the eigenvalues of `−L`
//! nearest 0.

use super::krylov::{check_arguments, dot, fresh_vector, reorthogonalise, start_vector};
use super::schur::schur;
use crate::error::{SgdError, SgdResult};

/// Result of `arnoldi`.
#[derive(Clone, Debug)]
pub struct ArnoldiResult {
    /// The k Ritz values of largest modulus `(re, im)`, by decreasing modulus (a complex pair
    /// `re ± i·im` appears as two entries, `+` first).
    pub values: Vec<(f64, f64)>,
    /// Matrix–vector products used.
    pub matvecs: usize,
}

/// The `fresh`-th extra start vector, orthogonalised against the basis and normalised.
fn fresh_direction(n: usize, seed: u64, fresh: u64, basis: &[Vec<f64>]) -> SgdResult<Vec<f64>> {
    let mut r = fresh_vector(n, seed, fresh);
    reorthogonalise(&mut r, basis);
    let rn = dot(&r, &r).sqrt();
    if !(rn > 1e-8) {
        return Err(SgdError::invalid("arnoldi: could not extend the orthonormal basis"));
    }
    Ok(r.iter().map(|x| x / rn).collect())
}

/// The `k` Ritz values of largest modulus of the `m × m` leading block of `h` (columns).
fn dominant_ritz_values(h: &[Vec<f64>], m: usize, k: usize) -> SgdResult<Vec<(f64, f64)>> {
    let mut dense = vec![0.0; m * m];
    for (j, col) in h.iter().enumerate().take(m) {
        for i in 0..m.min(col.len()) {
            dense[i * m + j] = col[i];
        }
    }
    let mut ev = schur(&dense, m)?.eigenvalues();
    ev.sort_by(|a, b| {
        let (ma, mb) = (a.0.hypot(a.1), b.0.hypot(b.1));
        mb.partial_cmp(&ma).unwrap_or(std::cmp::Ordering::Equal).then(b.1.partial_cmp(&a.1).unwrap_or(std::cmp::Ordering::Equal))
    });
    ev.truncate(k);
    Ok(ev)
}

/// The k eigenvalues of largest modulus of the operator `matvec` (y = A x) on Rⁿ. `tol` is
/// relative to the largest |Ritz value|; `seed` fixes the start vectors; `max_basis` (≥ k)
/// caps the basis (reaching it without convergence is an error).
pub fn arnoldi(
    n: usize,
    k: usize,
    mut matvec: impl FnMut(&[f64], &mut [f64]) -> SgdResult<()>,
    tol: f64,
    seed: u64,
    max_basis: usize,
) -> SgdResult<ArnoldiResult> {
    let max_basis = check_arguments(n, k, tol, max_basis)?;
    let mut basis: Vec<Vec<f64>> = Vec::new();
    let mut h: Vec<Vec<f64>> = Vec::new(); // h[j] = column j of the Hessenberg matrix (length j + 2)
    let mut q = start_vector(n, seed);
    let mut fresh = 0u64;
    let mut matvecs = 0;
    let mut history: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut confirmed: Option<Vec<(f64, f64)>> = None;
    // Normalise the start vector.
    let norm = dot(&q, &q).sqrt();
    q.iter_mut().for_each(|x| *x /= norm);
    loop {
        let mut w = vec![0.0; n];
        matvec(&q, &mut w)?;
        matvecs += 1;
        if let Some(i) = w.iter().position(|v| !v.is_finite()) {
            return Err(SgdError::invalid(format!("arnoldi: the matrix–vector product returned a non-finite entry at index {i}")));
        }
        basis.push(q);
        let m = basis.len();
        let mut col = vec![0.0; m + 1];
        for _ in 0..2 {
            for (i, v) in basis.iter().enumerate() {
                let c = dot(&w, v);
                col[i] += c;
                w.iter_mut().zip(v).for_each(|(x, y)| *x -= c * y);
            }
        }
        let b = dot(&w, &w).sqrt();
        let scale = col.iter().fold(0.0f64, |a, v| a.max(v.abs()));
        let breakdown = !(b > 1e3 * f64::EPSILON * scale.max(f64::MIN_POSITIVE));
        col[m] = if breakdown { 0.0 } else { b };
        h.push(col);
        if m >= k && (m == n || m == max_basis || m % 4 == 0 || breakdown) {
            let values = dominant_ritz_values(&h, m, k)?;
            let top = values.iter().fold(f64::MIN_POSITIVE, |a, v| a.max(v.0.hypot(v.1)));
            let same = |p: &[(f64, f64)]| p.iter().zip(&values).all(|(a, b)| (a.0 - b.0).hypot(a.1 - b.1) <= tol * top);
            let settled = history.last().is_some_and(|p| same(p));
            if m == n || (settled && confirmed.as_ref().is_some_and(|c| same(c))) {
                return Ok(ArnoldiResult { values, matvecs });
            }
            if m >= max_basis {
                return Err(SgdError::invalid(format!(
                    "arnoldi: no convergence to tol = {tol:e} within maxBasis = {max_basis} vectors; raise maxBasis or tol"
                )));
            }
            history.push(values.clone());
            if settled || breakdown {
                // Append a fresh random direction: the values must survive it.
                if settled {
                    confirmed = Some(values);
                }
                fresh += 1;
                q = fresh_direction(n, seed, fresh, &basis)?;
                h.last_mut().expect("pushed")[m] = 0.0;
                continue;
            }
        } else if breakdown {
            fresh += 1;
            q = fresh_direction(n, seed, fresh, &basis)?;
            continue;
        }
        q = w.iter().map(|x| x / b).collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linalg::dense::matmul;

    #[test]
    fn non_normal_matrix_with_complex_eigenvalues() {
        // Block diagonal: rotation-scaling blocks [[a, b], [−b, a]] (eigenvalues a ± ib) and a
        // diagonal tail, conjugated by an upper-triangular T (non-normal).
        let n = 30;
        let mut a = vec![0.0; n * n];
        a[0] = 5.0;
        a[1] = 2.0;
        a[n] = -2.0;
        a[n + 1] = 5.0;
        for i in 2..n {
            a[i * n + i] = 1.0 + 0.05 * i as f64;
        }
        let mut t = vec![0.0; n * n];
        for i in 0..n {
            for j in i..n {
                t[i * n + j] = if i == j { 1.0 } else { 0.3 / (1 + j - i) as f64 };
            }
        }
        let ti = crate::linalg::lu(&t, n).unwrap().inverse().unwrap();
        let m = matmul(&matmul(&t, &a, n, n, n), &ti, n, n, n);
        let r = arnoldi(n, 3, |x, y| {
            y.copy_from_slice(&matmul(&m, x, n, n, 1));
            Ok(())
        }, 1e-12, 3, n)
        .unwrap();
        assert!((r.values[0].0 - 5.0).abs() < 1e-9 && (r.values[0].1 - 2.0).abs() < 1e-9, "{:?}", r.values);
        assert!((r.values[1].0 - 5.0).abs() < 1e-9 && (r.values[1].1 + 2.0).abs() < 1e-9, "{:?}", r.values);
        assert!((r.values[2].0 - (1.0 + 0.05 * 29.0)).abs() < 1e-9, "{:?}", r.values);
        assert!(arnoldi(3, 4, |_, _| Ok(()), 1e-8, 0, 3).is_err());
    }
}
