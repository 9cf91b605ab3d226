//! Eigenvalues of `−M` (the 2-D generator of `solver2d.rs`) nearest 0, and the
//! quasi-stationary density of a domain with an absorbing side.
//!
//! **Shift-and-invert.** The eigenvalues of `−M` closest to 0 are the dominant eigenvalues
//! `θ = 1/λ` of `A⁻¹`, each application of `A⁻¹` an ILU(0)-BiCGSTAB solve (`krylov2d.rs`):
//! - *reversible* processes (no mixed term, every face in detailed balance with `π = e^w`,
//!   checked on the rates; e.g. `fromLandscape` with `D = T·I`): `A = S = Π^{−½}(−M)Π^{½}`,
//!   symmetric, and `lanczos.rs` finds its top `θ` (real spectrum);
//! - otherwise `A = −M` and `arnoldi.rs` (complex pairs allowed).
//!
//! **Deflation** when mass is conserved (no absorbing side): `λ = 0` is known (its vector `π`);
//! `A` gets a rank-one term `c·u vᵀ` that moves 0 to `c = 4·max outflow` (beyond the
//! Gershgorin bound `2·max outflow`, so it is never among the k dominant `θ`) without
//! touching the rest: `u = v = √π/‖√π‖` (symmetric case, π from the log-weights), or
//! `u = 𝟙, v = 𝟙/N` for `−M` (`𝟙ᵀM = 0`, so every other eigenvector has `𝟙ᵀx = 0` and keeps
//! its eigenvalue: Wielandt deflation with the left null vector; Saad 2011, §4.2).
//!
//! **Quasi-stationary density**: with an absorbing side `−M` is a non-singular M-matrix whose
//! smallest eigenvalue `λ₀` (the escape rate) is real with a positive vector (Perron–Frobenius).
//! After `λ₀` comes from the eigensolver, inverse iteration with the shift `s = 0.99 λ₀` (still a
//! non-singular M-matrix, so ILU(0) is stable) converges by a factor
//! `(λ₀ − s)/(λ₁ − s)` per step.

use super::krylov2d::{bicgstab, dot, zeros, Kind, RankOne, StencilOperator};
use super::solver2d::FokkerPlanck2D;
use crate::error::{SgdError, SgdResult};
use crate::linalg::{arnoldi, lanczos};

/// Largest number of eigenvalues `spectrum` computes.
pub const MAX_EIGENVALUES: usize = 64;

/// The eigenvalues of `−M` nearest 0, ascending by real part (then imaginary part).
#[derive(Clone, Debug)]
pub struct Spectrum2D {
    pub re: Vec<f64>,
    pub im: Vec<f64>,
    /// Whether the detailed-balance (symmetric Lanczos) path was used.
    pub reversible: bool,
    /// Linear solves (`A⁻¹` applications) used.
    pub solves: usize,
}

/// Inner-solve tolerance (backward error of each `A⁻¹x`).
const INNER_TOL: f64 = 1e-13;

impl FokkerPlanck2D {
    fn max_outflow(&self) -> f64 {
        let (xr, xl, yr, yl) = self.rates();
        let (n1, n2) = (self.grid_x().n, self.grid_y().n);
        let mut m = 0.0f64;
        for j in 0..n2 {
            for i in 0..n1 {
                let k = j * n1 + i;
                let fx = j * (n1 + 1) + i;
                m = m.max(xl[fx] + xr[fx + 1] + yl[k] + yr[k + n1]);
            }
        }
        m
    }

