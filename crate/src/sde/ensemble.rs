//! An ensemble of `n` independent trajectories in ℝᵈ (row-major `[n][d]`), each with its
//! own random stream derived from `(seed, offset + i)`, so a sub-ensemble with the same
//! seed and offset reproduces the same trajectories bit for bit.

use std::rc::Rc;

use super::{Scheme, Target};
use crate::error::{require_finite, require_non_negative, require_positive, Divergence, SgdError, SgdResult};
use crate::landscape::Landscape;
use crate::noise::{Interpretation, Noise};
use crate::rng::{stream_for, Xoshiro256pp};
use crate::sampler::{Constraint, ReplicaExchange};

/// Trajectories per block: a block's state, gradients and noise stay in L1 cache while
/// it is advanced through all the steps of one call.
pub const BLOCK: usize = 64;

/// What an ensemble is created from.
pub struct EnsembleSpec<'a> {
    pub n: usize,
    /// Global index of the first trajectory (selects its random stream).
    pub offset: u64,
    pub seed: u64,
    pub dt: f64,
    /// Temperature per coordinate (length d), each ≥ 0.
    pub temperature: &'a [f64],
    /// Start: length d (shared by all trajectories) or n·d (one row per trajectory).
    pub x0: &'a [f64],
}

/// A first-passage record: when (global step, 1-based) each trajectory entered the target,
/// and which component of it.
pub(crate) struct Passage {
    pub target: Target,
    /// `u64::MAX` while not hit.
    pub hit_step: Vec<u64>,
    /// Index of the component hit (meaningful once `hit_step` is set).
    pub hit_component: Vec<u32>,
    /// Brownian-bridge crossing correction for half-space components (see `kernel.rs`).
    pub bridge: bool,
}

pub struct Ensemble {
    pub(crate) landscape: Rc<dyn Landscape>,
    pub(crate) n: usize,
    pub(crate) d: usize,
    pub(crate) offset: u64,
    pub(crate) seed: u64,
    pub(crate) dt: f64,
    /// Temperature Tⱼ per coordinate.
    pub(crate) temperature: Vec<f64>,
    pub(crate) scheme: Scheme,
    pub(crate) noise: Noise,
    /// Requested interpretation of the noise (None: the scheme's native one).
    pub(crate) interpretation: Option<Interpretation>,
    /// Fine Brownian substeps per step (see `Ensemble::set_refinement`).
    pub(crate) refine: u32,
    pub(crate) positions: Vec<f64>,
    pub(crate) streams: Vec<Xoshiro256pp>,
    pub(crate) steps_done: u64,
    pub(crate) diverged: Option<Divergence>,
    /// The step at which the landscape failed (a JS callback threw); no further steps then.
    pub(crate) stopped_by_landscape: Option<u64>,
    pub(crate) passage: Option<Passage>,
    /// Parallel tempering over groups of replicas (`crate::sampler::ReplicaExchange`).
    pub(crate) exchange: Option<ReplicaExchange>,
    /// Its temperature ladder (empty without replica exchange).
    pub(crate) ladder: Vec<f64>,
    /// Projected Langevin: the manifold trajectories are retracted onto after each step.
    pub(crate) constraint: Option<Constraint>,
    pub(crate) scratch: Scratch,
}

/// Per-block work arrays, sized once at creation (kernels never allocate mid-run).
pub(crate) struct Scratch {
    pub gradient: Vec<f64>,
    pub noise: Vec<f64>,
    pub area: Vec<f64>,
    /// Per-element coefficients of the scheme's update; 0 for a frozen trajectory (see each scheme).
    pub factor_a: Vec<f64>,
    pub factor_b: Vec<f64>,
    pub factor_c: Vec<f64>,
    /// MALA: the proposal, its gradient, and U at the current points.
    pub proposal: Vec<f64>,
    pub proposal_gradient: Vec<f64>,
    pub value: Vec<f64>,
    /// MALA: U at each trajectory's proposal.
    pub proposal_value: Vec<f64>,
    /// The block's positions before the current step (Brownian-bridge correction).
    pub previous: Vec<f64>,
}

