//! The 2-D Fokker–Planck solver: `∂ₜp = −∇·(b p) + Σᵢⱼ Dᵢⱼ∂ᵢ∂ⱼp` (Itô, constant diffusion
//! matrix) on a tensor grid of `n₁ × n₂` finite-volume cells. The diagonal part is described
//! below; an off-diagonal `D₁₂` adds a 9-point mixed term (see `with_cross`). Mean
//! first-passage times solve the backward equation with the same Krylov solver
//! (`mean_first_passage_time`; diagonal D only).
//!
//! **Layout.** Cell `(i, j)` (centre `(a₁ + (i+½)h₁, a₂ + (j+½)h₂)`) is `p[j·n₁ + i]`
//! (x fastest). The drift component `b₁` lives on the x-faces: face `(f, j)`, `f = 0..=n₁`,
//! at `(a₁ + f h₁, y_j)`, index `j·(n₁+1) + f`; `b₂` on the y-faces: face `(i, g)`,
//! `g = 0..=n₂`, at `(x_i, a₂ + g h₂)`, index `g·n₁ + i`.
//!
//! **Flux.** Every row `j` is a 1-D problem in x and every column `i` one in y; the rates
//! across each face are the 1-D Scharfetter–Gummel rates of `flux.rs` (`Rates::new` is
//! called per line, so boundary handling is the 1-D one). The generator is the sum
//! `M = M₁ + M₂` of the two directions' jump generators: a Markov jump process on the
//! cells (an M-matrix, conservative, positivity preserving). With `b = −∇U` taken as the
//! discrete gradient between neighbouring centres and `Dᵢ = T`, each face is in detailed
//! balance with `e^{−U/T}` sampled at the centres, which is therefore *exactly* stationary.
//!
//! **Time stepping** (operator splitting of the two directions, each sub-step a set of
//! independent tridiagonal solves; Hundsdorfer & Verwer, *Numerical Solution of
//! Time-Dependent Advection-Diffusion-Reaction Equations*, §IV.1):
//! - backward Euler: Lie splitting `p ← (I − Δt M₂)⁻¹ (I − Δt M₁)⁻¹ p`: first order,
//!   positivity preserving and unconditionally stable;
//! - TR-BDF2: Strang splitting `S₁(Δt/2) S₂(Δt) S₁(Δt/2)` with the 1-D TR-BDF2 step of
//!   `solver1d.rs` as `Sᵢ`: second order.
//!   For a separable problem (`M₁`, `M₂` commute) either is *exactly* the tensor product of
//!   the 1-D solutions (x with steps Δt/2 for Strang).
//!   Each 1-D solve is in increment form (flux-form right-hand side), so the mass is
//!   conserved to rounding with reflecting boundaries.
//!
//! **Stationary density**: BiCGSTAB (van der Vorst, SIAM J. Sci. Stat. Comput. 13 (1992)
//! 631) with right ILU(0) preconditioning (Meijerink & van der Vorst, Math. Comp. 31
//! (1977) 148) on `−M p = 0` with the row of one cell `k` replaced by `p_k = 1`
//! (non-singular for an irreducible generator), then normalised. The initial guess is the
//! detailed-balance density obtained by integrating the face log-ratios `ln(k→/k←)` along
//! row 0 and then up every column; it is exact for gradient drifts (so the solve stops at
//! once) and `k` is its maximum (so the unknowns are O(1) and the residual test is
//! meaningful).

use super::flux::Rates;
use super::grid::{Boundary, Grid, MAX_CELLS};
use crate::error::{ErrorCode, SgdError, SgdResult};

const GAMMA: f64 = 2.0 - std::f64::consts::SQRT_2;

/// 2-D time schemes (operator splitting; see the module doc).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SplitScheme {
    BackwardEuler,
    TrBdf2,
}

impl SplitScheme {
    /// ABI code: 0 backward Euler (Lie), 2 TR-BDF2 (Strang). 1 (Crank–Nicolson) is not offered.
    pub fn from_code(code: u32) -> SgdResult<SplitScheme> {
        match code {
            0 => Ok(SplitScheme::BackwardEuler),
            2 => Ok(SplitScheme::TrBdf2),
            _ => Err(SgdError::invalid(format!("scheme = {code} is not allowed: 0 (backward-euler) or 2 (tr-bdf2)"))),
        }
    }
}

/// Thomas factors of `I − cMₗ` for every line of one direction, stored like the density.
struct LineFactors {
    mult: Vec<f64>,
    inv_pivot: Vec<f64>,
    sup_scaled: Vec<f64>,
}

/// Rates of one direction, flattened. x: index `j·(n₁+1) + f`; y: index `g·n₁ + i`.
struct DirRates {
    right: Vec<f64>,
    left: Vec<f64>,
}

struct Stepper {
    scheme: SplitScheme,
    dt: f64,
    c: f64,
    fx: LineFactors,
    fy: LineFactors,
}

/// A 2-D Fokker–Planck problem with constant diagonal diffusion on a tensor grid.
pub struct FokkerPlanck2D {
    gx: Grid,
    gy: Grid,
    rx: DirRates,
    ry: DirRates,
    density: Vec<f64>,
    time: f64,
    stepper: Option<Stepper>,
    s1: Vec<f64>,
    s2: Vec<f64>,
    line: Vec<f64>,
    /// Off-diagonal diffusion `D₁₂` (0: the diagonal scheme above).
    d12: f64,
}

fn oom(what: &str, words: usize) -> SgdError {
    SgdError { code: ErrorCode::OutOfMemory, message: format!("{what}: cannot allocate {words} f64: out of memory; use fewer cells"), divergence: None }
}

fn zeros(n: usize, what: &str) -> SgdResult<Vec<f64>> {
    let mut v: Vec<f64> = Vec::new();
    v.try_reserve_exact(n).map_err(|_| oom(what, n))?;
    v.resize(n, 0.0);
    Ok(v)
}

