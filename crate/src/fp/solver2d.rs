//! The 2-D Fokker–Planck solver: `∂ₜp = −∇·(b p) + Σᵢⱼ ∂ᵢ∂ⱼ(Dᵢⱼ(x) p)` (Itô,
//! state-dependent positive-definite diffusion matrix) on a tensor grid of `n₁ × n₂`
//! finite-volume cells, each side reflecting, absorbing or periodic (periodic in pairs). The
//! diagonal part is described below; an off-diagonal `D₁₂` adds a 9-point mixed term (see
//! `new`). The backward equation (mean first-passage times, committors: `solve_backward`)
//! uses the transposed operator with the same Krylov solver (`krylov2d.rs`); the spectrum and
//! the quasi-stationary density are in `spectrum2d.rs`.
//!
//! **Layout.** Cell `(i, j)` (centre `(a₁ + (i+½)h₁, a₂ + (j+½)h₂)`) is `p[j·n₁ + i]`
//! (x fastest). The drift component `b₁` lives on the x-faces: face `(f, j)`, `f = 0..=n₁`,
//! at `(a₁ + f h₁, y_j)`, index `j·(n₁+1) + f`; `b₂` on the y-faces: face `(i, g)`,
//! `g = 0..=n₂`, at `(x_i, a₂ + g h₂)`, index `g·n₁ + i`.
//!
//! **Flux.** Every row `j` is a 1-D problem in x and every column `i` one in y; the rates
//! across each face are the 1-D Scharfetter–Gummel rates of `flux.rs` (`Rates::new` is
//! called per line with that line's `Dᵢᵢ` at faces and centres — the effective drift
//! `bᵢ − ∂ᵢDᵢᵢ` makes the flux Itô — so boundary handling, periodic seams included, is the
//! 1-D one). The generator is the sum
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
//!   conserved to rounding with reflecting or periodic boundaries. A periodic direction
//!   solves its cyclic tridiagonal lines by Sherman–Morrison (`CyclicLu`).
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
use super::krylov2d::{bicgstab, zeros, Kind, StencilOperator};
use super::tridiagonal::CyclicLu;
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

/// The diffusion matrix `D(x) = [[D₁₁, D₁₂], [D₁₂, D₂₂]]` sampled where the scheme needs it:
/// `D₁₁` on the x-faces (`(n₁+1)·n₂`, x-face layout) and at the centres (`n₁·n₂`), `D₂₂` on
/// the y-faces (`n₁·(n₂+1)`) and at the centres, `D₁₂` at the centres (`None`: 0).
#[derive(Clone, Debug)]
pub struct Diffusion2D {
    pub xx_faces: Vec<f64>,
    pub xx_centres: Vec<f64>,
    pub yy_faces: Vec<f64>,
    pub yy_centres: Vec<f64>,
    pub xy_centres: Option<Vec<f64>>,
}

impl Diffusion2D {
    /// A constant matrix `[[d1, d12], [d12, d2]]` on an `n₁ × n₂` grid.
    pub fn constant(n1: usize, n2: usize, d1: f64, d2: f64, d12: f64) -> Diffusion2D {
        Diffusion2D {
            xx_faces: vec![d1; (n1 + 1) * n2],
            xx_centres: vec![d1; n1 * n2],
            yy_faces: vec![d2; n1 * (n2 + 1)],
            yy_centres: vec![d2; n1 * n2],
            xy_centres: if d12 == 0.0 { None } else { Some(vec![d12; n1 * n2]) },
        }
    }
}

/// Thomas factors of `I − cMₗ` for every line of one direction, stored like the density.
struct LineFactors {
    mult: Vec<f64>,
    inv_pivot: Vec<f64>,
    sup_scaled: Vec<f64>,
}

/// The factors of one direction: plain lines, or cyclic ones (Sherman–Morrison) when periodic.
enum DirFactors {
    Plain(LineFactors),
    Cyclic(Vec<CyclicLu>),
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
    fx: DirFactors,
    fy: DirFactors,
}

/// A 2-D Fokker–Planck problem on a tensor grid (module doc).
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
    /// Off-diagonal diffusion `D₁₂` at the centres (`None`: the 5-point scheme above).
    d12: Option<Vec<f64>>,
}

fn oom(what: &str, words: usize) -> SgdError {
    SgdError { code: ErrorCode::OutOfMemory, message: format!("{what}: cannot allocate {words} f64: out of memory; use fewer cells"), divergence: None }
}

fn check_positive(name: &str, v: &[f64], at: impl Fn(usize) -> (f64, f64)) -> SgdResult<()> {
    match v.iter().position(|d| !(d.is_finite() && *d > 0.0)) {
        None => Ok(()),
        Some(k) => {
            let (x, y) = at(k);
            Err(SgdError::invalid(format!(
                "{name}[{k}] = {} at (x, y) = ({x}, {y}) is not allowed: the diffusion matrix must be positive definite (finite diagonal entries > 0) on the whole grid",
                v[k]
            )))
        }
    }
}

