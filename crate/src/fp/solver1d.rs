//! The 1-D Fokker–Planck solver: a density on the grid of `grid.rs`, advanced by the
//! generator of `flux.rs` with an implicit time scheme, plus its stationary density,
//! probability current and entropy production.

use super::flux::Rates;
use super::grid::{Boundary, Grid};
use super::tridiagonal::{CyclicLu, TridiagonalLu};
use crate::error::{SgdError, SgdResult};

/// Implicit time schemes for `dp/dt = M p`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeScheme {
    /// `(I − Δt M) pⁿ⁺¹ = pⁿ`: first order, L-stable, preserves positivity for every Δt.
    BackwardEuler,
    /// `(I − ½Δt M) pⁿ⁺¹ = (I + ½Δt M) pⁿ`: second order, A-stable (not L-stable: rough
    /// data can ring when `Δt·rate ≫ 1`).
    CrankNicolson,
    /// TR-BDF2 with `γ = 2 − √2` (Bank et al., IEEE Trans. CAD 4 (1985) 436; Hosea &
    /// Shampine, Appl. Numer. Math. 20 (1996) 21): a trapezoidal stage to `t + γΔt`,
    /// then BDF2 over the whole step: `(I − cM) p* = (I + cM) pⁿ`, `(I − cM) pⁿ⁺¹ = α p* − β pⁿ` with
    /// `c = (1 − 1/√2)Δt` for both stages (so one factorisation), `α = 1/(γ(2−γ))`,
    /// `β = (1−γ)²/(γ(2−γ))`, `α − β = 1`. Second order and L-stable.
    TrBdf2,
}

impl TimeScheme {
    /// ABI code: 0 backward Euler, 1 Crank–Nicolson, 2 TR-BDF2.
    pub fn from_code(code: u32) -> SgdResult<TimeScheme> {
        match code {
            0 => Ok(TimeScheme::BackwardEuler),
            1 => Ok(TimeScheme::CrankNicolson),
            2 => Ok(TimeScheme::TrBdf2),
            _ => Err(SgdError::invalid(format!(
                "scheme = {code} is not allowed: 0 (backward-euler), 1 (crank-nicolson) or 2 (tr-bdf2)"
            ))),
        }
    }
}

const GAMMA: f64 = 2.0 - std::f64::consts::SQRT_2;

enum Factor {
    Plain(TridiagonalLu),
    Cyclic(CyclicLu),
}

/// The factorised implicit matrix `A = I − cM` for one `(Δt, scheme)`.
///
/// Steps are taken in **increment form**: with `Δ = pⁿ⁺¹ − pⁿ`, backward Euler and
/// Crank–Nicolson are both `A Δ = Δt·M pⁿ`, and TR-BDF2 is `A Δ₁ = 2c·M pⁿ`, `p* = pⁿ + Δ₁`,
/// `A Δ₂ = β Δ₁ + c·M p*`, `pⁿ⁺¹ = p* + Δ₂` (algebraically identical to the forms in
/// `TimeScheme`). `M p` is evaluated in flux form, `(Mp)ᵢ = Fᵢ − Fᵢ₊₁` with the face fluxes
/// `F_f = right[f] p_{f−1} − left[f] p_f`, so the right-hand side sums to zero up to
/// unbiased rounding. The rounding of `A`'s diagonal `1 + c·out` (a fixed column-sum
/// defect `δ ~ ε c·out`) then only acts on the small increment, not on the whole density:
/// without this, the mass drifts systematically by ~`ε c·out` per step.
struct Stepper {
    scheme: TimeScheme,
    dt: f64,
    c: f64,
    factor: Factor,
}

impl Stepper {
    fn new(rates: &Rates, periodic: bool, scheme: TimeScheme, dt: f64) -> SgdResult<Stepper> {
        let n = rates.n();
        let c = match scheme {
            TimeScheme::BackwardEuler => dt,
            TimeScheme::CrankNicolson => 0.5 * dt,
            TimeScheme::TrBdf2 => (1.0 - std::f64::consts::FRAC_1_SQRT_2) * dt,
        };
        // M: sub[i] = right[i] (from i−1), sup[i] = left[i+1] (from i+1), diag = −out(i);
        // corners sub[0] = right[0], sup[n−1] = left[n] are non-zero only when periodic.
        let a_sub: Vec<f64> = (0..n).map(|i| -c * rates.right[i]).collect();
        let a_sup: Vec<f64> = (0..n).map(|i| -c * rates.left[i + 1]).collect();
        let a_diag: Vec<f64> = (0..n).map(|i| 1.0 + c * rates.out(i)).collect();
        let factor = if periodic {
            Factor::Cyclic(CyclicLu::new(&a_sub, &a_diag, &a_sup)?)
        } else {
            Factor::Plain(TridiagonalLu::new(&a_sub, &a_diag, &a_sup)?)
        };
        Ok(Stepper { scheme, dt, c, factor })
    }

