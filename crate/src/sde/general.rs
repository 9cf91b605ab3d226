//! Schemes for `dX = −∇U(X) dt + σ(X) dW` with any noise model (`crate::noise`), advanced
//! one moving trajectory at a time over Brownian increments built from `refine` fine
//! substeps (so runs at Δt and Δt/r can share one Brownian path exactly):
//!
//! - Euler–Maruyama: `X ← X + b Δt + σ(X) ΔW` — strong order 0.5 for multiplicative noise,
//!   1 for additive; weak order 1 (Kloeden & Platen 1992, §10.2, §14.1).
//! - Milstein, diagonal noise: `Xⱼ ← Xⱼ + bⱼΔt + σⱼΔWⱼ + ½σⱼσⱼ'(ΔWⱼ² − Δt)` — strong order 1
//!   (Kloeden & Platen §10.3); identical to EM for additive noise (errata.md).
//! - Stochastic Heun (Stratonovich): `X̄ = X + bΔt + σ(X)ΔW`,
//!   `X ← X + ½(b(X) + b(X̄))Δt + ½(σ(X) + σ(X̄))ΔW` — converges to the *Stratonovich* solution;
//!   strong order 1 for commutative noise (Rümelin 1982).
//! - Tamed Euler (Hutzenthaler, Jentzen & Kloeden 2012, Ann. Appl. Probab. 22(4)):
//!   `X ← X + bΔt/(1 + Δt‖b‖) + σ(X)ΔW` — the drift increment is bounded by 1 per step, so
//!   superlinear drifts (e.g. the quartic double well) cannot blow up; same orders as EM.
//! - SRA1, additive noise (Rößler 2010, SIAM J. Numer. Anal. 48(3), Table 6.2):
//!   `H = X + ¾ b(X) Δt + (3/2) σ ΔZ/Δt`, `X ← X + (⅓ b(X) + ⅔ b(H)) Δt + σ ΔW` — strong
//!   order 1.5, with `ΔZ = ∫ₜ^{t+Δt} (W_s − W_t) ds`.
//!
//! Increments from fine substeps of length h = Δt/r with (ΔWᵢ, ΔZᵢ) exactly distributed
//! (`ΔWᵢ = √h ξ₁`, `ΔZᵢ = ½h^{3/2}(ξ₁ + ξ₂/√3)`): `ΔW = Σ ΔWᵢ`,
//! `ΔZ = Σᵢ [ΔZᵢ + (W_{tᵢ} − W_t) h]` (exact composition, derived here).

use super::kernel::Block;
use crate::noise::Noise;

/// Which general scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GeneralScheme {
    EulerMaruyama,
    TamedEuler,
    Milstein,
    Heun,
    Sra1,
}

impl GeneralScheme {
    pub fn name(self) -> &'static str {
        match self {
            GeneralScheme::EulerMaruyama => "euler-maruyama",
            GeneralScheme::TamedEuler => "tamed-euler",
            GeneralScheme::Milstein => "milstein",
            GeneralScheme::Heun => "heun",
            GeneralScheme::Sra1 => "sra1",
        }
    }
}

/// Adds `scale · σ(x) dw` to `out` (one trajectory's row).
fn add_noise(noise: &Noise, temperature: &[f64], x: &[f64], dw: &[f64], scale: f64, out: &mut [f64]) {
    let d = x.len();
    match noise {
        Noise::Temperature => {
            for j in 0..d {
                out[j] += scale * (2.0 * temperature[j]).sqrt() * dw[j];
            }
        }
        Noise::Correlated { sigma } => {
            for j in 0..d {
                let mut s = 0.0;
                for k in 0..=j {
                    s += sigma[j * d + k] * dw[k];
                }
                out[j] += scale * s;
            }
        }
        Noise::Diagonal(form) => {
            for j in 0..d {
                out[j] += scale * form.sigma(x[j]) * dw[j];
            }
        }
    }
}

