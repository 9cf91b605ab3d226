//! The (extended) Rosenbrock function (H. H. Rosenbrock, Comput. J. 3, 175–184, 1960;
//! the chained d-dimensional form):
//!
//! `U(x) = Σ_{i=0}^{d−2} [ b (x_{i+1} − xᵢ²)² + (a − xᵢ)² ]`, d ≥ 2, defaults a = 1, b = 100.
//!
//! For d = 2 the global minimum is `(a, a²)` with U = 0. For d ≥ 3 and a = 1 it is the
//! all-ones point with U = 0 (for other a the chained form has no closed-form minimiser:
//! `(a − x₁)²` and `b(x₁ − a²)²` pull x₁ to different places unless a ∈ {0, 1}).
//!
//! Derivatives (j = 0…d−1, terms with an out-of-range index are absent):
//! `∂ⱼU = 2b(xⱼ − xⱼ₋₁²) − 4b xⱼ(xⱼ₊₁ − xⱼ²) − 2(a − xⱼ)`;
//! the Hessian is tridiagonal, `Hⱼⱼ = [j ≥ 1] 2b + [j ≤ d−2] (12b xⱼ² − 4b xⱼ₊₁ + 2)`,
//! `Hⱼ,ⱼ₊₁ = Hⱼ₊₁,ⱼ = −4b xⱼ`.

use super::Landscape;
use crate::error::{require_positive, SgdError, SgdResult};
use crate::simd::{map2, F64x2};

#[derive(Clone, Debug)]
pub struct Rosenbrock {
    dim: usize,
    a: f64,
    b: f64,
}

impl Rosenbrock {
    pub fn new(dim: usize, a: f64, b: f64) -> SgdResult<Self> {
        if dim < 2 {
            return Err(SgdError::invalid(format!("dim = {dim} is not allowed: Rosenbrock needs an integer dim >= 2")));
        }
        if !a.is_finite() {
            return Err(SgdError::invalid(format!("a = {a} is not allowed: it must be a finite number")));
        }
        let b = require_positive("b", b)?;
        Ok(Rosenbrock { dim, a, b })
    }

    /// Diagonal Hessian entry j.
    fn diag(&self, x: &[f64], j: usize) -> f64 {
        let d = self.dim;
        let left = if j >= 1 { 2.0 * self.b } else { 0.0 };
        let right = if j + 1 < d { 12.0 * self.b * x[j] * x[j] - 4.0 * self.b * x[j + 1] + 2.0 } else { 0.0 };
        left + right
    }

    /// The gradient of one point (the only gradient code: `gradient` and `gradient_batch`
    /// both call it, so they agree bit for bit). Interior coordinates run on f64 lanes.
    #[inline(always)]
    fn gradient_point(&self, x: &[f64], g: &mut [f64]) {
        let d = self.dim;
        let (a, b) = (self.a, self.b);
        // Right-hand term of coordinate j (from the pair (j, j+1)) and left-hand term (from (j−1, j)).
        g[0] = -4.0 * b * x[0] * (x[1] - x[0] * x[0]) - 2.0 * (a - x[0]);
        g[d - 1] = 2.0 * b * (x[d - 1] - x[d - 2] * x[d - 2]);
        if d > 2 {
            let b2 = F64x2::splat(2.0 * b);
            let b4 = F64x2::splat(-4.0 * b);
            let two = F64x2::splat(2.0);
            let av = F64x2::splat(a);
            map2(&mut g[1..d - 1], [&x[0..d - 2], &x[1..d - 1], &x[2..d]], |_, [xm, xc, xp]| {
                let left = b2.mul(xc.sub(xm.mul(xm)));
                let right = b4.mul(xc).mul(xp.sub(xc.mul(xc))).sub(two.mul(av.sub(xc)));
                left.add(right)
            });
        }
    }
}

impl Landscape for Rosenbrock {
    fn dim(&self) -> usize {
        self.dim
    }

    fn value(&self, x: &[f64]) -> f64 {
        let mut u = 0.0;
        for i in 0..self.dim - 1 {
            let s = x[i + 1] - x[i] * x[i];
            let t = self.a - x[i];
            u += self.b * s * s + t * t;
        }
        u
    }

    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        self.gradient_point(x, g)
    }

    fn hessian(&self, x: &[f64], h: &mut [f64]) {
        let d = self.dim;
        h.iter_mut().for_each(|v| *v = 0.0);
        for j in 0..d {
            h[j * d + j] = self.diag(x, j);
            if j + 1 < d {
                let off = -4.0 * self.b * x[j];
                h[j * d + j + 1] = off;
                h[(j + 1) * d + j] = off;
            }
        }
    }

    fn hessian_vector(&self, x: &[f64], v: &[f64], out: &mut [f64]) {
        let d = self.dim;
        for j in 0..d {
            let mut s = self.diag(x, j) * v[j];
            if j >= 1 {
                s += -4.0 * self.b * x[j - 1] * v[j - 1];
            }
            if j + 1 < d {
                s += -4.0 * self.b * x[j] * v[j + 1];
            }
            out[j] = s;
        }
    }

    fn gradient_batch(&self, xs: &[f64], gs: &mut [f64]) {
        let d = self.dim;
        for (x, g) in xs.chunks_exact(d).zip(gs.chunks_exact_mut(d)) {
            self.gradient_point(x, g);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimum_and_hessian_at_ones() {
        for d in 2..7 {
            let r = Rosenbrock::new(d, 1.0, 100.0).unwrap();
            let ones = vec![1.0; d];
            assert_eq!(r.value(&ones), 0.0);
            let mut g = vec![9.0; d];
            r.gradient(&ones, &mut g);
            assert!(g.iter().all(|&v| v == 0.0), "{g:?}");
            let mut h = vec![0.0; d * d];
            r.hessian(&ones, &mut h);
            for i in 0..d {
                for j in 0..d {
                    let want = if i == j {
                        (if i >= 1 { 200.0 } else { 0.0 }) + (if i + 1 < d { 802.0 } else { 0.0 })
                    } else if i + 1 == j || j + 1 == i {
                        -400.0
                    } else {
                        0.0
                    };
                    assert_eq!(h[i * d + j], want);
                }
            }
        }
        let r = Rosenbrock::new(2, 2.0, 7.0).unwrap();
        assert_eq!(r.value(&[2.0, 4.0]), 0.0);
        assert!(Rosenbrock::new(1, 1.0, 100.0).is_err());
        assert!(Rosenbrock::new(2, 1.0, 0.0).is_err());
    }

    #[test]
    fn gradient_matches_scalar_formula() {
        let d = 7;
        let r = Rosenbrock::new(d, 0.7, 3.0).unwrap();
        let x: Vec<f64> = (0..d).map(|i| (i as f64 * 0.37).sin()).collect();
        let mut g = vec![0.0; d];
        r.gradient(&x, &mut g);
        for j in 0..d {
            let mut want = 0.0;
            if j >= 1 {
                want += 2.0 * 3.0 * (x[j] - x[j - 1] * x[j - 1]);
            }
            if j + 1 < d {
                want += -4.0 * 3.0 * x[j] * (x[j + 1] - x[j] * x[j]) - 2.0 * (0.7 - x[j]);
            }
            assert!((g[j] - want).abs() < 1e-13, "{j}: {} vs {want}", g[j]);
        }
    }
}