impl FokkerPlanck2D {
    /// `drift_x`: `(n₁+1)·n₂` x-face values, `drift_y`: `n₁·(n₂+1)` y-face values (layout in
    /// the module doc); `d1`, `d2` > 0. Periodic boundaries are not supported yet. The
    /// initial density is uniform.
    pub fn new(gx: Grid, gy: Grid, drift_x: &[f64], drift_y: &[f64], d1: f64, d2: f64) -> SgdResult<Self> {
        Self::with_cross(gx, gy, drift_x, drift_y, d1, d2, 0.0)
    }

    /// As `new`, with the full constant diffusion matrix `[[d1, d12], [d12, d2]]` (positive
    /// definite). The mixed term `2D₁₂∂₁∂₂p` is the divergence of the face fluxes
    /// `−D₁₂∂₂p` (x-faces) and `−D₁₂∂₁p` (y-faces), each the centred difference of the two
    /// cells beside the face (one-sided at the domain edge; zero on boundary faces): a
    /// conservative 9-point stencil, **not** positivity preserving. Time stepping is then the
    /// Douglas scheme (θ = 1 for backward Euler, θ = ½ for "tr-bdf2"; the mixed term is
    /// explicit, so first order in time; In 't Hout & Welfert, Appl. Numer. Math. 59 (2009)
    /// 677, unconditional stability for θ ≥ ½).
    #[allow(clippy::too_many_arguments)]
    pub fn with_cross(gx: Grid, gy: Grid, drift_x: &[f64], drift_y: &[f64], d1: f64, d2: f64, d12: f64) -> SgdResult<Self> {
        if !d12.is_finite() || !(d1 * d2 - d12 * d12 > 0.0) {
            return Err(SgdError::invalid(format!(
                "diffusion = [[{d1}, {d12}], [{d12}, {d2}]] is not allowed: it must be symmetric positive definite"
            )));
        }
        let (n1, n2) = (gx.n, gy.n);
        if n1.checked_mul(n2).map_or(true, |c| c > MAX_CELLS) {
            return Err(SgdError::invalid(format!("cells = [{n1}, {n2}] is not allowed: at most {MAX_CELLS} cells in total")));
        }
        if gx.periodic() || gy.periodic() {
            return Err(SgdError::invalid("boundary = 'periodic' is not supported by the 2-D solver yet: use 'reflecting' or 'absorbing'"));
        }
        for (name, d) in [("diffusion[0]", d1), ("diffusion[1]", d2)] {
            if !(d.is_finite() && d > 0.0) {
                return Err(SgdError::invalid(format!("{name} = {d} is not allowed: it must be a finite number > 0")));
            }
        }
        let n = n1 * n2;
        if drift_x.len() != (n1 + 1) * n2 {
            return Err(SgdError::invalid(format!("driftX.length = {} is not allowed: it must be (cellsX + 1)·cellsY = {}", drift_x.len(), (n1 + 1) * n2)));
        }
        if drift_y.len() != n1 * (n2 + 1) {
            return Err(SgdError::invalid(format!("driftY.length = {} is not allowed: it must be cellsX·(cellsY + 1) = {}", drift_y.len(), n1 * (n2 + 1))));
        }
        // Rough working-memory probe: rates 4, factors 6, density + scratch 4, line buffers.
        {
            let words = n.saturating_add(n1 + n2 + 2).saturating_mul(24);
            let mut probe: Vec<f64> = Vec::new();
            probe.try_reserve_exact(words).map_err(|_| oom("FokkerPlanck2D", words))?;
        }
        let mut rx = DirRates { right: zeros((n1 + 1) * n2, "rates")?, left: zeros((n1 + 1) * n2, "rates")? };
        let mut ry = DirRates { right: zeros(n1 * (n2 + 1), "rates")?, left: zeros(n1 * (n2 + 1), "rates")? };
        let (df1, dc1) = (vec![d1; n1 + 1], vec![d1; n1]);
        let (df2, dc2) = (vec![d2; n2 + 1], vec![d2; n2]);
        let locate = |e: SgdError, what: String| SgdError::invalid(format!("{what}: {}", e.message));
        for j in 0..n2 {
            let b = &drift_x[j * (n1 + 1)..(j + 1) * (n1 + 1)];
            let r = Rates::new(&gx, b, &df1, &dc1).map_err(|e| locate(e, format!("driftX on row j = {j} (y = {})", gy.centre(j))))?;
            rx.right[j * (n1 + 1)..(j + 1) * (n1 + 1)].copy_from_slice(&r.right);
            rx.left[j * (n1 + 1)..(j + 1) * (n1 + 1)].copy_from_slice(&r.left);
        }
        let mut col = vec![0.0; n2 + 1];
        for i in 0..n1 {
            for g in 0..=n2 {
                col[g] = drift_y[g * n1 + i];
            }
            let r = Rates::new(&gy, &col, &df2, &dc2).map_err(|e| locate(e, format!("driftY on column i = {i} (x = {})", gx.centre(i))))?;
            for g in 0..=n2 {
                ry.right[g * n1 + i] = r.right[g];
                ry.left[g * n1 + i] = r.left[g];
            }
        }
        let area = (gx.b - gx.a) * (gy.b - gy.a);
        let mut density = zeros(n, "density")?;
        density.iter_mut().for_each(|v| *v = 1.0 / area);
        Ok(FokkerPlanck2D { gx, gy, rx, ry, density, time: 0.0, stepper: None, s1: zeros(n, "scratch")?, s2: zeros(n, "scratch")?, line: zeros(n1.max(n2) + 1, "scratch")?, d12 })
    }

    pub fn grid_x(&self) -> &Grid {
        &self.gx
    }
    pub fn grid_y(&self) -> &Grid {
        &self.gy
    }
    pub fn density(&self) -> &[f64] {
        &self.density
    }
    pub fn time(&self) -> f64 {
        self.time
    }
    fn cell_area(&self) -> f64 {
        self.gx.h * self.gy.h
    }

