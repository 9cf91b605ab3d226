//! Learning-rate schedules: `η_k = η₀ · w(k) · s(k)` at step k = 0, 1, …, with the linear
//! warm-up `w(k) = min(1, (k + 1)/W)` (W = 0: none) and the decay s(k) (ABI code in brackets):
//!
//! | decay | s(k) |
//! |---|---|
//! | constant [0] | 1 |
//! | step [1] (every S steps, factor γ) | `γ^⌊k/S⌋` |
//! | exponential [2] (factor γ per step) | `γᵏ` |
//! | cosine [3] (over T steps, floor η_min) | `(η_min + (η₀ − η_min)(1 + cos(π min(k, T)/T))/2) / η₀` |
//! | inverse square root [4] (time scale τ) | `1/√(1 + k/τ)` |

use crate::error::{SgdError, SgdResult};

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Decay {
    Constant,
    Step { every: f64, factor: f64 },
    Exponential { factor: f64 },
    Cosine { total: f64, floor: f64 },
    InverseSqrt { scale: f64 },
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Schedule {
    pub base: f64,
    pub decay: Decay,
    pub warmup: f64,
}

fn positive(name: &str, v: f64) -> SgdResult<f64> {
    crate::error::require_positive(name, v)
}

impl Schedule {
    /// From the ABI: `kind`, two parameters, the warm-up length.
    pub fn new(base: f64, kind: u32, p1: f64, p2: f64, warmup: f64) -> SgdResult<Self> {
        positive("learningRate", base)?;
        if !(warmup.is_finite() && warmup >= 0.0 && warmup.fract() == 0.0) {
            return Err(SgdError::invalid(format!("schedule.warmup = {warmup} is not allowed: it must be an integer >= 0 (steps)")));
        }
        let factor = |v: f64| {
            if v.is_finite() && v > 0.0 && v <= 1.0 {
                Ok(v)
            } else {
                Err(SgdError::invalid(format!("schedule.factor = {v} is not allowed: it must be in (0, 1]")))
            }
        };
        let decay = match kind {
            0 => Decay::Constant,
            1 => {
                if !(p1.is_finite() && p1 >= 1.0 && p1.fract() == 0.0) {
                    return Err(SgdError::invalid(format!("schedule.every = {p1} is not allowed: it must be an integer >= 1 (steps)")));
                }
                Decay::Step { every: p1, factor: factor(p2)? }
            }
            2 => Decay::Exponential { factor: factor(p1)? },
            3 => {
                positive("schedule.total", p1)?;
                if !(p2.is_finite() && p2 >= 0.0 && p2 <= base) {
                    return Err(SgdError::invalid(format!("schedule.floor = {p2} is not allowed: it must be in [0, learningRate = {base}]")));
                }
                Decay::Cosine { total: p1, floor: p2 }
            }
            4 => Decay::InverseSqrt { scale: positive("schedule.scale", p1)? },
            _ => {
                return Err(SgdError::invalid(format!(
                    "schedule = {kind} is not allowed: 0 ('constant'), 1 ('step'), 2 ('exponential'), 3 ('cosine') or 4 ('inverse-sqrt')"
                )))
            }
        };
        Ok(Schedule { base, decay, warmup })
    }

    pub fn constant(base: f64) -> Self {
        Schedule { base, decay: Decay::Constant, warmup: 0.0 }
    }

    /// `η_k`.
    pub fn rate(&self, k: u64) -> f64 {
        let k = k as f64;
        let eta = match self.decay {
            Decay::Constant => self.base,
            Decay::Step { every, factor } => self.base * factor.powf((k / every).floor()),
            Decay::Exponential { factor } => self.base * factor.powf(k),
            Decay::Cosine { total, floor } => {
                floor + (self.base - floor) * 0.5 * (1.0 + (std::f64::consts::PI * k.min(total) / total).cos())
            }
            Decay::InverseSqrt { scale } => self.base / (1.0 + k / scale).sqrt(),
        };
        if self.warmup > 0.0 && k + 1.0 < self.warmup {
            eta * (k + 1.0) / self.warmup
        } else {
            eta
        }
    }
}
