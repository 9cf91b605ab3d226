//! A data loss: a model, an output loss, a data set, the normalisation and an L2 term,
//!
//! `L(θ) = c Σᵢ ℓᵢ(θ) + (λ/2)‖θ‖²`, `ℓᵢ(θ) = ℓ(f(θ; xᵢ), yᵢ)` (see `loss.rs`).
//!
//! Written as a mean of per-example terms `L = (1/N) Σᵢ Lᵢ` with `Lᵢ = N c ℓᵢ + (λ/2)‖θ‖²`,
//! the per-example gradients are `gᵢ = N c ∇ℓᵢ + λθ`, their mean is ∇L, a minibatch
//! gradient is `g_B = (1/B) Σ_{i∈B} gᵢ`, and the noise covariance (conventions.md) is the
//! covariance of one per-example gradient over the uniform choice of i,
//!
//! `Σ(θ) = (1/N) Σᵢ (gᵢ − ∇L)(gᵢ − ∇L)ᵀ` (the λθ parts cancel).
//!
//! Hessian: `∇²L = c Σᵢ (Jᵢᵀ Mᵢ Jᵢ + Σₒ eᵢₒ ∇²fᵢₒ) + λI`; the Gauss–Newton matrix keeps the
//! first term, `G = c Σᵢ Jᵢᵀ Mᵢ Jᵢ + λI`. An `Objective` is also a `Landscape` (value,
//! gradient, Hessian, HVP of L), so every integrator, sampler and analysis runs on it.

use std::cell::RefCell;

use super::loss::{Normalisation, OutputLoss};
use super::models::Model;
use crate::error::{require_finite, require_non_negative, SgdError, SgdResult};
use crate::landscape::Landscape;

/// Largest p for the dense p×p outputs (Hessian, Σ, Gauss–Newton): 2048² f64 = 32 MiB.
pub const MAX_DENSE_PARAMS: usize = 2048;

/// Scratch for one evaluation thread: outputs, output cotangent, model scratch, two k-vectors.
pub struct Workspace {
    f: Vec<f64>,
    e: Vec<f64>,
    u: Vec<f64>,
    w: Vec<f64>,
    model: Vec<f64>,
}

pub struct Objective {
    model: Box<dyn Model>,
    loss: OutputLoss,
    x: Vec<f64>,
    y: Vec<f64>,
    n: usize,
    c: f64,
    l2: f64,
    ws: RefCell<Workspace>,
}

impl Objective {
    pub fn new(model: Box<dyn Model>, loss: OutputLoss, x: &[f64], y: &[f64], normalisation: Normalisation, l2: f64) -> SgdResult<Self> {
        let (d, k) = (model.inputs(), model.outputs());
        let w = loss.label_width(k);
        if x.is_empty() || x.len() % d != 0 {
            return Err(SgdError::invalid(format!(
                "x has {} entries, which is not allowed: it must hold N >= 1 examples of {d} inputs (N·{d} entries, row-major)",
                x.len()
            )));
        }
        let n = x.len() / d;
        if y.len() != n * w {
            return Err(SgdError::invalid(format!(
                "y has {} entries but x holds N = {n} examples: y must hold N·{w} = {} labels",
                y.len(),
                n * w
            )));
        }
        require_finite("x", x)?;
        require_finite("y", y)?;
        loss.check(k, y)?;
        require_non_negative("l2", l2)?;
        let ws = RefCell::new(Workspace { f: vec![0.0; k], e: vec![0.0; k], u: vec![0.0; k], w: vec![0.0; k], model: vec![0.0; model.scratch_len()] });
        Ok(Objective { c: normalisation.factor(n), model, loss, x: x.to_vec(), y: y.to_vec(), n, l2, ws })
    }

    /// A fresh workspace (kernels hold their own; the `Landscape` methods share one inside).
    pub fn workspace(&self) -> Workspace {
        let k = self.model.outputs();
        Workspace { f: vec![0.0; k], e: vec![0.0; k], u: vec![0.0; k], w: vec![0.0; k], model: vec![0.0; self.model.scratch_len()] }
    }

