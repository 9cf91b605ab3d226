//! The quadratic bowl `U(x) = ½ (x − c)ᵀ H (x − c)` with H symmetric positive definite
//! (the local model of any minimum; seed 000 §"Linearisation near a minimum").

use super::Landscape;
use crate::error::{require_finite, SgdError, SgdResult};
use crate::linalg::cholesky;

#[derive(Clone, Debug)]
pub struct Quadratic {
    dim: usize,
    h: Vec<f64>,
    centre: Vec<f64>,
}

impl Quadratic {
    /// `h` row-major d×d, symmetric to 1e-12 relative and positive definite (checked by
    /// Cholesky); `centre` of length d.
    pub fn new(h: &[f64], centre: &[f64]) -> SgdResult<Self> {
        let dim = centre.len();
        if dim == 0 || h.len() != dim * dim {
            return Err(SgdError::invalid(format!(
                "hessian has {} entries and centre has {}: hessian must be d×d = centre.length² with d >= 1",
                h.len(),
                dim
            )));
        }
        require_finite("hessian", h)?;
        require_finite("centre", centre)?;
        let scale = h.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        for i in 0..dim {
            for j in 0..i {
                if (h[i * dim + j] - h[j * dim + i]).abs() > 1e-12 * scale {
                    return Err(SgdError::invalid(format!(
                        "hessian[{i}][{j}] = {} differs from hessian[{j}][{i}] = {}: the hessian must be symmetric",
                        h[i * dim + j],
                        h[j * dim + i]
                    )));
                }
            }
        }
        if cholesky(h, dim).is_none() {
            return Err(SgdError::invalid(
                "hessian is not positive definite (Cholesky failed): a quadratic landscape needs a symmetric positive-definite H",
            ));
        }
        Ok(Quadratic { dim, h: h.to_vec(), centre: centre.to_vec() })
    }
}

impl Landscape for Quadratic {
    fn dim(&self) -> usize {
        self.dim
    }

    fn value(&self, x: &[f64]) -> f64 {
        let d = self.dim;
        let mut u = 0.0;
        for i in 0..d {
            let mut hi = 0.0;
            for j in 0..d {
                hi += self.h[i * d + j] * (x[j] - self.centre[j]);
            }
            u += (x[i] - self.centre[i]) * hi;
        }
        0.5 * u
    }

    /// `∇U = H (x − c)`.
    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        let d = self.dim;
        for i in 0..d {
            let mut s = 0.0;
            for j in 0..d {
                s += self.h[i * d + j] * (x[j] - self.centre[j]);
            }
            g[i] = s;
        }
    }

    fn hessian(&self, _x: &[f64], h: &mut [f64]) {
        h.copy_from_slice(&self.h);
    }

    fn linear_drift(&self) -> Option<(Vec<f64>, Vec<f64>)> {
        Some((self.h.clone(), self.centre.clone()))
    }

    fn hessian_vector(&self, _x: &[f64], v: &[f64], out: &mut [f64]) {
        let d = self.dim;
        for i in 0..d {
            out[i] = (0..d).map(|j| self.h[i * d + j] * v[j]).sum();
        }
    }
}