    fn lu(&self) -> &TridiagonalLu {
        match &self.factor {
            Factor::Plain(lu) => lu,
            Factor::Cyclic(c) => &c.lu,
        }
    }

    /// `y = L⁻¹ (b·extra + k·M p)`: the flux-form product fused with the forward
    /// elimination (`EXTRA = false` ignores `b`, `extra`). Written with iterators so that
    /// the loop has no bounds checks.
    #[inline]
    fn rhs_and_eliminate<const EXTRA: bool>(&self, rates: &Rates, k: f64, p: &[f64], b: f64, extra: &[f64], y: &mut [f64]) {
        let n = p.len();
        let mult = &self.lu().mults()[..n];
        let (r, l) = (&rates.right[..n + 1], &rates.left[..n + 1]);
        let y = &mut y[..n];
        let mut f_left = r[0] * p[n - 1] - l[0] * p[0];
        let mut prev = 0.0;
        let mut cur = p[0];
        let body = |i: usize, next: f64, cur: f64, f_left: &mut f64, prev: &mut f64, ri: f64, li: f64, m: f64| -> f64 {
            let f_right = ri * cur - li * next;
            let mut rhs = k * (*f_left - f_right);
            if EXTRA {
                rhs += b * extra[i];
            }
            let v = rhs - m * *prev;
            *prev = v;
            *f_left = f_right;
            v
        };
        let rows = y[..n - 1].iter_mut().zip(&p[1..]).zip(r[1..n].iter().zip(&l[1..n])).zip(&mult[..n - 1]);
        for (i, (((yi, &next), (&ri, &li)), &m)) in rows.enumerate() {
            *yi = body(i, next, cur, &mut f_left, &mut prev, ri, li, m);
            cur = next;
        }
        y[n - 1] = body(n - 1, p[0], cur, &mut f_left, &mut prev, r[n], l[n], mult[n - 1]);
    }

    /// Back substitution (and the cyclic correction) of `y`, then `p += y`.
    fn finish_and_add(&self, y: &mut [f64], p: &mut [f64]) {
        match &self.factor {
            Factor::Plain(lu) => lu.back_substitute_into(y, Some(p)),
            Factor::Cyclic(c) => {
                c.lu.back_substitute(y);
                c.correct(y);
                for (pi, yi) in p.iter_mut().zip(y.iter()) {
                    *pi += *yi;
                }
            }
        }
    }

    /// One step: `p ← pⁿ⁺¹`, using `s1`, `s2` as scratch.
    fn step(&self, rates: &Rates, p: &mut [f64], s1: &mut [f64], s2: &mut [f64]) {
        match self.scheme {
            TimeScheme::BackwardEuler | TimeScheme::CrankNicolson => {
                self.rhs_and_eliminate::<false>(rates, self.dt, p, 0.0, s2, s1);
                self.finish_and_add(s1, p);
            }
            TimeScheme::TrBdf2 => {
                let beta = (1.0 - GAMMA) * (1.0 - GAMMA) / (GAMMA * (2.0 - GAMMA));
                self.rhs_and_eliminate::<false>(rates, 2.0 * self.c, p, 0.0, s2, s1);
                self.finish_and_add(s1, p);
                self.rhs_and_eliminate::<true>(rates, self.c, p, beta, s1, s2);
                self.finish_and_add(s2, p);
            }
        }
    }
}

/// Words of working memory per cell that the solver and its methods may need at once
/// (rates, density, scratch, factorisation, and the temporaries of the spectrum and the
/// backward solve), with margin.
const WORDS_PER_CELL: usize = 40;

/// Checks up front that `WORDS_PER_CELL · (n + 1)` f64 can be allocated, so that a huge
/// grid is an `OUT_OF_MEMORY` error rather than an abort on a later infallible allocation.
/// The probe is freed at once; linear memory never shrinks, so the allocator keeps it for
/// the allocations that follow.
fn reserve_working_memory(n: usize) -> SgdResult<()> {
    let words = n.saturating_add(1).saturating_mul(WORDS_PER_CELL);
    let mut probe: Vec<f64> = Vec::new();
    probe.try_reserve_exact(words).map_err(|_| SgdError {
        code: crate::error::ErrorCode::OutOfMemory,
        message: format!("cells = {n}: cannot allocate the solver's working memory ({words} f64): out of memory; use fewer cells"),
        divergence: None,
    })
}