    pub fn examples(&self) -> usize {
        self.n
    }
    pub fn params(&self) -> usize {
        self.model.params()
    }
    pub fn model(&self) -> &dyn Model {
        &*self.model
    }
    pub fn l2(&self) -> f64 {
        self.l2
    }
    /// The weight `N c` of ∇ℓᵢ in a per-example gradient.
    pub fn example_weight(&self) -> f64 {
        self.n as f64 * self.c
    }

    fn example(&self, i: usize) -> (&[f64], &[f64]) {
        let d = self.model.inputs();
        let w = self.y.len() / self.n;
        (&self.x[i * d..(i + 1) * d], &self.y[i * w..(i + 1) * w])
    }

    /// `out += s ∇ℓᵢ(θ)`; returns ℓᵢ(θ).
    #[inline]
    pub fn add_example_gradient(&self, theta: &[f64], i: usize, s: f64, out: &mut [f64], ws: &mut Workspace) -> f64 {
        let (x, y) = self.example(i);
        self.model.forward(theta, x, &mut ws.f, &mut ws.model);
        let l = self.loss.value_grad(&ws.f, y, &mut ws.e);
        self.model.vjp(theta, x, &mut ws.model, &ws.e, s, out);
        l
    }

    /// `out += s ∇²ℓᵢ(θ) v` (`gauss_newton`: only the `Jᵀ M J v` term).
    pub fn add_example_hvp(&self, theta: &[f64], i: usize, v: &[f64], s: f64, gauss_newton: bool, out: &mut [f64], ws: &mut Workspace) {
        let (x, y) = self.example(i);
        self.model.forward(theta, x, &mut ws.f, &mut ws.model);
        self.loss.value_grad(&ws.f, y, &mut ws.e);
        self.model.jvp(theta, x, &mut ws.model, v, &mut ws.u);
        self.loss.curvature(&ws.e, y, &ws.u, &mut ws.w);
        self.model.vjp(theta, x, &mut ws.model, &ws.w, s, out);
        if !gauss_newton {
            self.model.residual_hvp(theta, x, &mut ws.model, &ws.e, v, s, out);
        }
    }

    /// `ℓᵢ(θ)`.
    pub fn example_loss(&self, theta: &[f64], i: usize, ws: &mut Workspace) -> f64 {
        let (x, y) = self.example(i);
        self.model.forward(theta, x, &mut ws.f, &mut ws.model);
        self.loss.value_grad(&ws.f, y, &mut ws.e)
    }

    /// `g = (1/B) Σ_{i∈batch} gᵢ = (Nc/B) Σ ∇ℓᵢ + λθ` (the full gradient when the batch is every example once).
    pub fn batch_gradient(&self, theta: &[f64], batch: &[u32], g: &mut [f64], ws: &mut Workspace) {
        g.iter_mut().zip(theta).for_each(|(g, &t)| *g = self.l2 * t);
        let s = self.example_weight() / batch.len() as f64;
        for &i in batch {
            self.add_example_gradient(theta, i as usize, s, g, ws);
        }
    }

    /// The full gradient `∇L = c Σ ∇ℓᵢ + λθ`.
    pub fn full_gradient(&self, theta: &[f64], g: &mut [f64], ws: &mut Workspace) {
        g.iter_mut().zip(theta).for_each(|(g, &t)| *g = self.l2 * t);
        for i in 0..self.n {
            self.add_example_gradient(theta, i, self.c, g, ws);
        }
    }

    /// `L(θ)`.
    pub fn loss_value(&self, theta: &[f64], ws: &mut Workspace) -> f64 {
        let sum: f64 = (0..self.n).map(|i| self.example_loss(theta, i, ws)).sum();
        self.c * sum + 0.5 * self.l2 * theta.iter().map(|t| t * t).sum::<f64>()
    }

    /// `out = ∇²L v` (or `G v`).
    pub fn hvp(&self, theta: &[f64], v: &[f64], gauss_newton: bool, out: &mut [f64], ws: &mut Workspace) {
        out.iter_mut().zip(v).for_each(|(o, &v)| *o = self.l2 * v);
        for i in 0..self.n {
            self.add_example_hvp(theta, i, v, self.c, gauss_newton, out, ws);
        }
    }

    fn require_dense(&self, what: &str) -> SgdResult<usize> {
        let p = self.params();
        if p > MAX_DENSE_PARAMS {
            return Err(SgdError::invalid(format!(
                "{what}: the model has p = {p} parameters; dense p×p matrices are limited to p <= {MAX_DENSE_PARAMS} (use Hessian-vector products)"
            )));
        }
        Ok(p)
    }

