//! An asymmetric multi-well with chosen minima, applied separably: `U(x) = Σᵢ W(xᵢ)`.
//!
//! K wells are parabolas `qₖ(x) = ½κₖ(x − mₖ)² − Dₖ` (position mₖ, curvature κₖ > 0,
//! depth Dₖ). With the wells sorted by position, `W = q₁` left of m₁, `W = q_K` right of
//! m_K, and on each gap [mₖ, mₖ₊₁] (length L, t = (x − mₖ)/L) the two neighbours are blended
//! with the quintic smoothstep `p(t) = t³(10 − 15t + 6t²)` (p(0) = 0, p(1) = 1, p' = p'' = 0
//! at both ends):
//!
//! `W = qₖ + p·Δ`, `Δ = qₖ₊₁ − qₖ`;
//! `W' = qₖ' + p'Δ + pΔ'`, `W'' = κₖ + p''Δ + 2p'Δ' + pΔ''`,
//! with `p' = 30t²(1 − t)²/L`, `p'' = 60t(1 − t)(1 − 2t)/L²` (derivatives in x).
//!
//! W is C² (W''' jumps at the mₖ) and grows like the outer parabolas.
//!
//! **Exact properties** (bit for bit, for any valid input): `W(mₖ) = −Dₖ`, `W'(mₖ) = 0`,
//! `W''(mₖ) = κₖ`; W equals q₁ / q_K exactly outside [m₁, m_K]; on [mₖ, mₖ₊₁] W depends
//! only on wells k and k+1. In d dimensions every point with all coordinates in {mₖ} is a
//! critical point with `U = −Σ Dₖᵢ` and Hessian `diag(κₖᵢ)` (a minimum).
//!
//! Not chosen: the barriers. Each gap holds one maximum (two equal wells, κ and D, a
//! distance L apart: at the midpoint, height κL²/8 above the minima, curvature −2.75κ).
//! That there is no other critical point is checked at construction on a grid of 512
//! points per gap (W' must change sign once, + to −); a random sweep of curvature ratios up
//! to 10⁸ and depth differences up to 10⁵·κL² found no counterexample.

use super::Landscape;
use crate::error::{require_finite, require_positive, SgdError, SgdResult};

/// Most wells accepted.
pub const MAX_WELLS: usize = 4096;
/// Grid points per gap between consecutive wells for the extra-minimum check.
const GRID_PER_GAP: usize = 512;

#[derive(Clone, Debug)]
pub struct MultiWell {
    dim: usize,
    /// Sorted positions mₖ.
    m: Vec<f64>,
    kappa: Vec<f64>,
    /// qₖ(mₖ) = −Dₖ.
    u: Vec<f64>,
}