    /// The `k` eigenvalues of `−M` nearest 0 (module doc). `tol` is the eigensolver's relative
    /// tolerance, `max_iter` the iteration cap of each inner solve.
    pub fn spectrum(&self, k: usize, tol: f64, max_iter: usize) -> SgdResult<Spectrum2D> {
        let n = self.density().len();
        let cap = MAX_EIGENVALUES.min(n - 1);
        if k == 0 || k > cap {
            return Err(SgdError::invalid(format!("k = {k} is not allowed: it must be an integer in [1, {cap}]")));
        }
        if !(tol.is_finite() && tol > 0.0) {
            return Err(SgdError::invalid(format!("tol = {tol} is not allowed: it must be a finite number > 0")));
        }
        let conserving = !self.absorbing();
        let wanted = if conserving { k - 1 } else { k };
        let log_w = self.log_weights().ok();
        let reversible = log_w.as_ref().is_some_and(|w| self.detailed_balance(w));
        let mut out = Spectrum2D { re: Vec::new(), im: Vec::new(), reversible, solves: 0 };
        if conserving {
            out.re.push(0.0);
            out.im.push(0.0);
        }
        if wanted == 0 {
            return Ok(out);
        }
        let c = 4.0 * self.max_outflow();
        // Keeps the ILU factor of a singular (conserving) operator regular.
        let precondition_shift = if conserving { 1e-6 * c } else { 0.0 };
        let kind = if reversible { Kind::Symmetric } else { Kind::Forward };
        let mut op = StencilOperator::new(self, kind, |_| false, 0.0, precondition_shift)?;
        if conserving {
            op = op.with_rank_one(if reversible {
                let w = log_w.as_ref().expect("reversible");
                let top = w.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
                let mut phi: Vec<f64> = w.iter().map(|v| (0.5 * (v - top)).exp()).collect();
                let norm = dot(&phi, &phi).sqrt();
                phi.iter_mut().for_each(|v| *v /= norm);
                RankOne { u: phi.clone(), v: phi, c }
            } else {
                RankOne { u: vec![1.0; n], v: vec![1.0 / n as f64; n], c }
            });
        }
        let mut solves = 0;
        let mut inverse = |x: &[f64], y: &mut [f64]| -> SgdResult<()> {
            y.iter_mut().for_each(|v| *v = 0.0);
            solves += 1;
            bicgstab(&op, x, y, INNER_TOL, max_iter, "spectrum()").map(|_| ())
        };
        let max_basis = n.min(3 * wanted + 60);
        // The Krylov basis (and, for Lanczos, its image) is allocated inside the eigensolver
        // without a fallible path: probe it here so that a huge grid is OUT_OF_MEMORY, not a trap.
        zeros(n.saturating_mul(max_basis).saturating_mul(if reversible { 2 } else { 1 }).saturating_add(8 * n), "spectrum() Krylov basis")?;
        let mut pairs: Vec<(f64, f64)> = if reversible {
            let r = lanczos(n, wanted, &mut inverse, tol, 1, max_basis)?;
            r.values.iter().map(|t| (1.0 / t, 0.0)).collect()
        } else {
            let r = arnoldi(n, wanted, &mut inverse, tol, 1, max_basis)?;
            r.values.iter().map(|&(a, b)| {
                let m2 = a * a + b * b;
                (a / m2, -b / m2)
            }).collect()
        };
        pairs.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal).then(b.1.partial_cmp(&a.1).unwrap_or(std::cmp::Ordering::Equal)));
        for (a, b) in pairs {
            out.re.push(a);
            out.im.push(b);
        }
        out.solves = solves;
        Ok(out)
    }

    /// With an absorbing side: the escape rate `λ₀` (the smallest eigenvalue of `−M`) and the
    /// quasi-stationary density (its positive eigenvector, normalised to `h₁h₂ Σ p = 1`).
    pub fn quasi_stationary(&self, tol: f64, max_iter: usize) -> SgdResult<(f64, Vec<f64>)> {
        if !self.absorbing() {
            return Err(SgdError::invalid(
                "escapeRate(): needs an absorbing side (boundary xLeft/xRight/yLeft/yRight = 'absorbing'); with reflecting or periodic ones nothing escapes",
            ));
        }
        let sp = self.spectrum(1, tol, max_iter)?;
        let lambda = sp.re[0];
        if !(lambda > 0.0 && lambda.is_finite()) || sp.im[0] != 0.0 {
            return Err(SgdError::invalid(format!("escapeRate(): the principal eigenvalue {lambda} is not a positive real number (part of the domain never reaches the absorbing side?)")));
        }
        let n = self.density().len();
        let op = StencilOperator::new(self, Kind::Forward, |_| false, -0.99 * lambda, 0.0)?;
        let mut v = vec![1.0; n];
        let mut next = zeros(n, "escapeRate")?;
        for _ in 0..12 {
            next.iter_mut().for_each(|x| *x = 0.0);
            bicgstab(&op, &v, &mut next, INNER_TOL, max_iter, "escapeRate()")?;
            let sign = if next.iter().sum::<f64>() < 0.0 { -1.0 } else { 1.0 };
            let top = next.iter().fold(0.0f64, |m, x| m.max(x.abs()));
            if !(top > 0.0 && top.is_finite()) {
                return Err(SgdError::invalid("escapeRate(): inverse iteration failed"));
            }
            next.iter_mut().for_each(|x| *x *= sign / top);
            let change = next.iter().zip(&v).fold(0.0f64, |m, (a, b)| m.max((a - b).abs()));
            std::mem::swap(&mut v, &mut next);
            if change < 1e-12 {
                break;
            }
        }
        if !self.has_cross() {
            v.iter_mut().for_each(|x| *x = x.max(0.0));
        }
        let area = self.grid_x().h * self.grid_y().h;
        let mass: f64 = v.iter().sum::<f64>() * area;
        v.iter_mut().for_each(|x| *x /= mass);
        Ok((lambda, v))
    }
}

#[cfg(test)]
mod tests {
    use super::super::grid::{Boundary, Grid};
    use super::super::solver2d::Diffusion2D;
    use super::*;
    use std::f64::consts::PI;

