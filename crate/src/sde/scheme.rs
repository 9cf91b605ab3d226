//! The integration scheme of an ensemble and its per-trajectory state.

use super::ensemble::try_filled;
use super::exact_ou::OuTransition;
use super::general::GeneralScheme;
use super::Ensemble;
use crate::noise::{Interpretation, Noise};
use crate::sampler::{GradientNoise, StepSchedule};
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
    /// The exact OU transition for a linear drift (`exact_ou.rs`).
    ExactOu(OuTransition),
    /// Stochastic-gradient Langevin (`crate::sampler::sgld`).
    Sgld { noise: GradientNoise, schedule: StepSchedule },
    /// Stochastic-gradient HMC (`crate::sampler::sghmc`): `injected[j] = √(2Δt(γTⱼ − B̂ⱼ))`.
    Sghmc { friction: f64, noise: GradientNoise, injected: Vec<f64>, velocities: Vec<f64> },
    /// Heavy-ball SGD momentum (`crate::sampler::heavy_ball`); velocities are the buffer v.
    HeavyBall { momentum: f64, weight_decay: f64, noise: GradientNoise, velocities: Vec<f64> },
}

impl Scheme {
    pub fn name(&self) -> &'static str {
        match self {
            Scheme::EulerMaruyama => "euler-maruyama",
            Scheme::General(g) => g.name(),
            Scheme::Baoab { .. } => "baoab",
            Scheme::Mala { .. } => "mala",
            Scheme::ExactOu(_) => "exact-ou",
            Scheme::Sgld { .. } => "sgld",
            Scheme::Sghmc { .. } => "sghmc",
            Scheme::HeavyBall { .. } => "heavy-ball",
        }
    }

    /// The general scheme this one runs on `general.rs` (EM with a noise model other than
    /// temperature, or refinement, runs there too).
    pub(crate) fn general(&self) -> Option<GeneralScheme> {
        match self {
            Scheme::EulerMaruyama => Some(GeneralScheme::EulerMaruyama),
            Scheme::General(g) => Some(*g),
            _ => None,
        }
    }
}

impl Ensemble {
    pub(crate) fn check_plain_noise(&self, scheme: &str) -> SgdResult<()> {
        if self.noise != Noise::Temperature || self.refine != 1 {
            return Err(SgdError::invalid(format!("integrator = '{scheme}' supports only temperature noise without brownianRefinement")));
        }
        Ok(())
    }

    pub(crate) fn check_fresh(&self, scheme: &str) -> SgdResult<()> {
        if self.steps_done > 0 {
            return Err(SgdError::invalid(format!(
                "integrator = '{scheme}' cannot be set after {} steps: choose the scheme when the ensemble is created",
                self.steps_done
            )));
        }
        Ok(())
    }

    /// Whether a general scheme can integrate a noise model; the error says why not.
    fn check_general_noise(scheme: GeneralScheme, noise: &Noise) -> SgdResult<()> {
        let name = scheme.name();
        match scheme {
            GeneralScheme::Sra1 if !noise.is_additive() || !noise.is_brownian() => Err(SgdError::invalid(
                "integrator = 'sra1' needs additive noise driven by Brownian motion (temperature or a constant diffusion matrix); use 'milstein', 'rk-milstein' or 'heun' for state-dependent noise",
            )),
            GeneralScheme::Milstein | GeneralScheme::RkMilstein if !noise.is_milstein_ready() => Err(SgdError::invalid(format!(
                "integrator = '{name}' needs commutative (diagonal or additive) Brownian noise; the SGD noise form, α-stable noise and full state-dependent expression diffusions are not: use 'euler-maruyama' or 'heun'"
            ))),
            GeneralScheme::Heun if !noise.is_brownian() => Err(SgdError::invalid(
                "integrator = 'heun' needs Brownian noise: α-stable noise is supported by 'euler-maruyama' and 'tamed-euler'",
            )),
            _ => Ok(()),
        }
    }

    /// Switches to a general scheme (`general.rs`), after checking it suits the noise model.
    pub fn use_general(&mut self, scheme: GeneralScheme) -> SgdResult<()> {
        self.check_fresh(scheme.name())?;
        Self::check_general_noise(scheme, &self.noise)?;
        self.scheme = Scheme::General(scheme);
        Ok(())
    }

