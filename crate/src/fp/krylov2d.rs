//! The sparse operators of the 2-D solver's Krylov solves and the solver itself:
//! right-preconditioned BiCGSTAB (van der Vorst, SIAM J. Sci. Stat. Comput. 13 (1992) 631)
//! with an ILU(0) preconditioner of the five-point part (Meijerink & van der Vorst, Math.
//! Comp. 31 (1977) 148; for the 5-point pattern in natural order ILU(0) only changes the
//! diagonal).
//!
//! One `StencilOperator` covers every linear system the 2-D solver needs:
//! - `Kind::Forward`: `A = −M + s I` (M the forward generator of `solver2d.rs`, its
//!   off-diagonals the rates *into* a cell);
//! - `Kind::Backward`: `A = −Mᵀ + s I` (the backward generator `L† = Mᵀ`: rates *out of* a cell);
//! - `Kind::Symmetric`: `A = S + s I`, `S = Π^{−½}(−M)Π^{½}` of a process in detailed balance,
//!   `S_{kl} = −√(k_{k→l} k_{l→k})` (needs no Π).
//!
//! Rows of "pinned" cells are replaced by the identity. Periodic sides add wrap-around
//! couplings, the off-diagonal diffusion its 9-point mixed term (forward or transposed), and a
//! rank-one term `c·u vᵀ` deflates a known null vector; none of these three enter the ILU
//! factor (a preconditioner need not be exact).

use super::solver2d::FokkerPlanck2D;
use crate::error::{SgdError, SgdResult};

/// Which operator to assemble (see the module doc).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Forward,
    Backward,
    Symmetric,
}

pub fn zeros(n: usize, what: &str) -> SgdResult<Vec<f64>> {
    let mut v: Vec<f64> = Vec::new();
    v.try_reserve_exact(n).map_err(|_| SgdError {
        code: crate::error::ErrorCode::OutOfMemory,
        message: format!("{what}: cannot allocate {n} f64: out of memory; use fewer cells"),
        divergence: None,
    })?;
    v.resize(n, 0.0);
    Ok(v)
}

/// `out += c · u (vᵀ x)`.
pub struct RankOne {
    pub u: Vec<f64>,
    pub v: Vec<f64>,
    pub c: f64,
}

pub struct StencilOperator<'a> {
    fp: &'a FokkerPlanck2D,
    kind: Kind,
    n1: usize,
    n2: usize,
    pinned: Vec<usize>,
    west: Vec<f64>,
    east: Vec<f64>,
    south: Vec<f64>,
    north: Vec<f64>,
    diag: Vec<f64>,
    inv_d: Vec<f64>,
    /// Per row j (periodic x): coefficient of cell (n₁−1, j) in row (0, j) and of (0, j) in row (n₁−1, j).
    wrap_x: Vec<[f64; 2]>,
    /// Per column i (periodic y): coefficient of (i, n₂−1) in row (i, 0) and of (i, 0) in row (i, n₂−1).
    wrap_y: Vec<[f64; 2]>,
    rank_one: Option<RankOne>,
    scratch: std::cell::RefCell<(Vec<f64>, Vec<f64>)>,
}

