//! The separable (tilted) double well, per coordinate:
//! `U(x) = Σᵢ [ h ((xᵢ/a)² − 1)² + c xᵢ ]` (seed 000, §"Double-well potential" and exercise
//! C.3; tilt as recommended in errata.md for asymmetric wells).
//!
//! Parameterised by the barrier height `h` (for c = 0: U(0) − U(±a) = h per coordinate)
//! and the curvature at the minima `κ = U''(±a) = 8h/a²`, so `a = √(8h/κ)`. The default
//! `h = 1, κ = 8` is `(x² − 1)²`. At the barrier top U''(0) = −4h/a² = −κ/2.

use super::Landscape;
use crate::error::{require_positive, SgdError, SgdResult};
use crate::simd::{map2, F64x2};

#[derive(Clone, Debug)]
pub struct SeparableDoubleWell {
    dim: usize,
    barrier: f64,
    /// 1/a².
    inv_a2: f64,
    tilt: f64,
}

impl SeparableDoubleWell {
    pub fn new(dim: usize, barrier_height: f64, well_curvature: f64, tilt: f64) -> SgdResult<Self> {
        if dim == 0 {
            return Err(SgdError::invalid("dim = 0 is not allowed: it must be an integer >= 1"));
        }
        let h = require_positive("barrierHeight", barrier_height)?;
        let k = require_positive("wellCurvature", well_curvature)?;
        if !tilt.is_finite() {
            return Err(SgdError::invalid(format!("tilt = {tilt} is not allowed: it must be a finite number")));
        }
        Ok(SeparableDoubleWell { dim, barrier: h, inv_a2: k / (8.0 * h), tilt })
    }
}

impl Landscape for SeparableDoubleWell {
    fn dim(&self) -> usize {
        self.dim
    }

    fn value(&self, x: &[f64]) -> f64 {
        x.iter()
            .map(|&xi| {
                let s = xi * xi * self.inv_a2 - 1.0;
                self.barrier * s * s + self.tilt * xi
            })
            .sum()
    }

    /// `∂ᵢU = (4h/a²) xᵢ ((xᵢ/a)² − 1) + c`.
    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        self.gradient_batch(x, g)
    }

    /// Diagonal: `∂ᵢ²U = (4h/a²)(3 (xᵢ/a)² − 1)`.
    fn hessian(&self, x: &[f64], h: &mut [f64]) {
        let d = self.dim;
        h.iter_mut().for_each(|v| *v = 0.0);
        for i in 0..d {
            h[i * d + i] = self.curvature(x[i]);
        }
    }

    fn hessian_vector(&self, x: &[f64], v: &[f64], out: &mut [f64]) {
        for i in 0..self.dim {
            out[i] = self.curvature(x[i]) * v[i];
        }
    }

    fn gradient_batch(&self, xs: &[f64], gs: &mut [f64]) {
        let p = F64x2::splat(4.0 * self.barrier * self.inv_a2);
        let q = F64x2::splat(self.inv_a2);
        let one = F64x2::splat(1.0);
        let c = F64x2::splat(self.tilt);
        map2(gs, [xs], |_, [x]| p.mul(x).mul(x.mul(x).mul(q).sub(one)).add(c));
    }
}

impl SeparableDoubleWell {
    fn curvature(&self, xi: f64) -> f64 {
        4.0 * self.barrier * self.inv_a2 * (3.0 * xi * xi * self.inv_a2 - 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_quartic_double_well() {
        let w = SeparableDoubleWell::new(1, 1.0, 8.0, 0.0).unwrap();
        for &x in &[-1.7, -1.0, -0.3, 0.0, 0.4, 1.0, 2.2] {
            let exact = (x * x - 1.0) * (x * x - 1.0);
            assert!((w.value(&[x]) - exact).abs() < 1e-14);
            let mut g = [0.0];
            w.gradient(&[x], &mut g);
            assert!((g[0] - 4.0 * x * (x * x - 1.0)).abs() < 1e-13);
        }
        assert!(SeparableDoubleWell::new(1, -1.0, 8.0, 0.0).is_err());
    }
}