    /// Switches to the exact OU transition: needs a linear drift (a quadratic landscape),
    /// additive Brownian noise (temperature or correlated) and no refinement.
    pub fn use_exact_ou(&mut self) -> SgdResult<()> {
        self.check_fresh("exact-ou")?;
        if self.refine != 1 {
            return Err(SgdError::invalid("brownianRefinement is not supported by integrator = 'exact-ou' (it samples the transition law, not a given Brownian path)"));
        }
        let (a, mean) = self.landscape.linear_drift().ok_or_else(|| {
            SgdError::invalid("integrator = 'exact-ou' needs a linear drift: use a quadratic landscape (landscapes.quadratic)")
        })?;
        let d = self.d;
        let mut q = vec![0.0; d * d];
        match &self.noise {
            Noise::Temperature => (0..d).for_each(|j| q[j * d + j] = 2.0 * self.temperature[j]),
            Noise::Correlated { sigma } => q = crate::linalg::dense::mul_transpose(sigma, sigma, d),
            Noise::Minibatch(m) if !m.is_recomputed() => q = m.frozen_diffusion(d).unwrap_or(q),
            _ => return Err(SgdError::invalid("integrator = 'exact-ou' supports only additive Brownian noise (temperature, correlated, or a frozen minibatch covariance)")),
        }
        self.scheme = Scheme::ExactOu(OuTransition::new(&a, &mean, &q, self.dt)?);
        Ok(())
    }

    /// Sets the noise model (before the first step). BAOAB and MALA support only temperature noise.
    pub fn set_noise(&mut self, noise: Noise) -> SgdResult<()> {
        self.check_fresh("noise")?;
        if noise != Noise::Temperature && matches!(self.scheme, Scheme::Baoab { .. } | Scheme::Mala { .. } | Scheme::Sgld { .. } | Scheme::Sghmc { .. } | Scheme::HeavyBall { .. }) {
            return Err(SgdError::invalid(format!("integrator = '{}' supports only temperature noise", self.scheme.name())));
        }
        if let Scheme::General(g) = self.scheme {
            Self::check_general_noise(g, &noise)?;
        }
        if matches!(noise, Noise::Sgd { .. }) && !self.landscape.is_gradient_field() {
            return Err(SgdError::invalid("noise.kind = 'sgd' needs a loss L(θ) (the landscape's value): a general SDE's drift, or landscapes.fromFunction without `value`, has none"));
        }
        if let Noise::Minibatch(m) = &noise {
            m.check_landscape(&*self.landscape)?;
        }
        let previous = std::mem::replace(&mut self.noise, noise);
        if matches!(self.scheme, Scheme::ExactOu(_)) {
            if let Err(e) = self.use_exact_ou() {
                self.noise = previous;
                return Err(e);
            }
        }
        Ok(())
    }

    /// Chooses how `∫σ dW` is read (before the first step); `None` = the scheme's native
    /// interpretation (Stratonovich for Heun, Itô otherwise). General schemes reach the other
    /// one by the drift correction ±½c (`crate::noise`); the others integrate additive noise
    /// only, for which the two coincide.
    pub fn set_interpretation(&mut self, interpretation: Option<Interpretation>) -> SgdResult<()> {
        self.check_fresh("interpretation")?;
        self.interpretation = interpretation;
        Ok(())
    }

    /// The sign of the drift correction the kernel applies (see `general::step`): 0 when the
    /// requested interpretation is the scheme's native one (or noise is additive).
    pub(crate) fn drift_correction(&self) -> f64 {
        match (self.scheme.general(), self.interpretation) {
            (Some(g), Some(wanted)) if wanted != g.native() && !self.noise.is_additive() => {
                if wanted == Interpretation::Stratonovich {
                    1.0
                } else {
                    -1.0
                }
            }
            _ => 0.0,
        }
    }

    /// Builds each step's Brownian increment from `refine` fine substeps (before the first step):
    /// a run at Δt with `refine = r` follows the same path as a run at Δt/r with `refine = 1`.
    pub fn set_refinement(&mut self, refine: u32) -> SgdResult<()> {
        self.check_fresh("brownianRefinement")?;
        if refine == 0 {
            return Err(SgdError::invalid("brownianRefinement = 0 is not allowed: it must be an integer >= 1"));
        }
        if refine > 1 && !matches!(self.scheme, Scheme::EulerMaruyama | Scheme::General(_)) {
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
        if !self.landscape.is_gradient_field() {
            return Err(SgdError::invalid("integrator = 'mala' needs a potential U (its acceptance ratio uses U): a general SDE's drift, or landscapes.fromFunction without `value`, has none"));
        }
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

    /// Velocities `[n][d]` (BAOAB, SGHMC, heavy ball), if the scheme has them.
    pub fn velocities(&self) -> Option<&[f64]> {
        match &self.scheme {
            Scheme::Baoab { velocities, .. } | Scheme::Sghmc { velocities, .. } | Scheme::HeavyBall { velocities, .. } => Some(velocities),
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