/// `Vec::with_capacity` that reports exhaustion as an error instead of aborting.
pub(crate) fn try_filled<T: Clone>(len: usize, value: T, what: &str) -> SgdResult<Vec<T>> {
    let mut v = Vec::new();
    v.try_reserve_exact(len).map_err(|_| SgdError {
        code: crate::error::ErrorCode::OutOfMemory,
        message: format!("cannot allocate {what} ({len} elements): out of memory"),
        divergence: None,
    })?;
    v.resize(len, value);
    Ok(v)
}

impl Ensemble {
    pub fn new(landscape: Rc<dyn Landscape>, spec: &EnsembleSpec) -> SgdResult<Self> {
        let d = landscape.dim();
        let n = spec.n;
        if n == 0 {
            return Err(SgdError::invalid("nTrajectories = 0 is not allowed: it must be an integer >= 1"));
        }
        let len = n.checked_mul(d).filter(|&l| l <= (u32::MAX as usize) / 8).ok_or_else(|| {
            SgdError::invalid(format!("nTrajectories × dim = {n} × {d} is too large for 32-bit linear memory"))
        })?;
        require_positive("dt", spec.dt)?;
        if spec.temperature.len() != d {
            return Err(SgdError::invalid(format!(
                "temperature has {} entries: it must be one number or one per coordinate ({d})",
                spec.temperature.len()
            )));
        }
        for (j, &t) in spec.temperature.iter().enumerate() {
            require_non_negative(&format!("temperature[{j}]"), t)?;
        }
        if spec.x0.len() != d && spec.x0.len() != len {
            return Err(SgdError::invalid(format!(
                "x0 has {} entries: it must have d = {d} (one start for all) or nTrajectories·d = {len}",
                spec.x0.len()
            )));
        }
        require_finite("x0", spec.x0)?;
        let mut positions = try_filled(len, 0.0, "positions")?;
        if spec.x0.len() == d {
            positions.chunks_exact_mut(d).for_each(|row| row.copy_from_slice(spec.x0));
        } else {
            positions.copy_from_slice(spec.x0);
        }
        let mut streams = try_filled(n, Xoshiro256pp::from_state([1, 0, 0, 0]), "random streams")?;
        for (i, s) in streams.iter_mut().enumerate() {
            *s = stream_for(spec.seed, spec.offset.wrapping_add(i as u64));
        }
        let block_len = BLOCK * d;
        Ok(Ensemble {
            landscape,
            n,
            d,
            offset: spec.offset,
            seed: spec.seed,
            dt: spec.dt,
            temperature: spec.temperature.to_vec(),
            scheme: Scheme::EulerMaruyama,
            noise: Noise::Temperature,
            interpretation: None,
            refine: 1,
            positions,
            streams,
            steps_done: 0,
            diverged: None,
            stopped_by_landscape: None,
            passage: None,
            exchange: None,
            ladder: Vec::new(),
            constraint: None,
            scratch: Scratch {
                gradient: vec![0.0; block_len],
                noise: vec![0.0; block_len],
                area: vec![0.0; block_len],
                factor_a: vec![0.0; block_len],
                factor_b: vec![0.0; block_len],
                factor_c: vec![0.0; block_len],
                proposal: vec![0.0; block_len],
                proposal_gradient: vec![0.0; block_len],
                value: vec![0.0; BLOCK],
                proposal_value: vec![0.0; BLOCK],
                previous: vec![0.0; block_len],
            },
        })
    }

    pub fn n(&self) -> usize {
        self.n
    }
    pub fn dim(&self) -> usize {
        self.d
    }
    pub fn steps_done(&self) -> u64 {
        self.steps_done
    }
    pub fn positions(&self) -> &[f64] {
        &self.positions
    }

