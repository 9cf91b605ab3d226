//! The Scharfetter–Gummel (exponentially fitted) flux for the Itô Fokker–Planck equation
//! `∂ₜp = −∂ₓJ`, `J = b p − ∂ₓ(D p)`, and the jump rates it defines between cells.
//!
//! **Derivation.** Write the flux with the effective drift `b̃ = b − D′`:
//! `J = b̃ p − D ∂ₓp`. Between two nodes `x_L < x_R` a distance `δ` apart, freeze `b̃` and
//! `D` at their face values and require `J` to be constant on the segment (the 1-D
//! stationary balance `∂ₓJ = 0`). The linear ODE `D p′ − b̃ p = −J` with `p(x_L) = p_L`,
//! `p(x_R) = p_R` then gives exactly
//!
//! ```text
//!   J = (D/δ) [ B(−P) p_L − B(P) p_R ],   P = b̃ δ / D,   B(z) = z / (eᶻ − 1)
//! ```
//!
//! (Scharfetter & Gummel, IEEE Trans. Electron Devices 16 (1969) 64; the same
//! exponential fitting as Il'in 1969 and Chang & Cooper, J. Comput. Phys. 6 (1970) 1;
//! analysis in Brezzi, Marini & Pietra, SIAM J. Numer. Anal. 26 (1989) 1342). Dividing by
//! the cell width `h`, `dpᵢ/dt = −(J_{i+½} − J_{i−½})/h` is a Markov jump process on cells
//! with rates `k_{L→R} = D B(−P)/(δh)` and `k_{R→L} = D B(P)/(δh)`, both ≥ 0, so:
//! - the scheme is conservative and its generator is an M-matrix (positivity preserving);
//! - zero flux holds iff `p_R/p_L = B(−P)/B(P) = e^P`. With constant `D = T` and
//!   `b δ = −(U_R − U_L)` (the discrete gradient between centres) this is
//!   `p ∝ e^{−U/T}` *exactly* at the centres (discrete detailed balance); with a smooth
//!   `b`, `D` it is the midpoint rule for `ln p_R − ln p_L = ∫ b/D − ln(D_R/D_L)`,
//!   second order;
//! - `D → 0` gives first-order upwinding: `k_{L→R} = max(b̃, 0)/h`, `k_{R→L} = max(−b̃, 0)/h`.
//!
//! **Sampling** (the arrays the solver takes): `b` at the `n + 1` faces, `D` at the faces
//! and at the `n` centres. `D′` on a face is the centred difference of the neighbouring
//! centre values, `(D_R − D_L)/δ`. Interior faces have `δ = h`. An absorbing boundary
//! puts `p = 0` *on the boundary face* and uses the same flux over the half cell
//! `δ = h/2` between the face and the first centre (the drift value given for the
//! boundary face is used on that half cell, and `D′ = (D_centre − D_face)/δ` there).
//! A periodic pair uses face 0 (between cells n−1 and 0, `δ = h`); face n's values are
//! ignored.

use super::grid::{Boundary, Grid};
use crate::error::{SgdError, SgdResult};

/// `B(z) = z/(eᶻ − 1)` (the Bernoulli function), with `B(0) = 1`; accurate for all `z`
/// (Taylor `1 − z/2 + z²/12` for `|z| < 10⁻⁴`, `z/expm1(z)` otherwise; `B(+∞) = 0`).
pub fn bernoulli(z: f64) -> f64 {
    if z.abs() < 1e-4 {
        1.0 - z * (0.5 - z / 12.0)
    } else {
        z / z.exp_m1()
    }
}

/// Jump rates `(k_{L→R}, k_{R→L})` across one face of the SG flux: effective drift
/// `b̃`, diffusion `D ≥ 0`, node distance `δ`, cell width `h`. See the module doc.
/// For `|P| ≥ 1` the algebraically equal forms `b̃/(h(1 − e^{−P}))` and
/// `b̃/(h(e^P − 1))` are used, which stay finite as `D → 0`.
pub fn face_rates(drift: f64, diffusion: f64, delta: f64, h: f64) -> (f64, f64) {
    if diffusion == 0.0 {
        return (drift.max(0.0) / h, (-drift).max(0.0) / h);
    }
    let p = drift * delta / diffusion;
    if p.abs() < 1.0 {
        let s = diffusion / (delta * h);
        (s * bernoulli(-p), s * bernoulli(p))
    } else {
        (drift / (h * -(-p).exp_m1()), drift / (h * p.exp_m1()))
    }
}

