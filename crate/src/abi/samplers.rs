//! Exports of `crate::sampler`: choosing SGLD, SGHMC, heavy-ball momentum, replica exchange or
//! a constraint on an ensemble before its first step, and reading swap statistics.
//! Matrices are row-major d×d f64; a zero-length gradient-noise covariance means exact gradients.

use super::{count, f64s, f64s_mut, status, with_table};
use crate::error::{SgdError, SgdResult};
use crate::sampler::{GradientNoise, StepSchedule};
use crate::sde::Ensemble;

fn gradient_noise(e: &Ensemble, covariance: &[f64]) -> SgdResult<GradientNoise> {
    if covariance.is_empty() {
        Ok(GradientNoise::none(e.dim()))
    } else {
        GradientNoise::from_covariance(covariance, e.dim())
    }
}

/// SGLD with gradient-noise covariance Σ_g and step schedule `Δtₖ = Δt(1 + k/t0)^{−decay}`.
#[no_mangle]
pub extern "C" fn sgd_ensemble_use_sgld(handle: u32, covariance: *const f64, covariance_len: usize, t0: f64, decay: f64) -> i32 {
    status((|| {
        let cov = f64s(covariance, covariance_len, "gradientNoise.covariance")?.to_vec();
        let schedule = StepSchedule::new(t0, decay)?;
        with_table(|t| {
            let e = t.ensemble(handle)?;
            let noise = gradient_noise(e, &cov)?;
            e.use_sgld(noise, schedule)
        })
    })())
}

/// SGHMC with friction γ, gradient-noise covariance Σ_g and per-coordinate estimate V̂ (d).
#[no_mangle]
pub extern "C" fn sgd_ensemble_use_sghmc(handle: u32, friction: f64, covariance: *const f64, covariance_len: usize, estimate: *const f64, estimate_len: usize) -> i32 {
    status((|| {
        let cov = f64s(covariance, covariance_len, "gradientNoise.covariance")?.to_vec();
        let est = f64s(estimate, estimate_len, "noiseEstimate")?.to_vec();
        with_table(|t| {
            let e = t.ensemble(handle)?;
            let noise = gradient_noise(e, &cov)?;
            e.use_sghmc(friction, noise, &est)
        })
    })())
}

/// Heavy-ball SGD momentum β with weight decay λ and gradient-noise covariance Σ_g.
#[no_mangle]
pub extern "C" fn sgd_ensemble_use_heavy_ball(handle: u32, momentum: f64, weight_decay: f64, covariance: *const f64, covariance_len: usize) -> i32 {
    status((|| {
        let cov = f64s(covariance, covariance_len, "gradientNoise.covariance")?.to_vec();
        with_table(|t| {
            let e = t.ensemble(handle)?;
            let noise = gradient_noise(e, &cov)?;
            e.use_heavy_ball(momentum, weight_decay, noise)
        })
    })())
}

/// Replica exchange with the temperature ladder (`ladder_len` entries) and a swap round every
/// `swap_every` steps.
#[no_mangle]
pub extern "C" fn sgd_ensemble_set_replica_exchange(handle: u32, ladder: *const f64, ladder_len: usize, swap_every: f64) -> i32 {
    status((|| {
        let ladder = f64s(ladder, ladder_len, "replicaExchange.temperatures")?.to_vec();
        if !(swap_every >= 1.0) {
            return Err(SgdError::invalid(format!("replicaExchange.swapEvery = {swap_every} is not allowed: it must be an integer >= 1")));
        }
        let m = count("replicaExchange.swapEvery", swap_every)?;
        with_table(|t| t.ensemble(handle)?.set_replica_exchange(&ladder, m))
    })())
}

/// Writes proposed then accepted swaps per neighbour pair (2(R − 1) f64).
#[no_mangle]
pub extern "C" fn sgd_ensemble_swap_counts(handle: u32, out: *mut f64) -> i32 {
    status(with_table(|t| {
        let e = t.ensemble(handle)?;
        let (proposed, accepted) = e.swap_counts().ok_or_else(|| SgdError::invalid("swapAcceptance: this ensemble has no replicaExchange"))?;
        let out = f64s_mut(out, 2 * proposed.len(), "out")?;
        let (p, a) = out.split_at_mut(proposed.len());
        p.iter_mut().zip(proposed).for_each(|(o, &v)| *o = v as f64);
        a.iter_mut().zip(accepted).for_each(|(o, &v)| *o = v as f64);
        Ok(())
    }))
}

/// Number of replicas R (0 without replica exchange), or −1 for a bad handle.
#[no_mangle]
pub extern "C" fn sgd_ensemble_replicas(handle: u32) -> f64 {
    match with_table(|t| t.ensemble(handle).map(|e| e.swap_counts().map_or(0, |(p, _)| p.len() + 1))) {
        Ok(r) => r as f64,
        Err(e) => {
            status(Err(e));
            -1.0
        }
    }
}

/// Projected Langevin on the sphere `‖x − centre‖ = radius`.
#[no_mangle]
pub extern "C" fn sgd_ensemble_set_sphere(handle: u32, centre: *const f64, centre_len: usize, radius: f64) -> i32 {
    status((|| {
        let c = f64s(centre, centre_len, "constraint.centre")?.to_vec();
        with_table(|t| t.ensemble(handle)?.set_sphere(&c, radius))
    })())
}

/// Projected Langevin on the level set `g(x) = 0` of the landscape `g`.
#[no_mangle]
pub extern "C" fn sgd_ensemble_set_level_set(handle: u32, g: u32, tolerance: f64, max_iterations: f64) -> i32 {
    status((|| {
        let iterations = count("constraint.maxIterations", max_iterations)?;
        let iterations = u32::try_from(iterations).map_err(|_| SgdError::invalid(format!("constraint.maxIterations = {max_iterations} is too large")))?;
        with_table(|t| {
            let g = t.landscape(g)?;
            t.ensemble(handle)?.set_level_set(g, tolerance, iterations)
        })
    })())
}
