//! Noise models for `dX = b(X) dt + σ(X) dW` (Itô unless the scheme says otherwise;
//! diffusion matrix `D = ½σσᵀ`, conventions.md).

use crate::error::{require_positive, SgdError, SgdResult};
use crate::linalg::cholesky;

/// A state-dependent diagonal diffusion: coordinate j has `σⱼ = s(xⱼ)`, with `s'` for Milstein.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DiagonalForm {
    /// `s(x) = k x` (geometric Brownian motion's noise).
    Linear { k: f64 },
    /// `s(x) = √(2D₀(1 + x²))` (seed 000; Itô stationary density ∝ (1+x²)^{−(1+1/(2D₀))} with drift −x).
    SqrtQuadratic { d0: f64 },
}

impl DiagonalForm {
    #[inline]
    pub fn sigma(&self, x: f64) -> f64 {
        match *self {
            DiagonalForm::Linear { k } => k * x,
            DiagonalForm::SqrtQuadratic { d0 } => (2.0 * d0 * (1.0 + x * x)).sqrt(),
        }
    }

    /// `s'(x)`.
    #[inline]
    pub fn sigma_prime(&self, x: f64) -> f64 {
        match *self {
            DiagonalForm::Linear { k } => k,
            DiagonalForm::SqrtQuadratic { d0 } => 2.0 * d0 * x / (2.0 * d0 * (1.0 + x * x)).sqrt(),
        }
    }
}

/// The noise of an ensemble.
#[derive(Clone, Debug, PartialEq)]
pub enum Noise {
    /// Additive, `σⱼ = √(2Tⱼ)` from the temperature.
    Temperature,
    /// Additive and correlated: `σ = √2 L` with `L Lᵀ = D` (Cholesky; D must be positive definite).
    Correlated { sigma: Vec<f64> },
    /// State-dependent, diagonal.
    Diagonal(DiagonalForm),
}

impl Noise {
    /// `D` (d×d, row-major) → `σ = √2·chol(D)`; a non-positive-definite or non-symmetric D is an error.
    pub fn correlated(diffusion: &[f64], d: usize) -> SgdResult<Self> {
        if diffusion.len() != d * d {
            return Err(SgdError::invalid(format!("noise.diffusion has {} entries: it must be d×d = {}", diffusion.len(), d * d)));
        }
        crate::error::require_finite("noise.diffusion", diffusion)?;
        for i in 0..d {
            for j in 0..i {
                if (diffusion[i * d + j] - diffusion[j * d + i]).abs() > 1e-12 * (diffusion[i * d + i].abs() + diffusion[j * d + j].abs()) {
                    return Err(SgdError::invalid(format!("noise.diffusion[{i}][{j}] ≠ noise.diffusion[{j}][{i}]: the diffusion matrix must be symmetric")));
                }
            }
        }
        let l = cholesky(diffusion, d)
            .ok_or_else(|| SgdError::invalid("noise.diffusion is not positive definite (Cholesky failed): the diffusion matrix D = ½σσᵀ must be symmetric positive definite"))?;
        Ok(Noise::Correlated { sigma: l.iter().map(|v| v * std::f64::consts::SQRT_2).collect() })
    }

    pub fn linear(k: f64) -> SgdResult<Self> {
        if !k.is_finite() {
            return Err(SgdError::invalid(format!("noise.scale = {k} is not allowed: it must be a finite number")));
        }
        Ok(Noise::Diagonal(DiagonalForm::Linear { k }))
    }

    pub fn sqrt_quadratic(d0: f64) -> SgdResult<Self> {
        Ok(Noise::Diagonal(DiagonalForm::SqrtQuadratic { d0: require_positive("noise.d0", d0)? }))
    }

    /// Whether σ is constant (additive noise).
    pub fn is_additive(&self) -> bool {
        !matches!(self, Noise::Diagonal(_))
    }
}