    /// Replaces the density (finite, ≥ 0, `n₁·n₂` values) and resets the clock.
    pub fn set_density(&mut self, p: &[f64]) -> SgdResult<()> {
        if p.len() != self.density.len() {
            return Err(SgdError::invalid(format!("density.length = {} is not allowed: it must be cellsX·cellsY = {}", p.len(), self.density.len())));
        }
        if let Some(i) = p.iter().position(|v| !(v.is_finite() && *v >= 0.0)) {
            return Err(SgdError::invalid(format!("density[{i}] = {} is not allowed: every entry must be a finite number >= 0", p[i])));
        }
        self.density.copy_from_slice(p);
        self.time = 0.0;
        Ok(())
    }

    /// The mixed-term face fluxes (per unit length): `jx[j(n₁+1)+f] = −D₁₂∂₂p`,
    /// `jy[g n₁ + i] = −D₁₂∂₁p`; 0 on boundary faces.
    fn cross_fluxes(&self, p: &[f64], jx: &mut [f64], jy: &mut [f64]) {
        let (n1, n2) = (self.gx.n, self.gy.n);
        let (h1, h2) = (self.gx.h, self.gy.h);
        let d = self.d12;
        for j in 0..n2 {
            let (jm, jp, w) = if j == 0 { (0, 1, 2.0 * h2) } else if j + 1 == n2 { (n2 - 2, n2 - 1, 2.0 * h2) } else { (j - 1, j + 1, 4.0 * h2) };
            jx[j * (n1 + 1)] = 0.0;
            jx[j * (n1 + 1) + n1] = 0.0;
            for f in 1..n1 {
                let s = |r: usize| p[r * n1 + f - 1] + p[r * n1 + f];
                jx[j * (n1 + 1) + f] = -d * (s(jp) - s(jm)) / w;
            }
        }
        for i in 0..n1 {
            jy[i] = 0.0;
            jy[n2 * n1 + i] = 0.0;
        }
        for g in 1..n2 {
            for i in 0..n1 {
                let (im, ip, w) = if i == 0 { (0, 1, 2.0 * h1) } else if i + 1 == n1 { (n1 - 2, n1 - 1, 2.0 * h1) } else { (i - 1, i + 1, 4.0 * h1) };
                let t = |c: usize| p[(g - 1) * n1 + c] + p[g * n1 + c];
                jy[g * n1 + i] = -d * (t(ip) - t(im)) / w;
            }
        }
    }

    /// `out += k · M_c p` (the divergence of the mixed-term fluxes); `jx`, `jy` scratch.
    fn add_cross(&self, k: f64, p: &[f64], out: &mut [f64], jx: &mut [f64], jy: &mut [f64]) {
        let (n1, n2) = (self.gx.n, self.gy.n);
        let (h1, h2) = (self.gx.h, self.gy.h);
        self.cross_fluxes(p, jx, jy);
        for j in 0..n2 {
            for i in 0..n1 {
                let fx = j * (n1 + 1) + i;
                let k2 = j * n1 + i;
                out[k2] += k * ((jx[fx] - jx[fx + 1]) / h1 + (jy[k2] - jy[k2 + n1]) / h2);
            }
        }
    }

    /// `out = M p` (flux form), including the mixed term.
    pub fn apply(&self, p: &[f64], out: &mut [f64]) {
        self.apply_parts(p, out, true, true);
        if self.d12 != 0.0 {
            let (n1, n2) = (self.gx.n, self.gy.n);
            let mut jx = vec![0.0; (n1 + 1) * n2];
            let mut jy = vec![0.0; n1 * (n2 + 1)];
            self.add_cross(1.0, p, out, &mut jx, &mut jy);
        }
    }

    /// `out = M₁ p`, `M₂ p` or both (no mixed term).
    fn apply_parts(&self, p: &[f64], out: &mut [f64], with_x: bool, with_y: bool) {
        let (n1, n2) = (self.gx.n, self.gy.n);
        let (xr, xl, yr, yl) = (&self.rx.right, &self.rx.left, &self.ry.right, &self.ry.left);
        for j in 0..n2 {
            for i in 0..n1 {
                let k = j * n1 + i;
                let fx = j * (n1 + 1) + i;
                let west = if i > 0 { xr[fx] * p[k - 1] } else { 0.0 } - xl[fx] * p[k];
                let east = xr[fx + 1] * p[k] - if i + 1 < n1 { xl[fx + 1] * p[k + 1] } else { 0.0 };
                let south = if j > 0 { yr[k] * p[k - n1] } else { 0.0 } - yl[k] * p[k];
                let north = yr[k + n1] * p[k] - if j + 1 < n2 { yl[k + n1] * p[k + n1] } else { 0.0 };
                out[k] = if with_x { west - east } else { 0.0 } + if with_y { south - north } else { 0.0 };
            }
        }
    }

    fn factor_x(&self, c: f64) -> SgdResult<LineFactors> {
        let (n1, n2) = (self.gx.n, self.gy.n);
        let mut f = LineFactors { mult: zeros(n1 * n2, "factors")?, inv_pivot: zeros(n1 * n2, "factors")?, sup_scaled: zeros(n1 * n2, "factors")? };
        let (r, l) = (&self.rx.right, &self.rx.left);
        for j in 0..n2 {
            let rr = &r[j * (n1 + 1)..];
            let ll = &l[j * (n1 + 1)..];
            let mut prev_sup = 0.0;
            let mut pivot = 1.0;
            for i in 0..n1 {
                let k = j * n1 + i;
                let diag = 1.0 + c * (ll[i] + rr[i + 1]);
                let sub = -c * rr[i];
                let sup = if i + 1 < n1 { -c * ll[i + 1] } else { 0.0 };
                if i > 0 {
                    f.mult[k] = sub / pivot;
                    pivot = diag - f.mult[k] * prev_sup;
                } else {
                    pivot = diag;
                }
                if !(pivot.is_finite() && pivot > 0.0) {
                    return Err(SgdError::invalid(format!("the implicit x-system is singular at row {j} (pivot {pivot})")));
                }
                f.inv_pivot[k] = 1.0 / pivot;
                f.sup_scaled[k] = sup / pivot;
                prev_sup = sup;
            }
        }
        Ok(f)
    }

