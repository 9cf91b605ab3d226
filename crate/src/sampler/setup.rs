//! Choosing a sampler on an ensemble (before its first step), with every parameter checked.

use std::rc::Rc;

use super::{Constraint, GradientNoise, ReplicaExchange, StepSchedule};
use crate::error::{require_finite, require_non_negative, SgdError, SgdResult};
use crate::landscape::Landscape;
use crate::noise::Noise;
use crate::sde::{Ensemble, Scheme};

impl Ensemble {
    /// Whether the scheme is Euler–Maruyama's temperature-noise fast path (ULA).
    fn is_plain_euler_maruyama(&self) -> bool {
        matches!(self.scheme, Scheme::EulerMaruyama) && self.noise == Noise::Temperature && self.refine == 1
    }

    /// SGLD (`sgld.rs`) with gradient noise Σ_g and a step-size schedule.
    pub fn use_sgld(&mut self, noise: GradientNoise, schedule: StepSchedule) -> SgdResult<()> {
        self.check_fresh("sgld")?;
        self.check_plain_noise("sgld")?;
        self.scheme = Scheme::Sgld { noise, schedule };
        Ok(())
    }

    /// SGHMC (`sghmc.rs`) with friction γ ≥ 0, gradient noise Σ_g and the per-coordinate
    /// estimate V̂ of its variance (length d, each ≥ 0, with `γTⱼ ≥ ½ΔtV̂ⱼ`).
    pub fn use_sghmc(&mut self, friction: f64, noise: GradientNoise, estimate: &[f64]) -> SgdResult<()> {
        self.check_fresh("sghmc")?;
        self.check_plain_noise("sghmc")?;
        let friction = require_non_negative("friction", friction)?;
        if estimate.len() != self.d {
            return Err(SgdError::invalid(format!("noiseEstimate has {} entries: it must be one number or d = {}", estimate.len(), self.d)));
        }
        let mut injected = Vec::with_capacity(self.d);
        for (j, &v) in estimate.iter().enumerate() {
            require_non_negative(&format!("noiseEstimate[{j}]"), v)?;
            let room = friction * self.temperature[j] - 0.5 * self.dt * v;
            if room < 0.0 {
                return Err(SgdError::invalid(format!(
                    "noiseEstimate[{j}] = {v} is not allowed with friction = {friction}, temperature[{j}] = {} and dt = {}: SGHMC needs friction·T ≥ ½·dt·noiseEstimate (raise friction or lower dt)",
                    self.temperature[j], self.dt
                )));
            }
            injected.push((2.0 * self.dt * room).sqrt());
        }
        let mut velocities = crate::sde::try_filled(self.n * self.d, 0.0, "velocities")?;
        let sd: Vec<f64> = self.temperature.iter().map(|t| t.sqrt()).collect();
        for (row, stream) in velocities.chunks_exact_mut(self.d).zip(self.streams.iter_mut()) {
            for (v, s) in row.iter_mut().zip(&sd) {
                *v = s * stream.normal();
            }
        }
        self.scheme = Scheme::Sghmc { friction, noise, injected, velocities };
        Ok(())
    }

    /// Heavy-ball SGD momentum (`heavy_ball.rs`): momentum β ∈ [0, 1), weight decay λ ≥ 0;
    /// its only noise is the gradient noise, so every temperature must be 0.
    pub fn use_heavy_ball(&mut self, momentum: f64, weight_decay: f64, noise: GradientNoise) -> SgdResult<()> {
        self.check_fresh("heavy-ball")?;
        self.check_plain_noise("heavy-ball")?;
        if !(momentum.is_finite() && (0.0..1.0).contains(&momentum)) {
            return Err(SgdError::invalid(format!("momentum = {momentum} is not allowed: it must be a number in [0, 1)")));
        }
        let weight_decay = require_non_negative("weightDecay", weight_decay)?;
        if let Some(j) = self.temperature.iter().position(|&t| t != 0.0) {
            return Err(SgdError::invalid(format!(
                "temperature[{j}] = {} is not allowed with integrator 'heavy-ball': its noise is the gradient noise (gradientNoise); leave temperature out",
                self.temperature[j]
            )));
        }
        let velocities = crate::sde::try_filled(self.n * self.d, 0.0, "velocities")?;
        self.scheme = Scheme::HeavyBall { momentum, weight_decay, noise, velocities };
        Ok(())
    }

