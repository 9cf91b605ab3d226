//! SGD's minibatch noise as the diffusion of its SDE surrogate (conventions.md "SGD → SDE"):
//!
//! `dθ = −∇L(θ) dt + σ(θ) dW`,  `σ(θ) = −√κ Σ(θ)^{1/2}`,  `σσᵀ = κ Σ(θ)`,
//!
//! with `Σ(θ) = (1/N) Σᵢ (gᵢ − ∇L)(gᵢ − ∇L)ᵀ` the covariance of one per-example gradient and
//! `κ = η/B` (batches drawn with replacement) or `κ = η (N−B)/((N−1)B)` (without replacement:
//! the finite-population factor of seed 004 L196 / seed 001 (4.8)). `Σ^{1/2}` is the symmetric
//! square root `V diag(√λ₊) Vᵀ` (Jacobi; λ₊ = max(λ, 0), so a singular Σ is fine).
//!
//! - **Recomputed** (`frozen = None`): Σ(θ) is rebuilt at every evaluation from the per-example
//!   gradients of the ensemble's landscape, which must be a data `Objective`
//!   (`Landscape::as_objective`): O(N p²) for Σ plus O(p³) for the root per evaluation, no
//!   allocation after the first. Multiplicative noise with no closed-form Itô–Stratonovich
//!   correction: only its Itô reading is integrated (EM, tamed Euler; checked in `sde`).
//! - **Frozen** (`frozen = Some(R)`): Σ fixed (given, or evaluated at one θ), so the noise is
//!   additive and every scheme applies (also the exact OU transition on a quadratic).
//!
//! The sign of σ is irrelevant in law (only σσᵀ enters the SDE's law); it is chosen so that
//! with a frozen Σ, Δt = η and the same random stream, an Euler–Maruyama step
//! `θ − η∇L − η (κ/η)^{1/2} Σ^{1/2} ξ` is *exactly* the step `θ − η(∇L + (Σ/B)^{1/2} z)` of SGD's
//! Gaussian oracle (`sgd::run`, `Oracle::GaussianQuadratic`, z = ξ): the surrogate and that SGD
//! run then follow one path, up to rounding.

use std::cell::RefCell;

use crate::error::{SgdError, SgdResult};
use crate::landscape::Landscape;
use crate::linalg::{symmetric_eigen, symmetric_eigen_in_place};
use crate::sgd::objective::{Workspace, MAX_DENSE_PARAMS};

/// Scratch of the recomputed form (sized at the first evaluation).
struct Work {
    sigma: Vec<f64>,
    vectors: Vec<f64>,
    mean: Vec<f64>,
    g: Vec<f64>,
    projection: Vec<f64>,
    ws: Option<Workspace>,
}

pub struct MinibatchNoise {
    /// κ = η f with f = 1/B or (N−B)/((N−1)B).
    pub kappa: f64,
    /// The symmetric root of a frozen Σ (d×d), or None to recompute Σ(θ) along the path.
    pub frozen: Option<Vec<f64>>,
    work: RefCell<Work>,
}

impl MinibatchNoise {
    /// `kappa` > 0 (finite); `frozen`: Σ (d×d, symmetric positive semi-definite), or None.
    pub fn new(kappa: f64, frozen: Option<&[f64]>, d: usize) -> SgdResult<Self> {
        if !(kappa.is_finite() && kappa > 0.0) {
            return Err(SgdError::invalid(format!(
                "noise.learningRate × (minibatch factor) = {kappa} is not allowed: it must be a finite number > 0"
            )));
        }
        let frozen = match frozen {
            None => None,
            Some(sigma) => {
                if sigma.len() != d * d {
                    return Err(SgdError::invalid(format!("noise.covariance has {} entries: it must be d×d = {}", sigma.len(), d * d)));
                }
                crate::error::require_finite("noise.covariance", sigma)?;
                let e = symmetric_eigen(sigma, d).map_err(|e| SgdError::invalid(format!("noise.covariance: {}", e.message)))?;
                let top = e.values.iter().fold(0.0f64, |m, v| m.max(v.abs()));
                if let Some(&low) = e.values.iter().find(|&&v| v < -1e-12 * top) {
                    return Err(SgdError::invalid(format!(
                        "noise.covariance has the eigenvalue {low}: it must be symmetric positive semi-definite (it is a covariance)"
                    )));
                }
                let mut root = vec![0.0; d * d];
                for (k, &l) in e.values.iter().enumerate() {
                    let s = l.max(0.0).sqrt();
                    for a in 0..d {
                        let va = e.vectors[a * d + k] * s;
                        for b in 0..d {
                            root[a * d + b] += va * e.vectors[b * d + k];
                        }
                    }
                }
                Some(root)
            }
        };
        Ok(MinibatchNoise { kappa, frozen, work: RefCell::new(Work::empty()) })
    }

