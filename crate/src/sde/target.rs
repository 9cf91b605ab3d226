//! First-passage targets: sets whose first entrance stops (freezes) a trajectory.
//!
//! A `Target` is a union of components (half-space, ball, box, sub/super-level set of the
//! landscape); the index of the first component that contains a point is what a
//! first-passage record reports as "which target was hit". "The basin of minimum k" is a
//! ball around that minimum chosen by the caller to lie inside the basin (ts/firstPassage.ts
//! checks this by gradient flow before the run), so the in-kernel test stays one distance.
//!
//! The ABI form is a flat list of f64: per component a kind code followed by its numbers
//! (d = dimension): `0, n(d), c` half-space `n·x ≥ c`; `1, centre(d), r` ball `‖x − centre‖ ≤ r`;
//! `2, lo(d), hi(d)` box `lo ≤ x ≤ hi`; `3, c` sub-level set `U(x) ≤ c`; `4, c` super-level
//! set `U(x) ≥ c`.

use crate::error::{SgdError, SgdResult};
use crate::landscape::Landscape;
use crate::rng::Xoshiro256pp;

/// One component of a target.
#[derive(Clone, Debug)]
pub enum Component {
    /// `{ x : n·x ≥ c }`.
    HalfSpace { normal: Vec<f64>, offset: f64 },
    /// `{ x : ‖x − centre‖ ≤ r }` (stored as r²).
    Ball { centre: Vec<f64>, radius_sq: f64 },
    /// `{ x : lo ≤ x ≤ hi }` componentwise.
    Box { lo: Vec<f64>, hi: Vec<f64> },
    /// `{ x : U(x) ≤ c }` (`below`) or `{ x : U(x) ≥ c }`.
    Level { level: f64, below: bool },
}

/// A union of components in ℝᵈ.
#[derive(Clone, Debug)]
pub struct Target {
    d: usize,
    components: Vec<Component>,
    /// Whether any component needs U(x).
    needs_value: bool,
}

fn finite_param(name: &str, v: f64) -> SgdResult<f64> {
    if v.is_finite() {
        Ok(v)
    } else {
        Err(SgdError::invalid(format!("{name} = {v} is not allowed: it must be a finite number")))
    }
}

impl Target {
    /// Parses the flat ABI form (module doc) for dimension `d`.
    pub fn parse(d: usize, spec: &[f64]) -> SgdResult<Self> {
        let mut components = Vec::new();
        let mut i = 0;
        let take = |i: &mut usize, len: usize, what: &str| -> SgdResult<Vec<f64>> {
            if *i + len > spec.len() {
                return Err(SgdError::invalid(format!("target spec ends inside {what}: it needs {len} more numbers (d = {d})")));
            }
            let v = spec[*i..*i + len].to_vec();
            *i += len;
            for (j, x) in v.iter().enumerate() {
                finite_param(&format!("target.{what}[{j}]"), *x)?;
            }
            Ok(v)
        };
        while i < spec.len() {
            let kind = spec[i];
            i += 1;
            let component = match kind as i64 {
                0 if kind == 0.0 => {
                    let normal = take(&mut i, d, "halfSpace.normal")?;
                    if normal.iter().all(|&v| v == 0.0) {
                        return Err(SgdError::invalid("target.halfSpace.normal is the zero vector: it must have a non-zero entry"));
                    }
                    let offset = take(&mut i, 1, "halfSpace.offset")?[0];
                    Component::HalfSpace { normal, offset }
                }
                1 if kind == 1.0 => {
                    let centre = take(&mut i, d, "ball.centre")?;
                    let r = take(&mut i, 1, "ball.radius")?[0];
                    if !(r > 0.0) {
                        return Err(SgdError::invalid(format!("target.ball.radius = {r} is not allowed: it must be > 0")));
                    }
                    Component::Ball { centre, radius_sq: r * r }
                }
                2 if kind == 2.0 => {
                    let lo = take(&mut i, d, "box.lower")?;
                    let hi = take(&mut i, d, "box.upper")?;
                    if let Some(j) = (0..d).find(|&j| !(lo[j] <= hi[j])) {
                        return Err(SgdError::invalid(format!(
                            "target.box.lower[{j}] = {} > upper[{j}] = {}: the box would be empty",
                            lo[j], hi[j]
                        )));
                    }
                    Component::Box { lo, hi }
                }
                3 | 4 if kind == 3.0 || kind == 4.0 => {
                    let level = take(&mut i, 1, "level")?[0];
                    Component::Level { level, below: kind == 3.0 }
                }
                _ => return Err(SgdError::invalid(format!("target component kind {kind} is not allowed: it must be 0 (half-space), 1 (ball), 2 (box), 3 (U ≤ c) or 4 (U ≥ c)"))),
            };
            components.push(component);
        }
        if components.is_empty() {
            return Err(SgdError::invalid("target has no component: give at least one set"));
        }
        if components.len() > u16::MAX as usize {
            return Err(SgdError::invalid(format!("target has {} components: at most 65535 are allowed", components.len())));
        }
        let needs_value = components.iter().any(|c| matches!(c, Component::Level { .. }));
        Ok(Target { d, components, needs_value })
    }

