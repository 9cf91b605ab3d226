//! The ensemble kernel: advances every trajectory by k steps of the ensemble's scheme.
//!
//! Trajectories go block by block (`BLOCK` at a time, all k steps per block) so a block's
//! state stays in cache. What every scheme shares lives here: the block's slices, freezing
//! trajectories that entered the first-passage target (they stop moving and stop drawing
//! random numbers, so a stream's use never depends on its block-mates; with the Brownian-bridge
//! correction a moving trajectory draws one uniform per half-space component whose crossing
//! probability is > 0, see `Target::bridge_hit`), the finiteness check, and reporting the
//! earliest divergence.

use super::ensemble::{Ensemble, Scratch, BLOCK};
use super::general::{self, GeneralScheme};
use super::exact_ou::{self, OuTransition};
use super::{baoab, euler_maruyama, mala, Scheme};
use crate::sampler::{heavy_ball, sghmc, sgld, GradientNoise, StepSchedule};
use crate::noise::Noise;
use crate::error::{Divergence, SgdError, SgdResult};
use crate::landscape::Landscape;
use crate::rng::Xoshiro256pp;
use crate::simd::all_finite;

/// One block of trajectories, as a scheme's step sees it. Slices have `m·d` elements
/// (`m` for per-trajectory arrays).
pub(crate) struct Block<'a> {
    pub landscape: &'a dyn Landscape,
    pub m: usize,
    pub d: usize,
    pub dt: f64,
    pub temperature: &'a [f64],
    /// Replica exchange: trajectory t of the block runs at `ladder[t % R]` instead of `temperature`.
    pub ladder: Option<&'a [f64]>,
    pub xs: &'a mut [f64],
    pub streams: &'a mut [Xoshiro256pp],
    pub frozen: [bool; BLOCK],
    pub gradient: &'a mut [f64],
    pub noise: &'a mut [f64],
    /// Second Brownian quantity per element (SRA1's ΔZ).
    pub area: &'a mut [f64],
    /// Scheme coefficients per element, zero for frozen trajectories (meaning set by the scheme).
    pub a: &'a mut [f64],
    pub b: &'a mut [f64],
    pub c: &'a mut [f64],
    pub proposal: &'a mut [f64],
    pub proposal_gradient: &'a mut [f64],
    pub value: &'a mut [f64],
    pub proposal_value: &'a mut [f64],
}

impl Block<'_> {
    /// Draws ξ ~ N(0, I) into `noise` for every moving trajectory (stream state kept in a local).
    pub fn fill_normals(&mut self) {
        fill_normals_into(self.streams, &self.frozen, self.d, self.noise);
    }

    /// Draws a second ξ ~ N(0, I) into `area` (e.g. a stochastic gradient's error).
    pub fn fill_area_normals(&mut self) {
        fill_normals_into(self.streams, &self.frozen, self.d, self.area);
    }

    /// Temperature of coordinate j of trajectory t (the ladder's, under replica exchange).
    #[inline]
    pub fn temperature_of(&self, t: usize, j: usize) -> f64 {
        match self.ladder {
            Some(l) => l[t % l.len()],
            None => self.temperature[j],
        }
    }

    /// Stops trajectory t: its coefficients become 0, so its state is left unchanged.
    fn freeze(&mut self, t: usize) {
        self.frozen[t] = true;
        let r = t * self.d..(t + 1) * self.d;
        self.a[r.clone()].iter_mut().for_each(|v| *v = 0.0);
        self.b[r.clone()].iter_mut().for_each(|v| *v = 0.0);
        self.c[r].iter_mut().for_each(|v| *v = 0.0);
    }
}

fn fill_normals_into(streams: &mut [Xoshiro256pp], frozen: &[bool], d: usize, out: &mut [f64]) {
    for (t, stream) in streams.iter_mut().enumerate() {
        if frozen[t] {
            continue;
        }
        let mut local = *stream;
        for z in &mut out[t * d..(t + 1) * d] {
            *z = local.normal();
        }
        *stream = local;
    }
}