    /// Whether Σ is recomputed along the path (multiplicative noise).
    pub fn is_recomputed(&self) -> bool {
        self.frozen.is_none()
    }

    /// Checks that the landscape can feed the recomputed form.
    pub fn check_landscape(&self, landscape: &dyn Landscape) -> SgdResult<()> {
        if !self.is_recomputed() {
            return Ok(());
        }
        let objective = landscape.as_objective().ok_or_else(|| SgdError::invalid(
            "noise.kind = 'minibatch' without a frozen covariance recomputes Σ(θ) from per-example gradients: the landscape must be a data objective (sgd.linearRegression, sgd.thesisModel, …); give noise.covariance for other landscapes",
        ))?;
        if objective.params() > MAX_DENSE_PARAMS {
            return Err(SgdError::invalid(format!(
                "noise.kind = 'minibatch' recomputes the dense p×p Σ(θ) at every step: the model has p = {} parameters, more than {MAX_DENSE_PARAMS}",
                objective.params()
            )));
        }
        Ok(())
    }

    /// `κ Σ` of the frozen form (for the exact OU transition).
    pub fn frozen_diffusion(&self, d: usize) -> Option<Vec<f64>> {
        self.frozen.as_ref().map(|r| crate::linalg::dense::mul_transpose(r, r, d).iter().map(|v| v * self.kappa).collect())
    }

    /// `out += scale · σ(x) dw`.
    pub fn add_sigma_times(&self, landscape: &dyn Landscape, x: &[f64], dw: &[f64], scale: f64, out: &mut [f64]) {
        let d = x.len();
        let s = -scale * self.kappa.sqrt();
        if let Some(root) = &self.frozen {
            for j in 0..d {
                let r: f64 = (0..d).map(|k| root[j * d + k] * dw[k]).sum();
                out[j] += s * r;
            }
            return;
        }
        // The landscape was checked at creation (`check_landscape`).
        let Some(objective) = landscape.as_objective() else { return };
        let mut work = self.work.borrow_mut();
        let Work { sigma, vectors, mean, g, projection, ws } = &mut *work;
        if sigma.len() != d * d {
            *sigma = vec![0.0; d * d];
            *vectors = vec![0.0; d * d];
            *mean = vec![0.0; d];
            *g = vec![0.0; d];
            *projection = vec![0.0; d];
        }
        let ws = ws.get_or_insert_with(|| objective.workspace());
        objective.noise_covariance_into(x, sigma, mean, g, ws);
        if symmetric_eigen_in_place(sigma, vectors, d).is_err() {
            // Jacobi cannot fail on a finite symmetric matrix; a non-finite Σ (a diverging
            // trajectory) makes the step non-finite, which the kernel reports.
            out.iter_mut().for_each(|o| *o = f64::NAN);
            return;
        }
        // σ dw = −√κ V diag(√λ₊) Vᵀ dw
        for k in 0..d {
            let c: f64 = (0..d).map(|a| vectors[a * d + k] * dw[a]).sum();
            projection[k] = c * sigma[k * d + k].max(0.0).sqrt();
        }
        for j in 0..d {
            let r: f64 = (0..d).map(|k| vectors[j * d + k] * projection[k]).sum();
            out[j] += s * r;
        }
    }
}

impl Work {
    fn empty() -> Self {
        Work { sigma: Vec::new(), vectors: Vec::new(), mean: Vec::new(), g: Vec::new(), projection: Vec::new(), ws: None }
    }
}

impl Clone for MinibatchNoise {
    fn clone(&self) -> Self {
        MinibatchNoise { kappa: self.kappa, frozen: self.frozen.clone(), work: RefCell::new(Work::empty()) }
    }
}

impl PartialEq for MinibatchNoise {
    fn eq(&self, other: &Self) -> bool {
        self.kappa == other.kappa && self.frozen == other.frozen
    }
}

impl std::fmt::Debug for MinibatchNoise {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MinibatchNoise").field("kappa", &self.kappa).field("frozen", &self.frozen.is_some()).finish()
    }
}