/// A 1-D Fokker–Planck problem `∂ₜp = −∂ₓ(b p) + ∂ₓ²(D p)` (Itô) on a uniform grid.
pub struct FokkerPlanck1D {
    grid: Grid,
    rates: Rates,
    density: Vec<f64>,
    time: f64,
    stepper: Option<Stepper>,
    scratch: [Vec<f64>; 3],
}

impl FokkerPlanck1D {
    /// Builds the solver from the sampled coefficients (see `flux.rs` for the layout); the
    /// initial density is uniform, `1/(b − a)`.
    pub fn new(grid: Grid, drift: &[f64], diffusion_face: &[f64], diffusion_centre: &[f64]) -> SgdResult<Self> {
        reserve_working_memory(grid.n)?;
        let rates = Rates::new(&grid, drift, diffusion_face, diffusion_centre)?;
        let n = grid.n;
        let density = vec![1.0 / (grid.b - grid.a); n];
        Ok(FokkerPlanck1D { grid, rates, density, time: 0.0, stepper: None, scratch: [vec![0.0; n], vec![0.0; n], vec![0.0; n]] })
    }

    /// The grid and its boundary conditions.
    pub fn grid(&self) -> &Grid {
        &self.grid
    }

    /// The jump rates of the discrete generator (for the spectrum and the backward solve).
    pub fn rates(&self) -> &Rates {
        &self.rates
    }

    /// The density (cell values).
    pub fn density(&self) -> &[f64] {
        &self.density
    }

    /// Time elapsed since the density was last set.
    pub fn time(&self) -> f64 {
        self.time
    }

    /// Replaces the density (finite, ≥ 0, one value per cell) and resets the clock to 0.
    pub fn set_density(&mut self, p: &[f64]) -> SgdResult<()> {
        if p.len() != self.grid.n {
            return Err(SgdError::invalid(format!("density.length = {} is not allowed: it must be cells = {}", p.len(), self.grid.n)));
        }
        if let Some(i) = p.iter().position(|v| !(v.is_finite() && *v >= 0.0)) {
            return Err(SgdError::invalid(format!(
                "density[{i}] = {} is not allowed: every entry must be a finite number >= 0",
                p[i]
            )));
        }
        self.density.copy_from_slice(p);
        self.time = 0.0;
        Ok(())
    }

    /// Advances `steps` steps of size `dt`. The factorisation is cached per `(dt, scheme)`.
    /// If the density became non-finite (only possible through overflow with enormous
    /// rates·dt), it is restored to its value before the call and an error is returned.
    pub fn evolve(&mut self, steps: u64, dt: f64, scheme: TimeScheme) -> SgdResult<()> {
        if !(dt.is_finite() && dt > 0.0) {
            return Err(SgdError::invalid(format!("dt = {dt} is not allowed: it must be a finite number > 0")));
        }
        let fresh = match &self.stepper {
            Some(s) => s.scheme != scheme || s.dt.to_bits() != dt.to_bits(),
            None => true,
        };
        if fresh {
            self.stepper = Some(Stepper::new(&self.rates, self.grid.periodic(), scheme, dt).map_err(|e| {
                SgdError::invalid(format!("dt = {dt}: cannot factorise the implicit matrix ({})", e.message))
            })?);
        }
        let stepper = self.stepper.as_ref().expect("set above");
        let [s1, s2, backup] = &mut self.scratch;
        backup.copy_from_slice(&self.density);
        for _ in 0..steps {
            stepper.step(&self.rates, &mut self.density, s1, s2);
        }
        if self.density.iter().any(|v| !v.is_finite()) {
            self.density.copy_from_slice(backup);
            return Err(SgdError::invalid(format!(
                "evolve: the density became non-finite with dt = {dt}; it was restored. Use a smaller dt or backward-euler"
            )));
        }
        self.time += steps as f64 * dt;
        Ok(())
    }

