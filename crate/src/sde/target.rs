//! First-passage targets: sets whose first entrance stops (freezes) a trajectory.

use crate::error::{require_finite, SgdError, SgdResult};

/// A target set in ℝᵈ.
#[derive(Clone, Debug)]
pub enum Target {
    /// The half-space `{ x : n·x ≥ c }`.
    HalfSpace { normal: Vec<f64>, offset: f64 },
}

impl Target {
    pub fn half_space(normal: &[f64], offset: f64) -> SgdResult<Self> {
        require_finite("target.halfSpace.normal", normal)?;
        if !offset.is_finite() {
            return Err(SgdError::invalid(format!(
                "target.halfSpace.offset = {offset} is not allowed: it must be a finite number"
            )));
        }
        if normal.iter().all(|&v| v == 0.0) {
            return Err(SgdError::invalid("target.halfSpace.normal is the zero vector: it must have a non-zero entry"));
        }
        Ok(Target::HalfSpace { normal: normal.to_vec(), offset })
    }

    /// The dimension the target is defined in.
    pub fn dim(&self) -> usize {
        match self {
            Target::HalfSpace { normal, .. } => normal.len(),
        }
    }

    /// Whether the point `x` is in the target.
    #[inline]
    pub fn contains(&self, x: &[f64]) -> bool {
        match self {
            Target::HalfSpace { normal, offset } => {
                let s: f64 = normal.iter().zip(x).map(|(a, b)| a * b).sum();
                s >= *offset
            }
        }
    }
}
