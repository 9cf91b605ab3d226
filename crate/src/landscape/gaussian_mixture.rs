//! Gaussian-mixture wells with a confining quadratic (seed 000, exercises C.6/C.13/C.16, as
//! corrected in errata.md: the wells are *negative* Gaussians, and a confining term is
//! required because the Gaussians alone vanish at infinity):
//!
//! `U(x) = −Σₖ wₖ exp(−‖x − μₖ‖²/(2σₖ²)) + (c/2)‖x‖²`, c > 0.
//!
//! With `rₖ = x − μₖ`, `eₖ = wₖ exp(−‖rₖ‖²/(2σₖ²))`:
//! `∇U = Σₖ eₖ rₖ/σₖ² + c x`, `∇²U = Σₖ eₖ (I/σₖ² − rₖrₖᵀ/σₖ⁴) + c I`.

use super::Landscape;
use crate::error::{require_finite, require_positive, SgdError, SgdResult};

#[derive(Clone, Debug)]
pub struct GaussianMixture {
    dim: usize,
    /// K × d, row-major.
    means: Vec<f64>,
    weights: Vec<f64>,
    /// 1/σₖ².
    inv_var: Vec<f64>,
    confinement: f64,
}

impl GaussianMixture {
    /// `means` is K×d row-major; `widths` (σₖ) and `weights` have K entries.
    pub fn new(dim: usize, means: &[f64], widths: &[f64], weights: &[f64], confinement: f64) -> SgdResult<Self> {
        if dim == 0 {
            return Err(SgdError::invalid("dim = 0 is not allowed: it must be an integer >= 1"));
        }
        let k = weights.len();
        if k == 0 || widths.len() != k || means.len() != k * dim {
            return Err(SgdError::invalid(format!(
                "means has {} entries, widths {} and weights {}: with K >= 1 wells in d = {dim} dimensions, \
                 means must have K·d entries and widths and weights K each",
                means.len(),
                widths.len(),
                k
            )));
        }
        require_finite("means", means)?;
        require_finite("weights", weights)?;
        let mut inv_var = Vec::with_capacity(k);
        for (i, &s) in widths.iter().enumerate() {
            let s = require_positive(&format!("widths[{i}]"), s)?;
            inv_var.push(1.0 / (s * s));
        }
        let confinement = require_positive("confinement", confinement)?;
        Ok(GaussianMixture { dim, means: means.to_vec(), weights: weights.to_vec(), inv_var, confinement })
    }

    /// `eₖ = wₖ exp(−‖x − μₖ‖²/(2σₖ²))`.
    #[inline(always)]
    fn well(&self, k: usize, x: &[f64]) -> f64 {
        let mu = &self.means[k * self.dim..(k + 1) * self.dim];
        let r2: f64 = x.iter().zip(mu).map(|(a, b)| (a - b) * (a - b)).sum();
        self.weights[k] * (-0.5 * r2 * self.inv_var[k]).exp()
    }
}

impl Landscape for GaussianMixture {
    fn dim(&self) -> usize {
        self.dim
    }

    fn value(&self, x: &[f64]) -> f64 {
        let x2: f64 = x.iter().map(|v| v * v).sum();
        let mut u = 0.5 * self.confinement * x2;
        for k in 0..self.weights.len() {
            u -= self.well(k, x);
        }
        u
    }

    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        let d = self.dim;
        for (gi, xi) in g.iter_mut().zip(x) {
            *gi = self.confinement * xi;
        }
        for k in 0..self.weights.len() {
            let s = self.well(k, x) * self.inv_var[k];
            let mu = &self.means[k * d..(k + 1) * d];
            for i in 0..d {
                g[i] += s * (x[i] - mu[i]);
            }
        }
    }

    fn hessian(&self, x: &[f64], h: &mut [f64]) {
        let d = self.dim;
        h.iter_mut().for_each(|v| *v = 0.0);
        for i in 0..d {
            h[i * d + i] = self.confinement;
        }
        for k in 0..self.weights.len() {
            let iv = self.inv_var[k];
            let e = self.well(k, x);
            let mu = &self.means[k * d..(k + 1) * d];
            let t = e * iv * iv;
            for i in 0..d {
                let ri = x[i] - mu[i];
                for j in i..d {
                    h[i * d + j] -= t * ri * (x[j] - mu[j]);
                }
                h[i * d + i] += e * iv;
            }
        }
        // Upper triangle accumulated above; mirror it so the matrix is exactly symmetric.
        for i in 0..d {
            for j in 0..i {
                h[i * d + j] = h[j * d + i];
            }
        }
    }

    /// `Σₖ eₖ (v/σₖ² − rₖ (rₖ·v)/σₖ⁴) + c v`.
    fn hessian_vector(&self, x: &[f64], v: &[f64], out: &mut [f64]) {
        let d = self.dim;
        for i in 0..d {
            out[i] = self.confinement * v[i];
        }
        for k in 0..self.weights.len() {
            let iv = self.inv_var[k];
            let e = self.well(k, x);
            let mu = &self.means[k * d..(k + 1) * d];
            let rv: f64 = (0..d).map(|i| (x[i] - mu[i]) * v[i]).sum();
            for i in 0..d {
                out[i] += e * iv * v[i] - e * iv * iv * (x[i] - mu[i]) * rv;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_centred_well_is_a_minimum() {
        let g = GaussianMixture::new(2, &[0.0, 0.0, 3.0, 0.0], &[1.0, 0.5], &[2.0, 1.0], 0.05).unwrap();
        let mut gr = [0.0; 2];
        g.gradient(&[0.0, 0.0], &mut gr);
        assert!(gr[0].abs() < 1e-3 && gr[1] == 0.0);
        let mut h = [0.0; 4];
        g.hessian(&[0.0, 0.0], &mut h);
        assert!((h[3] - (2.0 + 0.05 + 1.0 * 4.0 * (-18.0f64).exp())).abs() < 1e-12);
        assert!(GaussianMixture::new(2, &[0.0, 0.0], &[1.0], &[1.0], 0.0).is_err());
        assert!(GaussianMixture::new(2, &[0.0, 0.0], &[-1.0], &[1.0], 0.1).is_err());
        assert!(GaussianMixture::new(2, &[0.0], &[1.0], &[1.0], 0.1).is_err());
    }
}
