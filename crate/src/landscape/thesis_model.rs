//! The thesis model as a data loss (seed 001, chapter 5, eq. (5.1); errata.md: the true
//! parameters are (a, b) = (1, 5)). Parameters θ = (a, b), per-example model
//!
//! `f(a, b; x) = a² + x (1 + b σ(a x))`, σ the logistic sigmoid,
//!
//! and the loss over data (xᵢ, yᵢ), i = 1…N, with residuals `rᵢ = f(a, b; xᵢ) − yᵢ`:
//!
//! `L(a, b) = c Σᵢ rᵢ²`, c = 1/(2N) (`half-mean`, default), 1/N (`mean`) or 1 (`sum`)
//! (conventions.md, "loss normalisation").
//!
//! With `s = σ(ax)`, `t = 1 − s` (σ' = st, σ'' = st(t − s)):
//! `∂ₐf = 2a + b x² s t`, `∂_b f = x s`, `∂ₐ²f = 2 + b x³ s t (t − s)`, `∂ₐ∂_b f = x² s t`,
//! `∂_b² f = 0`;
//! `∇L = 2c Σ rᵢ ∇fᵢ`, `∇²L = 2c Σ (∇fᵢ∇fᵢᵀ + rᵢ ∇²fᵢ)` (Gauss–Newton term plus residual term).

use super::Landscape;
use crate::error::{require_finite, SgdError, SgdResult};

/// The loss normalisation (ABI code in brackets).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Normalisation {
    /// `(1/2N) Σ r²` [0].
    HalfMean,
    /// `(1/N) Σ r²` [1].
    Mean,
    /// `Σ r²` [2].
    Sum,
}

impl Normalisation {
    pub fn from_code(code: u32) -> SgdResult<Self> {
        match code {
            0 => Ok(Normalisation::HalfMean),
            1 => Ok(Normalisation::Mean),
            2 => Ok(Normalisation::Sum),
            _ => Err(SgdError::invalid(format!(
                "normalisation = {code} is not allowed: 0 ('half-mean'), 1 ('mean') or 2 ('sum')"
            ))),
        }
    }
}

#[derive(Clone, Debug)]
pub struct ThesisModel {
    xs: Vec<f64>,
    ys: Vec<f64>,
    /// The normalisation constant c.
    c: f64,
}

/// `(σ(z), 1 − σ(z))`, each computed without cancellation.
#[inline(always)]
fn sigmoid(z: f64) -> (f64, f64) {
    if z >= 0.0 {
        let e = (-z).exp();
        (1.0 / (1.0 + e), e / (1.0 + e))
    } else {
        let e = z.exp();
        (e / (1.0 + e), 1.0 / (1.0 + e))
    }
}

impl ThesisModel {
    pub fn new(xs: &[f64], ys: &[f64], normalisation: Normalisation) -> SgdResult<Self> {
        if xs.is_empty() || xs.len() != ys.len() {
            return Err(SgdError::invalid(format!(
                "x has {} entries and y has {}: the data must be N >= 1 pairs (x.length = y.length)",
                xs.len(),
                ys.len()
            )));
        }
        require_finite("x", xs)?;
        require_finite("y", ys)?;
        let n = xs.len() as f64;
        let c = match normalisation {
            Normalisation::HalfMean => 0.5 / n,
            Normalisation::Mean => 1.0 / n,
            Normalisation::Sum => 1.0,
        };
        Ok(ThesisModel { xs: xs.to_vec(), ys: ys.to_vec(), c })
    }

    /// Per example: `(r, ∂ₐf, ∂_b f, ∂ₐ²f, ∂ₐ∂_b f)`.
    #[inline(always)]
    fn example(a: f64, b: f64, x: f64, y: f64) -> (f64, f64, f64, f64, f64) {
        let (s, t) = sigmoid(a * x);
        let st = s * t;
        let r = a * a + x * (1.0 + b * s) - y;
        let x2 = x * x;
        (r, 2.0 * a + b * x2 * st, x * s, 2.0 + b * x2 * x * st * (t - s), x2 * st)
    }
}

impl Landscape for ThesisModel {
    fn dim(&self) -> usize {
        2
    }

    fn value(&self, p: &[f64]) -> f64 {
        let (a, b) = (p[0], p[1]);
        let mut sum = 0.0;
        for (&x, &y) in self.xs.iter().zip(&self.ys) {
            let r = a * a + x * (1.0 + b * sigmoid(a * x).0) - y;
            sum += r * r;
        }
        self.c * sum
    }

    fn gradient(&self, p: &[f64], g: &mut [f64]) {
        let (mut ga, mut gb) = (0.0, 0.0);
        for (&x, &y) in self.xs.iter().zip(&self.ys) {
            let (r, fa, fb, _, _) = Self::example(p[0], p[1], x, y);
            ga += r * fa;
            gb += r * fb;
        }
        let k = 2.0 * self.c;
        g[0] = k * ga;
        g[1] = k * gb;
    }

    fn hessian(&self, p: &[f64], h: &mut [f64]) {
        let (mut haa, mut hab, mut hbb) = (0.0, 0.0, 0.0);
        for (&x, &y) in self.xs.iter().zip(&self.ys) {
            let (r, fa, fb, faa, fab) = Self::example(p[0], p[1], x, y);
            haa += fa * fa + r * faa;
            hab += fa * fb + r * fab;
            hbb += fb * fb;
        }
        let k = 2.0 * self.c;
        h[0] = k * haa;
        h[1] = k * hab;
        h[2] = k * hab;
        h[3] = k * hbb;
    }

    fn hessian_vector(&self, p: &[f64], v: &[f64], out: &mut [f64]) {
        let mut h = [0.0; 4];
        self.hessian(p, &mut h);
        out[0] = h[0] * v[0] + h[1] * v[1];
        out[1] = h[2] * v[0] + h[3] * v[1];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(a: f64, b: f64, x: f64) -> f64 {
        a * a + x * (1.0 + b / (1.0 + (-a * x).exp()))
    }

    #[test]
    fn zero_loss_at_the_truth_on_clean_data() {
        let xs: Vec<f64> = (0..30).map(|i| -15.0 + 30.0 * i as f64 / 29.0).collect();
        let ys: Vec<f64> = xs.iter().map(|&x| f(1.0, 5.0, x)).collect();
        let m = ThesisModel::new(&xs, &ys, Normalisation::HalfMean).unwrap();
        assert!(m.value(&[1.0, 5.0]) < 1e-28);
        let mut g = [1.0; 2];
        m.gradient(&[1.0, 5.0], &mut g);
        assert!(g[0].abs() < 1e-12 && g[1].abs() < 1e-12, "{g:?}");
        let mut h = [0.0; 4];
        m.hessian(&[1.0, 5.0], &mut h);
        assert!(h[0] > 0.0 && h[0] * h[3] - h[1] * h[2] > 0.0);
        assert!(ThesisModel::new(&xs, &ys[1..], Normalisation::Sum).is_err());
        assert!(Normalisation::from_code(3).is_err());
        assert_eq!(sigmoid(-800.0).0, 0.0);
        assert_eq!(sigmoid(800.0).1, 0.0);
    }
}
