//! Heavy-ball SGD momentum as a discrete scheme (Polyak 1964; the form of conventions.md):
//!
//! `vₖ₊₁ = β vₖ − η (∇U(θₖ) + ζₖ + λ θₖ)`,  `θₖ₊₁ = θₖ + vₖ₊₁`,  ζₖ ~ N(0, Σ_g),
//!
//! with learning rate η (the ensemble's Δt; time `t = kη`), momentum β ∈ [0, 1), weight decay
//! λ ≥ 0 and the minibatch gradient noise Σ_g (`GradientNoise`); v starts at 0. Not a
//! discretisation of an SDE with a fixed limit: it *is* the SGD recursion, so it has no order.
//! On `U = ½hθ²` with Σ_g = σ_g² the recursion is the AR(2) process
//! `θₖ₊₁ = (1 + β − ηh')θₖ − βθₖ₋₁ − ηζₖ` (h' = h + λ), whose stationary variance is
//! (derived in test/sgMcmc.test.ts) `Var θ = η²σ_g²(1+β) / ((1−β) ηh' (2(1+β) − ηh'))`,
//! finite iff 0 < ηh' < 2(1 + β); in d dimensions the phase-space Stein equation
//! (`SgdMomentum` in ts/linearResponse). Per step and moving trajectory: d normals (none when
//! Σ_g = 0).

use super::gradient_noise::stochastic_gradients;
use super::GradientNoise;
use crate::sde::Block;

pub(crate) fn step(block: &mut Block, noise: &GradientNoise, momentum: f64, weight_decay: f64, v: &mut [f64]) {
    let d = block.d;
    let eta = block.dt;
    stochastic_gradients(block, noise);
    for t in 0..block.m {
        if block.frozen[t] {
            continue;
        }
        let r = t * d..(t + 1) * d;
        let (g, x, v) = (&block.gradient[r.clone()], &mut block.xs[r.clone()], &mut v[r]);
        for j in 0..d {
            v[j] = momentum * v[j] - eta * (g[j] + weight_decay * x[j]);
            x[j] += v[j];
        }
    }
}
