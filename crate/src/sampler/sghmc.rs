//! Stochastic-gradient Hamiltonian Monte Carlo (SGHMC; Chen, Fox & Guestrin 2014, ICML,
//! eq. (15) / Algorithm 2), unit mass, for the target `∝ exp(−U(θ)/T − ‖v‖²/(2T))`:
//!
//! `θₖ₊₁ = θₖ + Δt vₖ`,
//! `vₖ₊₁ = (1 − γΔt) vₖ − Δt (∇U(θₖ₊₁) + ζₖ) + √(2Δt (γTⱼ − B̂ⱼ)) ξₖ`,  `B̂ⱼ = ½ Δt V̂ⱼ`,
//!
//! with friction γ ≥ 0, stochastic-gradient noise ζ ~ N(0, Σ_g) (`GradientNoise`) and the
//! user's per-coordinate estimate V̂ of its variance (Chen et al.'s noise model; default
//! V̂ⱼ = (Σ_g)ⱼⱼ). The injected noise is reduced by what the stochastic gradient already adds
//! (`Δt² Σ_g = 2Δt B`), so with V̂ = Σ_g the total noise per step is `2γTΔt` and the chain
//! discretises `dθ = v dt, dv = −∇U dt − γv dt + √(2γT) dW` (weak order 1, symplectic-Euler
//! splitting). Needs `γTⱼ ≥ B̂ⱼ`. On a quadratic the exact stationary covariance of (θ, v)
//! solves the Stein equation `C = M C Mᵀ + Q` with `M = [[I, ΔtI], [−ΔtH, (1−γΔt)I − Δt²H]]`,
//! `Q = diag(0, Δt²Σ_g + 2Δt(γT − B̂))`; in 1-D (derived in test/sgMcmc.test.ts, q the
//! v-noise per step) `Var v = q / (Δtγ(2 − γΔt − Δt²h/2))`, `Var θ = Var v (1 − γΔt/2)/h`,
//! which with V̂ = Σ_g tend to (T, T/h) with errors O(Δt) in v and O(Δt²) in θ.
//! Velocities start Maxwell–Boltzmann `vⱼ ~ N(0, Tⱼ)`. Per step and moving trajectory: d
//! normals for ξ, then d for ζ (none when Σ_g = 0). One gradient per step.

use super::gradient_noise::stochastic_gradients;
use super::GradientNoise;
use crate::sde::Block;

/// One step; `injected[j] = √(2Δt(γTⱼ − B̂ⱼ))`.
pub(crate) fn step(block: &mut Block, noise: &GradientNoise, friction: f64, injected: &[f64], v: &mut [f64]) {
    let d = block.d;
    let dt = block.dt;
    for t in 0..block.m {
        if !block.frozen[t] {
            let r = t * d..(t + 1) * d;
            for (x, v) in block.xs[r.clone()].iter_mut().zip(&v[r]) {
                *x += dt * v;
            }
        }
    }
    block.fill_normals();
    stochastic_gradients(block, noise);
    let keep = 1.0 - friction * dt;
    for t in 0..block.m {
        if block.frozen[t] {
            continue;
        }
        let r = t * d..(t + 1) * d;
        let (g, v, z) = (&block.gradient[r.clone()], &mut v[r.clone()], &block.noise[r]);
        for j in 0..d {
            v[j] = keep * v[j] - dt * g[j] + injected[j] * z[j];
        }
    }
}