impl FokkerPlanck2D {
    /// `drift_x`: `(n₁+1)·n₂` x-face values, `drift_y`: `n₁·(n₂+1)` y-face values (layout in
    /// the module doc); `diffusion` sampled as `Diffusion2D` says, positive definite at every
    /// sample. Periodic directions use face 0 (between cells n−1 and 0) and ignore face n.
    /// The initial density is uniform.
    ///
    /// The mixed term `∂₁∂₂(2D₁₂p)` is the divergence of the face fluxes `−∂₂(D₁₂p)` (x-faces)
    /// and `−∂₁(D₁₂p)` (y-faces), each the centred difference of `q = D₁₂p` over the cells
    /// beside the face (one-sided at a non-periodic edge; zero on non-periodic boundary
    /// faces): a conservative 9-point stencil, **not** positivity preserving. Time stepping is
    /// then the Douglas scheme (θ = 1 for backward Euler, θ = ½ for "tr-bdf2"; the mixed term
    /// is explicit, so first order in time; In 't Hout & Welfert, Appl. Numer. Math. 59 (2009)
    /// 677, unconditional stability for θ ≥ ½).
    pub fn new(gx: Grid, gy: Grid, drift_x: &[f64], drift_y: &[f64], diffusion: &Diffusion2D) -> SgdResult<Self> {
        let (n1, n2) = (gx.n, gy.n);
        if n1.checked_mul(n2).map_or(true, |c| c > MAX_CELLS) {
            return Err(SgdError::invalid(format!("cells = [{n1}, {n2}] is not allowed: at most {MAX_CELLS} cells in total")));
        }
        let n = n1 * n2;
        if drift_x.len() != (n1 + 1) * n2 {
            return Err(SgdError::invalid(format!("driftX.length = {} is not allowed: it must be (cellsX + 1)·cellsY = {}", drift_x.len(), (n1 + 1) * n2)));
        }
        if drift_y.len() != n1 * (n2 + 1) {
            return Err(SgdError::invalid(format!("driftY.length = {} is not allowed: it must be cellsX·(cellsY + 1) = {}", drift_y.len(), n1 * (n2 + 1))));
        }
        let d = diffusion;
        for (name, v, len) in [
            ("diffusionXXFaces", &d.xx_faces, (n1 + 1) * n2),
            ("diffusionXXCentres", &d.xx_centres, n),
            ("diffusionYYFaces", &d.yy_faces, n1 * (n2 + 1)),
            ("diffusionYYCentres", &d.yy_centres, n),
        ] {
            if v.len() != len {
                return Err(SgdError::invalid(format!("{name}.length = {} is not allowed: it must be {len}", v.len())));
            }
        }
        let centre = |k: usize| (gx.centre(k % n1), gy.centre(k / n1));
        check_positive("diffusionXXFaces", &d.xx_faces, |k| (gx.face(k % (n1 + 1)), gy.centre(k / (n1 + 1))))?;
        check_positive("diffusionXXCentres", &d.xx_centres, centre)?;
        check_positive("diffusionYYFaces", &d.yy_faces, |k| (gx.centre(k % n1), gy.face(k / n1)))?;
        check_positive("diffusionYYCentres", &d.yy_centres, centre)?;
        if let Some(xy) = &d.xy_centres {
            if xy.len() != n {
                return Err(SgdError::invalid(format!("diffusionXYCentres.length = {} is not allowed: it must be {n}", xy.len())));
            }
            for k in 0..n {
                let det = d.xx_centres[k] * d.yy_centres[k] - xy[k] * xy[k];
                if !(xy[k].is_finite() && det > 0.0) {
                    let (x, y) = centre(k);
                    return Err(SgdError::invalid(format!(
                        "diffusion = [[{}, {}], [{}, {}]] at (x, y) = ({x}, {y}) is not allowed: it must be symmetric positive definite (D11·D22 − D12² > 0)",
                        d.xx_centres[k], xy[k], xy[k], d.yy_centres[k]
                    )));
                }
            }
        }
        // Rough working-memory probe: rates 4, factors 6, density + scratch 4, Krylov 12, line buffers.
        {
            let words = n.saturating_add(n1 + n2 + 2).saturating_mul(28);
            let mut probe: Vec<f64> = Vec::new();
            probe.try_reserve_exact(words).map_err(|_| oom("FokkerPlanck2D", words))?;
        }
        let mut rx = DirRates { right: zeros((n1 + 1) * n2, "rates")?, left: zeros((n1 + 1) * n2, "rates")? };
        let mut ry = DirRates { right: zeros(n1 * (n2 + 1), "rates")?, left: zeros(n1 * (n2 + 1), "rates")? };
        let locate = |e: SgdError, what: String| SgdError::invalid(format!("{what}: {}", e.message));
        for j in 0..n2 {
            let (fs, cs) = (j * (n1 + 1)..(j + 1) * (n1 + 1), j * n1..(j + 1) * n1);
            let r = Rates::new(&gx, &drift_x[fs.clone()], &d.xx_faces[fs.clone()], &d.xx_centres[cs])
                .map_err(|e| locate(e, format!("driftX on row j = {j} (y = {})", gy.centre(j))))?;
            rx.right[fs.clone()].copy_from_slice(&r.right);
            rx.left[fs].copy_from_slice(&r.left);
        }
        let (mut col, mut df, mut dc) = (vec![0.0; n2 + 1], vec![0.0; n2 + 1], vec![0.0; n2]);
        for i in 0..n1 {
            for g in 0..=n2 {
                col[g] = drift_y[g * n1 + i];
                df[g] = d.yy_faces[g * n1 + i];
            }
            for g in 0..n2 {
                dc[g] = d.yy_centres[g * n1 + i];
            }
            let r = Rates::new(&gy, &col, &df, &dc).map_err(|e| locate(e, format!("driftY on column i = {i} (x = {})", gx.centre(i))))?;
            for g in 0..=n2 {
                ry.right[g * n1 + i] = r.right[g];
                ry.left[g * n1 + i] = r.left[g];
            }
        }
        let area = (gx.b - gx.a) * (gy.b - gy.a);
        let mut density = zeros(n, "density")?;
        density.iter_mut().for_each(|v| *v = 1.0 / area);
        let d12 = d.xy_centres.clone().filter(|v| v.iter().any(|x| *x != 0.0));
        Ok(FokkerPlanck2D { gx, gy, rx, ry, density, time: 0.0, stepper: None, s1: zeros(n, "scratch")?, s2: zeros(n, "scratch")?, line: zeros(n1.max(n2) + 1, "scratch")?, d12 })
    }

    /// Whether an off-diagonal diffusion (the 9-point mixed term) is present.
    pub fn has_cross(&self) -> bool {
        self.d12.is_some()
    }

    /// Number of faces, x-faces first: `(n₁+1)·n₂ + n₁·(n₂+1)`.
    pub fn face_count(&self) -> usize {
        (self.gx.n + 1) * self.gy.n + self.gx.n * (self.gy.n + 1)
    }

