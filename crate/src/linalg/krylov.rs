//! What the Krylov eigensolvers (`lanczos.rs`, `arnoldi.rs`) share: argument checks,
//! deterministic start vectors, and twice-repeated classical Gram–Schmidt ("twice is
//! enough", Giraud, Langou & Rozložník 2005).

use crate::error::{SgdError, SgdResult};

pub(super) fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Checks k ∈ [1, n], tol finite > 0 and k ≤ max_basis; returns the basis cap `min(max_basis, n)`.
pub(super) fn check_arguments(n: usize, k: usize, tol: f64, max_basis: usize) -> SgdResult<usize> {
    if k == 0 || k > n {
        return Err(SgdError::invalid(format!("k = {k} is not allowed: it must be an integer in [1, n = {n}]")));
    }
    if !(tol.is_finite() && tol > 0.0) {
        return Err(SgdError::invalid(format!("tol = {tol} is not allowed: it must be a finite number > 0")));
    }
    let max_basis = max_basis.min(n);
    if max_basis < k {
        return Err(SgdError::invalid(format!("maxBasis = {max_basis} is not allowed: it must be >= k = {k}")));
    }
    Ok(max_basis)
}

/// A deterministic pseudo-random vector in (−1, 1)ⁿ (SplitMix64).
pub(super) fn start_vector(n: usize, seed: u64) -> Vec<f64> {
    let mut s = seed;
    (0..n)
        .map(|_| {
            s = s.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = s;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            (z >> 11) as f64 / (1u64 << 52) as f64 - 1.0
        })
        .collect()
}

/// The `fresh`-th extra start vector (fresh ≥ 1), for restarts after a breakdown or a convergence check.
pub(super) fn fresh_vector(n: usize, seed: u64, fresh: u64) -> Vec<f64> {
    start_vector(n, seed.wrapping_add(fresh.wrapping_mul(0x2545_F491_4F6C_DD1D)))
}

/// Orthogonalises `w` against the basis twice (classical Gram–Schmidt).
pub(super) fn reorthogonalise(w: &mut [f64], basis: &[Vec<f64>]) {
    for _ in 0..2 {
        for q in basis {
            let c = dot(w, q);
            w.iter_mut().zip(q).for_each(|(x, y)| *x -= c * y);
        }
    }
}
