//! Metropolis-adjusted Langevin (MALA; Roberts & Tweedie 1996, Bernoulli 2(4)): the
//! Euler–Maruyama move `x̃ = x − Δt∇U(x) + √(2TΔt) ξ` is accepted with probability
//! `min(1, e^{log α})`,
//!
//! `log α = −(U(x̃) − U(x))/T − ‖x − x̃ + Δt∇U(x̃)‖²/(4TΔt) + ‖x̃ − x + Δt∇U(x)‖²/(4TΔt)`
//!
//! (the reverse proposal density over the forward one; errata.md corrects the seed's inverted
//! ratio). The chain leaves `∝ exp(−U/T)` exactly invariant at any Δt. A proposal that is not
//! finite is rejected, so MALA never diverges. Per step and moving trajectory: d normals and
//! one uniform from its stream.

use super::kernel::Block;
use crate::simd::{map2, F64x2};

/// Sets `b = √(2TΔt)` per element (T the trajectory's temperature: the scalar T, or its
/// replica-exchange ladder temperature) and U at the current points.
pub(crate) fn prepare(block: &mut Block) {
    block.landscape.gradient_batch(block.xs, block.gradient);
    block.landscape.value_batch(block.xs, block.value);
    let d = block.d;
    for t in 0..block.m {
        let scale = (2.0 * block.temperature_of(t, 0) * block.dt).sqrt();
        block.b[t * d..(t + 1) * d].iter_mut().for_each(|b| *b = scale);
    }
}

pub(crate) fn step(block: &mut Block, accepted: &mut [u64], proposed: &mut [u64]) {
    let d = block.d;
    let dt = block.dt;
    let step = F64x2::splat(dt);
    block.fill_normals();
    block.proposal.copy_from_slice(block.xs);
    map2(block.proposal, [block.gradient, block.noise, block.b], |y, [g, z, b]| y.sub(step.mul(g)).add(b.mul(z)));
    block.landscape.gradient_batch(block.proposal, block.proposal_gradient);
    block.landscape.value_batch(block.proposal, block.proposal_value);
    for t in 0..block.m {
        if block.frozen[t] {
            continue;
        }
        let temperature = block.temperature_of(t, 0);
        let inv4tdt = 1.0 / (4.0 * temperature * dt);
        let r = t * d..(t + 1) * d;
        let (x, y) = (&block.xs[r.clone()], &block.proposal[r.clone()]);
        let (gx, gy) = (&block.gradient[r.clone()], &block.proposal_gradient[r.clone()]);
        let uy = block.proposal_value[t];
        let mut backward = 0.0;
        let mut forward = 0.0;
        for j in 0..d {
            let bj = x[j] - y[j] + dt * gy[j];
            let fj = y[j] - x[j] + dt * gx[j];
            backward += bj * bj;
            forward += fj * fj;
        }
        let log_alpha = -(uy - block.value[t]) / temperature - backward * inv4tdt + forward * inv4tdt;
        let u = block.streams[t].uniform();
        proposed[t] += 1;
        if u < log_alpha.exp() {
            accepted[t] += 1;
            block.xs[r.clone()].copy_from_slice(&block.proposal[r.clone()]);
            block.gradient[r.clone()].copy_from_slice(&block.proposal_gradient[r]);
            block.value[t] = uy;
        }
    }
}