impl MultiWell {
    pub fn new(dim: usize, minima: &[f64], depths: &[f64], curvatures: &[f64]) -> SgdResult<Self> {
        if dim == 0 {
            return Err(SgdError::invalid("dim = 0 is not allowed: it must be an integer >= 1"));
        }
        let k = minima.len();
        if k == 0 || k > MAX_WELLS {
            return Err(SgdError::invalid(format!("minima.length = {k} is not allowed: it must be between 1 and {MAX_WELLS}")));
        }
        if depths.len() != k || curvatures.len() != k {
            return Err(SgdError::invalid(format!(
                "minima, depths and curvatures have lengths {k}, {} and {}: they must have the same length (one entry per well)",
                depths.len(),
                curvatures.len()
            )));
        }
        require_finite("minima", minima)?;
        require_finite("depths", depths)?;
        for (i, &c) in curvatures.iter().enumerate() {
            require_positive(&format!("curvatures[{i}]"), c)?;
        }
        let mut order: Vec<usize> = (0..k).collect();
        order.sort_by(|&i, &j| minima[i].total_cmp(&minima[j]));
        for w in order.windows(2) {
            if minima[w[0]] == minima[w[1]] {
                return Err(SgdError::invalid(format!(
                    "minima[{}] = minima[{}] = {}: the well positions must be distinct",
                    w[0].min(w[1]),
                    w[0].max(w[1]),
                    minima[w[0]]
                )));
            }
        }
        let mw = MultiWell {
            dim,
            m: order.iter().map(|&i| minima[i]).collect(),
            kappa: order.iter().map(|&i| curvatures[i]).collect(),
            u: order.iter().map(|&i| -depths[i]).collect(),
        };
        for s in 0..k - 1 {
            let (lo, hi) = (mw.m[s], mw.m[s + 1]);
            let mut last = 1.0f64; // W' > 0 just right of a strict minimum
            for n in 1..GRID_PER_GAP {
                let x = lo + (hi - lo) * (n as f64 / GRID_PER_GAP as f64);
                let d1 = mw.eval(x).1;
                if !d1.is_finite() {
                    return Err(SgdError::invalid(format!(
                        "the wells at {lo} and {hi} give a non-finite slope at x = {x}: the parameters overflow"
                    )));
                }
                if d1 > 0.0 && last < 0.0 {
                    return Err(SgdError::invalid(format!(
                        "the blend between the wells at {lo} and {hi} has an extra local minimum near x = {x}: \
                         change their depths or curvatures, or add a well there"
                    )));
                }
                if d1 != 0.0 {
                    last = d1;
                }
            }
        }
        Ok(mw)
    }

    /// `(qₖ, qₖ', qₖ'')` of sorted well k at x.
    #[inline(always)]
    fn q(&self, k: usize, x: f64) -> (f64, f64, f64) {
        let dx = x - self.m[k];
        (0.5 * self.kappa[k] * dx * dx + self.u[k], self.kappa[k] * dx, self.kappa[k])
    }

    /// `(W, W', W'')` at x.
    #[inline]
    fn eval(&self, x: f64) -> (f64, f64, f64) {
        let last = self.m.len() - 1;
        // partition_point: the number of positions <= x, so s = that − 1 has mₛ <= x < mₛ₊₁.
        let n = self.m.partition_point(|&m| m <= x);
        if n == 0 {
            return self.q(0, x);
        }
        let s = n - 1;
        if s == last {
            return self.q(last, x);
        }
        let (a, a1, a2) = self.q(s, x);
        let (b, b1, b2) = self.q(s + 1, x);
        let len = self.m[s + 1] - self.m[s];
        let t = (x - self.m[s]) / len;
        let omt = 1.0 - t;
        let p = t * t * t * (10.0 + t * (-15.0 + 6.0 * t));
        let p1 = 30.0 * t * t * omt * omt / len;
        let p2 = 60.0 * t * omt * (1.0 - 2.0 * t) / (len * len);
        let (dv, d1, d2) = (b - a, b1 - a1, b2 - a2);
        (a + p * dv, a1 + p1 * dv + p * d1, a2 + p2 * dv + 2.0 * p1 * d1 + p * d2)
    }
}

impl Landscape for MultiWell {
    fn dim(&self) -> usize {
        self.dim
    }

    fn value(&self, x: &[f64]) -> f64 {
        x.iter().map(|&xi| self.eval(xi).0).sum()
    }

