//! Two-layer perceptron
//!
//! `zⱼ = α₁ Σₘ W₁[j,m] xₘ + b₁[j]`, `uⱼ = φ(zⱼ)`, `fₒ = α₂ Σⱼ W₂[o,j] uⱼ + b₂[o]`
//!
//! with h hidden units, φ = tanh, ReLU or the identity (a two-layer *linear* network
//! `f = α₂W₂(α₁W₁x + b₁) + b₂`, the model of deep-linear-network studies, e.g. Saxe et al. 2014,
//! Arora et al. 2018), and the parameterisation fixing (α₁, α₂):
//! standard (1, 1), NTK (1/√d, 1/√h) (Jacot et al. 2018), mean-field (1/√d, 1/h)
//! (Mei, Montanari & Nguyen 2018). Layout `θ = [W₁ (h×d row-major), b₁ (h), W₂ (k×h), b₂ (k)]`.
//!
//! Derivatives (δⱼ = α₂ φ'(zⱼ) Σₒ eₒ W₂[o,j] for the VJP with output cotangent e):
//! `∂/∂W₂[o,j] = α₂ eₒ uⱼ`, `∂/∂b₂[o] = eₒ`, `∂/∂W₁[j,m] = α₁ δⱼ xₘ`, `∂/∂b₁[j] = δⱼ`.
//! The residual Hessian–vector product `Σₒ eₒ ∇²fₒ v` is the directional derivative of that
//! VJP (e fixed) along v = (V₁, c₁, V₂, c₂): with `żⱼ = α₁ V₁[j]·x + c₁[j]`,
//! `dδⱼ = α₂ [φ''(zⱼ) żⱼ Σₒ eₒ W₂[o,j] + φ'(zⱼ) Σₒ eₒ V₂[o,j]]`, it is
//! `(α₁ dδⱼ xₘ, dδⱼ, α₂ eₒ φ'(zⱼ) żⱼ, 0)`.