    /// The stationary density (null vector of M, normalised to `h Σ p = 1`).
    ///
    /// - Reflecting on both sides: zero flux on every face, so
    ///   `ln p_{f} − ln p_{f−1} = P_f` (`log_ratio`, exact detailed balance of the SG
    ///   flux); summed in log space and normalised from the maximum (no overflow).
    /// - Periodic: the Grassmann–Taksar–Heyman state reduction (Oper. Res. 33 (1985)
    ///   1107) specialised to a cycle: eliminate cells n−1, …, 1, each time rerouting
    ///   its rates into the link between cell 0 and the new last cell, then
    ///   back-substitute `π_k = (π_{k−1} right[k] + π₀ z_k)/(left[k] + w_k)`. Only sums
    ///   and products of non-negative numbers: high relative accuracy, and a non-zero
    ///   stationary current is allowed.
    /// - An absorbing side has no stationary density (use the quasi-stationary one).
    pub fn stationary(&self) -> SgdResult<Vec<f64>> {
        let n = self.grid.n;
        let mut p = if self.grid.periodic() {
            self.stationary_cycle()?
        } else if self.grid.left == Boundary::Absorbing || self.grid.right == Boundary::Absorbing {
            return Err(SgdError::invalid(
                "stationary(): with an absorbing boundary the only stationary density is 0; use escapeRate() for the quasi-stationary density",
            ));
        } else {
            let mut w = vec![0.0; n];
            for f in 1..n {
                let r = self.rates.log_ratio[f];
                if r.is_nan() {
                    return Err(SgdError::invalid(format!(
                        "stationary(): no flux crosses face {f} (x = {}): drift and diffusion both vanish there, so the stationary density is not unique",
                        self.grid.face(f)
                    )));
                }
                if r == f64::INFINITY {
                    // Everything to the left is negligible against what follows.
                    w[..f].iter_mut().for_each(|v| *v = f64::NEG_INFINITY);
                    w[f] = 0.0;
                } else {
                    w[f] = w[f - 1] + r;
                }
            }
            let top = w.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
            w.iter().map(|v| (v - top).exp()).collect()
        };
        let mass: f64 = p.iter().sum::<f64>() * self.grid.h;
        if !(mass > 0.0 && mass.is_finite()) {
            return Err(SgdError::invalid("stationary(): the stationary density could not be normalised"));
        }
        p.iter_mut().for_each(|v| *v /= mass);
        Ok(p)
    }

    fn stationary_cycle(&self) -> SgdResult<Vec<f64>> {
        let n = self.grid.n;
        let (right, left) = (&self.rates.right, &self.rates.left);
        // Reduced chain on 0..=k: the path plus a link k ↔ 0 with rates w[k] (k → 0), z[k] (0 → k).
        let mut w = vec![0.0; n];
        let mut z = vec![0.0; n];
        let mut o = vec![0.0; n];
        w[n - 1] = right[0];
        z[n - 1] = left[0];
        for k in (1..n).rev() {
            o[k] = left[k] + w[k];
            if !(o[k] > 0.0) {
                return Err(SgdError::invalid(format!(
                    "stationary(): cell {k} cannot reach cell 0 (all its rates vanish): the stationary density is not unique"
                )));
            }
            if k >= 2 {
                w[k - 1] = right[k] * w[k] / o[k];
                z[k - 1] = z[k] * left[k] / o[k];
            }
        }
        let mut p = vec![0.0; n];
        p[0] = 1.0;
        for k in 1..n {
            p[k] = (p[k - 1] * right[k] + p[0] * z[k]) / o[k];
            if p[k] > 1e250 {
                p[..=k].iter_mut().for_each(|v| *v *= 1e-250);
            }
        }
        Ok(p)
    }

    /// The probability current `J` on the n + 1 faces (positive = to the right):
    /// `J_f = h (right[f] p_{f−1} − left[f] p_f)`; at a reflecting face 0; at an absorbing
    /// face the outflow; periodic faces 0 and n carry the same value.
    pub fn current(&self, out: &mut [f64]) {
        let n = self.grid.n;
        let h = self.grid.h;
        let (r, l, p) = (&self.rates.right, &self.rates.left, &self.density);
        for f in 1..n {
            out[f] = h * (r[f] * p[f - 1] - l[f] * p[f]);
        }
        if self.grid.periodic() {
            out[0] = h * (r[0] * p[n - 1] - l[0] * p[0]);
            out[n] = out[0];
        } else {
            out[0] = 0.0 - h * l[0] * p[0];
            out[n] = h * r[n] * p[n - 1];
        }
    }