    /// Sets the first-passage target; trajectories already inside it count as hit at the
    /// current step. Resets any earlier record. With `bridge`, a step that starts and ends
    /// outside a half-space component also counts as a hit with the Brownian-bridge crossing
    /// probability (kernel.rs); that needs Euler–Maruyama with temperature noise (checked
    /// when stepping) and a half-space component.
    pub fn set_target(&mut self, target: Target, bridge: bool) -> SgdResult<()> {
        if bridge && !target.has_half_space() {
            return Err(SgdError::invalid("target.bridge = true needs a half-space component: the crossing correction applies to half-spaces only"));
        }
        if self.exchange.is_some() {
            return Err(SgdError::invalid("target: first passage is not supported with replica exchange (a frozen replica could not swap)"));
        }
        if target.dim() != self.d {
            return Err(SgdError::invalid(format!(
                "target is {}-dimensional but the ensemble has dim {}",
                target.dim(),
                self.d
            )));
        }
        let level_set = target.components().iter().any(|c| matches!(c, super::target::Component::Level { .. }));
        if level_set && !self.landscape.is_gradient_field() {
            return Err(SgdError::invalid(
                "target has a level set of U, but this landscape has no value U (a general SDE's drift, or landscapes.fromFunction without `value`)",
            ));
        }
        let mut hit_step = try_filled(self.n, u64::MAX, "first-passage record")?;
        let mut hit_component = try_filled(self.n, 0u32, "first-passage record")?;
        for (i, x) in self.positions.chunks_exact(self.d).enumerate() {
            if let Some(c) = target.hit(x, &*self.landscape) {
                hit_step[i] = self.steps_done;
                hit_component[i] = c as u32;
            }
        }
        if let Some(e) = self.landscape.take_error() {
            return Err(e);
        }
        self.passage = Some(Passage { target, hit_step, hit_component, bridge });
        Ok(())
    }

    /// Step at which trajectory i entered the target, if it has.
    pub fn hit_step(&self, i: usize) -> Option<u64> {
        self.passage.as_ref().and_then(|p| Some(p.hit_step[i]).filter(|&s| s != u64::MAX))
    }

    /// Index of the target component trajectory i entered, if it has.
    pub fn hit_component(&self, i: usize) -> Option<u32> {
        self.hit_step(i).and(self.passage.as_ref().map(|p| p.hit_component[i]))
    }

    pub(crate) fn check_usable(&self) -> SgdResult<()> {
        if let Some(p) = &self.passage {
            if p.bridge && !(matches!(self.scheme, Scheme::EulerMaruyama) && self.noise == Noise::Temperature && self.refine == 1) {
                return Err(SgdError::invalid(format!(
                    "target.bridge = true with integrator {} (or non-temperature noise / Brownian refinement) is not allowed: \
                     the crossing correction is derived for Euler–Maruyama with temperature noise",
                    self.scheme.name()
                )));
            }
        }
        if self.drift_correction() != 0.0 && !self.noise.has_drift_correction() {
            return Err(SgdError::invalid(format!(
                "integrator = '{}' with this interpretation would need the Itô–Stratonovich drift correction of the recomputed minibatch noise Σ(θ)^{{1/2}}, which has no closed form: integrate its Itô reading with 'euler-maruyama' or 'tamed-euler'",
                self.scheme.name()
            )));
        }
        if let Some(step) = self.stopped_by_landscape {
            return Err(SgdError::invalid(format!(
                "this ensemble cannot step again: an earlier step stopped at step {step} because the landscape's JS callback failed, \
                 so its trajectories stand at different steps (positions() shows them); create a new ensemble"
            )));
        }
        match self.diverged {
            Some(at) => Err(SgdError::diverged(&format!("{} (earlier call)", self.scheme.name()), at)),
            None => Ok(()),
        }
    }

    /// Whether trajectory i (of this ensemble) has entered the target and stopped moving.
    pub(crate) fn is_frozen(passage: &Option<Passage>, i: usize) -> bool {
        passage.as_ref().map_or(false, |p| p.hit_step[i] != u64::MAX)
    }
}
