//! Noise models for `dX = b(X) dt + σ(X) dW` (diffusion matrix `D = ½σσᵀ`, conventions.md),
//! and the interpretation (Itô or Stratonovich) of the stochastic integral.
//!
//! A scheme integrates its *native* interpretation (Heun: Stratonovich; the others: Itô).
//! The other one is reached through the drift correction `b ± ½c`,
//! `cⱼ(x) = Σₖ Σₗ σₗₖ ∂ₗσⱼₖ` (Kloeden & Platen 1992, §4.9, eq. (4.9.11)): a Stratonovich SDE
//! `dX = b dt + σ∘dW` is the Itô SDE `dX = (b + ½c) dt + σ dW`. Closed forms of c are used
//! (diagonal forms: `cⱼ = sⱼ sⱼ'`; SGD: below); for additive noise c = 0.

mod minibatch;

use std::rc::Rc;

pub use minibatch::MinibatchNoise;

use crate::error::{require_positive, SgdError, SgdResult};
use crate::expr::SdeDiffusion;
use crate::landscape::Landscape;
use crate::linalg::{cholesky, symmetric_eigen};

/// How `∫ σ(X) dW` is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Interpretation {
    Ito,
    Stratonovich,
}

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
    /// Additive symmetric α-stable (Lévy) noise `dXⱼ = … + s dLⱼ`, the Lⱼ independent
    /// standard symmetric α-stable Lévy processes (`E e^{iuL_t} = e^{−t|u|^α}`, α ∈ (0, 2]).
    /// The increment over h is `s h^{1/α} S`, S by Chambers–Mallows–Stuck (`rng/stable.rs`);
    /// a sum of r such increments over h = Δ/r has exactly the law of one over Δ, so
    /// Brownian refinement stays exact. α = 2 gives `L = √2 W`: s = √T is temperature T.
    /// Only Euler-type schemes (EM, tamed Euler) accept it: the others assume Brownian paths.
    AlphaStable { alpha: f64, scale: f64 },
    /// SGD's state-dependent noise (conventions.md "SGD → SDE" with the per-example
    /// covariance `2L(θ)H`): `σσᵀ = η Σ(θ)`, `Σ(θ) = 2L(θ)H/B`, i.e.
    /// `σ(θ) = √(κ L₊(θ)) R` with κ = 2η/B, `R Rᵀ = H` (R = V√Λ from the eigendecomposition,
    /// so H may be singular), `L₊ = max(L, 0)` the landscape's value. Stratonovich drift
    /// correction (derived): `σ = s(θ)R`, `s = √(κL)`, `c = s H ∇s = (κ/2) H ∇L` where L > 0.
    /// Not commutative in general, so Milstein-type schemes refuse it.
    Sgd { kappa: f64, root: Vec<f64>, hessian: Vec<f64> },
    /// σ(x) of a general SDE given by expressions (`expr::ExpressionSde`; symbolic σ', c).
    Expression(SdeNoise),
    /// SGD's exact minibatch noise `σσᵀ = κΣ(θ)` (Σ recomputed from per-example gradients, or
    /// frozen), the diffusion of the SDE surrogate (`minibatch.rs`).
    Minibatch(MinibatchNoise),
}

/// The compiled diffusion of an expression SDE, compared by identity.
#[derive(Clone)]
pub struct SdeNoise(pub Rc<SdeDiffusion>);

impl PartialEq for SdeNoise {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for SdeNoise {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SdeNoise")
    }
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

    /// `α ∈ (0, 2]`, `scale ≥ 0` (finite).
    pub fn alpha_stable(alpha: f64, scale: f64) -> SgdResult<Self> {
        if !(alpha > 0.0 && alpha <= 2.0) {
            return Err(SgdError::invalid(format!("noise.alpha = {alpha} is not allowed: the stability index must be in (0, 2]")));
        }
        crate::error::require_non_negative("noise.scale", scale)?;
        Ok(Noise::AlphaStable { alpha, scale })
    }

    /// SGD noise from `η/B > 0` and H (d×d, symmetric positive semi-definite: eigenvalues
    /// below `−1e-12·max|λ|` are an error, those above are clamped to ≥ 0).
    pub fn sgd(eta_over_batch: f64, hessian: &[f64], d: usize) -> SgdResult<Self> {
        let r = require_positive("noise.learningRate / noise.batchSize", eta_over_batch)?;
        if !r.is_finite() {
            return Err(SgdError::invalid(format!("noise.learningRate / noise.batchSize = {r} is not allowed: it must be finite")));
        }
        if hessian.len() != d * d {
            return Err(SgdError::invalid(format!("noise.hessian has {} entries: it must be d×d = {}", hessian.len(), d * d)));
        }
        crate::error::require_finite("noise.hessian", hessian)?;
        let eig = symmetric_eigen(hessian, d).map_err(|e| SgdError::invalid(format!("noise.hessian: {}", e.message)))?;
        let top = eig.values.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        if let Some(&low) = eig.values.iter().find(|&&v| v < -1e-12 * top) {
            return Err(SgdError::invalid(format!(
                "noise.hessian has the eigenvalue {low}: it must be symmetric positive semi-definite (Σ(θ) = 2L(θ)H/B is a covariance)"
            )));
        }
        let mut root = vec![0.0; d * d];
        for i in 0..d {
            for k in 0..d {
                root[i * d + k] = eig.vectors[i * d + k] * eig.values[k].max(0.0).sqrt();
            }
        }
        Ok(Noise::Sgd { kappa: 2.0 * r, root, hessian: hessian.to_vec() })
    }