    /// Entropy production rate of the jump process (Schnakenberg, Rev. Mod. Phys. 48
    /// (1976) 571): `σ = Σ_faces (F⁺ − F⁻) ln(F⁺/F⁻)`, `F⁺ = h right[f] p_{f−1}`,
    /// `F⁻ = h left[f] p_f`, over interior faces (and the periodic one). As `h → 0` it tends
    /// to `∫ J²/(D p) dx`; with detailed balance it equals `−d/dt KL(p ‖ π)` of the
    /// semi-discrete dynamics. `+∞` if a face carries flux one way only; an error if the
    /// density has negative entries.
    pub fn entropy_production(&self) -> SgdResult<f64> {
        let n = self.grid.n;
        let h = self.grid.h;
        let (r, l, p) = (&self.rates.right, &self.rates.left, &self.density);
        if let Some(i) = p.iter().position(|v| *v < 0.0) {
            return Err(SgdError::invalid(format!(
                "entropyProduction(): density[{i}] = {} < 0 (Crank–Nicolson ringing?); use tr-bdf2 or backward-euler",
                p[i]
            )));
        }
        let term = |fp: f64, fm: f64| -> f64 {
            if fp == fm {
                0.0
            } else if fp == 0.0 || fm == 0.0 {
                f64::INFINITY
            } else {
                (fp - fm) * (fp / fm).ln()
            }
        };
        let mut s = 0.0;
        for f in 1..n {
            s += term(h * r[f] * p[f - 1], h * l[f] * p[f]);
        }
        if self.grid.periodic() {
            s += term(h * r[0] * p[n - 1], h * l[0] * p[0]);
        }
        Ok(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ou(n: usize, left: Boundary, right: Boundary) -> FokkerPlanck1D {
        let g = Grid::new(-6.0, 6.0, n, left, right).unwrap();
        let drift: Vec<f64> = (0..=n).map(|f| -g.face(f)).collect();
        FokkerPlanck1D::new(g, &drift, &vec![1.0; n + 1], &vec![1.0; n]).unwrap()
    }

    #[test]
    fn mass_is_conserved_and_the_stationary_density_has_zero_current() {
        for scheme in [TimeScheme::BackwardEuler, TimeScheme::CrankNicolson, TimeScheme::TrBdf2] {
            let mut fp = ou(200, Boundary::Reflecting, Boundary::Reflecting);
            let mut p = vec![0.0; 200];
            p[40] = 1.0 / fp.grid().h;
            fp.set_density(&p).unwrap();
            fp.evolve(300, 0.01, scheme).unwrap();
            let mass: f64 = fp.density().iter().sum::<f64>() * fp.grid().h;
            assert!((mass - 1.0).abs() < 1e-13, "{scheme:?}: mass {mass}");
        }
        let mut fp = ou(200, Boundary::Reflecting, Boundary::Reflecting);
        let pi = fp.stationary().unwrap();
        fp.set_density(&pi).unwrap();
        let mut j = vec![0.0; 201];
        fp.current(&mut j);
        // Relative to the one-way fluxes h·k·p (≤ ~D·max p/h ≈ 7 here).
        let one_way = (1..200).map(|f| fp.grid().h * fp.rates().right[f] * pi[f - 1]).fold(0.0f64, f64::max);
        assert!(j.iter().all(|v| v.abs() < 1e-14 * one_way), "{j:?}");
        assert!(fp.entropy_production().unwrap().abs() < 1e-20);
    }

    #[test]
    fn periodic_stationary_density_carries_the_constant_current() {
        // Constant drift b on a circle with constant D: uniform density, J = b/L.
        let n = 50;
        let g = Grid::new(0.0, 2.0, n, Boundary::Periodic, Boundary::Periodic).unwrap();
        let mut fp = FokkerPlanck1D::new(g, &vec![0.7; n + 1], &vec![0.3; n + 1], &vec![0.3; n]).unwrap();
        let pi = fp.stationary().unwrap();
        assert!(pi.iter().all(|v| (v - 0.5).abs() < 1e-14));
        fp.set_density(&pi).unwrap();
        let mut j = vec![0.0; n + 1];
        fp.current(&mut j);
        assert!(j.iter().all(|v| (v - 0.35).abs() < 1e-13), "{j:?}");
        assert!(fp.entropy_production().unwrap() > 0.0);
        fp.evolve(100, 0.05, TimeScheme::CrankNicolson).unwrap();
        assert!(fp.density().iter().all(|v| (v - 0.5).abs() < 1e-13));
    }

    #[test]
    fn bad_input_is_an_error_and_leaves_the_solver_usable() {
        let mut fp = ou(20, Boundary::Absorbing, Boundary::Reflecting);
        assert!(fp.stationary().is_err());
        assert!(fp.set_density(&[1.0; 3]).is_err());
        assert!(fp.set_density(&[-1.0; 20]).is_err());
        assert!(fp.evolve(1, -0.1, TimeScheme::TrBdf2).is_err());
        assert!(TimeScheme::from_code(9).is_err());
        fp.evolve(10, 0.1, TimeScheme::TrBdf2).unwrap();
        let mass: f64 = fp.density().iter().sum::<f64>() * fp.grid().h;
        assert!(mass < 1.0 && mass > 0.0);
    }
}