    fn factor_y(&self, c: f64) -> SgdResult<LineFactors> {
        let (n1, n2) = (self.gx.n, self.gy.n);
        let mut f = LineFactors { mult: zeros(n1 * n2, "factors")?, inv_pivot: zeros(n1 * n2, "factors")?, sup_scaled: zeros(n1 * n2, "factors")? };
        let (r, l) = (&self.ry.right, &self.ry.left);
        for g in 0..n2 {
            for i in 0..n1 {
                let k = g * n1 + i;
                let diag = 1.0 + c * (l[k] + r[k + n1]);
                let pivot = if g > 0 {
                    let sub = -c * r[k];
                    let prev_sup = -c * l[k];
                    f.mult[k] = sub * f.inv_pivot[k - n1];
                    diag - f.mult[k] * prev_sup
                } else {
                    diag
                };
                if !(pivot.is_finite() && pivot > 0.0) {
                    return Err(SgdError::invalid(format!("the implicit y-system is singular at column {i} (pivot {pivot})")));
                }
                let sup = if g + 1 < n2 { -c * l[k + n1] } else { 0.0 };
                f.inv_pivot[k] = 1.0 / pivot;
                f.sup_scaled[k] = sup / pivot;
            }
        }
        Ok(f)
    }

    fn new_stepper(&self, scheme: SplitScheme, dt: f64) -> SgdResult<Stepper> {
        let c = match scheme {
            SplitScheme::BackwardEuler => dt,
            SplitScheme::TrBdf2 => (1.0 - std::f64::consts::FRAC_1_SQRT_2) * dt,
        };
        let (cx, cy) = match scheme {
            _ if self.d12 != 0.0 => {
                let theta = if scheme == SplitScheme::BackwardEuler { 1.0 } else { 0.5 };
                (theta * dt, theta * dt)
            }
            SplitScheme::BackwardEuler => (c, c),
            SplitScheme::TrBdf2 => (0.5 * c, c),
        };
        Ok(Stepper { scheme, dt, c, fx: self.factor_x(cx)?, fy: self.factor_y(cy)? })
    }

    /// Advances `steps` steps of `dt`; the factorisation is cached per `(dt, scheme)`. A
    /// non-finite result restores the density and is an error.
    pub fn evolve(&mut self, steps: u64, dt: f64, scheme: SplitScheme) -> SgdResult<()> {
        if !(dt.is_finite() && dt > 0.0) {
            return Err(SgdError::invalid(format!("dt = {dt} is not allowed: it must be a finite number > 0")));
        }
        let fresh = match &self.stepper {
            Some(s) => s.scheme != scheme || s.dt.to_bits() != dt.to_bits(),
            None => true,
        };
        if fresh {
            self.stepper = None;
            self.stepper = Some(self.new_stepper(scheme, dt)?);
        }
        let backup = self.density.clone();
        let st = self.stepper.take().expect("set above");
        if self.d12 != 0.0 {
            let (n1, n2) = (self.gx.n, self.gy.n);
            let mut jx = zeros((n1 + 1) * n2, "scratch")?;
            let mut jy = zeros(n1 * (n2 + 1), "scratch")?;
            let mut e = std::mem::take(&mut self.s2);
            let mut d1 = std::mem::take(&mut self.s1);
            let mut fl = std::mem::take(&mut self.line);
            for _ in 0..steps {
                // Douglas: (I − θΔtM₁)Δ₁ = Δt M p, (I − θΔtM₂)Δ₂ = Δ₁, p += Δ₂.
                self.apply_parts(&self.density, &mut e, false, true);
                e.iter_mut().for_each(|v| *v *= st.dt);
                self.add_cross(st.dt, &self.density, &mut e, &mut jx, &mut jy);
                sweep_x(n1, n2, &self.rx, &st.fx, st.dt, &self.density, 1.0, Some(&e), &mut d1);
                sweep_y(n1, n2, &self.ry, &st.fy, 0.0, &self.density, 1.0, Some(&d1), &mut e, &mut fl);
                add(&mut self.density, &e);
            }
            self.s1 = d1;
            self.s2 = e;
            self.line = fl;
        }
        for _ in 0..if self.d12 != 0.0 { 0 } else { steps } {
            match st.scheme {
                SplitScheme::BackwardEuler => {
                    self.substep_x(&st.fx, st.dt, false);
                    self.substep_y(&st.fy, st.dt, false);
                }
                SplitScheme::TrBdf2 => {
                    self.substep_x(&st.fx, 0.5 * st.c, true);
                    self.substep_y(&st.fy, st.c, true);
                    self.substep_x(&st.fx, 0.5 * st.c, true);
                }
            }
        }
        self.stepper = Some(st);
        if self.density.iter().any(|v| !v.is_finite()) {
            self.density.copy_from_slice(&backup);
            return Err(SgdError::invalid(format!("evolve: the density became non-finite with dt = {dt}; it was restored. Use a smaller dt")));
        }
        self.time += steps as f64 * dt;
        Ok(())
    }

    /// One sub-step in x. Backward Euler: `k = Δt`; TR-BDF2: `k = c` (the factor's coefficient).
    fn substep_x(&mut self, f: &LineFactors, k: f64, trbdf2: bool) {
        let beta = (1.0 - GAMMA) * (1.0 - GAMMA) / (GAMMA * (2.0 - GAMMA));
        let mut d1 = std::mem::take(&mut self.s1);
        let mut d2 = std::mem::take(&mut self.s2);
        if trbdf2 {
            sweep_x(self.gx.n, self.gy.n, &self.rx, f, 2.0 * k, &self.density, 0.0, None, &mut d1);
            add(&mut self.density, &d1);
            sweep_x(self.gx.n, self.gy.n, &self.rx, f, k, &self.density, beta, Some(&d1), &mut d2);
            add(&mut self.density, &d2);
        } else {
            sweep_x(self.gx.n, self.gy.n, &self.rx, f, k, &self.density, 0.0, None, &mut d1);
            add(&mut self.density, &d1);
        }
        self.s1 = d1;
        self.s2 = d2;
    }