/// The discrete generator: jump rates across every face.
///
/// Face `f` (`0..=n`) lies between cells `f − 1` and `f`:
/// - `right[f]` = rate from cell `f − 1` to cell `f`; `left[f]` = rate from `f` to `f − 1`;
/// - absorbing left side: `left[0]` = rate out of cell 0, `right[0] = 0`; absorbing right:
///   `right[n]` = rate out of cell n − 1, `left[n] = 0`; reflecting: both 0;
/// - periodic: face 0 couples cells n − 1 and 0, and face n is a copy of face 0, so cell
///   `i` always leaves right at `right[i+1]` and left at `left[i]`.
///
/// `(Mp)ᵢ = right[i] p_{i−1} + left[i+1] p_{i+1} − (left[i] + right[i+1]) pᵢ` (indices mod n
/// when periodic; the missing neighbours have zero rate otherwise).
#[derive(Clone, Debug)]
pub struct Rates {
    pub right: Vec<f64>,
    pub left: Vec<f64>,
    /// `ln(right[f]/left[f]) = P_f` on interior (and the periodic) faces: the log ratio of
    /// the stationary densities across the face. ±∞ where one rate is 0, NaN where both are.
    pub log_ratio: Vec<f64>,
    /// Rates out of cell 0 through face 0 and out of cell n − 1 through face n *if* that
    /// side were absorbing (also computed for reflecting sides: the backward solver can
    /// put a target there). 0 for periodic grids.
    pub kill: [f64; 2],
}

fn check_len(name: &str, v: &[f64], len: usize) -> SgdResult<()> {
    if v.len() != len {
        return Err(SgdError::invalid(format!("{name}.length = {} is not allowed: it must be {len}", v.len())));
    }
    Ok(())
}

fn check_diffusion(name: &str, v: &[f64], at: impl Fn(usize) -> f64) -> SgdResult<()> {
    match v.iter().position(|d| !(d.is_finite() && *d >= 0.0)) {
        None => Ok(()),
        Some(i) => Err(SgdError::invalid(format!(
            "diffusion = {} at x = {} ({name}[{i}]) is not allowed: the diffusion must be a finite number >= 0 on the whole grid",
            v[i],
            at(i)
        ))),
    }
}

impl Rates {
    /// Builds the rates from `drift` (n + 1 faces), `diffusion_face` (n + 1) and
    /// `diffusion_centre` (n). Checks lengths, finiteness and `D ≥ 0`.
    pub fn new(grid: &Grid, drift: &[f64], diffusion_face: &[f64], diffusion_centre: &[f64]) -> SgdResult<Rates> {
        let n = grid.n;
        let h = grid.h;
        check_len("drift", drift, n + 1)?;
        check_len("diffusionFaces", diffusion_face, n + 1)?;
        check_len("diffusionCentres", diffusion_centre, n)?;
        if let Some(f) = drift.iter().position(|v| !v.is_finite()) {
            return Err(SgdError::invalid(format!(
                "drift = {} at x = {} (face {f}) is not allowed: the drift must be finite on every face of the grid",
                drift[f],
                grid.face(f)
            )));
        }
        check_diffusion("diffusionFaces", diffusion_face, |i| grid.face(i))?;
        check_diffusion("diffusionCentres", diffusion_centre, |i| grid.centre(i))?;

        let mut right = vec![0.0; n + 1];
        let mut left = vec![0.0; n + 1];
        let mut log_ratio = vec![0.0; n + 1];
        let mut set = |f: usize, b_eff: f64, d: f64, delta: f64| -> (f64, f64) {
            let (r, l) = face_rates(b_eff, d, delta, h);
            right[f] = r;
            left[f] = l;
            log_ratio[f] = if d > 0.0 && (b_eff * delta / d).is_finite() { b_eff * delta / d } else { r.ln() - l.ln() };
            (r, l)
        };
        for f in 1..n {
            let b_eff = drift[f] - (diffusion_centre[f] - diffusion_centre[f - 1]) / h;
            set(f, b_eff, diffusion_face[f], h);
        }
        let half = 0.5 * h;
        let mut kill = [0.0, 0.0];
        if grid.periodic() {
            let b_eff = drift[0] - (diffusion_centre[0] - diffusion_centre[n - 1]) / h;
            set(0, b_eff, diffusion_face[0], h);
            right[n] = right[0];
            left[n] = left[0];
            log_ratio[n] = log_ratio[0];
        } else {
            // Left face: the outside point (p = 0) is on the left, cell 0 on the right.
            let b0 = drift[0] - (diffusion_centre[0] - diffusion_face[0]) / half;
            kill[0] = face_rates(b0, diffusion_face[0], half, h).1;
            // Right face: cell n−1 on the left, the outside point on the right.
            let bn = drift[n] - (diffusion_face[n] - diffusion_centre[n - 1]) / half;
            kill[1] = face_rates(bn, diffusion_face[n], half, h).0;
            right[0] = 0.0;
            left[n] = 0.0;
            left[0] = if grid.left == Boundary::Absorbing { kill[0] } else { 0.0 };
            right[n] = if grid.right == Boundary::Absorbing { kill[1] } else { 0.0 };
            log_ratio[0] = 0.0;
            log_ratio[n] = 0.0;
        }
        let bad = right.iter().chain(left.iter()).chain(kill.iter()).position(|r| !r.is_finite());
        if let Some(i) = bad {
            return Err(SgdError::invalid(format!(
                "drift/diffusion near face {} give a non-finite jump rate: drift or diffusion too large for cell width h = {h}",
                i % (n + 1)
            )));
        }
        Ok(Rates { right, left, log_ratio, kill })
    }

