//! Euler–Maruyama for overdamped Langevin dynamics
//! `dθ = −∇U(θ) dt + √(2T) dW` (conventions.md), per coordinate temperature Tⱼ:
//!
//! `θₖ₊₁ = θₖ − Δt ∇U(θₖ) + √(2 Tⱼ Δt) ξₖ`, ξₖ ~ N(0, I)
//!
//! (Kloeden & Platen 1992, §9.1; seed 000 §"Euler–Maruyama"). Strong order 1 and weak
//! order 1 for additive noise (errata.md: not 0.5 — that is for multiplicative noise).
//!
//! Trajectories are advanced block by block (`BLOCK` at a time, all `k` steps per block)
//! so a block's state stays in cache; the update is vectorised over f64 lanes.

use super::ensemble::{Ensemble, BLOCK};
use crate::error::{Divergence, SgdError, SgdResult};
use crate::simd::{all_finite, map2};

impl Ensemble {
    /// Advances every trajectory by `k` Euler–Maruyama steps. A trajectory that has entered
    /// the first-passage target (if one is set) stays frozen where it entered.
    /// If some trajectory becomes non-finite, its block stops there and the call fails with
    /// the earliest (step, trajectory); the ensemble is then marked diverged.
    pub fn step_euler_maruyama(&mut self, k: u64) -> SgdResult<()> {
        self.check_usable()?;
        let mut first: Option<Divergence> = None;
        for start in (0..self.n).step_by(BLOCK) {
            let m = BLOCK.min(self.n - start);
            if let Some(at) = self.advance_block(start, m, k) {
                first = Some(match first {
                    Some(f) if (f.step, f.trajectory) <= (at.step, at.trajectory) => f,
                    _ => at,
                });
            }
        }
        match first {
            Some(at) => {
                self.diverged = Some(at);
                Err(SgdError::diverged("euler-maruyama", at))
            }
            None => {
                self.steps_done += k;
                Ok(())
            }
        }
    }

    /// Advances trajectories `start..start+m` by up to `k` steps; returns where one diverged.
    fn advance_block(&mut self, start: usize, m: usize, k: u64) -> Option<Divergence> {
        let d = self.d;
        let len = m * d;
        let Ensemble { landscape, positions, streams, scratch, passage, noise_scale, dt, steps_done, offset, .. } = self;
        let xs = &mut positions[start * d..start * d + len];
        let streams = &mut streams[start..start + m];
        let grad = &mut scratch.gradient[..len];
        let noise = &mut scratch.noise[..len];
        let a = &mut scratch.drift_factor[..len];
        let b = &mut scratch.noise_factor[..len];

        let mut moving = 0usize;
        for t in 0..m {
            let frozen = passage.as_ref().map_or(false, |p| p.hit_step[start + t] != u64::MAX);
            moving += usize::from(!frozen);
            for j in 0..d {
                a[t * d + j] = if frozen { 0.0 } else { *dt };
                b[t * d + j] = if frozen { 0.0 } else { noise_scale[j] };
            }
        }

        for s in 0..k {
            if moving == 0 {
                break;
            }
            landscape.gradient_batch(xs, grad);
            // Frozen trajectories draw nothing, so a stream's use never depends on its block-mates.
            for (t, stream) in streams.iter_mut().enumerate() {
                if passage.as_ref().map_or(false, |p| p.hit_step[start + t] != u64::MAX) {
                    continue;
                }
                let mut local = *stream;
                for z in &mut noise[t * d..(t + 1) * d] {
                    *z = local.normal();
                }
                *stream = local;
            }
            // θ ← θ − a ⊙ ∇U + b ⊙ ξ (a = Δt, b = √(2TΔt) for moving trajectories, 0 for frozen ones).
            map2(xs, [grad, noise, a, b], |x, [g, z, a, b]| x.sub(a.mul(g)).add(b.mul(z)));
            let step = *steps_done + s + 1;
            if !all_finite(xs) {
                let bad = xs.iter().position(|v| !v.is_finite()).unwrap_or(0) / d;
                return Some(Divergence { trajectory: *offset + (start + bad) as u64, step });
            }
            if let Some(p) = passage.as_mut() {
                for t in 0..m {
                    if p.hit_step[start + t] == u64::MAX && p.target.contains(&xs[t * d..(t + 1) * d]) {
                        p.hit_step[start + t] = step;
                        moving -= 1;
                        a[t * d..(t + 1) * d].iter_mut().for_each(|v| *v = 0.0);
                        b[t * d..(t + 1) * d].iter_mut().for_each(|v| *v = 0.0);
                    }
                }
            }
        }
        None
    }
}
