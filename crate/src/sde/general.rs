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
//! - Runge–Kutta Milstein (Platen's derivative-free scheme; Kloeden & Platen 1992, §11.1,
//!   eq. (11.1.3)), diagonal noise: `Υⱼ = Xⱼ + bⱼΔt + σⱼ√Δt`,
//!   `Xⱼ ← Xⱼ + bⱼΔt + σⱼΔWⱼ + (σⱼ(Υ) − σⱼ(X))(ΔWⱼ² − Δt)/(2√Δt)` — strong order 1 for
//!   diagonal noise (σⱼ depending on xⱼ only), weak order 1; no σ' needed; EM for additive noise.
//! - SRA1, additive noise (Rößler 2010, SIAM J. Numer. Anal. 48(3), Table 6.2):
//!   `H = X + ¾ b(X) Δt + (3/2) σ ΔZ/Δt`, `X ← X + (⅓ b(X) + ⅔ b(H)) Δt + σ ΔW` — strong
//!   order 1.5, with `ΔZ = ∫ₜ^{t+Δt} (W_s − W_t) ds`.
//!
//! Increments from fine substeps of length h = Δt/r with (ΔWᵢ, ΔZᵢ) exactly distributed
//! (`ΔWᵢ = √h ξ₁`, `ΔZᵢ = ½h^{3/2}(ξ₁ + ξ₂/√3)`): `ΔW = Σ ΔWᵢ`,
//! `ΔZ = Σᵢ [ΔZᵢ + (W_{tᵢ} − W_t) h]` (exact composition, derived here). For α-stable noise
//! `ΔLᵢ = h^{1/α} Sᵢ` and `ΔL = Σ ΔLᵢ` (exact in law: stable laws are closed under sums).
//!
//! Interpretation: if the ensemble's interpretation differs from the scheme's native one
//! (Stratonovich for Heun, Itô otherwise), every drift evaluation is corrected by `±½c`
//! (`Noise::correct_drift`), so each scheme serves both readings.

use super::kernel::Block;
use crate::noise::{Interpretation, Noise};

/// Which general scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GeneralScheme {
    EulerMaruyama,
    TamedEuler,
    Milstein,
    Heun,
    Sra1,
    RkMilstein,
}

impl GeneralScheme {
    pub fn name(self) -> &'static str {
        match self {
            GeneralScheme::EulerMaruyama => "euler-maruyama",
            GeneralScheme::TamedEuler => "tamed-euler",
            GeneralScheme::Milstein => "milstein",
            GeneralScheme::Heun => "heun",
            GeneralScheme::Sra1 => "sra1",
            GeneralScheme::RkMilstein => "rk-milstein",
        }
    }

    /// The interpretation the scheme converges to without drift correction.
    pub fn native(self) -> Interpretation {
        if self == GeneralScheme::Heun {
            Interpretation::Stratonovich
        } else {
            Interpretation::Ito
        }
    }
}