/// Draws the block's Brownian increments ΔW (into `noise`) and, if `areas`, ΔZ (into `area`).
fn fill_increments(block: &mut Block, refine: u32, areas: bool) {
    let d = block.d;
    let h = block.dt / refine as f64;
    let sqrt_h = h.sqrt();
    let half_h32 = 0.5 * h * sqrt_h;
    let inv_sqrt3 = 1.0 / 3f64.sqrt();
    for (t, stream) in block.streams.iter_mut().enumerate() {
        if block.frozen[t] {
            continue;
        }
        let mut local = *stream;
        let dw = &mut block.noise[t * d..(t + 1) * d];
        let dz = &mut block.area[t * d..(t + 1) * d];
        dw.iter_mut().for_each(|v| *v = 0.0);
        dz.iter_mut().for_each(|v| *v = 0.0);
        for _ in 0..refine {
            for j in 0..d {
                let xi1 = local.normal();
                if areas {
                    let xi2 = local.normal();
                    dz[j] += half_h32 * (xi1 + xi2 * inv_sqrt3) + dw[j] * h;
                }
                dw[j] += sqrt_h * xi1;
            }
        }
        *stream = local;
    }
}

/// One step of `scheme` for the block's moving trajectories.
pub(crate) fn step(block: &mut Block, scheme: GeneralScheme, noise: &Noise, refine: u32) {
    let d = block.d;
    let dt = block.dt;
    block.landscape.gradient_batch(block.xs, block.gradient);
    fill_increments(block, refine, scheme == GeneralScheme::Sra1);
    if matches!(scheme, GeneralScheme::Heun | GeneralScheme::Sra1) {
        // The stage point: Heun's predictor X̄, or SRA1's H.
        for t in 0..block.m {
            let r = t * d..(t + 1) * d;
            let (x, g) = (&block.xs[r.clone()], &block.gradient[r.clone()]);
            let stage = &mut block.proposal[r.clone()];
            if scheme == GeneralScheme::Heun {
                for j in 0..d {
                    stage[j] = x[j] - g[j] * dt;
                }
                add_noise(noise, block.temperature, x, &block.noise[r], 1.0, stage);
            } else {
                for j in 0..d {
                    stage[j] = x[j] - 0.75 * g[j] * dt;
                }
                add_noise(noise, block.temperature, x, &block.area[r], 1.5 / dt, stage);
            }
        }
        block.landscape.gradient_batch(block.proposal, block.proposal_gradient);
    }
    // The increment of every moving trajectory, built in `c` from the old state, then applied.
    for t in 0..block.m {
        if block.frozen[t] {
            continue;
        }
        let r = t * d..(t + 1) * d;
        let (x, dw, g) = (&block.xs[r.clone()], &block.noise[r.clone()], &block.gradient[r.clone()]);
        let incr = &mut block.c[r.clone()];
        match scheme {
            GeneralScheme::EulerMaruyama | GeneralScheme::Milstein => {
                for j in 0..d {
                    incr[j] = -g[j] * dt;
                }
                add_noise(noise, block.temperature, x, dw, 1.0, incr);
                if let (GeneralScheme::Milstein, Noise::Diagonal(form)) = (scheme, noise) {
                    for j in 0..d {
                        incr[j] += 0.5 * form.sigma(x[j]) * form.sigma_prime(x[j]) * (dw[j] * dw[j] - dt);
                    }
                }
            }
            GeneralScheme::TamedEuler => {
                let norm = g.iter().map(|v| v * v).sum::<f64>().sqrt();
                let taming = dt / (1.0 + dt * norm);
                for j in 0..d {
                    incr[j] = -g[j] * taming;
                }
                add_noise(noise, block.temperature, x, dw, 1.0, incr);
            }
            GeneralScheme::Heun => {
                let gs = &block.proposal_gradient[r.clone()];
                for j in 0..d {
                    incr[j] = -0.5 * (g[j] + gs[j]) * dt;
                }
                add_noise(noise, block.temperature, x, dw, 0.5, incr);
                add_noise(noise, block.temperature, &block.proposal[r.clone()], dw, 0.5, incr);
            }
            GeneralScheme::Sra1 => {
                let gs = &block.proposal_gradient[r.clone()];
                for j in 0..d {
                    incr[j] = -(g[j] / 3.0 + 2.0 * gs[j] / 3.0) * dt;
                }
                add_noise(noise, block.temperature, x, dw, 1.0, incr);
            }
        }
        for (xj, ij) in block.xs[r.clone()].iter_mut().zip(&block.c[r]) {
            *xj += ij;
        }
    }
}