    /// A dense p×p matrix from p matrix–vector products with the unit vectors (symmetrised).
    fn dense(&self, p: usize, mut apply: impl FnMut(&[f64], &mut [f64])) -> Vec<f64> {
        let mut h = vec![0.0; p * p];
        let mut e = vec![0.0; p];
        let mut col = vec![0.0; p];
        for j in 0..p {
            e[j] = 1.0;
            apply(&e, &mut col);
            e[j] = 0.0;
            for i in 0..p {
                h[i * p + j] = col[i];
            }
        }
        for i in 0..p {
            for j in 0..i {
                let m = 0.5 * (h[i * p + j] + h[j * p + i]);
                h[i * p + j] = m;
                h[j * p + i] = m;
            }
        }
        h
    }

    /// `∇²L` (or the Gauss–Newton matrix G), dense p×p.
    pub fn dense_hessian(&self, theta: &[f64], gauss_newton: bool) -> SgdResult<Vec<f64>> {
        let p = self.require_dense(if gauss_newton { "gaussNewton" } else { "hessian" })?;
        let mut ws = self.workspace();
        Ok(self.dense(p, |v, out| self.hvp(theta, v, gauss_newton, out, &mut ws)))
    }

    /// The Hessian of the per-example term `Lᵢ = N c ℓᵢ + (λ/2)‖θ‖²`, dense p×p.
    pub fn example_hessian(&self, theta: &[f64], i: usize) -> SgdResult<Vec<f64>> {
        let p = self.require_dense("exampleHessian")?;
        self.require_example(i)?;
        let mut ws = self.workspace();
        let w = self.example_weight();
        Ok(self.dense(p, |v, out| {
            out.iter_mut().zip(v).for_each(|(o, &v)| *o = self.l2 * v);
            self.add_example_hvp(theta, i, v, w, false, out, &mut ws);
        }))
    }

    pub fn require_example(&self, i: usize) -> SgdResult<()> {
        if i >= self.n {
            return Err(SgdError::invalid(format!("example index {i} is not allowed: it must be in [0, {}]", self.n - 1)));
        }
        Ok(())
    }

    /// Per-example gradients `gᵢ` (N × p, row-major) and per-example terms `Lᵢ` (N).
    pub fn per_example(&self, theta: &[f64], grads: &mut [f64], losses: &mut [f64]) {
        let p = self.params();
        let mut ws = self.workspace();
        let w = self.example_weight();
        let reg = 0.5 * self.l2 * theta.iter().map(|t| t * t).sum::<f64>();
        for i in 0..self.n {
            let g = &mut grads[i * p..(i + 1) * p];
            g.iter_mut().zip(theta).for_each(|(g, &t)| *g = self.l2 * t);
            losses[i] = w * self.add_example_gradient(theta, i, w, g, &mut ws) + reg;
        }
    }

    /// `Σ(θ) = (1/N) Σᵢ (gᵢ − ∇L)(gᵢ − ∇L)ᵀ` (one pass, Welford's update of the mean and the
    /// co-moment matrix; memory O(p²)) and ∇L.
    pub fn noise_covariance(&self, theta: &[f64]) -> SgdResult<(Vec<f64>, Vec<f64>)> {
        let p = self.require_dense("noiseCovariance")?;
        let (mut sigma, mut mean, mut g) = (vec![0.0; p * p], vec![0.0; p], vec![0.0; p]);
        self.noise_covariance_into(theta, &mut sigma, &mut mean, &mut g, &mut self.workspace());
        let grad: Vec<f64> = mean.iter().zip(theta).map(|(m, &t)| m + self.l2 * t).collect();
        Ok((sigma, grad))
    }