/// Draws the block's increments ΔW (into `noise`) and, if `areas`, ΔZ (into `area`); for
/// α-stable noise (`alpha` = Some(α)) the stable increments ΔL instead of ΔW.
fn fill_increments(block: &mut Block, refine: u32, areas: bool, alpha: Option<f64>) {
    let d = block.d;
    let h = block.dt / refine as f64;
    let sqrt_h = h.sqrt();
    let half_h32 = 0.5 * h * sqrt_h;
    let inv_sqrt3 = 1.0 / 3f64.sqrt();
    let stable_h = alpha.map_or(0.0, |a| h.powf(1.0 / a));
    for (t, stream) in block.streams.iter_mut().enumerate() {
        if block.frozen[t] {
            continue;
        }
        let mut local = *stream;
        let dw = &mut block.noise[t * d..(t + 1) * d];
        let dz = &mut block.area[t * d..(t + 1) * d];
        dw.iter_mut().for_each(|v| *v = 0.0);
        dz.iter_mut().for_each(|v| *v = 0.0);
        if let Some(alpha) = alpha {
            for _ in 0..refine {
                for v in dw.iter_mut() {
                    *v += stable_h * local.symmetric_stable(alpha);
                }
            }
            *stream = local;
            continue;
        }
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

/// `g ← g − sign·½c(x)` for every moving trajectory of the block (see `Noise::correct_drift`);
/// `work` is d scratch values per trajectory.
fn correct_drifts(block_m: usize, d: usize, frozen: &[bool], noise: &Noise, landscape: &dyn crate::landscape::Landscape, xs: &[f64], gs: &mut [f64], sign: f64, work: &mut [f64]) {
    for t in 0..block_m {
        if !frozen[t] {
            let r = t * d..(t + 1) * d;
            noise.correct_drift(landscape, &xs[r.clone()], &mut gs[r.clone()], sign, &mut work[r]);
        }
    }
}

/// One step of `scheme` for the block's moving trajectories; `correction` is 0, or ±1 to
/// integrate the other interpretation than the scheme's native one.
pub(crate) fn step(block: &mut Block, scheme: GeneralScheme, noise: &Noise, refine: u32, correction: f64) {
    let d = block.d;
    let dt = block.dt;
    let landscape = block.landscape;
    landscape.gradient_batch(block.xs, block.gradient);
    if correction != 0.0 {
        correct_drifts(block.m, d, &block.frozen, noise, landscape, block.xs, block.gradient, correction, block.c);
    }
    let alpha = match noise {
        Noise::AlphaStable { alpha, .. } => Some(*alpha),
        _ => None,
    };
    fill_increments(block, refine, scheme == GeneralScheme::Sra1, alpha);
    // L(x) of the whole block in one batched evaluation when σ needs it (SGD noise).
    if noise.needs_value() {
        landscape.value_batch(block.xs, block.value);
    }
    let values: &[f64] = block.value;
    let known = |t: usize| if noise.needs_value() { Some(values[t]) } else { None };
    let temperature = block.temperature;
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
                noise.add_sigma_times(temperature, landscape, x, known(t), &block.noise[r], 1.0, stage);
            } else {
                for j in 0..d {
                    stage[j] = x[j] - 0.75 * g[j] * dt;
                }
                noise.add_sigma_times(temperature, landscape, x, known(t), &block.area[r], 1.5 / dt, stage);
            }
        }
        landscape.gradient_batch(block.proposal, block.proposal_gradient);
        if correction != 0.0 {
            correct_drifts(block.m, d, &block.frozen, noise, landscape, block.proposal, block.proposal_gradient, correction, block.c);
        }
    }
    let sqrt_dt = dt.sqrt();
    // The increment of every moving trajectory, built in `c` from the old state, then applied.
    for t in 0..block.m {
        if block.frozen[t] {
            continue;
        }
        let r = t * d..(t + 1) * d;
        let (x, dw, g) = (&block.xs[r.clone()], &block.noise[r.clone()], &block.gradient[r.clone()]);
        let incr = &mut block.c[r.clone()];
        match scheme {
            GeneralScheme::EulerMaruyama | GeneralScheme::Milstein | GeneralScheme::RkMilstein => {
                for j in 0..d {
                    incr[j] = -g[j] * dt;
                }
                noise.add_sigma_times(temperature, landscape, x, known(t), dw, 1.0, incr);
                if scheme == GeneralScheme::Milstein {
                    noise.add_milstein(x, dw, dt, incr);
                }
                if let (GeneralScheme::RkMilstein, false) = (scheme, noise.is_additive()) {
                    // Support point Υ = X + bΔt + σ√Δt (in `proposal`), then
                    // (σ(Υ) − σ(X)) q with qⱼ = (ΔWⱼ² − Δt)/(2√Δt) (in `area`).
                    let support = &mut block.proposal[r.clone()];
                    let q = &mut block.area[r.clone()];
                    for j in 0..d {
                        support[j] = x[j] - g[j] * dt;
                        q[j] = sqrt_dt;
                    }
                    noise.add_sigma_times(temperature, landscape, x, known(t), q, 1.0, support);
                    for j in 0..d {
                        q[j] = (dw[j] * dw[j] - dt) / (2.0 * sqrt_dt);
                    }
                    noise.add_sigma_times(temperature, landscape, support, None, q, 1.0, incr);
                    noise.add_sigma_times(temperature, landscape, x, known(t), q, -1.0, incr);
                }
            }
            GeneralScheme::TamedEuler => {
                let norm = g.iter().map(|v| v * v).sum::<f64>().sqrt();
                let taming = dt / (1.0 + dt * norm);
                for j in 0..d {
                    incr[j] = -g[j] * taming;
                }
                noise.add_sigma_times(temperature, landscape, x, known(t), dw, 1.0, incr);
            }
            GeneralScheme::Heun => {
                let gs = &block.proposal_gradient[r.clone()];
                for j in 0..d {
                    incr[j] = -0.5 * (g[j] + gs[j]) * dt;
                }
                noise.add_sigma_times(temperature, landscape, x, known(t), dw, 0.5, incr);
                noise.add_sigma_times(temperature, landscape, &block.proposal[r.clone()], None, dw, 0.5, incr);
            }
            GeneralScheme::Sra1 => {
                let gs = &block.proposal_gradient[r.clone()];
                for j in 0..d {
                    incr[j] = -(g[j] / 3.0 + 2.0 * gs[j] / 3.0) * dt;
                }
                noise.add_sigma_times(temperature, landscape, x, known(t), dw, 1.0, incr);
            }
        }
        for (xj, ij) in block.xs[r.clone()].iter_mut().zip(&block.c[r]) {
            *xj += ij;
        }
    }
}