use super::{axpy, dot, Model};
use crate::error::{SgdError, SgdResult};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Activation {
    Tanh,
    Relu,
    /// φ(z) = z (φ' = 1, φ'' = 0): a two-layer linear network.
    Identity,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Parameterisation {
    Standard,
    Ntk,
    MeanField,
}

#[derive(Clone, Debug)]
pub struct Mlp {
    d: usize,
    h: usize,
    k: usize,
    activation: Activation,
    a1: f64,
    a2: f64,
}

impl Mlp {
    pub fn new(d: usize, h: usize, k: usize, activation: Activation, parameterisation: Parameterisation) -> SgdResult<Self> {
        if d == 0 || h == 0 || k == 0 {
            return Err(SgdError::invalid(format!(
                "an MLP needs inputs, hidden and outputs >= 1 (got inputs = {d}, hidden = {h}, outputs = {k})"
            )));
        }
        let (a1, a2) = match parameterisation {
            Parameterisation::Standard => (1.0, 1.0),
            Parameterisation::Ntk => (1.0 / (d as f64).sqrt(), 1.0 / (h as f64).sqrt()),
            Parameterisation::MeanField => (1.0 / (d as f64).sqrt(), 1.0 / h as f64),
        };
        Ok(Mlp { d, h, k, activation, a1, a2 })
    }

    /// Offsets of W₁, b₁, W₂, b₂ in θ.
    #[inline(always)]
    fn offsets(&self) -> (usize, usize, usize, usize) {
        let (d, h, k) = (self.d, self.h, self.k);
        (0, h * d, h * d + h, h * d + h + k * h)
    }
}

impl Model for Mlp {
    fn params(&self) -> usize {
        self.h * self.d + self.h + self.k * self.h + self.k
    }
    fn inputs(&self) -> usize {
        self.d
    }
    fn outputs(&self) -> usize {
        self.k
    }
    /// z, u, φ'(z), φ''(z) and one temporary, h each.
    fn scratch_len(&self) -> usize {
        5 * self.h
    }

    fn forward(&self, theta: &[f64], x: &[f64], f: &mut [f64], scratch: &mut [f64]) {
        let (d, h) = (self.d, self.h);
        let (w1, b1, w2, b2) = self.offsets();
        let (z, rest) = scratch.split_at_mut(h);
        let (u, rest) = rest.split_at_mut(h);
        let (d1, rest) = rest.split_at_mut(h);
        let d2 = &mut rest[..h];
        for j in 0..h {
            let zj = self.a1 * dot(&theta[w1 + j * d..w1 + (j + 1) * d], x) + theta[b1 + j];
            z[j] = zj;
            match self.activation {
                Activation::Tanh => {
                    let t = zj.tanh();
                    u[j] = t;
                    d1[j] = 1.0 - t * t;
                    d2[j] = -2.0 * t * (1.0 - t * t);
                }
                Activation::Relu => {
                    let on = zj > 0.0;
                    u[j] = if on { zj } else { 0.0 };
                    d1[j] = if on { 1.0 } else { 0.0 };
                    d2[j] = 0.0;
                }
                Activation::Identity => {
                    u[j] = zj;
                    d1[j] = 1.0;
                    d2[j] = 0.0;
                }
            }
        }
        for (o, fo) in f.iter_mut().enumerate().take(self.k) {
            *fo = self.a2 * dot(&theta[w2 + o * h..w2 + (o + 1) * h], u) + theta[b2 + o];
        }
    }

    fn vjp(&self, theta: &[f64], x: &[f64], scratch: &mut [f64], e: &[f64], s: f64, out: &mut [f64]) {
        let (d, h, k) = (self.d, self.h, self.k);
        let (w1, b1, w2, b2) = self.offsets();
        let (head, delta) = scratch.split_at_mut(4 * h);
        let (u, d1) = (&head[h..2 * h], &head[2 * h..3 * h]);
        let delta = &mut delta[..h];
        delta.iter_mut().for_each(|v| *v = 0.0);
        for o in 0..k {
            let eo = s * e[o];
            axpy(self.a2 * eo, u, &mut out[w2 + o * h..w2 + (o + 1) * h]);
            out[b2 + o] += eo;
            axpy(eo, &theta[w2 + o * h..w2 + (o + 1) * h], delta);
        }
        for j in 0..h {
            let dj = self.a2 * d1[j] * delta[j];
            axpy(self.a1 * dj, x, &mut out[w1 + j * d..w1 + (j + 1) * d]);
            out[b1 + j] += dj;
        }
    }

    fn jvp(&self, theta: &[f64], x: &[f64], scratch: &mut [f64], v: &[f64], out: &mut [f64]) {
        let (d, h, k) = (self.d, self.h, self.k);
        let (w1, b1, w2, b2) = self.offsets();
        let (head, du) = scratch.split_at_mut(4 * h);
        let (u, d1) = (&head[h..2 * h], &head[2 * h..3 * h]);
        let du = &mut du[..h];
        for j in 0..h {
            du[j] = d1[j] * (self.a1 * dot(&v[w1 + j * d..w1 + (j + 1) * d], x) + v[b1 + j]);
        }
        for (o, out) in out.iter_mut().enumerate().take(k) {
            let r = w2 + o * h..w2 + (o + 1) * h;
            *out = self.a2 * (dot(&v[r.clone()], u) + dot(&theta[r], du)) + v[b2 + o];
        }
    }

    fn residual_hvp(&self, theta: &[f64], x: &[f64], scratch: &mut [f64], e: &[f64], v: &[f64], s: f64, out: &mut [f64]) {
        let (d, h, k) = (self.d, self.h, self.k);
        let (w1, b1, w2, _) = self.offsets();
        let (head, tmp) = scratch.split_at_mut(4 * h);
        let (d1, d2) = (&head[2 * h..3 * h], &head[3 * h..4 * h]);
        let tmp = &mut tmp[..h];
        for j in 0..h {
            let zdot = self.a1 * dot(&v[w1 + j * d..w1 + (j + 1) * d], x) + v[b1 + j];
            let (mut ew, mut ev) = (0.0, 0.0);
            for o in 0..k {
                ew += e[o] * theta[w2 + o * h + j];
                ev += e[o] * v[w2 + o * h + j];
            }
            let ddelta = s * self.a2 * (d2[j] * zdot * ew + d1[j] * ev);
            axpy(self.a1 * ddelta, x, &mut out[w1 + j * d..w1 + (j + 1) * d]);
            out[b1 + j] += ddelta;
            tmp[j] = d1[j] * zdot;
        }
        for o in 0..k {
            axpy(s * self.a2 * e[o], tmp, &mut out[w2 + o * h..w2 + (o + 1) * h]);
        }
    }
}
