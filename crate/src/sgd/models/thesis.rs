//! The thesis model (seed 001, chapter 5, eq. (5.1); errata.md: the true parameters are
//! (a, b) = (1, 5)): θ = (a, b), one input x, one output
//!
//! `f(a, b; x) = a² + x (1 + b σ(a x))`, σ the logistic sigmoid.
//!
//! With `s = σ(ax)`, `t = 1 − s` (σ' = st, σ'' = st(t − s)):
//! `∂ₐf = 2a + b x² s t`, `∂_b f = x s`, `∂ₐ²f = 2 + b x³ s t (t − s)`, `∂ₐ∂_b f = x² s t`,
//! `∂_b² f = 0`.

use super::Model;
use crate::sgd::loss::sigmoid;

#[derive(Clone, Copy, Debug, Default)]
pub struct Thesis;

impl Thesis {
    /// `(∂ₐf, ∂_b f, ∂ₐ²f, ∂ₐ∂_b f)` at (a, b; x).
    #[inline(always)]
    fn derivatives(a: f64, b: f64, x: f64) -> (f64, f64, f64, f64) {
        let (s, t) = sigmoid(a * x);
        let st = s * t;
        let x2 = x * x;
        (2.0 * a + b * x2 * st, x * s, 2.0 + b * x2 * x * st * (t - s), x2 * st)
    }
}

impl Model for Thesis {
    fn params(&self) -> usize {
        2
    }
    fn inputs(&self) -> usize {
        1
    }
    fn outputs(&self) -> usize {
        1
    }

    fn forward(&self, theta: &[f64], x: &[f64], f: &mut [f64], _: &mut [f64]) {
        let (a, b, x) = (theta[0], theta[1], x[0]);
        f[0] = a * a + x * (1.0 + b * sigmoid(a * x).0);
    }

    fn vjp(&self, theta: &[f64], x: &[f64], _: &mut [f64], e: &[f64], s: f64, out: &mut [f64]) {
        let (fa, fb, _, _) = Self::derivatives(theta[0], theta[1], x[0]);
        let c = s * e[0];
        out[0] += c * fa;
        out[1] += c * fb;
    }

    fn jvp(&self, theta: &[f64], x: &[f64], _: &mut [f64], v: &[f64], out: &mut [f64]) {
        let (fa, fb, _, _) = Self::derivatives(theta[0], theta[1], x[0]);
        out[0] = fa * v[0] + fb * v[1];
    }

    fn residual_hvp(&self, theta: &[f64], x: &[f64], _: &mut [f64], e: &[f64], v: &[f64], s: f64, out: &mut [f64]) {
        let (_, _, faa, fab) = Self::derivatives(theta[0], theta[1], x[0]);
        let c = s * e[0];
        out[0] += c * (faa * v[0] + fab * v[1]);
        out[1] += c * fab * v[0];
    }
}