impl<'a> StencilOperator<'a> {
    /// Assembles `A` of `kind` with the diagonal shift `shift`; rows with `pinned(k)` are the
    /// identity. `precondition_shift` is added to the diagonal of the ILU factor only (to keep
    /// it regular when A is singular on purpose, as with a deflated null vector).
    pub fn new(fp: &'a FokkerPlanck2D, kind: Kind, pinned: impl Fn(usize) -> bool, shift: f64, precondition_shift: f64) -> SgdResult<Self> {
        let (n1, n2) = (fp.grid_x().n, fp.grid_y().n);
        let n = n1 * n2;
        let cross = kind != Kind::Symmetric && fp.has_cross();
        let mut op = StencilOperator {
            fp,
            kind,
            n1,
            n2,
            pinned: Vec::new(),
            west: zeros(n, "krylov")?,
            east: zeros(n, "krylov")?,
            south: zeros(n, "krylov")?,
            north: zeros(n, "krylov")?,
            diag: zeros(n, "krylov")?,
            inv_d: zeros(n, "krylov")?,
            wrap_x: if fp.grid_x().periodic() { vec![[0.0; 2]; n2] } else { Vec::new() },
            wrap_y: if fp.grid_y().periodic() { vec![[0.0; 2]; n1] } else { Vec::new() },
            rank_one: None,
            scratch: std::cell::RefCell::new(if cross { (zeros(fp.face_count(), "krylov")?, zeros(n, "krylov")?) } else { (Vec::new(), Vec::new()) }),
        };
        let (xr, xl, yr, yl) = fp.rates();
        // Coefficient of the neighbour across a face whose rates are (into the higher cell
        // `r`, into the lower cell `l`), in the row of the lower (`upper = false`) or higher cell.
        let coef = |r: f64, l: f64, upper: bool| -> f64 {
            match (kind, upper) {
                (Kind::Symmetric, _) => -(r * l).sqrt(),
                (Kind::Forward, false) | (Kind::Backward, true) => -l,
                (Kind::Forward, true) | (Kind::Backward, false) => -r,
            }
        };
        for j in 0..n2 {
            for i in 0..n1 {
                let k = j * n1 + i;
                if pinned(k) {
                    op.pinned.push(k);
                    op.diag[k] = 1.0;
                    continue;
                }
                let fx = j * (n1 + 1) + i;
                if i > 0 {
                    op.west[k] = coef(xr[fx], xl[fx], true);
                }
                if i + 1 < n1 {
                    op.east[k] = coef(xr[fx + 1], xl[fx + 1], false);
                }
                if j > 0 {
                    op.south[k] = coef(yr[k], yl[k], true);
                }
                if j + 1 < n2 {
                    op.north[k] = coef(yr[k + n1], yl[k + n1], false);
                }
                if !op.wrap_x.is_empty() {
                    if i == 0 {
                        op.wrap_x[j][0] = coef(xr[fx], xl[fx], true);
                    }
                    if i + 1 == n1 {
                        op.wrap_x[j][1] = coef(xr[fx + 1], xl[fx + 1], false);
                    }
                }
                if !op.wrap_y.is_empty() {
                    if j == 0 {
                        op.wrap_y[i][0] = coef(yr[k], yl[k], true);
                    }
                    if j + 1 == n2 {
                        op.wrap_y[i][1] = coef(yr[k + n1], yl[k + n1], false);
                    }
                }
                op.diag[k] = xl[fx] + xr[fx + 1] + yl[k] + yr[k + n1] + shift;
            }
        }
        op.factor(precondition_shift)?;
        Ok(op)
    }

    /// Adds the deflation term `c·u vᵀ`.
    pub fn with_rank_one(mut self, r: RankOne) -> Self {
        self.rank_one = Some(r);
        self
    }

    /// `max |Aᵢᵢ|` (the scale of the residual test).
    pub fn diag_scale(&self) -> f64 {
        self.diag.iter().fold(0.0f64, |a, b| a.max(b.abs()))
    }

    fn factor(&mut self, extra: f64) -> SgdResult<()> {
        let n1 = self.n1;
        for k in 0..self.diag.len() {
            let mut v = self.diag[k] + extra;
            if k >= 1 && self.west[k] != 0.0 {
                v -= self.west[k] * self.east[k - 1] * self.inv_d[k - 1];
            }
            if k >= n1 && self.south[k] != 0.0 {
                v -= self.south[k] * self.north[k - n1] * self.inv_d[k - n1];
            }
            if !(v.is_finite() && v != 0.0) {
                return Err(SgdError::invalid(format!("the ILU(0) preconditioner broke down at cell {k} (no way out of this cell?)")));
            }
            self.inv_d[k] = 1.0 / v;
        }
        Ok(())
    }

    pub fn apply(&self, x: &[f64], out: &mut [f64]) {
        let (n1, n2) = (self.n1, self.n2);
        let n = x.len();
        let edge = |k: usize, out: &mut [f64]| {
            let mut v = self.diag[k] * x[k];
            if k >= 1 {
                v += self.west[k] * x[k - 1];
            }
            if k + 1 < n {
                v += self.east[k] * x[k + 1];
            }
            if k >= n1 {
                v += self.south[k] * x[k - n1];
            }
            if k + n1 < n {
                v += self.north[k] * x[k + n1];
            }
            out[k] = v;
        };
        for k in 0..n1 {
            edge(k, out);
        }
        for k in n1..n - n1 {
            out[k] = self.diag[k] * x[k] + self.west[k] * x[k - 1] + self.east[k] * x[k + 1] + self.south[k] * x[k - n1] + self.north[k] * x[k + n1];
        }
        for k in n - n1..n {
            edge(k, out);
        }
        for (j, w) in self.wrap_x.iter().enumerate() {
            out[j * n1] += w[0] * x[j * n1 + n1 - 1];
            out[j * n1 + n1 - 1] += w[1] * x[j * n1];
        }
        let last = (n2 - 1) * n1;
        for (i, w) in self.wrap_y.iter().enumerate() {
            out[i] += w[0] * x[last + i];
            out[last + i] += w[1] * x[i];
        }
        if let Some(r) = &self.rank_one {
            let s = r.c * dot(&r.v, x);
            out.iter_mut().zip(&r.u).for_each(|(o, u)| *o += s * u);
        }
        if self.kind != Kind::Symmetric && self.fp.has_cross() {
            let mut s = self.scratch.borrow_mut();
            let (faces, cells) = &mut *s;
            if self.kind == Kind::Forward {
                self.fp.add_cross(-1.0, x, out, faces, cells);
            } else {
                self.fp.add_cross_transpose(-1.0, x, out, faces, cells);
            }
        }
        for &k in &self.pinned {
            out[k] = x[k];
        }
    }