    fn substep_y(&mut self, f: &LineFactors, k: f64, trbdf2: bool) {
        let beta = (1.0 - GAMMA) * (1.0 - GAMMA) / (GAMMA * (2.0 - GAMMA));
        let mut d1 = std::mem::take(&mut self.s1);
        let mut d2 = std::mem::take(&mut self.s2);
        let mut fl = std::mem::take(&mut self.line);
        if trbdf2 {
            sweep_y(self.gx.n, self.gy.n, &self.ry, f, 2.0 * k, &self.density, 0.0, None, &mut d1, &mut fl);
            add(&mut self.density, &d1);
            sweep_y(self.gx.n, self.gy.n, &self.ry, f, k, &self.density, beta, Some(&d1), &mut d2, &mut fl);
            add(&mut self.density, &d2);
        } else {
            sweep_y(self.gx.n, self.gy.n, &self.ry, f, k, &self.density, 0.0, None, &mut d1, &mut fl);
            add(&mut self.density, &d1);
        }
        self.s1 = d1;
        self.s2 = d2;
        self.line = fl;
    }

    /// Face currents: `jx` (`(n₁+1)·n₂`, x-face layout) and `jy` (`n₁·(n₂+1)`), the flux per
    /// unit length of face, `J = h (k→ p_L − k← p_R)` (0 on reflecting faces; the outflow on
    /// absorbing ones).
    pub fn current(&self, jx: &mut [f64], jy: &mut [f64]) {
        let (n1, n2) = (self.gx.n, self.gy.n);
        let (h1, h2) = (self.gx.h, self.gy.h);
        let p = &self.density;
        for j in 0..n2 {
            for f in 0..=n1 {
                let idx = j * (n1 + 1) + f;
                let from_l = if f > 0 { self.rx.right[idx] * p[j * n1 + f - 1] } else { 0.0 };
                let from_r = if f < n1 { self.rx.left[idx] * p[j * n1 + f] } else { 0.0 };
                jx[idx] = h1 * (from_l - from_r);
            }
        }
        for g in 0..=n2 {
            for i in 0..n1 {
                let idx = g * n1 + i;
                let from_l = if g > 0 { self.ry.right[idx] * p[idx - n1] } else { 0.0 };
                let from_r = if g < n2 { self.ry.left[idx] * p[idx] } else { 0.0 };
                jy[idx] = h2 * (from_l - from_r);
            }
        }
        if self.d12 != 0.0 {
            let mut cx = vec![0.0; jx.len()];
            let mut cy = vec![0.0; jy.len()];
            self.cross_fluxes(p, &mut cx, &mut cy);
            add(jx, &cx);
            add(jy, &cy);
        }
    }

    /// Mean first-passage time to the cells with `target[k]` (or out through an absorbing
    /// side): the backward equation `L†τ = −1` off the target, `τ = 0` on it, by the same
    /// ILU(0)-BiCGSTAB (started from 0). Errors if no target and no absorbing side.
    pub fn mean_first_passage_time(&self, target: &[bool], tol: f64, max_iter: usize) -> SgdResult<(Vec<f64>, usize)> {
        let n = self.density.len();
        if target.len() != n {
            return Err(SgdError::invalid(format!("target.length = {} is not allowed: it must be cellsX·cellsY = {n}", target.len())));
        }
        if self.d12 != 0.0 {
            return Err(SgdError::invalid("meanFirstPassageTime(): not supported yet with an off-diagonal diffusion (diffusion[0][1] != 0)"));
        }
        let absorbing = [self.gx.left, self.gx.right, self.gy.left, self.gy.right].contains(&Boundary::Absorbing);
        if !absorbing && !target.iter().any(|t| *t) {
            return Err(SgdError::invalid("meanFirstPassageTime(): the target contains no cell and no side is absorbing"));
        }
        let op = PinnedOperator::backward(self, target)?;
        let b: Vec<f64> = target.iter().map(|t| if *t { 0.0 } else { 1.0 }).collect();
        let mut x = zeros(n, "mfpt")?;
        let it = bicgstab(&op, Some(&b), &mut x, tol, max_iter)?;
        Ok((x, it))
    }

    /// Lie-split backward-Euler steps with Δt = τ·4ᵏ, k = 0..13, τ = min(hᵢ²/Dᵢ) (from the
    /// cell time to beyond the diffusion time across the domain), then scaled to max 1.
    fn relax(&self, x: &mut [f64]) -> SgdResult<()> {
        let (n1, n2) = (self.gx.n, self.gy.n);
        let n = n1 * n2;
        let rate = |r: &DirRates| r.right.iter().chain(&r.left).cloned().fold(0.0f64, f64::max);
        let tau = 1.0 / rate(&self.rx).max(rate(&self.ry)).max(1e-300);
        let mut d = zeros(n, "stationary")?;
        let mut fl = zeros(n1, "stationary")?;
        let mass: f64 = x.iter().sum();
        x.iter_mut().for_each(|v| *v /= mass);
        for k in 0..14 {
            let dt = tau * 4f64.powi(k);
            let fx = self.factor_x(dt)?;
            sweep_x(n1, n2, &self.rx, &fx, dt, x, 0.0, None, &mut d);
            add(x, &d);
            drop(fx);
            let fy = self.factor_y(dt)?;
            sweep_y(n1, n2, &self.ry, &fy, dt, x, 0.0, None, &mut d, &mut fl);
            add(x, &d);
        }
        let top = x.iter().cloned().fold(0.0f64, f64::max);
        if !(top > 0.0 && top.is_finite()) {
            return Err(SgdError::invalid("stationary(): the relaxation of the initial guess failed"));
        }
        x.iter_mut().for_each(|v| *v = (*v / top).max(0.0));
        Ok(())
    }

