//! Stochastic-gradient Langevin dynamics (SGLD; Welling & Teh 2011, ICML, eq. (4)):
//!
//! `θₖ₊₁ = θₖ − Δtₖ (∇U(θₖ) + ζₖ) + √(2 Tⱼ Δtₖ) ξₖ`,  ζₖ ~ N(0, Σ_g), ξₖ ~ N(0, I),
//!
//! in the library's convention (conventions.md; Welling & Teh's `Δθ = (ε/2)∇log p + N(0, ε)`
//! for `p ∝ e^{−U/T}` is this with `ε = 2TΔt`). The stochastic gradient `∇U + ζ` is the
//! exact gradient plus Gaussian noise of covariance Σ_g (`GradientNoise`). Step sizes
//! `Δtₖ = Δt (1 + k/t₀)^{−γ}` (`StepSchedule`; constant when t₀ = ∞); Welling & Teh need
//! Σ Δtₖ = ∞, Σ Δtₖ² < ∞, i.e. γ ∈ (½, 1], for the chain to converge to the posterior.
//! With a constant step SGLD is Euler–Maruyama (weak order 1) for overdamped Langevin with
//! the inflated diffusion `T I + (Δt/2) Σ_g`; on `U = ½θᵀHθ` its stationary covariance solves
//! the Stein equation `C = M C Mᵀ + Δt² Σ_g + 2Δt T`, `M = I − ΔtH` (1-D:
//! `Var θ = (2T + Δt σ_g²) / (h (2 − Δt h))`).
//! Per step and moving trajectory: d normals for ξ, then d for ζ (none when Σ_g = 0).
//! With Σ_g = 0 and a constant step the update is bit-identical to `euler_maruyama.rs`.

use super::gradient_noise::stochastic_gradients;
use super::GradientNoise;
use crate::error::{SgdError, SgdResult};
use crate::sde::Block;

/// `Δtₖ = Δt (1 + k/t₀)^{−γ}` at global step k (0-based); `t0 = ∞` or `γ = 0`: constant.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StepSchedule {
    pub t0: f64,
    pub decay: f64,
}

impl StepSchedule {
    pub const CONSTANT: StepSchedule = StepSchedule { t0: f64::INFINITY, decay: 0.0 };

    /// Checks `t0 > 0` (may be ∞) and `decay ∈ [0, 1]`.
    pub fn new(t0: f64, decay: f64) -> SgdResult<Self> {
        if !(t0 > 0.0) {
            return Err(SgdError::invalid(format!("stepSchedule.t0 = {t0} is not allowed: it must be a number > 0 (Infinity: constant step)")));
        }
        if !(0.0..=1.0).contains(&decay) {
            return Err(SgdError::invalid(format!("stepSchedule.decay = {decay} is not allowed: it must be in [0, 1]")));
        }
        Ok(StepSchedule { t0, decay })
    }

    /// The step at global step index k.
    #[inline]
    pub fn at(&self, dt: f64, k: u64) -> f64 {
        if self.decay == 0.0 || self.t0.is_infinite() {
            dt
        } else {
            dt * (1.0 + k as f64 / self.t0).powf(-self.decay)
        }
    }
}

/// One SGLD step at global step index `k` for the block's moving trajectories.
pub(crate) fn step(block: &mut Block, noise: &GradientNoise, schedule: &StepSchedule, k: u64) {
    let d = block.d;
    let h = schedule.at(block.dt, k);
    block.fill_normals();
    stochastic_gradients(block, noise);
    // √(2Tⱼ Δtₖ) once per step, in the first row of the `b` scratch.
    for j in 0..d {
        block.b[j] = (2.0 * block.temperature[j] * h).sqrt();
    }
    for t in 0..block.m {
        if block.frozen[t] {
            continue;
        }
        let r = t * d..(t + 1) * d;
        let (x, g, z) = (&mut block.xs[r.clone()], &block.gradient[r.clone()], &block.noise[r]);
        for j in 0..d {
            x[j] = (x[j] - h * g[j]) + block.b[j] * z[j];
        }
    }
}