    /// Solves `(D+L) D⁻¹ (D+U) z = r` (ILU(0): L, U the strict parts of A, D the ILU diagonal).
    fn precondition(&self, r: &[f64], z: &mut [f64]) {
        let n1 = self.n1;
        let n = r.len();
        for k in 0..n {
            let mut v = r[k];
            if k >= 1 {
                v -= self.west[k] * z[k - 1];
            }
            if k >= n1 {
                v -= self.south[k] * z[k - n1];
            }
            z[k] = v * self.inv_d[k];
        }
        for k in (0..n).rev() {
            let mut v = 0.0;
            if k + 1 < n {
                v += self.east[k] * z[k + 1];
            }
            if k + n1 < n {
                v += self.north[k] * z[k + n1];
            }
            z[k] -= v * self.inv_d[k];
        }
    }
}

pub fn dot(a: &[f64], b: &[f64]) -> f64 {
    let mut s = [0.0; 4];
    let chunks = a.len() / 4;
    for c in 0..chunks {
        for l in 0..4 {
            s[l] += a[4 * c + l] * b[4 * c + l];
        }
    }
    for k in 4 * chunks..a.len() {
        s[0] += a[k] * b[k];
    }
    (s[0] + s[1]) + (s[2] + s[3])
}

/// Right-preconditioned BiCGSTAB for `A x = b` from the initial `x`. Stops when
/// `‖r‖₂ ≤ tol · max|Aᵢᵢ| · ‖x‖₂` (a backward-error test). `what` names the caller in errors.
pub fn bicgstab(op: &StencilOperator<'_>, b: &[f64], x: &mut [f64], tol: f64, max_iter: usize, what: &str) -> SgdResult<usize> {
    let n = x.len();
    let scale = op.diag_scale();
    // Pinned rows are the identity: start them at their values, so the residual (and the
    // shadow residual) never lives on them (a shadow residual supported only on pinned rows
    // would be orthogonal to every later residual: breakdown).
    for &k in &op.pinned {
        x[k] = b[k];
    }
    let mut r = zeros(n, "krylov")?;
    op.apply(x, &mut r);
    for (v, b) in r.iter_mut().zip(b) {
        *v = b - *v;
    }
    let done = |r: &[f64], x: &[f64]| {
        let xx = dot(x, x);
        xx.is_finite() && dot(r, r).sqrt() <= tol * scale * xx.sqrt()
    };
    if done(&r, x) {
        return Ok(0);
    }
    let r0 = r.clone();
    let mut p = zeros(n, "krylov")?;
    let mut v = zeros(n, "krylov")?;
    let mut y = zeros(n, "krylov")?;
    let mut z = zeros(n, "krylov")?;
    let mut t = zeros(n, "krylov")?;
    let (mut rho, mut alpha, mut omega) = (1.0, 1.0, 1.0);
    let breakdown = |it: usize, why: &str| {
        SgdError::invalid(format!(
            "{what}: BiCGSTAB broke down at iteration {it} of {max_iter} ({why}) before reaching tol = {tol}; the problem is probably too ill-conditioned (e.g. a metastable landscape at low temperature): try a looser tol, a coarser grid or a higher temperature"
        ))
    };
    for it in 1..=max_iter {
        let rho_new = dot(&r0, &r);
        if rho_new == 0.0 || !rho_new.is_finite() {
            return Err(breakdown(it, "ρ = ⟨r₀, r⟩ vanished"));
        }
        let beta = (rho_new / rho) * (alpha / omega);
        rho = rho_new;
        for k in 0..n {
            p[k] = r[k] + beta * (p[k] - omega * v[k]);
        }
        op.precondition(&p, &mut y);
        op.apply(&y, &mut v);
        alpha = rho / dot(&r0, &v);
        for k in 0..n {
            r[k] -= alpha * v[k]; // r is now s
            x[k] += alpha * y[k];
        }
        if done(&r, x) {
            return Ok(it);
        }
        op.precondition(&r, &mut z);
        op.apply(&z, &mut t);
        let tt = dot(&t, &t);
        omega = if tt > 0.0 { dot(&t, &r) / tt } else { 0.0 };
        for k in 0..n {
            x[k] += omega * z[k];
            r[k] -= omega * t[k];
        }
        if done(&r, x) {
            return Ok(it);
        }
        if omega == 0.0 || !omega.is_finite() || !dot(x, x).is_finite() {
            return Err(breakdown(it, "ω vanished or the iterate is not finite"));
        }
    }
    Err(SgdError::invalid(format!("{what}: BiCGSTAB did not converge to tol = {tol} within {max_iter} iterations")))
}