    /// The stationary density (see the module doc), normalised to `h₁h₂ Σ p = 1`. Returns
    /// the density and the number of BiCGSTAB iterations.
    pub fn stationary(&self, tol: f64, max_iter: usize) -> SgdResult<(Vec<f64>, usize)> {
        let (n1, n2) = (self.gx.n, self.gy.n);
        if [self.gx.left, self.gx.right, self.gy.left, self.gy.right].contains(&Boundary::Absorbing) {
            return Err(SgdError::invalid("stationary(): with an absorbing boundary the only stationary density is 0"));
        }
        let n = n1 * n2;
        // Detailed-balance guess in log space.
        let mut w = zeros(n, "stationary")?;
        let lr = |r: f64, l: f64| -> f64 { r.ln() - l.ln() };
        for i in 1..n1 {
            w[i] = w[i - 1] + lr(self.rx.right[i], self.rx.left[i]);
        }
        for g in 1..n2 {
            for i in 0..n1 {
                let k = g * n1 + i;
                w[k] = w[k - n1] + lr(self.ry.right[k], self.ry.left[k]);
            }
        }
        if let Some(k) = w.iter().position(|v| !v.is_finite()) {
            return Err(SgdError::invalid(format!("stationary(): a face near cell {k} carries flux one way only (drift too strong for the cell width)")));
        }
        let top = w.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        let mut x: Vec<f64> = w.iter().map(|v| (v - top).exp()).collect();
        drop(w);
        let mut op = PinnedOperator::new(self, argmax(&x))?;
        let mut iterations = 0;
        if bicgstab(&op, None, &mut x, tol, 0).is_err() {
            // Not a gradient drift: the path-integrated guess can be far off (its maximum in
            // the wrong place). Relax it with large backward-Euler steps (positive and
            // mass-conserving, so nothing can overflow), pivot on the maximum of the result.
            self.relax(&mut x)?;
            op = PinnedOperator::new(self, argmax(&x))?;
            iterations += bicgstab(&op, None, &mut x, tol, max_iter)?;
            // If the pivot still sat in a low-density region, re-pivot on the solution.
            for _ in 0..3 {
                let top = x.iter().cloned().fold(0.0f64, f64::max);
                if top <= 1e3 {
                    break;
                }
                x.iter_mut().for_each(|v| *v /= top);
                op = PinnedOperator::new(self, argmax(&x))?;
                iterations += bicgstab(&op, None, &mut x, tol, max_iter)?;
            }
        }
        // Krylov round-off can leave entries of order −tol·max p where p is tiny: clamp those
        // (a genuinely negative solution would be far larger and is left visible; with a
        // mixed term the scheme is not positivity preserving, so nothing is clamped).
        let top = x.iter().cloned().fold(0.0f64, f64::max);
        x.iter_mut().for_each(|v| {
            if *v < 0.0 && *v > -1e-10 * top && self.d12 == 0.0 {
                *v = 0.0
            }
        });
        let mass: f64 = x.iter().sum::<f64>() * self.cell_area();
        if !(mass > 0.0 && mass.is_finite()) {
            return Err(SgdError::invalid("stationary(): the stationary density could not be normalised"));
        }
        x.iter_mut().for_each(|v| *v /= mass);
        Ok((x, iterations))
    }
}

fn argmax(x: &[f64]) -> usize {
    let mut best = 0;
    for (k, v) in x.iter().enumerate() {
        if *v > x[best] {
            best = k;
        }
    }
    best
}

fn add(p: &mut [f64], d: &[f64]) {
    for (a, b) in p.iter_mut().zip(d) {
        *a += *b;
    }
}

/// `out = (I − cM₁)⁻¹ (k M₁ p + β·extra)` row by row (flux-form right-hand side fused with
/// the forward elimination).
#[allow(clippy::too_many_arguments)]
fn sweep_x(n1: usize, n2: usize, rates: &DirRates, f: &LineFactors, k: f64, p: &[f64], beta: f64, extra: Option<&[f64]>, out: &mut [f64]) {
    for j in 0..n2 {
        let base = j * n1;
        let pr = &p[base..base + n1];
        let rr = &rates.right[j * (n1 + 1)..(j + 1) * (n1 + 1)];
        let ll = &rates.left[j * (n1 + 1)..(j + 1) * (n1 + 1)];
        let mult = &f.mult[base..base + n1];
        let o = &mut out[base..base + n1];
        let mut f_left = -ll[0] * pr[0];
        let mut prev = 0.0;
        for i in 0..n1 {
            let f_right = if i + 1 < n1 { rr[i + 1] * pr[i] - ll[i + 1] * pr[i + 1] } else { rr[n1] * pr[i] };
            let mut rhs = k * (f_left - f_right);
            if let Some(e) = extra {
                rhs += beta * e[base + i];
            }
            let v = rhs - mult[i] * prev;
            o[i] = v;
            prev = v;
            f_left = f_right;
        }
        let ip = &f.inv_pivot[base..base + n1];
        let us = &f.sup_scaled[base..base + n1];
        let mut next = o[n1 - 1] * ip[n1 - 1];
        o[n1 - 1] = next;
        for i in (0..n1 - 1).rev() {
            next = o[i] * ip[i] - us[i] * next;
            o[i] = next;
        }
    }
}

/// The y-direction analogue of `sweep_x`, all columns at once (inner loops over x are
/// contiguous). `fl` holds the flux through the current face of each column.
#[allow(clippy::too_many_arguments)]
fn sweep_y(n1: usize, n2: usize, rates: &DirRates, f: &LineFactors, k: f64, p: &[f64], beta: f64, extra: Option<&[f64]>, out: &mut [f64], fl: &mut [f64]) {
    let (r, l) = (&rates.right, &rates.left);
    for i in 0..n1 {
        fl[i] = -l[i] * p[i];
    }
    for g in 0..n2 {
        let base = g * n1;
        for i in 0..n1 {
            let idx = base + i;
            let f_right = if g + 1 < n2 { r[idx + n1] * p[idx] - l[idx + n1] * p[idx + n1] } else { r[idx + n1] * p[idx] };
            let mut rhs = k * (fl[i] - f_right);
            if let Some(e) = extra {
                rhs += beta * e[idx];
            }
            out[idx] = if g > 0 { rhs - f.mult[idx] * out[idx - n1] } else { rhs };
            fl[i] = f_right;
        }
    }
    let last = (n2 - 1) * n1;
    for i in 0..n1 {
        out[last + i] *= f.inv_pivot[last + i];
    }
    for g in (0..n2 - 1).rev() {
        let base = g * n1;
        for i in 0..n1 {
            let idx = base + i;
            out[idx] = out[idx] * f.inv_pivot[idx] - f.sup_scaled[idx] * out[idx + n1];
        }
    }
}

