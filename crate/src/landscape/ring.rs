//! The ring (Mexican hat) `U(x) = ¼‖x‖⁴ − ½‖x‖²`: minima on the unit sphere, a maximum
//! at 0 (seed 000, exercise C.2; conventions.md).

use super::Landscape;
use crate::error::{SgdError, SgdResult};

#[derive(Clone, Debug)]
pub struct Ring {
    dim: usize,
}

impl Ring {
    pub fn new(dim: usize) -> SgdResult<Self> {
        if dim == 0 {
            return Err(SgdError::invalid("dim = 0 is not allowed: it must be an integer >= 1"));
        }
        Ok(Ring { dim })
    }
}

fn norm2(x: &[f64]) -> f64 {
    x.iter().map(|v| v * v).sum()
}

impl Landscape for Ring {
    fn dim(&self) -> usize {
        self.dim
    }

    fn value(&self, x: &[f64]) -> f64 {
        let r2 = norm2(x);
        0.25 * r2 * r2 - 0.5 * r2
    }

    /// `∇U = (‖x‖² − 1) x`.
    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        let s = norm2(x) - 1.0;
        for (gi, xi) in g.iter_mut().zip(x) {
            *gi = s * xi;
        }
    }

    /// `∇²U = (‖x‖² − 1) I + 2 x xᵀ`.
    fn hessian(&self, x: &[f64], h: &mut [f64]) {
        let d = self.dim;
        let s = norm2(x) - 1.0;
        for i in 0..d {
            for j in 0..d {
                h[i * d + j] = 2.0 * x[i] * x[j] + if i == j { s } else { 0.0 };
            }
        }
    }

    fn hessian_vector(&self, x: &[f64], v: &[f64], out: &mut [f64]) {
        let s = norm2(x) - 1.0;
        let xv: f64 = x.iter().zip(v).map(|(a, b)| a * b).sum();
        for i in 0..self.dim {
            out[i] = s * v[i] + 2.0 * x[i] * xv;
        }
    }
}