    /// The dimension the target is defined in.
    pub fn dim(&self) -> usize {
        self.d
    }

    pub fn components(&self) -> &[Component] {
        &self.components
    }

    /// The index of the first component that contains `x`, if any.
    #[inline]
    pub fn hit(&self, x: &[f64], landscape: &dyn Landscape) -> Option<usize> {
        let value = if self.needs_value { landscape.value(x) } else { 0.0 };
        self.components.iter().position(|c| match c {
            Component::HalfSpace { normal, offset } => dot(normal, x) >= *offset,
            Component::Ball { centre, radius_sq } => centre.iter().zip(x).map(|(c, v)| (v - c) * (v - c)).sum::<f64>() <= *radius_sq,
            Component::Box { lo, hi } => x.iter().zip(lo.iter().zip(hi)).all(|(v, (l, h))| *l <= *v && *v <= *h),
            Component::Level { level, below } => {
                if *below {
                    value <= *level
                } else {
                    value >= *level
                }
            }
        })
    }

    /// Brownian-bridge crossing correction for an Euler–Maruyama step from `x0` to `x1`, both
    /// outside the target: the noise of the projection `n·x` over the step is that of a
    /// Brownian motion with variance `σ² = 2 Σⱼ nⱼ² Tⱼ` per unit time, and a Brownian bridge
    /// from distance `n·x0 − c < 0` to `n·x1 − c < 0` crosses 0 with probability
    /// `p = exp(−2 s₀ s₁ / (σ² Δt)) = exp(−s₀ s₁ / (Δt Σ nⱼ² Tⱼ))` (Baldi 1995; Gobet 2000, "Weak
    /// approximation of killed diffusion using Euler schemes"). For each half-space component
    /// in order with p > 0, one uniform u is drawn from the trajectory's stream; u < p counts
    /// as a hit of that component. This turns discrete monitoring's O(√Δt) bias of exit
    /// times into O(Δt).
    pub fn bridge_hit(&self, x0: &[f64], x1: &[f64], temperature: &[f64], dt: f64, stream: &mut Xoshiro256pp) -> Option<usize> {
        for (i, c) in self.components.iter().enumerate() {
            if let Component::HalfSpace { normal, offset } = c {
                let variance: f64 = normal.iter().zip(temperature).map(|(n, t)| n * n * t).sum::<f64>() * dt;
                if !(variance > 0.0) {
                    continue;
                }
                let exponent = -(dot(normal, x0) - offset) * (dot(normal, x1) - offset) / variance;
                if exponent > -745.0 && stream.uniform() < exponent.exp() {
                    return Some(i);
                }
            }
        }
        None
    }

    /// Whether any component is a half-space (the Brownian-bridge correction applies to those).
    pub fn has_half_space(&self) -> bool {
        self.components.iter().any(|c| matches!(c, Component::HalfSpace { .. }))
    }
}

#[inline]
pub(crate) fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::landscape::SeparableDoubleWell;

    #[test]
    fn components_and_union_order() {
        let u = SeparableDoubleWell::new(2, 1.0, 8.0, 0.0).unwrap(); // (x²−1)² + (y²−1)²
        // ball at (1,0) r=0.5, then half-space x ≥ 0, then U ≥ 5.
        let t = Target::parse(2, &[1.0, 1.0, 0.0, 0.5, 0.0, 1.0, 0.0, 0.0, 4.0, 5.0]).unwrap();
        assert_eq!(t.hit(&[1.2, 0.1], &u), Some(0));
        assert_eq!(t.hit(&[0.2, 0.0], &u), Some(1));
        assert_eq!(t.hit(&[-3.0, 0.0], &u), Some(2));
        assert_eq!(t.hit(&[-1.0, 0.0], &u), None);
        let b = Target::parse(2, &[2.0, -1.0, -1.0, 1.0, 1.0]).unwrap();
        assert_eq!(b.hit(&[0.5, -0.5], &u), Some(0));
        assert_eq!(b.hit(&[1.5, 0.0], &u), None);
        let below = Target::parse(2, &[3.0, 0.01]).unwrap();
        assert_eq!(below.hit(&[1.0, 1.0], &u), Some(0));
        assert_eq!(below.hit(&[0.0, 0.0], &u), None);
    }

    #[test]
    fn rejects_bad_specs() {
        assert!(Target::parse(2, &[]).is_err());
        assert!(Target::parse(2, &[0.0, 0.0, 0.0, 1.0]).is_err());
        assert!(Target::parse(2, &[1.0, 0.0, 0.0, -1.0]).is_err());
        assert!(Target::parse(2, &[2.0, 1.0, 0.0, 0.0, 0.0]).is_err());
        assert!(Target::parse(2, &[7.0, 1.0]).is_err());
        assert!(Target::parse(2, &[0.5, 1.0]).is_err());
        assert!(Target::parse(2, &[0.0, 1.0]).is_err());
        assert!(Target::parse(1, &[3.0, f64::NAN]).is_err());
    }
}
