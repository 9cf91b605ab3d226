//! Output losses and the loss normalisation (conventions.md, "loss normalisation").
//!
//! A data loss is `L(θ) = c Σᵢ ℓ(f(θ; xᵢ), yᵢ) + (λ/2)‖θ‖²` with the normalisation
//! constant c = 1/(2N) (`half-mean`), 1/N (`mean`) or 1 (`sum`) and the per-example loss ℓ
//! of the model output f ∈ ℝᵏ:
//!
//! | loss | ℓ(f, y) | e = ∂ℓ/∂f | M = ∂²ℓ/∂f² |
//! |---|---|---|---|
//! | squared | `‖f − y‖²` | `2(f − y)` | `2I` |
//! | logistic (k = 1, y ∈ {0, 1}) | `log(1 + eᶠ) − y f` | `σ(f) − y` | `σ(f)(1 − σ(f))` |
//! | softmax cross-entropy (y ∈ {0…k−1}) | `log Σⱼ e^{fⱼ} − f_y` | `p − e_y` | `diag(p) − ppᵀ` |
//!
//! so `half-mean` squared loss is `(1/2N) Σ‖rᵢ‖²` (seed 001 uses ½ in the text and a plain
//! mean in chapter 5; errata.md: expose it).

use crate::error::{SgdError, SgdResult};

/// The loss normalisation (ABI code in brackets).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Normalisation {
    /// c = 1/(2N) [0].
    HalfMean,
    /// c = 1/N [1].
    Mean,
    /// c = 1 [2].
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

    /// The constant c for N examples.
    pub fn factor(self, n: usize) -> f64 {
        match self {
            Normalisation::HalfMean => 0.5 / n as f64,
            Normalisation::Mean => 1.0 / n as f64,
            Normalisation::Sum => 1.0,
        }
    }
}

/// The per-example loss of a model output (ABI code in brackets).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputLoss {
    /// `‖f − y‖²`, labels ∈ ℝᵏ [0].
    Squared,
    /// Binary cross-entropy of the logit f (k = 1), labels ∈ {0, 1} [1].
    Logistic,
    /// Softmax cross-entropy over k ≥ 2 logits, labels are class indices [2].
    SoftmaxCrossEntropy,
}

/// `(σ(z), 1 − σ(z))`, each computed without cancellation.
#[inline(always)]
pub fn sigmoid(z: f64) -> (f64, f64) {
    if z >= 0.0 {
        let e = (-z).exp();
        (1.0 / (1.0 + e), e / (1.0 + e))
    } else {
        let e = z.exp();
        (e / (1.0 + e), 1.0 / (1.0 + e))
    }
}

impl OutputLoss {
    pub fn from_code(code: u32) -> SgdResult<Self> {
        match code {
            0 => Ok(OutputLoss::Squared),
            1 => Ok(OutputLoss::Logistic),
            2 => Ok(OutputLoss::SoftmaxCrossEntropy),
            _ => Err(SgdError::invalid(format!(
                "loss = {code} is not allowed: 0 ('squared'), 1 ('logistic') or 2 ('cross-entropy')"
            ))),
        }
    }

    /// Labels per example for k outputs: k (squared) or 1 (a class).
    pub fn label_width(self, k: usize) -> usize {
        match self {
            OutputLoss::Squared => k,
            _ => 1,
        }
    }

    /// Checks the output count and every label (class labels must be valid indices).
    pub fn check(self, k: usize, labels: &[f64]) -> SgdResult<()> {
        match self {
            OutputLoss::Squared => Ok(()),
            OutputLoss::Logistic => {
                if k != 1 {
                    return Err(SgdError::invalid(format!("outputs = {k} is not allowed with the logistic loss: it needs exactly 1 output (a logit)")));
                }
                match labels.iter().position(|&y| y != 0.0 && y != 1.0) {
                    None => Ok(()),
                    Some(i) => Err(SgdError::invalid(format!("y[{i}] = {} is not allowed: logistic labels must be 0 or 1", labels[i]))),
                }
            }
            OutputLoss::SoftmaxCrossEntropy => {
                if k < 2 {
                    return Err(SgdError::invalid(format!("outputs = {k} is not allowed with the cross-entropy loss: it needs k >= 2 classes")));
                }
                match labels.iter().position(|&y| !(y >= 0.0 && y < k as f64 && y.fract() == 0.0)) {
                    None => Ok(()),
                    Some(i) => Err(SgdError::invalid(format!(
                        "y[{i}] = {} is not allowed: class labels must be integers in [0, {}]",
                        labels[i],
                        k - 1
                    ))),
                }
            }
        }
    }

    /// Returns ℓ(f, y) and writes e = ∂ℓ/∂f.
    #[inline]
    pub fn value_grad(self, f: &[f64], y: &[f64], e: &mut [f64]) -> f64 {
        match self {
            OutputLoss::Squared => {
                let mut l = 0.0;
                for ((e, &f), &y) in e.iter_mut().zip(f).zip(y) {
                    let r = f - y;
                    l += r * r;
                    *e = 2.0 * r;
                }
                l
            }
            OutputLoss::Logistic => {
                let z = f[0];
                let (s, _) = sigmoid(z);
                e[0] = s - y[0];
                // log(1 + e^z) = max(z, 0) + log(1 + e^{−|z|})
                z.max(0.0) + (-z.abs()).exp().ln_1p() - y[0] * z
            }
            OutputLoss::SoftmaxCrossEntropy => {
                let m = f.iter().fold(f64::NEG_INFINITY, |m, &v| m.max(v));
                let mut sum = 0.0;
                for (e, &f) in e.iter_mut().zip(f) {
                    *e = (f - m).exp();
                    sum += *e;
                }
                let class = y[0] as usize;
                for e in e.iter_mut() {
                    *e /= sum;
                }
                e[class] -= 1.0;
                m + sum.ln() - f[class]
            }
        }
    }

    /// `out = M u` with M = ∂²ℓ/∂f² at f (u, out ∈ ℝᵏ; `e` from `value_grad`).
    #[inline]
    pub fn curvature(self, e: &[f64], y: &[f64], u: &[f64], out: &mut [f64]) {
        match self {
            OutputLoss::Squared => out.iter_mut().zip(u).for_each(|(o, &u)| *o = 2.0 * u),
            OutputLoss::Logistic => {
                let s = e[0] + y[0];
                out[0] = s * (1.0 - s) * u[0];
            }
            OutputLoss::SoftmaxCrossEntropy => {
                // p = e + e_y; M u = p ⊙ u − p (p·u)
                let class = y[0] as usize;
                let p = |j: usize| if j == class { e[j] + 1.0 } else { e[j] };
                let pu: f64 = (0..u.len()).map(|j| p(j) * u[j]).sum();
                for (j, o) in out.iter_mut().enumerate() {
                    *o = p(j) * (u[j] - pu);
                }
            }
        }
    }
}