    /// Whether σ is constant (additive noise).
    pub fn is_additive(&self) -> bool {
        match self {
            Noise::Diagonal(_) | Noise::Sgd { .. } => false,
            Noise::Minibatch(m) => !m.is_recomputed(),
            Noise::Expression(e) => e.0.is_additive(),
            _ => true,
        }
    }

    /// Whether the driving process is Brownian (everything but α-stable noise).
    pub fn is_brownian(&self) -> bool {
        !matches!(self, Noise::AlphaStable { .. })
    }

    /// Whether Milstein-type schemes (which need commutative noise and Brownian increments)
    /// apply: additive Brownian noise (where they reduce to EM) or diagonal forms.
    pub fn is_milstein_ready(&self) -> bool {
        match self {
            Noise::Sgd { .. } | Noise::AlphaStable { .. } => false,
            Noise::Minibatch(m) => !m.is_recomputed(),
            Noise::Expression(e) => e.0.is_additive() || e.0.is_diagonal_commutative(),
            _ => true,
        }
    }

    /// Milstein's correction `out += ½σⱼσⱼ'(ΔWⱼ² − Δt)` for diagonal noise (nothing otherwise).
    pub fn add_milstein(&self, x: &[f64], dw: &[f64], dt: f64, out: &mut [f64]) {
        match self {
            Noise::Diagonal(form) => {
                for j in 0..x.len() {
                    out[j] += 0.5 * form.sigma(x[j]) * form.sigma_prime(x[j]) * (dw[j] * dw[j] - dt);
                }
            }
            Noise::Expression(e) if !e.0.is_additive() => e.0.add_milstein(x, dw, dt, out),
            _ => {}
        }
    }

    /// Whether σ(x) depends on the loss value L(x) (SGD noise): kernels then evaluate L for a
    /// whole block at once (`value_batch`) and pass it to `add_sigma_times`.
    pub fn needs_value(&self) -> bool {
        matches!(self, Noise::Sgd { .. })
    }

    /// Adds `scale · σ(x) dw` to `out` (one point's row); `temperature` for temperature noise,
    /// `landscape` for SGD noise (L(x), or `value` = L(x) when the caller already has it).
    #[allow(clippy::too_many_arguments)]
    pub fn add_sigma_times(&self, temperature: &[f64], landscape: &dyn Landscape, x: &[f64], value: Option<f64>, dw: &[f64], scale: f64, out: &mut [f64]) {
        let d = x.len();
        match self {
            Noise::Temperature => {
                for j in 0..d {
                    out[j] += scale * (2.0 * temperature[j]).sqrt() * dw[j];
                }
            }
            Noise::Correlated { sigma } => add_matrix_times(sigma, dw, scale, out, true),
            Noise::Diagonal(form) => {
                for j in 0..d {
                    out[j] += scale * form.sigma(x[j]) * dw[j];
                }
            }
            Noise::AlphaStable { scale: s, .. } => {
                for j in 0..d {
                    out[j] += scale * s * dw[j];
                }
            }
            Noise::Sgd { kappa, root, .. } => {
                let s = (kappa * value.unwrap_or_else(|| landscape.value(x)).max(0.0)).sqrt();
                add_matrix_times(root, dw, scale * s, out, false);
            }
            Noise::Expression(e) => e.0.add_sigma_times(x, dw, scale, out),
            Noise::Minibatch(m) => m.add_sigma_times(landscape, x, dw, scale, out),
        }
    }

    /// Whether `correct_drift` knows the Itô–Stratonovich correction c of this noise (all
    /// but the recomputed minibatch noise, whose c would need derivatives of Σ(θ)^{1/2}).
    pub fn has_drift_correction(&self) -> bool {
        !matches!(self, Noise::Minibatch(m) if m.is_recomputed())
    }

    /// Turns the gradient `g = ∇U(x)` (drift −g) of one point into that of the drift
    /// `−g + sign·½c(x)` (see the module doc): sign +1 integrates a Stratonovich SDE with an
    /// Itô scheme, −1 an Itô SDE with a Stratonovich scheme. `work`: d scratch values.
    /// No-op for additive noise.
    pub fn correct_drift(&self, landscape: &dyn Landscape, x: &[f64], g: &mut [f64], sign: f64, work: &mut [f64]) {
        let d = x.len();
        match self {
            Noise::Diagonal(form) => {
                for j in 0..d {
                    g[j] -= sign * 0.5 * form.sigma(x[j]) * form.sigma_prime(x[j]);
                }
            }
            Noise::Sgd { kappa, hessian, .. } => {
                if landscape.value(x) > 0.0 {
                    for i in 0..d {
                        work[i] = (0..d).map(|k| hessian[i * d + k] * g[k]).sum();
                    }
                    for i in 0..d {
                        g[i] -= sign * 0.25 * kappa * work[i];
                    }
                }
            }
            Noise::Expression(e) => e.0.correct_drift(x, g, sign),
            _ => {}
        }
    }
}

/// `out += scale · M dw` for a d×d row-major M (lower triangle only if `lower`).
fn add_matrix_times(m: &[f64], dw: &[f64], scale: f64, out: &mut [f64], lower: bool) {
    let d = dw.len();
    for j in 0..d {
        let end = if lower { j + 1 } else { d };
        let s: f64 = (0..end).map(|k| m[j * d + k] * dw[k]).sum();
        out[j] += scale * s;
    }
}
