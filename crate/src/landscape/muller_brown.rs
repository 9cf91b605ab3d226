//! The Müller–Brown potential (K. Müller and L. D. Brown, Theor. Chim. Acta 53, 75–93,
//! 1979), a 2-D test surface with three minima and two saddles:
//!
//! `V(x, y) = s · Σₖ Aₖ exp(aₖ(x − xₖ)² + bₖ(x − xₖ)(y − yₖ) + cₖ(y − yₖ)²)`, k = 1…4, with
//! A = (−200, −100, −170, 15), a = (−1, −1, −6.5, 0.7), b = (0, 0, 11, 0.6),
//! c = (−10, −10, −6.5, 0.7), xₖ = (1, 0, −0.5, −1), yₖ = (0, 0.5, 1.5, 1),
//! and a user `scale` s > 0 (default 1; 0.1 or 0.05 make barriers O(1..10)).
//!
//! Literature (s = 1): minima ≈ (−0.558, 1.442) V ≈ −146.70, (0.623, 0.028) V ≈ −108.17,
//! (−0.050, 0.467) V ≈ −80.77; saddles ≈ (−0.822, 0.624) V ≈ −40.66, (0.212, 0.293) V ≈ −72.25.

use super::Landscape;
use crate::error::{require_positive, SgdResult};

const AMP: [f64; 4] = [-200.0, -100.0, -170.0, 15.0];
const A: [f64; 4] = [-1.0, -1.0, -6.5, 0.7];
const B: [f64; 4] = [0.0, 0.0, 11.0, 0.6];
const C: [f64; 4] = [-10.0, -10.0, -6.5, 0.7];
const X0: [f64; 4] = [1.0, 0.0, -0.5, -1.0];
const Y0: [f64; 4] = [0.0, 0.5, 1.5, 1.0];

#[derive(Clone, Debug)]
pub struct MullerBrown {
    /// `s · Aₖ`.
    amp: [f64; 4],
}

impl MullerBrown {
    pub fn new(scale: f64) -> SgdResult<Self> {
        let s = require_positive("scale", scale)?;
        Ok(MullerBrown { amp: AMP.map(|a| s * a) })
    }

    /// Per term k: `(sAₖ e^{qₖ}, ∂ₓqₖ, ∂ᵧqₖ)` with `∂ₓq = 2a dx + b dy`, `∂ᵧq = b dx + 2c dy`.
    #[inline(always)]
    fn term(&self, k: usize, x: f64, y: f64) -> (f64, f64, f64) {
        let dx = x - X0[k];
        let dy = y - Y0[k];
        let q = A[k] * dx * dx + B[k] * dx * dy + C[k] * dy * dy;
        let e = self.amp[k] * q.exp();
        (e, 2.0 * A[k] * dx + B[k] * dy, B[k] * dx + 2.0 * C[k] * dy)
    }
}

impl Landscape for MullerBrown {
    fn dim(&self) -> usize {
        2
    }

    fn value(&self, x: &[f64]) -> f64 {
        (0..4).map(|k| self.term(k, x[0], x[1]).0).sum()
    }

    /// `∇V = Σₖ sAₖ e^{qₖ} (∂ₓqₖ, ∂ᵧqₖ)`.
    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        let (mut gx, mut gy) = (0.0, 0.0);
        for k in 0..4 {
            let (e, qx, qy) = self.term(k, x[0], x[1]);
            gx += e * qx;
            gy += e * qy;
        }
        g[0] = gx;
        g[1] = gy;
    }

    /// `∇²V = Σₖ sAₖ e^{qₖ} [[qₓ² + 2aₖ, qₓqᵧ + bₖ], [qₓqᵧ + bₖ, qᵧ² + 2cₖ]]`.
    fn hessian(&self, x: &[f64], h: &mut [f64]) {
        let (mut hxx, mut hxy, mut hyy) = (0.0, 0.0, 0.0);
        for k in 0..4 {
            let (e, qx, qy) = self.term(k, x[0], x[1]);
            hxx += e * (qx * qx + 2.0 * A[k]);
            hxy += e * (qx * qy + B[k]);
            hyy += e * (qy * qy + 2.0 * C[k]);
        }
        h[0] = hxx;
        h[1] = hxy;
        h[2] = hxy;
        h[3] = hyy;
    }

    fn hessian_vector(&self, x: &[f64], v: &[f64], out: &mut [f64]) {
        let mut h = [0.0; 4];
        self.hessian(x, &mut h);
        out[0] = h[0] * v[0] + h[1] * v[1];
        out[1] = h[2] * v[0] + h[3] * v[1];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn newton(l: &MullerBrown, mut p: [f64; 2]) -> [f64; 2] {
        for _ in 0..50 {
            let mut g = [0.0; 2];
            let mut h = [0.0; 4];
            l.gradient(&p, &mut g);
            l.hessian(&p, &mut h);
            let det = h[0] * h[3] - h[1] * h[2];
            p[0] -= (h[3] * g[0] - h[1] * g[1]) / det;
            p[1] -= (-h[2] * g[0] + h[0] * g[1]) / det;
        }
        p
    }

    #[test]
    fn literature_minima_and_saddles() {
        let l = MullerBrown::new(1.0).unwrap();
        let cases = [
            ([-0.55, 1.44], [-0.558, 1.442], -146.70),
            ([0.62, 0.03], [0.623, 0.028], -108.17),
            ([-0.05, 0.47], [-0.050, 0.467], -80.77),
            ([-0.82, 0.62], [-0.822, 0.624], -40.66),
            ([0.21, 0.29], [0.212, 0.293], -72.25),
        ];
        for (start, at, v) in cases {
            let p = newton(&l, start);
            assert!((p[0] - at[0]).abs() < 1e-3 && (p[1] - at[1]).abs() < 1e-3, "{p:?} vs {at:?}");
            assert!((l.value(&p) - v).abs() < 1e-2, "{} vs {v}", l.value(&p));
        }
        let s = MullerBrown::new(0.1).unwrap();
        assert!((s.value(&[0.3, 0.4]) - 0.1 * l.value(&[0.3, 0.4])).abs() < 1e-12);
        assert!(MullerBrown::new(0.0).is_err());
        assert!(MullerBrown::new(f64::NAN).is_err());
    }
}