    /// The jump rates `(x right, x left, y right, y left)` in the face layouts of the module doc.
    pub fn rates(&self) -> (&[f64], &[f64], &[f64], &[f64]) {
        (&self.rx.right, &self.rx.left, &self.ry.right, &self.ry.left)
    }

    /// Whether any side is absorbing.
    pub fn absorbing(&self) -> bool {
        [self.gx.left, self.gx.right, self.gy.left, self.gy.right].contains(&Boundary::Absorbing)
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

    /// Calls `visit(face, cell, w)` for every term `flux[face] += w · q[cell]` of the mixed-term
    /// face fluxes `−∂₂q` (x-faces, indices `0..(n₁+1)n₂`) and `−∂₁q` (y-faces, offset by
    /// `(n₁+1)n₂`), `q = D₁₂p` at the centres (see `new`). A periodic direction's face n is
    /// visited with the terms of its face 0 (the same physical face).
    fn cross_terms(&self, mut visit: impl FnMut(usize, usize, f64)) {
        let (n1, n2) = (self.gx.n, self.gy.n);
        let (h1, h2) = (self.gx.h, self.gy.h);
        let (px, py) = (self.gx.periodic(), self.gy.periodic());
        // Neighbouring lines (minus, plus) and the difference weight 1/w along a direction.
        let span = |j: usize, n: usize, h: f64, periodic: bool| -> (usize, usize, f64) {
            if periodic {
                ((j + n - 1) % n, (j + 1) % n, 1.0 / (4.0 * h))
            } else if j == 0 {
                (0, 1, 1.0 / (2.0 * h))
            } else if j + 1 == n {
                (n - 2, n - 1, 1.0 / (2.0 * h))
            } else {
                (j - 1, j + 1, 1.0 / (4.0 * h))
            }
        };
        for j in 0..n2 {
            let (jm, jp, w) = span(j, n2, h2, py);
            for f in 0..=n1 {
                if !px && (f == 0 || f == n1) {
                    continue;
                }
                let (l, r) = ((f + n1 - 1) % n1, f % n1);
                let face = j * (n1 + 1) + f;
                visit(face, jp * n1 + l, -w);
                visit(face, jp * n1 + r, -w);
                visit(face, jm * n1 + l, w);
                visit(face, jm * n1 + r, w);
            }
        }
        let off = (n1 + 1) * n2;
        for g in 0..=n2 {
            if !py && (g == 0 || g == n2) {
                continue;
            }
            let (lo, hi) = ((g + n2 - 1) % n2, g % n2);
            for i in 0..n1 {
                let (im, ip, w) = span(i, n1, h1, px);
                let face = off + g * n1 + i;
                visit(face, lo * n1 + ip, -w);
                visit(face, hi * n1 + ip, -w);
                visit(face, lo * n1 + im, w);
                visit(face, hi * n1 + im, w);
            }
        }
    }

    /// `out += k · M_c p`, the divergence of the mixed-term fluxes; `faces` (`face_count()`)
    /// and `cells` (`n₁n₂`) are scratch.
    pub fn add_cross(&self, k: f64, p: &[f64], out: &mut [f64], faces: &mut [f64], cells: &mut [f64]) {
        let Some(d12) = &self.d12 else { return };
        let (n1, n2) = (self.gx.n, self.gy.n);
        cells.iter_mut().zip(p).zip(d12).for_each(|((q, p), d)| *q = d * p);
        faces.iter_mut().for_each(|v| *v = 0.0);
        self.cross_terms(|face, cell, w| faces[face] += w * cells[cell]);
        let (jx, jy) = faces.split_at((n1 + 1) * n2);
        let (h1, h2) = (self.gx.h, self.gy.h);
        for j in 0..n2 {
            for i in 0..n1 {
                let fx = j * (n1 + 1) + i;
                let c = j * n1 + i;
                out[c] += k * ((jx[fx] - jx[fx + 1]) / h1 + (jy[c] - jy[c + n1]) / h2);
            }
        }
    }

    /// `out += k · M_cᵀ u` (the mixed term of the backward generator `L† = Mᵀ`): the transpose
    /// of `add_cross`, built from the same `cross_terms`.
    pub fn add_cross_transpose(&self, k: f64, u: &[f64], out: &mut [f64], faces: &mut [f64], cells: &mut [f64]) {
        let Some(d12) = &self.d12 else { return };
        let (n1, n2) = (self.gx.n, self.gy.n);
        let (h1, h2) = (self.gx.h, self.gy.h);
        // Transposed divergence: face value (u[cell above the face] − u[cell below])/h.
        let (ax, ay) = faces.split_at_mut((n1 + 1) * n2);
        for j in 0..n2 {
            for f in 0..=n1 {
                let up = if f < n1 { u[j * n1 + f] } else { 0.0 };
                let down = if f > 0 { u[j * n1 + f - 1] } else { 0.0 };
                ax[j * (n1 + 1) + f] = (up - down) / h1;
            }
        }
        for g in 0..=n2 {
            for i in 0..n1 {
                let up = if g < n2 { u[g * n1 + i] } else { 0.0 };
                let down = if g > 0 { u[(g - 1) * n1 + i] } else { 0.0 };
                ay[g * n1 + i] = (up - down) / h2;
            }
        }
        cells.iter_mut().for_each(|v| *v = 0.0);
        self.cross_terms(|face, cell, w| cells[cell] += w * faces[face]);
        for ((o, c), d) in out.iter_mut().zip(cells.iter()).zip(d12) {
            *o += k * d * c;
        }
    }

    /// `out = M p` (flux form), including the mixed term.
    pub fn apply(&self, p: &[f64], out: &mut [f64]) {
        self.apply_parts(p, out, true, true);
        if self.d12.is_some() {
            let mut faces = vec![0.0; self.face_count()];
            let mut cells = vec![0.0; p.len()];
            self.add_cross(1.0, p, out, &mut faces, &mut cells);
        }
    }

    /// `out = M₁ p`, `M₂ p` or both (no mixed term).
    fn apply_parts(&self, p: &[f64], out: &mut [f64], with_x: bool, with_y: bool) {
        let (n1, n2) = (self.gx.n, self.gy.n);
        let (px, py) = (self.gx.periodic(), self.gy.periodic());
        let (xr, xl, yr, yl) = (&self.rx.right, &self.rx.left, &self.ry.right, &self.ry.left);
        for j in 0..n2 {
            for i in 0..n1 {
                let k = j * n1 + i;
                let fx = j * (n1 + 1) + i;
                let (w, e) = (if i > 0 { Some(k - 1) } else if px { Some(k + n1 - 1) } else { None }, if i + 1 < n1 { Some(k + 1) } else if px { Some(j * n1) } else { None });
                let (s, nn) = (if j > 0 { Some(k - n1) } else if py { Some(k + (n2 - 1) * n1) } else { None }, if j + 1 < n2 { Some(k + n1) } else if py { Some(i) } else { None });
                let west = w.map_or(0.0, |m| xr[fx] * p[m]) - xl[fx] * p[k];
                let east = xr[fx + 1] * p[k] - e.map_or(0.0, |m| xl[fx + 1] * p[m]);
                let south = s.map_or(0.0, |m| yr[k] * p[m]) - yl[k] * p[k];
                let north = yr[k + n1] * p[k] - nn.map_or(0.0, |m| yl[k + n1] * p[m]);
                out[k] = if with_x { west - east } else { 0.0 } + if with_y { south - north } else { 0.0 };
            }
        }
    }

    /// Factors of `I − cM₁` (x) or `I − cM₂` (y) for every line: Thomas, or cyclic
    /// (Sherman–Morrison) in a periodic direction.
    fn factor_dir(&self, c: f64, along_x: bool) -> SgdResult<DirFactors> {
        let (n1, n2) = (self.gx.n, self.gy.n);
        let (len, lines, periodic) = if along_x { (n1, n2, self.gx.periodic()) } else { (n2, n1, self.gy.periodic()) };
        let rates = if along_x { &self.rx } else { &self.ry };
        // Cell s of line ℓ and face f of line ℓ, as flat indices.
        let face = |l: usize, f: usize| if along_x { l * (n1 + 1) + f } else { f * n1 + l };
        let cell = |l: usize, s: usize| if along_x { l * n1 + s } else { s * n1 + l };
        let singular = |l: usize, what: &str| {
            SgdError::invalid(format!("the implicit {} system is singular at {} {l} ({what})", if along_x { "x" } else { "y" }, if along_x { "row" } else { "column" }))
        };
        let (mut sub, mut diag, mut sup) = (vec![0.0; len], vec![0.0; len], vec![0.0; len]);
        let line = |l: usize, sub: &mut [f64], diag: &mut [f64], sup: &mut [f64]| {
            for s in 0..len {
                let (fl, fr) = (face(l, s), face(l, s + 1));
                diag[s] = 1.0 + c * (rates.left[fl] + rates.right[fr]);
                sub[s] = if s > 0 || periodic { -c * rates.right[fl] } else { 0.0 };
                sup[s] = if s + 1 < len || periodic { -c * rates.left[fr] } else { 0.0 };
            }
        };
        if periodic {
            let mut out = Vec::with_capacity(lines);
            for l in 0..lines {
                line(l, &mut sub, &mut diag, &mut sup);
                out.push(CyclicLu::new(&sub, &diag, &sup).map_err(|e| singular(l, &e.message))?);
            }
            return Ok(DirFactors::Cyclic(out));
        }
        let n = n1 * n2;
        let mut f = LineFactors { mult: zeros(n, "factors")?, inv_pivot: zeros(n, "factors")?, sup_scaled: zeros(n, "factors")? };
        for l in 0..lines {
            line(l, &mut sub, &mut diag, &mut sup);
            let mut pivot = 1.0;
            for s in 0..len {
                let k = cell(l, s);
                if s > 0 {
                    f.mult[k] = sub[s] / pivot;
                    pivot = diag[s] - f.mult[k] * sup[s - 1];
                } else {
                    pivot = diag[s];
                }
                if !(pivot.is_finite() && pivot > 0.0) {
                    return Err(singular(l, &format!("pivot {pivot}")));
                }
                f.inv_pivot[k] = 1.0 / pivot;
                f.sup_scaled[k] = sup[s] / pivot;
            }
        }
        Ok(DirFactors::Plain(f))
    }

    fn new_stepper(&self, scheme: SplitScheme, dt: f64) -> SgdResult<Stepper> {
        let c = match scheme {
            SplitScheme::BackwardEuler => dt,
            SplitScheme::TrBdf2 => (1.0 - std::f64::consts::FRAC_1_SQRT_2) * dt,
        };
        let (cx, cy) = match scheme {
            _ if self.d12.is_some() => {
                let theta = if scheme == SplitScheme::BackwardEuler { 1.0 } else { 0.5 };
                (theta * dt, theta * dt)
            }
            SplitScheme::BackwardEuler => (c, c),
            SplitScheme::TrBdf2 => (0.5 * c, c),
        };
        Ok(Stepper { scheme, dt, c, fx: self.factor_dir(cx, true)?, fy: self.factor_dir(cy, false)? })
    }

    /// `out = (I − cMₗ)⁻¹ (k Mₗ p + β·extra)` for direction x (`along_x`) or y.
    #[allow(clippy::too_many_arguments)]
    fn sweep(&self, along_x: bool, f: &DirFactors, k: f64, p: &[f64], beta: f64, extra: Option<&[f64]>, out: &mut [f64], fl: &mut [f64]) {
        let (n1, n2) = (self.gx.n, self.gy.n);
        match f {
            DirFactors::Plain(f) if along_x => sweep_x(n1, n2, &self.rx, f, k, p, beta, extra, out),
            DirFactors::Plain(f) => sweep_y(n1, n2, &self.ry, f, k, p, beta, extra, out, fl),
            DirFactors::Cyclic(lus) => {
                let rates = if along_x { &self.rx } else { &self.ry };
                let len = if along_x { n1 } else { n2 };
                let face = |l: usize, f: usize| if along_x { l * (n1 + 1) + f } else { f * n1 + l };
                let cell = |l: usize, s: usize| if along_x { l * n1 + s } else { s * n1 + l };
                let buf = &mut fl[..len];
                for (l, lu) in lus.iter().enumerate() {
                    // Flux through face f (0..len; face len = face 0): r p_{f−1} − l p_f.
                    let flux = |f: usize| {
                        let fi = face(l, f % len);
                        rates.right[fi] * p[cell(l, (f + len - 1) % len)] - rates.left[fi] * p[cell(l, f % len)]
                    };
                    let mut f_left = flux(0);
                    for s in 0..len {
                        let f_right = flux(s + 1);
                        buf[s] = k * (f_left - f_right) + extra.map_or(0.0, |e| beta * e[cell(l, s)]);
                        f_left = f_right;
                    }
                    lu.solve(buf);
                    for s in 0..len {
                        out[cell(l, s)] = buf[s];
                    }
                }
            }
        }
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
        let mut d1 = std::mem::take(&mut self.s1);
        let mut d2 = std::mem::take(&mut self.s2);
        let mut fl = std::mem::take(&mut self.line);
        let beta = (1.0 - GAMMA) * (1.0 - GAMMA) / (GAMMA * (2.0 - GAMMA));
        if self.d12.is_some() {
            let mut faces = zeros(self.face_count(), "scratch")?;
            let mut cells = zeros(self.density.len(), "scratch")?;
            for _ in 0..steps {
                // Douglas: (I − θΔtM₁)Δ₁ = Δt M p, (I − θΔtM₂)Δ₂ = Δ₁, p += Δ₂.
                self.apply_parts(&self.density, &mut d2, false, true);
                d2.iter_mut().for_each(|v| *v *= st.dt);
                self.add_cross(st.dt, &self.density, &mut d2, &mut faces, &mut cells);
                self.sweep(true, &st.fx, st.dt, &self.density, 1.0, Some(&d2), &mut d1, &mut fl);
                self.sweep(false, &st.fy, 0.0, &self.density, 1.0, Some(&d1), &mut d2, &mut fl);
                add(&mut self.density, &d2);
            }
        } else {
            // One sub-step in a direction. Backward Euler: k = Δt; TR-BDF2: k = c (the factor's coefficient).
            let mut substep = |fp: &mut Self, along_x: bool, f: &DirFactors, k: f64, trbdf2: bool| {
                if trbdf2 {
                    fp.sweep(along_x, f, 2.0 * k, &fp.density, 0.0, None, &mut d1, &mut fl);
                    add(&mut fp.density, &d1);
                    fp.sweep(along_x, f, k, &fp.density, beta, Some(&d1), &mut d2, &mut fl);
                    add(&mut fp.density, &d2);
                } else {
                    fp.sweep(along_x, f, k, &fp.density, 0.0, None, &mut d1, &mut fl);
                    add(&mut fp.density, &d1);
                }
            };
            for _ in 0..steps {
                match st.scheme {
                    SplitScheme::BackwardEuler => {
                        substep(self, true, &st.fx, st.dt, false);
                        substep(self, false, &st.fy, st.dt, false);
                    }
                    SplitScheme::TrBdf2 => {
                        substep(self, true, &st.fx, 0.5 * st.c, true);
                        substep(self, false, &st.fy, st.c, true);
                        substep(self, true, &st.fx, 0.5 * st.c, true);
                    }
                }
            }
        }
        self.s1 = d1;
        self.s2 = d2;
        self.line = fl;
        self.stepper = Some(st);
        if self.density.iter().any(|v| !v.is_finite()) {
            self.density.copy_from_slice(&backup);
            return Err(SgdError::invalid(format!("evolve: the density became non-finite with dt = {dt}; it was restored. Use a smaller dt")));
        }
        self.time += steps as f64 * dt;
        Ok(())
    }

    /// Face currents of the current density: `jx` (`(n₁+1)·n₂`, x-face layout) and `jy`
    /// (`n₁·(n₂+1)`), the flux per unit length of face, `J = h (k→ p_L − k← p_R)` plus the
    /// mixed-term flux (0 on reflecting faces; the outflow on absorbing ones; a periodic
    /// direction's face n repeats its face 0).
    pub fn current(&self, jx: &mut [f64], jy: &mut [f64]) {
        let (n1, n2) = (self.gx.n, self.gy.n);
        let (h1, h2) = (self.gx.h, self.gy.h);
        let (px, py) = (self.gx.periodic(), self.gy.periodic());
        let p = &self.density;
        for j in 0..n2 {
            for f in 0..=n1 {
                let idx = j * (n1 + 1) + f;
                let below = if f > 0 { Some(j * n1 + f - 1) } else if px { Some(j * n1 + n1 - 1) } else { None };
                let above = if f < n1 { Some(j * n1 + f) } else if px { Some(j * n1) } else { None };
                jx[idx] = h1 * (below.map_or(0.0, |m| self.rx.right[idx] * p[m]) - above.map_or(0.0, |m| self.rx.left[idx] * p[m]));
            }
        }
        for g in 0..=n2 {
            for i in 0..n1 {
                let idx = g * n1 + i;
                let below = if g > 0 { Some(idx - n1) } else if py { Some((n2 - 1) * n1 + i) } else { None };
                let above = if g < n2 { Some(idx) } else if py { Some(i) } else { None };
                jy[idx] = h2 * (below.map_or(0.0, |m| self.ry.right[idx] * p[m]) - above.map_or(0.0, |m| self.ry.left[idx] * p[m]));
            }
        }
        if self.d12.is_some() {
            let mut faces = vec![0.0; self.face_count()];
            let mut cells = vec![0.0; p.len()];
            let d12 = self.d12.as_ref().expect("checked");
            cells.iter_mut().zip(p).zip(d12).for_each(|((q, p), d)| *q = d * p);
            self.cross_terms(|face, cell, w| faces[face] += w * cells[cell]);
            let (cx, cy) = faces.split_at(jx.len());
            add(jx, cx);
            add(jy, cy);
        }
    }

    /// Entropy production rate of the current density (Schnakenberg, Rev. Mod. Phys. 48
    /// (1976) 571): `σ = Σ_faces (F⁺ − F⁻) ln(F⁺/F⁻)` over the one-way probability fluxes
    /// `F⁺ = h₁h₂ k→ p_L`, `F⁻ = h₁h₂ k← p_R` of every interior (and periodic) face of the
    /// jump process. As `h → 0` it tends to `∫ Jᵀ D⁻¹ J / p` (diagonal D); 0 exactly at a
    /// detailed-balance state. A one-way flux (F = 0 on one side: a cell with p = 0 next to one
    /// with p > 0, e.g. where a Krylov solution was clamped at rounding level) counts as if
    /// that flux were the smallest positive double, which keeps the sum finite (the 1-D
    /// solver reports +∞ there). Not defined for the 9-point mixed term (D₁₂ ≠ 0), which is
    /// not a jump process.
    pub fn entropy_production(&self) -> SgdResult<f64> {
        if self.d12.is_some() {
            return Err(SgdError::invalid("entropyProduction(): not available with an off-diagonal diffusion (D12 != 0): the 9-point mixed term is not a jump process"));
        }
        let p = &self.density;
        if let Some(i) = p.iter().position(|v| *v < 0.0) {
            return Err(SgdError::invalid(format!("entropyProduction(): density[{i}] = {} < 0", p[i])));
        }
        let (n1, n2) = (self.gx.n, self.gy.n);
        let a = self.cell_area();
        let term = |fp: f64, fm: f64| -> f64 {
            if fp == fm {
                0.0
            } else {
                (fp - fm) * (fp.max(f64::MIN_POSITIVE).ln() - fm.max(f64::MIN_POSITIVE).ln())
            }
        };
        let mut s = 0.0;
        for j in 0..n2 {
            for f in 0..n1 {
                if f == 0 && !self.gx.periodic() {
                    continue;
                }
                let idx = j * (n1 + 1) + f;
                let below = j * n1 + (f + n1 - 1) % n1;
                s += term(a * self.rx.right[idx] * p[below], a * self.rx.left[idx] * p[j * n1 + f]);
            }
        }
        for g in 0..n2 {
            if g == 0 && !self.gy.periodic() {
                continue;
            }
            for i in 0..n1 {
                let idx = g * n1 + i;
                let below = ((g + n2 - 1) % n2) * n1 + i;
                s += term(a * self.ry.right[idx] * p[below], a * self.ry.left[idx] * p[idx]);
            }
        }
        Ok(s)
    }

    /// Solves the backward equation `L†u = −source` off the fixed cells, `u = fixed[k]` on the
    /// cells where `fixed[k]` is not NaN (`L† = Mᵀ`, the backward generator of the same
    /// discrete process, including the mixed term; absorbing faces lead to u = 0), by
    /// ILU(0)-BiCGSTAB started from 0. Returns the solution and the iteration count.
    /// Mean first-passage times: source 1, target fixed at 0; committor: source 0, A at 0, B at 1.
    pub fn solve_backward(&self, fixed: &[f64], source: f64, tol: f64, max_iter: usize, what: &str) -> SgdResult<(Vec<f64>, usize)> {
        let n = self.density.len();
        if fixed.len() != n {
            return Err(SgdError::invalid(format!("{what}: the set has length {} but the grid has cellsX·cellsY = {n} cells", fixed.len())));
        }
        if !self.absorbing() && fixed.iter().all(|v| v.is_nan()) {
            return Err(SgdError::invalid(format!("{what}: the target contains no cell and no side is absorbing")));
        }
        let op = StencilOperator::new(self, Kind::Backward, |k| !fixed[k].is_nan(), 0.0, 0.0)?;
        let b: Vec<f64> = fixed.iter().map(|v| if v.is_nan() { source } else { *v }).collect();
        let mut x = zeros(n, "backward")?;
        let it = bicgstab(&op, &b, &mut x, tol, max_iter, what)?;
        Ok((x, it))
    }

    /// Mean first-passage time to the cells with `target[k]` (or out through an absorbing
    /// side): `L†τ = −1` off the target, `τ = 0` on it (`solve_backward`).
    pub fn mean_first_passage_time(&self, target: &[bool], tol: f64, max_iter: usize) -> SgdResult<(Vec<f64>, usize)> {
        let fixed: Vec<f64> = target.iter().map(|t| if *t { 0.0 } else { f64::NAN }).collect();
        self.solve_backward(&fixed, 1.0, tol, max_iter, "meanFirstPassageTime()")
    }

    /// Committor `q = P(reach B before A)`: `L†q = 0` off A ∪ B, `q = 0` on A (and at absorbing
    /// sides), 1 on B (`solve_backward`).
    pub fn committor(&self, a: &[bool], b: &[bool], tol: f64, max_iter: usize) -> SgdResult<(Vec<f64>, usize)> {
        let n = self.density.len();
        if a.len() != n || b.len() != n {
            return Err(SgdError::invalid(format!("committor(): A and B must have cellsX·cellsY = {n} entries")));
        }
        if let Some(k) = (0..n).find(|&k| a[k] && b[k]) {
            return Err(SgdError::invalid(format!("committor(): A and B must not overlap (both contain cell {k})")));
        }
        if !b.iter().any(|v| *v) || (!a.iter().any(|v| *v) && !self.absorbing()) {
            return Err(SgdError::invalid("committor(): B must contain a cell, and A a cell unless a side is absorbing"));
        }
        let fixed: Vec<f64> = (0..n).map(|k| if a[k] { 0.0 } else if b[k] { 1.0 } else { f64::NAN }).collect();
        self.solve_backward(&fixed, 0.0, tol, max_iter, "committor()")
    }

    /// Lie-split backward-Euler steps with Δt = τ·4ᵏ, k = 0..13, τ = 1/max rate (from the
    /// cell time to beyond the diffusion time across the domain), then scaled to max 1.
    fn relax(&self, x: &mut [f64]) -> SgdResult<()> {
        let n = x.len();
        let rate = |r: &DirRates| r.right.iter().chain(&r.left).cloned().fold(0.0f64, f64::max);
        let tau = 1.0 / rate(&self.rx).max(rate(&self.ry)).max(1e-300);
        let mut d = zeros(n, "stationary")?;
        let mut fl = zeros(self.gx.n.max(self.gy.n) + 1, "stationary")?;
        let mass: f64 = x.iter().sum();
        x.iter_mut().for_each(|v| *v /= mass);
        for k in 0..14 {
            let dt = tau * 4f64.powi(k);
            for along_x in [true, false] {
                let f = self.factor_dir(dt, along_x)?;
                self.sweep(along_x, &f, dt, x, 0.0, None, &mut d, &mut fl);
                add(x, &d);
            }
        }
        let top = x.iter().cloned().fold(0.0f64, f64::max);
        if !(top > 0.0 && top.is_finite()) {
            return Err(SgdError::invalid("stationary(): the relaxation of the initial guess failed"));
        }
        x.iter_mut().for_each(|v| *v = (*v / top).max(0.0));
        Ok(())
    }

    /// `ln w` of the detailed-balance weights obtained by integrating the face log-ratios
    /// `ln(k→/k←)` along row 0 and then up every column (`w = 0` at cell 0). For a process in
    /// detailed balance (every face, periodic ones included) `w ∝ π` exactly.
    pub fn log_weights(&self) -> SgdResult<Vec<f64>> {
        let (n1, n2) = (self.gx.n, self.gy.n);
        let mut w = zeros(n1 * n2, "stationary")?;
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
            return Err(SgdError::invalid(format!("a face near cell {k} carries flux one way only (drift too strong for the cell width)")));
        }
        Ok(w)
    }