/// `A = −M` with row `pivot` replaced by `e_pivotᵀ` (coefficients precomputed per cell,
/// zero where a neighbour is missing), and its ILU(0) factor, which for the 5-point
/// pattern in natural order only changes the diagonal.
struct PinnedOperator<'a> {
    /// The solver, when its mixed term must be added in `apply` (not in the ILU pattern).
    cross: Option<&'a FokkerPlanck2D>,
    scratch: std::cell::RefCell<(Vec<f64>, Vec<f64>)>,
    n1: usize,
    pivot: usize,
    west: Vec<f64>,
    east: Vec<f64>,
    south: Vec<f64>,
    north: Vec<f64>,
    diag: Vec<f64>,
    inv_d: Vec<f64>,
}

impl<'a> PinnedOperator<'a> {
    fn empty(n1: usize, n: usize, pivot: usize) -> SgdResult<Self> {
        Ok(PinnedOperator {
            cross: None,
            scratch: std::cell::RefCell::new((Vec::new(), Vec::new())),
            n1,
            pivot,
            west: zeros(n, "krylov")?,
            east: zeros(n, "krylov")?,
            south: zeros(n, "krylov")?,
            north: zeros(n, "krylov")?,
            diag: zeros(n, "krylov")?,
            inv_d: zeros(n, "krylov")?,
        })
    }

    fn new(fp: &'a FokkerPlanck2D, pivot: usize) -> SgdResult<Self> {
        let (n1, n2) = (fp.gx.n, fp.gy.n);
        let mut op = PinnedOperator::empty(n1, n1 * n2, pivot)?;
        if fp.d12 != 0.0 {
            op.cross = Some(fp);
            op.scratch = std::cell::RefCell::new((zeros((n1 + 1) * n2, "krylov")?, zeros(n1 * (n2 + 1), "krylov")?));
        }
        op.assemble(fp, |k| k == pivot, false)?;
        Ok(op)
    }

    /// The backward operator `−L†` (L† u = Σ rate(k→m)(u_m − u_k), absorbing faces leading
    /// to u = 0) with the rows of `fixed` cells replaced by the identity.
    fn backward(fp: &FokkerPlanck2D, fixed: &[bool]) -> SgdResult<Self> {
        let (n1, n2) = (fp.gx.n, fp.gy.n);
        let mut op = PinnedOperator::empty(n1, n1 * n2, usize::MAX)?;
        op.assemble(fp, |k| fixed[k], true)?;
        Ok(op)
    }

    /// Fills the five-point generator stencil from the face rates and factors it. Row k is
    /// the identity where `pinned(k)`; otherwise the off-diagonals are the rates *into* k
    /// (forward operator −L) or, with `transpose`, the rates *out of* k (backward −L†); the
    /// diagonal is the total outflow either way.
    fn assemble(&mut self, fp: &FokkerPlanck2D, pinned: impl Fn(usize) -> bool, transpose: bool) -> SgdResult<()> {
        let (n1, n2) = (fp.gx.n, fp.gy.n);
        let (xr, xl, yr, yl) = (&fp.rx.right, &fp.rx.left, &fp.ry.right, &fp.ry.left);
        let (xin, xout, yin, yout) = if transpose { (xl, xr, yl, yr) } else { (xr, xl, yr, yl) };
        for j in 0..n2 {
            for i in 0..n1 {
                let k = j * n1 + i;
                if pinned(k) {
                    self.diag[k] = 1.0;
                    continue;
                }
                let fx = j * (n1 + 1) + i;
                self.west[k] = if i > 0 { -xin[fx] } else { 0.0 };
                self.east[k] = if i + 1 < n1 { -xout[fx + 1] } else { 0.0 };
                self.south[k] = if j > 0 { -yin[k] } else { 0.0 };
                self.north[k] = if j + 1 < n2 { -yout[k + n1] } else { 0.0 };
                self.diag[k] = xl[fx] + xr[fx + 1] + yl[k] + yr[k + n1];
            }
        }
        self.factor()
    }

    fn factor(&mut self) -> SgdResult<()> {
        let n1 = self.n1;
        let op = self;
        for k in 0..op.diag.len() {
            let mut v = op.diag[k];
            if k >= 1 && op.west[k] != 0.0 {
                v -= op.west[k] * op.east[k - 1] * op.inv_d[k - 1];
            }
            if k >= n1 && op.south[k] != 0.0 {
                v -= op.south[k] * op.north[k - n1] * op.inv_d[k - n1];
            }
            if !(v.is_finite() && v != 0.0) {
                return Err(SgdError::invalid(format!("the ILU(0) preconditioner broke down at cell {k} (no way out of this cell?)")));
            }
            op.inv_d[k] = 1.0 / v;
        }
        Ok(())
    }

