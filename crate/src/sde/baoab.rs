//! BAOAB for underdamped Langevin dynamics (unit mass)
//! `dx = v dt,  dv = −∇U(x) dt − γ v dt + √(2γT) dW`, stationary law ∝ exp(−U(x)/T − ‖v‖²/(2T)):
//!
//! B: v ← v − (Δt/2)∇U(x);  A: x ← x + (Δt/2) v;  O: v ← e^{−γΔt} v + √(T(1 − e^{−2γΔt})) ξ;
//! A: x ← x + (Δt/2) v;  B: v ← v − (Δt/2)∇U(x)
//!
//! (Leimkuhler & Matthews 2013, "Rational construction of stochastic numerical methods for
//! molecular sampling", AMRX, §2.) Weak order 2 for configurational averages; for a quadratic
//! U the configurational marginal is exact at any stable Δt (Δt²λ_max(H) < 4). One gradient per
//! step (the last B's gradient is the next step's first). γ → ∞ at fixed Δt (e^{−γΔt} = 0)
//! gives the Leimkuhler–Matthews overdamped method `xₖ₊₁ = xₖ − (Δt²/2)∇U(xₖ) +
//! (Δt√T/2)(ξₖ + ξₖ₊₁)` — overdamped Langevin with time step Δt²/2 and averaged consecutive
//! normals (Leimkuhler & Matthews 2013, §4; tested in test/sgMcmc.test.ts).
//! Coefficients: `a = Δt/2`, `b = √(Tⱼ(1 − e^{−2γΔt}))`, `c = 1 − e^{−γΔt}` (0 when frozen).

use super::kernel::Block;
use crate::simd::map2;

pub(crate) fn prepare(block: &mut Block, friction: f64) {
    let d = block.d;
    let decay = (-friction * block.dt).exp();
    for t in 0..block.m {
        let moving = if block.frozen[t] { 0.0 } else { 1.0 };
        for j in 0..d {
            block.a[t * d + j] = moving * 0.5 * block.dt;
            block.b[t * d + j] = moving * (block.temperature[j] * (1.0 - decay * decay)).sqrt();
            block.c[t * d + j] = moving * (1.0 - decay);
        }
    }
    block.landscape.gradient_batch(block.xs, block.gradient);
}

pub(crate) fn step(block: &mut Block, v: &mut [f64]) {
    map2(v, [block.gradient, block.a], |v, [g, a]| v.sub(a.mul(g))); // B
    map2(block.xs, [v, block.a], |x, [v, a]| x.add(a.mul(v))); // A
    block.fill_normals();
    map2(v, [block.c, block.b, block.noise], |v, [c, b, z]| v.sub(c.mul(v)).add(b.mul(z))); // O
    map2(block.xs, [v, block.a], |x, [v, a]| x.add(a.mul(v))); // A
    block.landscape.gradient_batch(block.xs, block.gradient);
    map2(v, [block.gradient, block.a], |v, [g, a]| v.sub(a.mul(g))); // B
}