    /// Whether the discrete process is in detailed balance with `e^{w}` (`w = log_weights()`):
    /// no mixed term, and every interior and periodic face has `ln(k→/k←) = w_R − w_L` to
    /// `1e-9·(1 + |w|)`. Then `−M` is similar to a symmetric matrix and its spectrum is real.
    pub fn detailed_balance(&self, w: &[f64]) -> bool {
        if self.d12.is_some() {
            return false;
        }
        let (n1, n2) = (self.gx.n, self.gy.n);
        let ok = |r: f64, l: f64, lo: usize, hi: usize| {
            let d = w[hi] - w[lo];
            ((r.ln() - l.ln()) - d).abs() <= 1e-9 * (1.0 + w[hi].abs().max(w[lo].abs()))
        };
        for j in 0..n2 {
            for f in 0..n1 {
                if f == 0 && !self.gx.periodic() {
                    continue;
                }
                let idx = j * (n1 + 1) + f;
                if !ok(self.rx.right[idx], self.rx.left[idx], j * n1 + (f + n1 - 1) % n1, j * n1 + f) {
                    return false;
                }
            }
        }
        for g in 0..n2 {
            if g == 0 && !self.gy.periodic() {
                continue;
            }
            for i in 0..n1 {
                let idx = g * n1 + i;
                if !ok(self.ry.right[idx], self.ry.left[idx], ((g + n2 - 1) % n2) * n1 + i, idx) {
                    return false;
                }
            }
        }
        true
    }