    fn free(n: usize, b: Boundary, d: f64) -> FokkerPlanck2D {
        let g = Grid::new(0.0, 1.0, n, b, b).unwrap();
        FokkerPlanck2D::new(g.clone(), g, &vec![0.0; (n + 1) * n], &vec![0.0; n * (n + 1)], &Diffusion2D::constant(n, n, d, d, 0.0)).unwrap()
    }

    #[test]
    fn free_diffusion_spectrum_is_the_discrete_laplacian() {
        // Reflecting: λ = (4D/h²)(sin²(πa/2n) + sin²(πb/2n)): 0, then (1,0) and (0,1) twice, (1,1).
        let (n, d) = (12, 0.3);
        let s = |j: f64| 4.0 * d * (n * n) as f64 * (PI * j / (2.0 * n as f64)).sin().powi(2);
        let fp = free(n, Boundary::Reflecting, d);
        let sp = fp.spectrum(5, 1e-10, 1000).unwrap();
        assert!(sp.reversible);
        let want = [0.0, s(1.0), s(1.0), 2.0 * s(1.0), s(2.0)];
        for (got, w) in sp.re.iter().zip(want) {
            assert!((got - w).abs() < 1e-8 * want[4], "{:?} vs {want:?}", sp.re);
        }
        // Periodic: (4D/h²)(sin²(πa/n) + sin²(πb/n)); (±1, 0), (0, ±1): four-fold.
        let fp = free(n, Boundary::Periodic, d);
        let sp = fp.spectrum(6, 1e-10, 1000).unwrap();
        let p1 = 4.0 * d * (n * n) as f64 * (PI / n as f64).sin().powi(2);
        let want = [0.0, p1, p1, p1, p1, 2.0 * p1];
        for (got, w) in sp.re.iter().zip(want) {
            assert!((got - w).abs() < 1e-8 * want[5], "{:?} vs {want:?}", sp.re);
        }
        // Absorbing everywhere: the escape rate is the smallest eigenvalue, the density positive.
        let fp = free(n, Boundary::Absorbing, d);
        let (lam, q) = fp.quasi_stationary(1e-10, 1000).unwrap();
        let sp = fp.spectrum(2, 1e-10, 1000).unwrap();
        assert!((lam - sp.re[0]).abs() < 1e-12 * lam && sp.re[1] > lam);
        let mut mq = vec![0.0; n * n];
        fp.apply(&q, &mut mq);
        let top = q.iter().cloned().fold(0.0, f64::max);
        assert!(mq.iter().zip(&q).all(|(a, b)| (a + lam * b).abs() < 1e-9 * lam * top));
        assert!((lam / (2.0 * d * PI * PI) - 1.0).abs() < 1e-2);
    }

    #[test]
    fn a_non_reversible_spectrum_matches_a_dense_eigensolver() {
        // Constant rotating drift on a periodic torus plus a gradient: non-reversible.
        let n = 8;
        let g = Grid::new(0.0, 1.0, n, Boundary::Periodic, Boundary::Periodic).unwrap();
        let gy = Grid::new(0.0, 1.0, n, Boundary::Reflecting, Boundary::Reflecting).unwrap();
        let bx: Vec<f64> = (0..(n + 1) * n).map(|k| 1.0 + 0.5 * ((k / (n + 1)) as f64 / n as f64)).collect();
        let by: Vec<f64> = (0..n * (n + 1)).map(|k| 0.3 * ((k % n) as f64 * 0.8).sin()).collect();
        let fp = FokkerPlanck2D::new(g, gy, &bx, &by, &Diffusion2D::constant(n, n, 0.05, 0.08, 0.0)).unwrap();
        let sp = fp.spectrum(5, 1e-11, 1000).unwrap();
        assert!(!sp.reversible);
        // Dense −M and its eigenvalues by the real Schur form.
        let nn = n * n;
        let mut a = vec![0.0; nn * nn];
        let mut e = vec![0.0; nn];
        let mut col = vec![0.0; nn];
        for c in 0..nn {
            e.iter_mut().for_each(|v| *v = 0.0);
            e[c] = 1.0;
            fp.apply(&e, &mut col);
            for r in 0..nn {
                a[r * nn + c] = -col[r];
            }
        }
        let mut ev = crate::linalg::schur(&a, nn).unwrap().eigenvalues();
        ev.sort_by(|x, y| x.0.hypot(x.1).partial_cmp(&y.0.hypot(y.1)).unwrap());
        // Every computed value is an eigenvalue of the dense matrix, and the 5 nearest 0 by modulus are found.
        for (re, im) in sp.re.iter().zip(&sp.im) {
            let best = ev.iter().map(|(a, b)| (a - re).hypot(b - im)).fold(f64::INFINITY, f64::min);
            assert!(best < 1e-8, "({re}, {im}) not in the dense spectrum");
        }
        let r5 = ev[4].0.hypot(ev[4].1);
        assert!(sp.re.iter().zip(&sp.im).all(|(a, b)| a.hypot(*b) <= r5 * (1.0 + 1e-9)));
    }
}
