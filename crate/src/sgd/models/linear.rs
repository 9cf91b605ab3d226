//! The linear model `f(θ; x) = W x + b`, W ∈ ℝ^{k×d}, b ∈ ℝᵏ (optional).
//! Layout `θ = [W row-major (k·d), b (k)]`. `∂fₒ/∂W_{om} = x_m`, `∂fₒ/∂bₒ = 1`, ∇²f = 0.
//! With the squared loss this is (multi-output) linear regression, with the logistic loss
//! logistic regression, with softmax cross-entropy multinomial logistic regression.

use super::{axpy, dot, Model};
use crate::error::{SgdError, SgdResult};

#[derive(Clone, Debug)]
pub struct Linear {
    d: usize,
    k: usize,
    bias: bool,
}

impl Linear {
    pub fn new(d: usize, k: usize, bias: bool) -> SgdResult<Self> {
        if d == 0 || k == 0 {
            return Err(SgdError::invalid(format!("a linear model needs inputs >= 1 and outputs >= 1 (got inputs = {d}, outputs = {k})")));
        }
        Ok(Linear { d, k, bias })
    }
}

impl Model for Linear {
    fn params(&self) -> usize {
        self.k * self.d + if self.bias { self.k } else { 0 }
    }
    fn inputs(&self) -> usize {
        self.d
    }
    fn outputs(&self) -> usize {
        self.k
    }

    fn forward(&self, theta: &[f64], x: &[f64], f: &mut [f64], _: &mut [f64]) {
        let (d, k) = (self.d, self.k);
        for o in 0..k {
            let b = if self.bias { theta[k * d + o] } else { 0.0 };
            f[o] = dot(&theta[o * d..(o + 1) * d], x) + b;
        }
    }

    fn vjp(&self, _: &[f64], x: &[f64], _: &mut [f64], e: &[f64], s: f64, out: &mut [f64]) {
        let (d, k) = (self.d, self.k);
        for o in 0..k {
            let c = s * e[o];
            axpy(c, x, &mut out[o * d..(o + 1) * d]);
            if self.bias {
                out[k * d + o] += c;
            }
        }
    }

    fn jvp(&self, _: &[f64], x: &[f64], _: &mut [f64], v: &[f64], out: &mut [f64]) {
        let (d, k) = (self.d, self.k);
        for o in 0..k {
            out[o] = dot(&v[o * d..(o + 1) * d], x) + if self.bias { v[k * d + o] } else { 0.0 };
        }
    }

    fn residual_hvp(&self, _: &[f64], _: &[f64], _: &mut [f64], _: &[f64], _: &[f64], _: f64, _: &mut [f64]) {}
}