    /// The stationary density (see the module doc), normalised to `h₁h₂ Σ p = 1`. Returns
    /// the density and the number of BiCGSTAB iterations.
    pub fn stationary(&self, tol: f64, max_iter: usize) -> SgdResult<(Vec<f64>, usize)> {
        if self.absorbing() {
            return Err(SgdError::invalid("stationary(): with an absorbing boundary the only stationary density is 0; use escapeRate() for the quasi-stationary density"));
        }
        let w = self.log_weights().map_err(|e| SgdError::invalid(format!("stationary(): {}", e.message)))?;
        let top = w.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        let mut x: Vec<f64> = w.iter().map(|v| (v - top).exp()).collect();
        drop(w);
        let n = x.len();
        let solve = |x: &mut [f64], iters: usize| -> SgdResult<usize> {
            let pivot = argmax(x);
            let op = StencilOperator::new(self, Kind::Forward, |k| k == pivot, 0.0, 0.0)?;
            let mut b = zeros(n, "stationary")?;
            b[pivot] = x[pivot];
            bicgstab(&op, &b, x, tol, iters, "stationary()")
        };
        let mut iterations = 0;
        if solve(&mut x, 0).is_err() {
            // Not a gradient drift: the path-integrated guess can be far off (its maximum in
            // the wrong place). Relax it with large backward-Euler steps (positive and
            // mass-conserving, so nothing can overflow), pivot on the maximum of the result.
            self.relax(&mut x)?;
            iterations += solve(&mut x, max_iter)?;
            // If the pivot still sat in a low-density region, re-pivot on the solution.
            for _ in 0..3 {
                let top = x.iter().cloned().fold(0.0f64, f64::max);
                if top <= 1e3 {
                    break;
                }
                x.iter_mut().for_each(|v| *v /= top);
                iterations += solve(&mut x, max_iter)?;
            }
        }
        // Krylov round-off can leave entries of order −tol·max p where p is tiny: clamp those
        // (a genuinely negative solution would be far larger and is left visible; with a
        // mixed term the scheme is not positivity preserving, so nothing is clamped).
        let top = x.iter().cloned().fold(0.0f64, f64::max);
        x.iter_mut().for_each(|v| {
            if *v < 0.0 && *v > -1e-10 * top && self.d12.is_none() {
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
        FokkerPlanck2D::new(gx, gy, &bx, &by, &Diffusion2D::constant(n1, n2, t, t, 0.0)).unwrap()
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
        let fp = FokkerPlanck2D::new(gx, gy, &bx, &by, &Diffusion2D::constant(n, n, 0.5, 0.3, 0.0)).unwrap();
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
        assert!(FokkerPlanck2D::new(gx.clone(), gy.clone(), &bx, &by, &Diffusion2D::constant(n, n, 0.5, 0.2, 0.4)).is_err());
        let mut fp = FokkerPlanck2D::new(gx, gy, &bx, &by, &Diffusion2D::constant(n, n, 0.5, 0.2, 0.15)).unwrap();
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
        assert!(fp.mean_first_passage_time(&vec![false; n * n], 1e-12, 10).is_err());
    }

    #[test]
    fn the_backward_operator_is_the_transpose_of_the_forward_one() {
        // ⟨u, M p⟩ = ⟨Mᵀ u, p⟩ with periodic x, reflecting/absorbing y, state-dependent D and
        // a mixed term: checks add_cross_transpose and the wrap couplings.
        let (n1, n2) = (7, 6);
        let gx = Grid::new(0.0, 1.0, n1, Boundary::Periodic, Boundary::Periodic).unwrap();
        let gy = Grid::new(-1.0, 1.0, n2, Boundary::Reflecting, Boundary::Absorbing).unwrap();
        let bx: Vec<f64> = (0..(n1 + 1) * n2).map(|k| (k as f64 * 0.37).sin()).collect();
        let by: Vec<f64> = (0..n1 * (n2 + 1)).map(|k| (k as f64 * 0.91).cos()).collect();
        let mut d = Diffusion2D::constant(n1, n2, 0.4, 0.3, 0.0);
        d.xx_faces.iter_mut().enumerate().for_each(|(k, v)| *v += 0.1 * (k as f64).sin().abs());
        d.xy_centres = Some((0..n1 * n2).map(|k| 0.1 * (k as f64 * 0.5).cos()).collect());
        let fp = FokkerPlanck2D::new(gx, gy, &bx, &by, &d).unwrap();
        let n = n1 * n2;
        let p: Vec<f64> = (0..n).map(|k| 1.0 + (k as f64 * 1.3).sin()).collect();
        let u: Vec<f64> = (0..n).map(|k| (k as f64 * 0.7).cos()).collect();
        let mut mp = vec![0.0; n];
        fp.apply(&p, &mut mp);
        // −Mᵀu from the backward operator (no pinned cells).
        let op = StencilOperator::new(&fp, Kind::Backward, |_| false, 0.0, 0.0).unwrap();
        let mut mtu = vec![0.0; n];
        op.apply(&u, &mut mtu);
        let lhs: f64 = u.iter().zip(&mp).map(|(a, b)| a * b).sum();
        let rhs: f64 = -mtu.iter().zip(&p).map(|(a, b)| a * b).sum::<f64>();
        assert!((lhs - rhs).abs() < 1e-12 * lhs.abs().max(1.0), "{lhs} vs {rhs}");
        // And the forward Krylov operator is −M.
        let op = StencilOperator::new(&fp, Kind::Forward, |_| false, 0.0, 0.0).unwrap();
        let mut a = vec![0.0; n];
        op.apply(&p, &mut a);
        assert!(a.iter().zip(&mp).all(|(x, y)| (x + y).abs() < 1e-12 * (1.0 + y.abs())));
    }

    #[test]
    fn periodic_gibbs_is_stationary_and_steps_conserve_mass() {
        use std::f64::consts::PI;
        let n = 24;
        let gx = Grid::new(0.0, 1.0, n, Boundary::Periodic, Boundary::Periodic).unwrap();
        let gy = Grid::new(0.0, 1.0, n, Boundary::Periodic, Boundary::Periodic).unwrap();
        let u = |x: f64, y: f64| (2.0 * PI * x).cos() + 0.5 * (2.0 * PI * (x + y)).sin();
        let (h, t) = (1.0 / n as f64, 0.4);
        let c = |i: usize| (i as f64 + 0.5) * h;
        let mut bx = vec![0.0; (n + 1) * n];
        let mut by = vec![0.0; n * (n + 1)];
        for j in 0..n {
            for f in 0..n {
                bx[j * (n + 1) + f] = -(u(c(f), c(j)) - u(c((f + n - 1) % n), c(j))) / h;
            }
        }
        for g in 0..n {
            for i in 0..n {
                by[g * n + i] = -(u(c(i), c(g)) - u(c(i), c((g + n - 1) % n))) / h;
            }
        }
        let mut fp = FokkerPlanck2D::new(gx, gy, &bx, &by, &Diffusion2D::constant(n, n, t, t, 0.0)).unwrap();
        let w = fp.log_weights().unwrap();
        assert!(fp.detailed_balance(&w));
        let (pi, it) = fp.stationary(1e-13, 100).unwrap();
        assert_eq!(it, 0);
        let z: f64 = (0..n * n).map(|k| (-u(c(k % n), c(k / n)) / t).exp()).sum::<f64>() * h * h;
        for k in 0..n * n {
            let want = (-u(c(k % n), c(k / n)) / t).exp() / z;
            assert!((pi[k] / want - 1.0).abs() < 1e-12);
        }
        for scheme in [SplitScheme::BackwardEuler, SplitScheme::TrBdf2] {
            let mut p = vec![0.0; n * n];
            p[3] = 1.0 / (h * h);
            fp.set_density(&p).unwrap();
            fp.evolve(500, 0.01, scheme).unwrap();
            let mass: f64 = fp.density().iter().sum::<f64>() * h * h;
            assert!((mass - 1.0).abs() < 1e-13);
            let err: f64 = fp.density().iter().zip(&pi).map(|(a, b)| (a - b).abs()).sum::<f64>() * h * h;
            assert!(err < 1e-8, "{scheme:?}: {err}");
        }
    }
}
