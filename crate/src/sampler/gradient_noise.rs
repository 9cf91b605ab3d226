//! The error of a stochastic gradient: `∇̃U(x) = ∇U(x) + ζ`, `ζ ~ N(0, Σ_g)` drawn afresh each
//! step from the trajectory's own stream (for SGD, Σ_g is the minibatch covariance Σ/B,
//! conventions.md). Σ_g may be singular (noise in a subspace): it is factored as `Σ_g = L Lᵀ`
//! by a Cholesky factorisation that accepts zero pivots.

use crate::error::{require_finite, SgdError, SgdResult};
use crate::sde::Block;

/// `Σ_g = L Lᵀ` (L lower triangular, d×d row-major), or no noise at all.
#[derive(Clone, Debug, PartialEq)]
pub struct GradientNoise {
    d: usize,
    /// `None` when Σ_g = 0: no normals are drawn for it.
    factor: Option<Vec<f64>>,
}

impl GradientNoise {
    /// Exact gradients (Σ_g = 0).
    pub fn none(d: usize) -> Self {
        GradientNoise { d, factor: None }
    }

    /// Σ_g from a symmetric positive semidefinite d×d matrix (row-major); named
    /// `gradientNoise.covariance` in errors.
    pub fn from_covariance(covariance: &[f64], d: usize) -> SgdResult<Self> {
        let name = "gradientNoise.covariance";
        if covariance.len() != d * d {
            return Err(SgdError::invalid(format!("{name} has {} entries: it must be d×d = {}", covariance.len(), d * d)));
        }
        require_finite(name, covariance)?;
        if covariance.iter().all(|&v| v == 0.0) {
            return Ok(Self::none(d));
        }
        let scale = (0..d).map(|i| covariance[i * d + i].abs()).fold(0.0, f64::max);
        let tol = 1e-12 * scale;
        for i in 0..d {
            for j in 0..i {
                if (covariance[i * d + j] - covariance[j * d + i]).abs() > tol.max(1e-300) {
                    return Err(SgdError::invalid(format!("{name}[{i}][{j}] ≠ {name}[{j}][{i}]: the covariance must be symmetric")));
                }
            }
        }
        semidefinite_cholesky(covariance, d, tol)
            .map(|l| GradientNoise { d, factor: Some(l) })
            .ok_or_else(|| SgdError::invalid(format!("{name} is not positive semidefinite: it must be a covariance matrix (symmetric, eigenvalues ≥ 0)")))
    }

    /// Whether Σ_g = 0 (then `add` does nothing and no normals are needed).
    pub fn is_zero(&self) -> bool {
        self.factor.is_none()
    }

    /// `out += scale · L z` for one trajectory (z ~ N(0, I) gives `L z ~ N(0, Σ_g)`).
    #[inline]
    pub fn add(&self, z: &[f64], scale: f64, out: &mut [f64]) {
        if let Some(l) = &self.factor {
            let d = self.d;
            for j in 0..d {
                let row = &l[j * d..j * d + j + 1];
                let s: f64 = row.iter().zip(z).map(|(a, b)| a * b).sum();
                out[j] += scale * s;
            }
        }
    }
}

/// The stochastic gradients `∇U(x) + ζ` of the block into `block.gradient`: one batched
/// gradient, then (unless Σ_g = 0) d normals per moving trajectory for ζ, drawn after any
/// normals the caller has already drawn this step (the samplers' stream order).
pub(crate) fn stochastic_gradients(block: &mut Block, noise: &GradientNoise) {
    block.landscape.gradient_batch(block.xs, block.gradient);
    if noise.is_zero() {
        return;
    }
    block.fill_area_normals();
    let d = block.d;
    for t in 0..block.m {
        if !block.frozen[t] {
            let r = t * d..(t + 1) * d;
            noise.add(&block.area[r.clone()], 1.0, &mut block.gradient[r]);
        }
    }
}

/// `A = L Lᵀ` for symmetric positive *semi*definite A: a pivot s ≤ `tol` gives a zero column,
/// provided the rest of that column r of the Schur complement S satisfies the PSD bound
/// `rᵢ² ≤ s·Sᵢᵢ ≤ tol·Sᵢᵢ` (Cauchy–Schwarz; with slack for rounding), else A is indefinite.
/// Dropping such a column changes LLᵀ by entries ≤ √(tol·Sᵢᵢ) and keeps it PSD (a principal
/// submatrix). Golub & Van Loan, Alg. 4.2.1 with the semidefinite case of §4.2.8. (A bound
/// `|rᵢ| ≤ c·tol` would reject PSD matrices with a tiny positive eigenvalue, e.g. a computed
/// minibatch covariance of nearly dependent per-example gradients.)
fn semidefinite_cholesky(a: &[f64], d: usize, tol: f64) -> Option<Vec<f64>> {
    let mut l = vec![0.0; d * d];
    for j in 0..d {
        let s = a[j * d + j] - (0..j).map(|k| l[j * d + k] * l[j * d + k]).sum::<f64>();
        if s < -tol {
            return None;
        }
        let pivot = if s > tol { s.sqrt() } else { 0.0 };
        l[j * d + j] = pivot;
        for i in j + 1..d {
            let r = a[i * d + j] - (0..j).map(|k| l[i * d + k] * l[j * d + k]).sum::<f64>();
            if pivot == 0.0 {
                let sii = a[i * d + i] - (0..j).map(|k| l[i * d + k] * l[i * d + k]).sum::<f64>();
                if r * r > 2.0 * tol * sii.max(0.0) + tol * tol {
                    return None;
                }
            } else {
                l[i * d + j] = r / pivot;
            }
        }
    }
    Some(l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn factors_definite_and_singular_covariances() {
        let g = GradientNoise::from_covariance(&[4.0, 2.0, 2.0, 2.0], 2).unwrap();
        let mut out = [0.0; 2];
        g.add(&[1.0, 0.0], 1.0, &mut out);
        assert_eq!(out, [2.0, 1.0]);
        // Rank one: [[1, 1], [1, 1]] = u uᵀ, u = (1, 1).
        let g = GradientNoise::from_covariance(&[1.0, 1.0, 1.0, 1.0], 2).unwrap();
        let mut out = [0.0; 2];
        g.add(&[1.0, 5.0], 1.0, &mut out);
        assert_eq!(out, [1.0, 1.0]);
        assert!(GradientNoise::from_covariance(&[0.0; 4], 2).unwrap().is_zero());
        assert!(GradientNoise::from_covariance(&[1.0, 2.0, 2.0, 1.0], 2).is_err());
        assert!(GradientNoise::from_covariance(&[1.0, 0.5, 0.0, 1.0], 2).is_err());
        assert!(GradientNoise::from_covariance(&[0.0, 1.0, 1.0, 0.0], 2).is_err());
        // Rank one u uᵀ with u = (√ε, 1), ε = 1e-15 below the pivot tolerance 1e-12: PSD, accepted;
        // its first column is dropped (entries ≤ √ε change), the second coordinate keeps variance 1.
        let e: f64 = 1e-15;
        let g = GradientNoise::from_covariance(&[e, e.sqrt(), e.sqrt(), 1.0], 2).unwrap();
        let mut out = [0.0; 2];
        g.add(&[3.0, 1.0], 1.0, &mut out);
        assert_eq!(out, [0.0, 1.0]);
        // … but a tiny pivot with a large off-diagonal entry is still indefinite.
        assert!(GradientNoise::from_covariance(&[e, 1e-3, 1e-3, 1.0], 2).is_err());
    }
}
