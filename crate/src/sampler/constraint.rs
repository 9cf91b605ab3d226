//! Projected (constrained) Langevin on a manifold Σ: an unconstrained Euler–Maruyama step
//! `x̃ = xₖ − Δt∇U(xₖ) + √(2TΔt) ξ` followed by a retraction onto Σ:
//!
//! - sphere `‖x − c‖ = ρ`: `xₖ₊₁ = c + ρ (x̃ − c)/‖x̃ − c‖` (the orthogonal projection);
//! - level set `g(x) = 0`: `xₖ₊₁ = x̃ + λ∇g(xₖ)` with the scalar λ from Newton's method on
//!   `λ ↦ g(x̃ + λ∇g(xₖ))` (projection along the constraint gradient at the old point).
//!
//! Both are weakly consistent (order 1) with the projected Stratonovich SDE
//! `dX = −P∇U dt + √(2T) P∘dW` (P the tangent projector), whose invariant law is
//! `∝ e^{−U/T}` with respect to the *surface* measure of Σ — the projection supplies the Itô
//! curvature drift (errata C.9). Ciccotti, Lelièvre & Vanden-Eijnden 2008, CPAM 61(3), §3;
//! Lelièvre, Rousset & Stoltz, "Free energy computations" (2010), §3.2.4. For U = 0 on the
//! sphere the scheme is rotation-equivariant, so the uniform law is invariant exactly at any Δt.
//! A retraction that fails (x̃ = c, or Newton not converging) makes the state non-finite,
//! which the kernel reports as divergence at that step. Projection along ∇g(xₖ) has a
//! solution only while the step stays within about the manifold's curvature radius (on the
//! unit sphere: tangential move ≤ 1), so the level set needs `2TΔt` well below the squared
//! curvature radius; the sphere's radial projection never fails (except at x̃ = c).

use std::rc::Rc;

use crate::error::{require_finite, require_positive, SgdError, SgdResult};
use crate::landscape::Landscape;
use crate::sde::Block;

pub enum Constraint {
    Sphere { centre: Vec<f64>, radius: f64 },
    LevelSet { g: Rc<dyn Landscape>, tolerance: f64, max_iterations: u32 },
}

impl Constraint {
    pub fn sphere(centre: &[f64], radius: f64, d: usize) -> SgdResult<Self> {
        if centre.len() != d {
            return Err(SgdError::invalid(format!("constraint.centre has {} entries: it must have d = {d}", centre.len())));
        }
        require_finite("constraint.centre", centre)?;
        let radius = require_positive("constraint.radius", radius)?;
        Ok(Constraint::Sphere { centre: centre.to_vec(), radius })
    }

    pub fn level_set(g: Rc<dyn Landscape>, tolerance: f64, max_iterations: u32, d: usize) -> SgdResult<Self> {
        if g.dim() != d {
            return Err(SgdError::invalid(format!("constraint.g has dim {}: it must have the ensemble's dim {d}", g.dim())));
        }
        let tolerance = require_positive("constraint.tolerance", tolerance)?;
        if max_iterations == 0 {
            return Err(SgdError::invalid("constraint.maxIterations = 0 is not allowed: it must be an integer >= 1"));
        }
        Ok(Constraint::LevelSet { g, tolerance, max_iterations })
    }

    /// Projects every start onto Σ (sphere: radially; level set: Newton along ∇g at the start).
    pub fn project_starts(&self, positions: &mut [f64], d: usize) -> SgdResult<()> {
        let (mut direction, mut base, mut grad) = (vec![0.0; d], vec![0.0; d], vec![0.0; d]);
        for (i, x) in positions.chunks_exact_mut(d).enumerate() {
            if let Constraint::LevelSet { g, .. } = self {
                g.gradient(x, &mut direction);
            }
            if !self.retract(x, &direction, &mut base, &mut grad) {
                return Err(SgdError::invalid(format!(
                    "x0 (trajectory {i}) cannot be projected onto the constraint: start closer to the manifold (and, on a sphere, away from its centre)"
                )));
            }
        }
        Ok(())
    }

    /// Before the unconstrained step: the level set's projection directions ∇g(xₖ)
    /// (into the block's `proposal_gradient`).
    pub(crate) fn before_step(&self, block: &mut Block) {
        if let Constraint::LevelSet { g, .. } = self {
            g.gradient_batch(block.xs, block.proposal_gradient);
        }
    }

    /// After the unconstrained step: retracts every moving trajectory; a failure sets its
    /// state to NaN (reported as divergence). Newton's work rows are the block's `area` and `c`.
    pub(crate) fn after_step(&self, block: &mut Block) {
        let d = block.d;
        for t in 0..block.m {
            if block.frozen[t] {
                continue;
            }
            let r = t * d..(t + 1) * d;
            let ok = self.retract(&mut block.xs[r.clone()], &block.proposal_gradient[r.clone()], &mut block.area[r.clone()], &mut block.c[r.clone()]);
            if !ok {
                block.xs[r].iter_mut().for_each(|v| *v = f64::NAN);
            }
        }
    }

    /// Moves `x` onto Σ (`direction` = ∇g at the previous point, level set only; `base` and
    /// `grad` are work rows of length d).
    fn retract(&self, x: &mut [f64], direction: &[f64], base: &mut [f64], grad: &mut [f64]) -> bool {
        match self {
            Constraint::Sphere { centre, radius } => {
                let norm = x.iter().zip(centre).map(|(a, c)| (a - c) * (a - c)).sum::<f64>().sqrt();
                if !(norm > 0.0 && norm.is_finite()) {
                    return false;
                }
                let s = radius / norm;
                x.iter_mut().zip(centre).for_each(|(a, c)| *a = c + s * (*a - c));
                true
            }
            Constraint::LevelSet { g, tolerance, max_iterations } => {
                // Newton on φ(λ) = g(x̃ + λn), φ'(λ) = ∇g(x̃ + λn)·n.
                base.copy_from_slice(x);
                let mut lambda = 0.0;
                for _ in 0..=*max_iterations {
                    let value = g.value(x);
                    if !value.is_finite() {
                        return false;
                    }
                    if value.abs() <= *tolerance {
                        return true;
                    }
                    g.gradient(x, grad);
                    let slope: f64 = grad.iter().zip(direction).map(|(a, b)| a * b).sum();
                    if !(slope.abs() > 0.0) || !slope.is_finite() {
                        return false;
                    }
                    lambda -= value / slope;
                    x.iter_mut().zip(base.iter()).zip(direction).for_each(|((xj, bj), nj)| *xj = bj + lambda * nj);
                }
                false
            }
        }
    }
}