/// The scheme's own per-trajectory state for one block.
pub(crate) enum BlockState<'a> {
    EulerMaruyama,
    General { scheme: GeneralScheme, noise: &'a Noise, refine: u32, correction: f64 },
    ExactOu(&'a OuTransition),
    Baoab { friction: f64, velocities: &'a mut [f64] },
    Mala { accepted: &'a mut [u64], proposed: &'a mut [u64] },
    Sgld { noise: &'a GradientNoise, schedule: StepSchedule },
    Sghmc { friction: f64, noise: &'a GradientNoise, injected: &'a [f64], velocities: &'a mut [f64] },
    HeavyBall { momentum: f64, weight_decay: f64, noise: &'a GradientNoise, velocities: &'a mut [f64] },
}

impl BlockState<'_> {
    /// The block's velocities, for schemes that carry them (checked for finiteness too).
    fn velocities(&self) -> Option<&[f64]> {
        match self {
            BlockState::Baoab { velocities, .. } | BlockState::Sghmc { velocities, .. } | BlockState::HeavyBall { velocities, .. } => Some(velocities),
            _ => None,
        }
    }
}

impl Ensemble {
    /// Advances every trajectory by `k` steps of the ensemble's scheme. A trajectory that has
    /// entered the first-passage target (if one is set) stays frozen where it entered. If some
    /// trajectory becomes non-finite, its block stops there and the call fails with the
    /// earliest (step, trajectory); the ensemble is then marked diverged.
    ///
    /// If the landscape fails (a JS callback threw, `Landscape::failed`), the call stops at once
    /// with that error; the ensemble then refuses further steps, as its blocks stand at
    /// different steps (the failing block's state may hold NaN).
    pub fn step(&mut self, k: u64) -> SgdResult<()> {
        self.check_usable()?;
        self.check_sampler_options()?;
        let mut first: Option<Divergence> = None;
        let block_len = self.exchange.as_ref().map_or(BLOCK, |x| x.block_len(BLOCK));
        for start in (0..self.n).step_by(block_len) {
            let m = block_len.min(self.n - start);
            match self.advance_block(start, m, k) {
                Some(Stop::Diverged(at)) => {
                    first = Some(match first {
                        Some(f) if (f.step, f.trajectory) <= (at.step, at.trajectory) => f,
                        _ => at,
                    })
                }
                Some(Stop::LandscapeFailed { step }) => {
                    let mut e = self.landscape.take_error().expect("failed() implies an error to take");
                    let (from, to) = (self.offset + start as u64, self.offset + (start + m) as u64 - 1);
                    e.message = format!("{} at step {step} (while advancing trajectories {from}–{to})", e.message);
                    self.stopped_by_landscape = Some(step);
                    return Err(e);
                }
                None => {}
            }
        }
        match first {
            Some(at) => {
                self.diverged = Some(at);
                Err(SgdError::diverged(self.scheme.name(), at))
            }
            None => {
                self.steps_done += k;
                Ok(())
            }
        }
    }

    /// Advances trajectories `start..start+m` by up to `k` steps; returns why it stopped early.
    fn advance_block(&mut self, start: usize, m: usize, k: u64) -> Option<Stop> {
        let d = self.d;
        let len = m * d;
        let rows = start * d..start * d + len;
        let correction = self.drift_correction();
        let Ensemble { landscape, positions, streams, scratch, passage, scheme, temperature, dt, steps_done, offset, noise: noise_model, refine, exchange, constraint, ladder, .. } = self;
        let Scratch { gradient, noise, area, factor_a, factor_b, factor_c, proposal, proposal_gradient, value, proposal_value, previous } = scratch;
        let previous = &mut previous[..len];
        let bridge = passage.as_ref().map_or(false, |p| p.bridge);
        let mut frozen = [false; BLOCK];
        for (t, f) in frozen.iter_mut().take(m).enumerate() {
            *f = Ensemble::is_frozen(passage, start + t);
        }
        let mut moving = frozen[..m].iter().filter(|f| !**f).count();
        if moving == 0 {
            return None;
        }
        let mut block = Block {
            landscape: &**landscape,
            m,
            d,
            dt: *dt,
            temperature,
            ladder: if ladder.is_empty() { None } else { Some(ladder) },
            xs: &mut positions[rows.clone()],
            streams: &mut streams[start..start + m],
            frozen,
            gradient: &mut gradient[..len],
            noise: &mut noise[..len],
            area: &mut area[..len],
            a: &mut factor_a[..len],
            b: &mut factor_b[..len],
            c: &mut factor_c[..len],
            proposal: &mut proposal[..len],
            proposal_gradient: &mut proposal_gradient[..len],
            value: &mut value[..m],
            proposal_value: &mut proposal_value[..m],
        };
        let mut state = match scheme {
            Scheme::EulerMaruyama if *noise_model == Noise::Temperature && *refine == 1 => BlockState::EulerMaruyama,
            Scheme::EulerMaruyama => BlockState::General { scheme: GeneralScheme::EulerMaruyama, noise: noise_model, refine: *refine, correction },
            Scheme::General(g) => BlockState::General { scheme: *g, noise: noise_model, refine: *refine, correction },
            Scheme::ExactOu(ou) => BlockState::ExactOu(ou),
            Scheme::Baoab { friction, velocities } => BlockState::Baoab { friction: *friction, velocities: &mut velocities[rows] },
            Scheme::Mala { accepted, proposed } => {
                BlockState::Mala { accepted: &mut accepted[start..start + m], proposed: &mut proposed[start..start + m] }
            }
            Scheme::Sgld { noise, schedule } => BlockState::Sgld { noise, schedule: *schedule },
            Scheme::Sghmc { friction, noise, injected, velocities } => {
                BlockState::Sghmc { friction: *friction, noise, injected, velocities: &mut velocities[rows] }
            }
            Scheme::HeavyBall { momentum, weight_decay, noise, velocities } => {
                BlockState::HeavyBall { momentum: *momentum, weight_decay: *weight_decay, noise, velocities: &mut velocities[rows] }
            }
        };
        match &mut state {
            BlockState::EulerMaruyama => euler_maruyama::prepare(&mut block),
            BlockState::General { .. } | BlockState::ExactOu(_) | BlockState::Sgld { .. } | BlockState::Sghmc { .. } | BlockState::HeavyBall { .. } => {}
            BlockState::Baoab { friction, .. } => baoab::prepare(&mut block, *friction),
            BlockState::Mala { .. } => mala::prepare(&mut block),
        }

        for s in 0..k {
            if moving == 0 {
                break;
            }
            if bridge {
                previous.copy_from_slice(block.xs);
            }
            if let Some(c) = constraint.as_ref() {
                c.before_step(&mut block);
            }
            match &mut state {
                BlockState::EulerMaruyama => euler_maruyama::step(&mut block),
                BlockState::General { scheme, noise, refine, correction } => general::step(&mut block, *scheme, noise, *refine, *correction),
                BlockState::ExactOu(ou) => exact_ou::step(&mut block, ou),
                BlockState::Baoab { velocities, .. } => baoab::step(&mut block, velocities),
                BlockState::Mala { accepted, proposed } => mala::step(&mut block, accepted, proposed),
                BlockState::Sgld { noise, schedule } => sgld::step(&mut block, noise, schedule, *steps_done + s),
                BlockState::Sghmc { friction, noise, injected, velocities } => sghmc::step(&mut block, noise, *friction, injected, velocities),
                BlockState::HeavyBall { momentum, weight_decay, noise, velocities } => {
                    heavy_ball::step(&mut block, noise, *momentum, *weight_decay, velocities)
                }
            }
            if let Some(c) = constraint.as_ref() {
                c.after_step(&mut block);
            }
            let step = *steps_done + s + 1;
            if block.landscape.failed() {
                return Some(Stop::LandscapeFailed { step });
            }
            let velocities_finite = state.velocities().map_or(true, all_finite);
            if !all_finite(block.xs) || !velocities_finite {
                let bad_x = block.xs.iter().position(|v| !v.is_finite());
                let bad_v = state.velocities().and_then(|v| v.iter().position(|v| !v.is_finite()));
                let bad = bad_x.into_iter().chain(bad_v).min().unwrap_or(0) / d;
                return Some(Stop::Diverged(Divergence { trajectory: *offset + (start + bad) as u64, step }));
            }
            if let Some(p) = passage.as_mut() {
                for t in 0..m {
                    if block.frozen[t] {
                        continue;
                    }
                    let r = t * d..(t + 1) * d;
                    let mut hit = p.target.hit(&block.xs[r.clone()], block.landscape);
                    if hit.is_none() && bridge {
                        hit = p.target.bridge_hit(&previous[r.clone()], &block.xs[r], block.temperature, block.dt, &mut block.streams[t]);
                    }
                    if let Some(c) = hit {
                        p.hit_step[start + t] = step;
                        p.hit_component[start + t] = c as u32;
                        moving -= 1;
                        block.freeze(t);
                    }
                }
            }
            if let Some(x) = exchange.as_mut() {
                x.after_step(&mut block, start, step);
            }
            if block.landscape.failed() {
                return Some(Stop::LandscapeFailed { step });
            }
        }
        None
    }
}

/// Why a block stopped before its k steps.
enum Stop {
    Diverged(Divergence),
    /// The landscape reported a failure (`Landscape::failed`) during this step.
    LandscapeFailed { step: u64 },
}