    /// `∂ᵢU = W'(xᵢ)`.
    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        for (gi, &xi) in g.iter_mut().zip(x) {
            *gi = self.eval(xi).1;
        }
    }

    /// Diagonal: `∂ᵢ²U = W''(xᵢ)`.
    fn hessian(&self, x: &[f64], h: &mut [f64]) {
        let d = self.dim;
        h.iter_mut().for_each(|v| *v = 0.0);
        for i in 0..d {
            h[i * d + i] = self.eval(x[i]).2;
        }
    }

    fn hessian_vector(&self, x: &[f64], v: &[f64], out: &mut [f64]) {
        for i in 0..self.dim {
            out[i] = self.eval(x[i]).2 * v[i];
        }
    }

    /// Separable: one pass over all coordinates of all points (the same code as `gradient`).
    fn gradient_batch(&self, xs: &[f64], gs: &mut [f64]) {
        self.gradient(xs, gs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_minima_and_smoothness() {
        let mw = MultiWell::new(1, &[1.5, -1.0, 0.3], &[1.0, 2.0, 0.4], &[4.0, 2.0, 9.0]).unwrap();
        for (m, dep, k) in [(1.5, 1.0, 4.0), (-1.0, 2.0, 2.0), (0.3, 0.4, 9.0)] {
            assert_eq!(mw.value(&[m]), -dep);
            let mut g = [1.0];
            mw.gradient(&[m], &mut g);
            assert_eq!(g[0], 0.0);
            let mut h = [0.0];
            mw.hessian(&[m], &mut h);
            assert_eq!(h[0], k);
        }
        // W and W' are the integrals of W' and W'' (central differences everywhere).
        let e = 1e-6;
        let mut x = -2.0;
        while x < 2.5 {
            let (_, d1, d2) = mw.eval(x);
            let (vp, d1p, _) = mw.eval(x + e);
            let (vm, d1m, _) = mw.eval(x - e);
            assert!(((vp - vm) / (2.0 * e) - d1).abs() < 1e-6 * (1.0 + d1.abs()), "W' at {x}");
            let fd2 = (d1p - d1m) / (2.0 * e);
            // W''' jumps at the well positions: check W'' by differences only away from them.
            if [1.5, -1.0, 0.3].iter().all(|m: &f64| (x - m).abs() > 10.0 * e) {
                assert!((fd2 - d2).abs() < 1e-5 * (1.0 + d2.abs()), "W'' at {x}: {fd2} vs {d2}");
            }
            x += 0.001;
        }
    }

    #[test]
    fn symmetric_pair_barrier() {
        let (k, l) = (3.0, 2.0);
        let mw = MultiWell::new(1, &[0.0, l], &[0.5, 0.5], &[k, k]).unwrap();
        let (v, d1, d2) = mw.eval(l / 2.0);
        assert!((v - (k * l * l / 8.0 - 0.5)).abs() < 1e-14);
        assert!(d1.abs() < 1e-14);
        assert!((d2 + 2.75 * k).abs() < 1e-13);
    }

    #[test]
    fn rejects_bad_input() {
        assert!(MultiWell::new(1, &[0.0, 0.0], &[1.0, 1.0], &[1.0, 1.0]).is_err());
        assert!(MultiWell::new(1, &[0.0, 1.0], &[1.0], &[1.0, 1.0]).is_err());
        assert!(MultiWell::new(1, &[0.0, 3.0], &[1.0, 1.0], &[1.0, 0.0]).is_err());
        assert!(MultiWell::new(1, &[f64::NAN], &[1.0], &[1.0]).is_err());
        assert!(MultiWell::new(0, &[0.0], &[1.0], &[1.0]).is_err());
        assert!(MultiWell::new(1, &[], &[], &[]).is_err());
    }

    #[test]
    fn no_extra_minima_in_a_random_sweep() {
        // xorshift for reproducible parameters; every construction passes the grid check.
        let mut s = 0x9E3779B97F4A7C15u64;
        let mut u = || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (s >> 11) as f64 / (1u64 << 53) as f64
        };
        for _ in 0..2000 {
            let ki = 10f64.powf(8.0 * u() - 4.0);
            let kj = 10f64.powf(8.0 * u() - 4.0);
            let dj = (2.0 * u() - 1.0) * 10f64.powf(10.0 * u() - 5.0);
            assert!(MultiWell::new(1, &[0.0, 1.0], &[0.0, dj], &[ki, kj]).is_ok(), "{ki} {kj} {dj}");
        }
    }
}