    fn apply(&self, x: &[f64], out: &mut [f64]) {
        let n1 = self.n1;
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
        if let Some(fp) = self.cross {
            // A = −M off the pivot row.
            let keep = out[self.pivot];
            let mut s = self.scratch.borrow_mut();
            let (jx, jy) = &mut *s;
            fp.add_cross(-1.0, x, out, jx, jy);
            out[self.pivot] = keep;
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

fn dot(a: &[f64], b: &[f64]) -> f64 {
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

/// Right-preconditioned BiCGSTAB for `A x = b` (`b = e_pivot` when `None`) from the initial `x`. Stops when
/// `‖r‖₂ ≤ tol · ‖diag(A)‖∞ · ‖x‖₂` (a backward-error test; x is O(1) at the pivot).
fn bicgstab(op: &PinnedOperator<'_>, b: Option<&[f64]>, x: &mut [f64], tol: f64, max_iter: usize) -> SgdResult<usize> {
    let n = x.len();
    let scale = op.diag.iter().fold(0.0f64, |a, b| a.max(b.abs()));
    let mut r = zeros(n, "krylov")?;
    op.apply(x, &mut r);
    for v in r.iter_mut() {
        *v = -*v;
    }
    match b {
        Some(b) => add(&mut r, b),
        None => r[op.pivot] += 1.0,
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
    for it in 1..=max_iter {
        let rho_new = dot(&r0, &r);
        if rho_new == 0.0 || !rho_new.is_finite() {
            break;
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
            break;
        }
    }
    Err(SgdError::invalid(format!("stationary(): BiCGSTAB did not converge to tol = {tol} within {max_iter} iterations")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(n1: usize, n2: usize, t: f64, u: impl Fn(f64, f64) -> f64) -> FokkerPlanck2D {
        let gx = Grid::new(-2.0, 2.0, n1, Boundary::Reflecting, Boundary::Reflecting).unwrap();
        let gy = Grid::new(-2.0, 2.0, n2, Boundary::Reflecting, Boundary::Reflecting).unwrap();
        let mut bx = vec![0.0; (n1 + 1) * n2];
        let mut by = vec![0.0; n1 * (n2 + 1)];
        for j in 0..n2 {
            for f in 1..n1 {
                bx[j * (n1 + 1) + f] = -(u(gx.centre(f), gy.centre(j)) - u(gx.centre(f - 1), gy.centre(j))) / gx.h;
            }
        }
        for g in 1..n2 {
            for i in 0..n1 {
                by[g * n1 + i] = -(u(gx.centre(i), gy.centre(g)) - u(gx.centre(i), gy.centre(g - 1))) / gy.h;
            }
        }
        FokkerPlanck2D::new(gx, gy, &bx, &by, t, t).unwrap()
    }

    #[test]
    fn gibbs_is_stationary_and_mass_is_conserved() {
        let u = |x: f64, y: f64| (x * x - 1.0).powi(2) + 0.5 * x * y + y * y;
        let mut fp = build(40, 30, 0.5, u);
        let (pi, _) = fp.stationary(1e-13, 1000).unwrap();
        let mut out = vec![0.0; 1200];
        fp.apply(&pi, &mut out);
        let m = pi.iter().cloned().fold(0.0, f64::max);
        assert!(out.iter().all(|v| v.abs() < 1e-10 * m), "residual");
        for scheme in [SplitScheme::BackwardEuler, SplitScheme::TrBdf2] {
            let mut p = vec![0.0; 1200];
            p[5] = 1.0 / fp.cell_area();
            fp.set_density(&p).unwrap();
            fp.evolve(4000, 0.05, scheme).unwrap();
            let mass: f64 = fp.density().iter().sum::<f64>() * fp.cell_area();
            assert!((mass - 1.0).abs() < 1e-13, "{mass}");
            let err: f64 = fp.density().iter().zip(&pi).map(|(a, b)| (a - b).abs()).sum::<f64>() * fp.cell_area();
            assert!(err < 1e-6, "{scheme:?}: {err}");
        }
    }

    #[test]
    fn non_gradient_drift_converges() {
        let n = 40;
        let gx = Grid::new(-4.0, 4.0, n, Boundary::Reflecting, Boundary::Reflecting).unwrap();
        let gy = gx.clone();
        let mut bx = vec![0.0; (n + 1) * n];
        let mut by = vec![0.0; n * (n + 1)];
        for j in 0..n {
            for f in 0..=n {
                let (x, y) = (gx.face(f), gy.centre(j));
                bx[j * (n + 1) + f] = -x + 0.8 * y;
            }
        }
        for g in 0..=n {
            for i in 0..n {
                let (x, y) = (gx.centre(i), gy.face(g));
                by[g * n + i] = -0.8 * x - y;
            }
        }
        let fp = FokkerPlanck2D::new(gx, gy, &bx, &by, 0.5, 0.3).unwrap();
        let (pi, it) = fp.stationary(1e-12, 2000).unwrap();
        assert!(it > 0);
        let mut out = vec![0.0; n * n];
        fp.apply(&pi, &mut out);
        let m = pi.iter().cloned().fold(0.0, f64::max);
        assert!(out.iter().all(|v| v.abs() < 1e-8 * m));
    }

    #[test]
    fn full_diffusion_conserves_mass_and_relaxes_to_the_krylov_stationary_density() {
        let n = 32;
        let gx = Grid::new(-4.0, 4.0, n, Boundary::Reflecting, Boundary::Reflecting).unwrap();
        let gy = gx.clone();
        let mut bx = vec![0.0; (n + 1) * n];
        let mut by = vec![0.0; n * (n + 1)];
        for j in 0..n {
            for f in 0..=n {
                bx[j * (n + 1) + f] = -gx.face(f) - 0.8 * gy.centre(j);
            }
        }
        for g in 0..=n {
            for i in 0..n {
                by[g * n + i] = 0.6 * gx.centre(i) - 1.5 * gy.face(g);
            }
        }
        assert!(FokkerPlanck2D::with_cross(gx.clone(), gy.clone(), &bx, &by, 0.5, 0.2, 0.4).is_err());
        let mut fp = FokkerPlanck2D::with_cross(gx, gy, &bx, &by, 0.5, 0.2, 0.15).unwrap();
        let (pi, it) = fp.stationary(1e-12, 2000).unwrap();
        assert!(it > 0);
        let mut out = vec![0.0; n * n];
        fp.apply(&pi, &mut out);
        let m = pi.iter().cloned().fold(0.0, f64::max);
        assert!(out.iter().all(|v| v.abs() < 1e-8 * m));
        for scheme in [SplitScheme::BackwardEuler, SplitScheme::TrBdf2] {
            let mut p = vec![0.0; n * n];
            p[n * n / 2 + 3] = 1.0 / fp.cell_area();
            fp.set_density(&p).unwrap();
            fp.evolve(600, 0.05, scheme).unwrap();
            let mass: f64 = fp.density().iter().sum::<f64>() * fp.cell_area();
            assert!((mass - 1.0).abs() < 1e-13, "{mass}");
            let err: f64 = fp.density().iter().zip(&pi).map(|(a, b)| (a - b).abs()).sum::<f64>() * fp.cell_area();
            assert!(err < 1e-8, "{scheme:?}: {err}");
        }
        assert!(fp.mean_first_passage_time(&vec![true; n * n], 1e-12, 10).is_err());
    }
}
