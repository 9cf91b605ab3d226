//! Euler–Maruyama for overdamped Langevin dynamics
//! `dθ = −∇U(θ) dt + √(2T) dW` (conventions.md), per coordinate temperature Tⱼ:
//!
//! `θₖ₊₁ = θₖ − Δt ∇U(θₖ) + √(2 Tⱼ Δt) ξₖ`, ξₖ ~ N(0, I)
//!
//! (Kloeden & Platen 1992, §9.1; seed 000 §"Euler–Maruyama"). Strong order 1 and weak
//! order 1 for this additive noise (errata.md: 0.5 is the strong order for multiplicative
//! noise). Under replica exchange Tⱼ is the trajectory's ladder temperature. The same update
//! is the unadjusted Langevin algorithm (ULA; Roberts & Tweedie 1996), `integrator: 'ula'`. Coefficients: `a = Δt`, `b = √(2TⱼΔt)` (0 for frozen trajectories).

use super::kernel::Block;
use crate::simd::map2;

pub(crate) fn prepare(block: &mut Block) {
    let d = block.d;
    for t in 0..block.m {
        let moving = if block.frozen[t] { 0.0 } else { 1.0 };
        for j in 0..d {
            block.a[t * d + j] = moving * block.dt;
            block.b[t * d + j] = moving * (2.0 * block.temperature_of(t, j) * block.dt).sqrt();
        }
    }
}

pub(crate) fn step(block: &mut Block) {
    block.landscape.gradient_batch(block.xs, block.gradient);
    block.fill_normals();
    // θ ← (θ − a ⊙ ∇U) + b ⊙ ξ
    map2(block.xs, [block.gradient, block.noise, block.a, block.b], |x, [g, z, a, b]| x.sub(a.mul(g)).add(b.mul(z)));
}
