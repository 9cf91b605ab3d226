//! The integration scheme of an ensemble and its per-trajectory state.

use super::ensemble::try_filled;
use super::Ensemble;
use crate::error::{require_non_negative, SgdError, SgdResult};

/// Which scheme advances the ensemble (see `kernel.rs` and the scheme modules).
pub enum Scheme {
    /// Euler–Maruyama for overdamped Langevin (`euler_maruyama.rs`).
    EulerMaruyama,
    /// BAOAB for underdamped Langevin with friction γ (`baoab.rs`); velocities `[n][d]`.
    Baoab { friction: f64, velocities: Vec<f64> },
    /// Metropolis-adjusted Langevin (`mala.rs`): accepted and proposed moves per trajectory.
    Mala { accepted: Vec<u64>, proposed: Vec<u64> },
}

impl Scheme {
    pub fn name(&self) -> &'static str {
        match self {
            Scheme::EulerMaruyama => "euler-maruyama",
            Scheme::Baoab { .. } => "baoab",
            Scheme::Mala { .. } => "mala",
        }
    }
}

impl Ensemble {
    fn check_fresh(&self, scheme: &str) -> SgdResult<()> {
        if self.steps_done > 0 {
            return Err(SgdError::invalid(format!(
                "integrator = '{scheme}' cannot be set after {} steps: choose the scheme when the ensemble is created",
                self.steps_done
            )));
        }
        Ok(())
    }

    /// Switches to BAOAB with friction γ ≥ 0; velocities start Maxwell–Boltzmann,
    /// `vⱼ ~ N(0, Tⱼ)`, drawn from each trajectory's own stream.
    pub fn use_baoab(&mut self, friction: f64) -> SgdResult<()> {
        self.check_fresh("baoab")?;
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