    /// Number of cells.
    pub fn n(&self) -> usize {
        self.right.len() - 1
    }

    /// Total rate out of cell `i` (to both neighbours, or out through an absorbing face).
    #[inline]
    pub fn out(&self, i: usize) -> f64 {
        self.left[i] + self.right[i + 1]
    }

    /// `out = M p` (the forward generator applied to a density).
    pub fn apply(&self, p: &[f64], out: &mut [f64]) {
        let n = self.n();
        let (r, l) = (&self.right, &self.left);
        out[0] = r[0] * p[n - 1] + l[1] * p[1] - (l[0] + r[1]) * p[0];
        for i in 1..n - 1 {
            out[i] = r[i] * p[i - 1] + l[i + 1] * p[i + 1] - (l[i] + r[i + 1]) * p[i];
        }
        out[n - 1] = r[n - 1] * p[n - 2] + l[n] * p[0] - (l[n - 1] + r[n]) * p[n - 1];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bernoulli_is_accurate_and_satisfies_the_ratio_identity() {
        assert_eq!(bernoulli(0.0), 1.0);
        for &z in &[1e-9f64, 1e-5, 9.9e-5, 1.01e-4, 0.3, 1.0, 5.0, 40.0, 700.0, -3.0, -800.0] {
            let exact = if z == 0.0 { 1.0 } else { z / z.exp_m1() };
            assert!((bernoulli(z) - exact).abs() <= 1e-15 * exact.abs().max(1.0), "z = {z}");
            // B(−z)/B(z) = e^z.
            if z.abs() < 700.0 {
                assert!((bernoulli(-z) / bernoulli(z) / z.exp() - 1.0).abs() < 1e-13, "z = {z}");
            }
        }
        assert_eq!(bernoulli(1000.0), 0.0);
        assert_eq!(bernoulli(-1000.0), 1000.0);
    }

    #[test]
    fn face_rates_are_continuous_and_upwind_at_zero_diffusion() {
        let h = 0.1;
        for &b in &[-3.0, -0.2, 0.0, 0.7, 4.0] {
            for &d in &[1e-3, 0.05, 0.1, 0.2, 1.0] {
                // Across the |P| = 1 switch the two formulas agree.
                let (r, l) = face_rates(b, d, h, h);
                let p = b * h / d;
                let s = d / (h * h);
                assert!((r - s * bernoulli(-p)).abs() <= 1e-12 * r.max(1e-300) + 1e-300);
                assert!((l - s * bernoulli(p)).abs() <= 1e-12 * l.max(1e-300) + 1e-300);
                assert!(r >= 0.0 && l >= 0.0);
            }
            let (r, l) = face_rates(b, 0.0, h, h);
            assert_eq!((r, l), (b.max(0.0) / h, (-b).max(0.0) / h));
            let (r, l) = face_rates(b, 1e-300, h, h);
            assert!((r - b.max(0.0) / h).abs() < 1e-12 && (l - (-b).max(0.0) / h).abs() < 1e-12);
        }
    }

    #[test]
    fn columns_of_the_reflecting_generator_sum_to_zero() {
        let g = Grid::new(-2.0, 2.0, 50, Boundary::Reflecting, Boundary::Reflecting).unwrap();
        let drift: Vec<f64> = (0..=50).map(|f| -g.face(f)).collect();
        let df: Vec<f64> = (0..=50).map(|f| 0.3 * (1.0 + g.face(f).powi(2))).collect();
        let dc: Vec<f64> = (0..50).map(|i| 0.3 * (1.0 + g.centre(i).powi(2))).collect();
        let r = Rates::new(&g, &drift, &df, &dc).unwrap();
        let mut p = vec![0.0; 50];
        let mut out = vec![0.0; 50];
        for j in 0..50 {
            p.iter_mut().for_each(|v| *v = 0.0);
            p[j] = 1.0;
            r.apply(&p, &mut out);
            let s: f64 = out.iter().sum();
            assert!(s.abs() < 1e-12 * r.out(j), "column {j}");
        }
        assert!(Rates::new(&g, &drift[..50], &df, &dc).is_err());
        let mut bad = dc.clone();
        bad[3] = -1.0;
        assert!(Rates::new(&g, &drift, &df, &bad).is_err());
    }
}
