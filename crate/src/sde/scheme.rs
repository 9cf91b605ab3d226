//! The integration scheme of an ensemble and its per-trajectory state.

use super::ensemble::try_filled;
use super::general::GeneralScheme;
use super::Ensemble;
use crate::noise::Noise;
use crate::error::{require_non_negative, SgdError, SgdResult};

/// Which scheme advances the ensemble (see `kernel.rs` and the scheme modules).
pub enum Scheme {
    /// Euler–Maruyama (`euler_maruyama.rs` for temperature noise; `general.rs` otherwise).
    EulerMaruyama,
    /// Milstein, stochastic Heun or SRA1 (`general.rs`).
    General(GeneralScheme),
    /// BAOAB for underdamped Langevin with friction γ (`baoab.rs`); velocities `[n][d]`.
    Baoab { friction: f64, velocities: Vec<f64> },
    /// Metropolis-adjusted Langevin (`mala.rs`): accepted and proposed moves per trajectory.
    Mala { accepted: Vec<u64>, proposed: Vec<u64> },
}

impl Scheme {
    pub fn name(&self) -> &'static str {
        match self {
            Scheme::EulerMaruyama => "euler-maruyama",
            Scheme::General(g) => g.name(),
            Scheme::Baoab { .. } => "baoab",
            Scheme::Mala { .. } => "mala",
        }
    }
}

impl Ensemble {
    fn check_plain_noise(&self, scheme: &str) -> SgdResult<()> {
        if self.noise != Noise::Temperature || self.refine != 1 {
            return Err(SgdError::invalid(format!("integrator = '{scheme}' supports only temperature noise without brownianRefinement")));
        }
        Ok(())
    }

    fn check_fresh(&self, scheme: &str) -> SgdResult<()> {
        if self.steps_done > 0 {
            return Err(SgdError::invalid(format!(
                "integrator = '{scheme}' cannot be set after {} steps: choose the scheme when the ensemble is created",
                self.steps_done
            )));
        }
        Ok(())
    }

    /// Switches to Milstein, Heun or SRA1. SRA1 needs additive noise; Milstein's correction
    /// is for diagonal noise (for additive noise it is EM).
    pub fn use_general(&mut self, scheme: GeneralScheme) -> SgdResult<()> {
        self.check_fresh(scheme.name())?;
        if scheme == GeneralScheme::Sra1 && !self.noise.is_additive() {
            return Err(SgdError::invalid("integrator = 'sra1' needs additive noise (temperature or a constant diffusion matrix); use 'milstein' or 'heun' for state-dependent noise"));
        }
        self.scheme = Scheme::General(scheme);
        Ok(())
    }

    /// Sets the noise model (before the first step). BAOAB and MALA support only temperature noise.
    pub fn set_noise(&mut self, noise: Noise) -> SgdResult<()> {
        self.check_fresh("noise")?;
        if noise != Noise::Temperature && matches!(self.scheme, Scheme::Baoab { .. } | Scheme::Mala { .. }) {
            return Err(SgdError::invalid(format!("integrator = '{}' supports only temperature noise", self.scheme.name())));
        }
        if let (Scheme::General(GeneralScheme::Sra1), false) = (&self.scheme, noise.is_additive()) {
            return Err(SgdError::invalid("integrator = 'sra1' needs additive noise"));
        }
        self.noise = noise;
        Ok(())
    }

    /// Builds each step's Brownian increment from `refine` fine substeps (before the first step):
    /// a run at Δt with `refine = r` follows the same path as a run at Δt/r with `refine = 1`.
    pub fn set_refinement(&mut self, refine: u32) -> SgdResult<()> {
        self.check_fresh("brownianRefinement")?;
        if refine == 0 {
            return Err(SgdError::invalid("brownianRefinement = 0 is not allowed: it must be an integer >= 1"));
        }
        if refine > 1 && matches!(self.scheme, Scheme::Baoab { .. } | Scheme::Mala { .. }) {
            return Err(SgdError::invalid(format!("brownianRefinement is not supported by integrator = '{}'", self.scheme.name())));
        }
        self.refine = refine;
        Ok(())
    }

    /// Switches to BAOAB with friction γ ≥ 0; velocities start Maxwell–Boltzmann,
    /// `vⱼ ~ N(0, Tⱼ)`, drawn from each trajectory's own stream.
    pub fn use_baoab(&mut self, friction: f64) -> SgdResult<()> {
        self.check_fresh("baoab")?;
        self.check_plain_noise("baoab")?;
        let friction = require_non_negative("friction", friction)?;
        let mut velocities = try_filled(self.n * self.d, 0.0, "velocities")?;
        let sd: Vec<f64> = self.temperature.iter().map(|t| t.sqrt()).collect();
        for (row, stream) in velocities.chunks_exact_mut(self.d).zip(self.streams.iter_mut()) {
            for (v, s) in row.iter_mut().zip(&sd) {
                *v = s * stream.normal();
            }
        }
        self.scheme = Scheme::Baoab { friction, velocities };
        Ok(())
    }

    /// Switches to MALA, whose target `∝ exp(−U/T)` needs one scalar temperature T > 0.
    pub fn use_mala(&mut self) -> SgdResult<()> {
        self.check_fresh("mala")?;
        self.check_plain_noise("mala")?;
        let t0 = self.temperature[0];
        if self.temperature.iter().any(|&t| t != t0) || !(t0 > 0.0) {
            return Err(SgdError::invalid(format!(
                "temperature = {:?} is not allowed with integrator 'mala': it needs one temperature > 0 for all coordinates",
                self.temperature
            )));
        }
        self.scheme = Scheme::Mala { accepted: try_filled(self.n, 0, "acceptance counts")?, proposed: try_filled(self.n, 0, "proposal counts")? };
        Ok(())
    }

    /// BAOAB velocities `[n][d]`, if the scheme has them.
    pub fn velocities(&self) -> Option<&[f64]> {
        match &self.scheme {
            Scheme::Baoab { velocities, .. } => Some(velocities),
            _ => None,
        }
    }

    /// MALA accepted and proposed moves per trajectory, if the scheme counts them.
    pub fn mala_counts(&self) -> Option<(&[u64], &[u64])> {
        match &self.scheme {
            Scheme::Mala { accepted, proposed } => Some((accepted, proposed)),
            _ => None,
        }
    }
}