    /// Parallel tempering over groups of `ladder.len()` replicas (`replica_exchange.rs`) on
    /// top of Euler–Maruyama (temperature noise) or MALA.
    pub fn set_replica_exchange(&mut self, ladder: &[f64], swap_every: u64) -> SgdResult<()> {
        self.check_fresh("replicaExchange")?;
        if !(self.is_plain_euler_maruyama() || matches!(self.scheme, Scheme::Mala { .. })) {
            return Err(SgdError::invalid(format!(
                "replicaExchange is not supported with integrator = '{}' (and non-temperature noise): use 'euler-maruyama' (ULA) or 'mala'",
                self.scheme.name()
            )));
        }
        if self.passage.is_some() {
            return Err(SgdError::invalid("replicaExchange: first passage is not supported with replica exchange"));
        }
        let exchange = ReplicaExchange::new(ladder, swap_every, self.seed, self.n, self.offset)?;
        self.ladder = ladder.to_vec();
        self.exchange = Some(exchange);
        Ok(())
    }

    /// Proposed and accepted swaps per neighbour pair, under replica exchange.
    pub fn swap_counts(&self) -> Option<(&[u64], &[u64])> {
        self.exchange.as_ref().map(|x| x.counts())
    }

    /// Projected Langevin on a sphere `‖x − c‖ = ρ` (`constraint.rs`); starts are projected.
    pub fn set_sphere(&mut self, centre: &[f64], radius: f64) -> SgdResult<()> {
        let c = Constraint::sphere(centre, radius, self.d)?;
        self.set_constraint(c)
    }

    /// Projected Langevin on the level set `g(x) = 0` (`constraint.rs`); starts are projected.
    pub fn set_level_set(&mut self, g: Rc<dyn Landscape>, tolerance: f64, max_iterations: u32) -> SgdResult<()> {
        let c = Constraint::level_set(g, tolerance, max_iterations, self.d)?;
        self.set_constraint(c)
    }

    fn set_constraint(&mut self, c: Constraint) -> SgdResult<()> {
        self.check_fresh("constraint")?;
        if !self.is_plain_euler_maruyama() {
            return Err(SgdError::invalid(format!(
                "constraint is only supported with integrator = 'euler-maruyama' (projected ULA) and temperature noise, not '{}'",
                self.scheme.name()
            )));
        }
        if self.d < 2 {
            return Err(SgdError::invalid("constraint needs dim >= 2 (a constraint in 1-D leaves isolated points)"));
        }
        let mut positions = self.positions.clone();
        c.project_starts(&mut positions, self.d)?;
        require_finite("x0 (projected)", &positions)?;
        self.positions = positions;
        self.constraint = Some(c);
        Ok(())
    }

    /// Refuses to step if a scheme was changed after replica exchange or a constraint was set
    /// to one they do not support.
    pub(crate) fn check_sampler_options(&self) -> SgdResult<()> {
        if self.exchange.is_some() && !(self.is_plain_euler_maruyama() || matches!(self.scheme, Scheme::Mala { .. })) {
            return Err(SgdError::invalid(format!("replicaExchange is not supported with integrator = '{}'", self.scheme.name())));
        }
        if self.constraint.is_some() && !self.is_plain_euler_maruyama() {
            return Err(SgdError::invalid(format!("constraint is not supported with integrator = '{}'", self.scheme.name())));
        }
        if self.constraint.is_some() && self.passage.as_ref().map_or(false, |p| p.bridge) {
            return Err(SgdError::invalid("target.bridge = true is not allowed with a constraint: the crossing correction assumes unconstrained Euler–Maruyama steps"));
        }
        Ok(())
    }
}