    /// `Σ(θ)` into `sigma` (p×p) without allocating; `mean` (p) receives `∇L − λθ` (the mean of
    /// the data parts of the gᵢ), `g` (p) is scratch. One pass over the examples (Welford:
    /// `δ = gᵢ − m`, `m ← m + δ/i`, `M ← M + δ(gᵢ − m)ᵀ`, Σ = M/N), so each per-example gradient
    /// is computed once; kernels call this at every step.
    pub fn noise_covariance_into(&self, theta: &[f64], sigma: &mut [f64], mean: &mut [f64], g: &mut [f64], ws: &mut Workspace) {
        let p = self.params();
        let w = self.example_weight();
        mean.iter_mut().for_each(|m| *m = 0.0);
        sigma.iter_mut().for_each(|s| *s = 0.0);
        for i in 0..self.n {
            g.iter_mut().for_each(|v| *v = 0.0);
            self.add_example_gradient(theta, i, w, g, ws);
            let inv = 1.0 / (i + 1) as f64;
            // g ← δ = gᵢ − m (old mean); m ← m + δ/i; then M += δ (gᵢ − m_new)ᵀ = δ δᵀ (1 − 1/i)
            g.iter_mut().zip(mean.iter_mut()).for_each(|(g, m)| {
                *g -= *m;
                *m += *g * inv;
            });
            let shrink = 1.0 - inv;
            for a in 0..p {
                let ga = g[a] * shrink;
                for b in 0..=a {
                    sigma[a * p + b] += ga * g[b];
                }
            }
        }
        let inv = 1.0 / self.n as f64;
        for a in 0..p {
            for b in 0..=a {
                let s = sigma[a * p + b] * inv;
                sigma[a * p + b] = s;
                sigma[b * p + a] = s;
            }
        }
    }

    /// `out = s · (1/√N) Σᵢ zᵢ (gᵢ − ∇L)` for z ∈ ℝᴺ: the product with the p × N factor
    /// `F = (1/√N) [g₁ − ∇L, …, g_N − ∇L]` of the noise covariance, `F Fᵀ = Σ(θ)`. With
    /// z ~ N(0, I_N) it is a sample of N(0, s²Σ(θ)) without forming or factorising Σ — O(Np)
    /// (two passes: `mean` receives ∇L − λθ, then the combination), for SDE surrogates with
    /// state-dependent noise.
    pub fn noise_factor_apply(&self, theta: &[f64], z: &[f64], s: f64, out: &mut [f64], mean: &mut [f64], ws: &mut Workspace) {
        let w = self.example_weight();
        mean.iter_mut().for_each(|m| *m = 0.0);
        for i in 0..self.n {
            self.add_example_gradient(theta, i, w / self.n as f64, mean, ws);
        }
        let scale = s / (self.n as f64).sqrt();
        out.iter_mut().for_each(|o| *o = 0.0);
        let mut zsum = 0.0;
        for (i, &zi) in z.iter().enumerate().take(self.n) {
            self.add_example_gradient(theta, i, scale * zi * w, out, ws);
            zsum += zi;
        }
        // Σᵢ zᵢ(gᵢ − ∇L) = Σᵢ zᵢ N c ∇ℓᵢ − (Σᵢ zᵢ) · mean(N c ∇ℓ)  (the λθ parts cancel)
        out.iter_mut().zip(mean.iter()).for_each(|(o, m)| *o -= scale * zsum * m);
    }

    /// Model outputs at m inputs (m × k).
    pub fn predict(&self, theta: &[f64], xs: &[f64], out: &mut [f64]) {
        let (d, k) = (self.model.inputs(), self.model.outputs());
        let mut ws = self.workspace();
        for (x, f) in xs.chunks_exact(d).zip(out.chunks_exact_mut(k)) {
            self.model.forward(theta, x, f, &mut ws.model);
        }
    }
}

impl Landscape for Objective {
    fn dim(&self) -> usize {
        self.params()
    }
    fn value(&self, theta: &[f64]) -> f64 {
        self.loss_value(theta, &mut self.ws.borrow_mut())
    }
    fn gradient(&self, theta: &[f64], g: &mut [f64]) {
        self.full_gradient(theta, g, &mut self.ws.borrow_mut())
    }
    fn hessian(&self, theta: &[f64], h: &mut [f64]) {
        let p = self.params();
        let mut ws = self.ws.borrow_mut();
        h.copy_from_slice(&self.dense(p, |v, out| self.hvp(theta, v, false, out, &mut ws)));
    }
    fn hessian_vector(&self, theta: &[f64], v: &[f64], out: &mut [f64]) {
        self.hvp(theta, v, false, out, &mut self.ws.borrow_mut())
    }
    fn as_objective(&self) -> Option<&Objective> {
        Some(self)
    }
}
