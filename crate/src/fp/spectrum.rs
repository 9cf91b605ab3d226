//! Eigenvalues of `−M` (the generator of `flux.rs`, with the sign that makes them ≥ 0)
//! and the quasi-stationary density of an absorbing problem.
//!
//! **Symmetrisation.** A birth–death chain with detailed balance `πᵢ k_{i→i+1} =
//! π_{i+1} k_{i+1→i}` has `−M = Π^{½} S Π^{−½}` with `S` symmetric tridiagonal:
//! `S_{ii} = outᵢ`, `S_{i,i+1} = −√(k_{i→i+1} k_{i+1→i})`. In 1-D every non-periodic chain
//! has detailed balance (reflecting or absorbing; killing only adds to the diagonal), so
//! the spectrum is real. Better still, `S = GᵀG` with one row of `G` per face,
//! `(−√k_{i→i+1} at i, √k_{i+1→i} at i+1)`, and one row `√κ` per absorbing face.
//!
//! **High relative accuracy.** The eigenvalues of `S` are the squared singular values of
//! `G`, which is bidiagonal (its rows in face order). Singular values of a bidiagonal
//! matrix are determined to high *relative* accuracy by its entries, and bisection with
//! Sturm counts on the Golub–Kahan matrix `[[0, G], [Gᵀ, 0]]` (symmetric tridiagonal with
//! zero diagonal, off-diagonals = the entries of G in order) computes them so (Demmel &
//! Kahan, SIAM J. Sci. Stat. Comput. 11 (1990) 873; Fernando, SIAM J. Matrix Anal. Appl.
//! 19 (1998) 1013). So a spectral gap of `e^{−ΔU/T}` is accurate to ~10⁻¹⁴ relative,
//! where the plain Sturm count on `S` only gets `ε‖S‖` absolute.
//! If `G` has m rows, `#{eig(S) < x²} = #{eig(TGK) < x} − m` for `x > 0`.
//!
//! **Periodic** grids need detailed balance around the circle (`Σ_f ln(k⁺/k⁻) = 0`,
//! Kolmogorov's criterion); otherwise the spectrum is complex and is refused. `S` is then
//! cyclic tridiagonal; its inertia (`#{eig < x}`) comes from the path part's Sturm count
//! plus a 2×2 bordered correction (see `CyclicJacobi::count_below`), O(n) per count.

use super::flux::Rates;
use super::grid::{Boundary, Grid};
use super::tridiagonal::TridiagonalLu;
use crate::error::{SgdError, SgdResult};

/// The Golub–Kahan matrix of `G` (non-periodic grids): off-diagonals in order and the
/// number m of rows of G.
struct GolubKahan {
    offdiag: Vec<f64>,
    rows: usize,
    pivmin: f64,
}

impl GolubKahan {
    /// The path form (non-periodic grids).
    fn new(grid: &Grid, rates: &Rates) -> GolubKahan {
        let n = grid.n;
        let (r, l) = (&rates.right, &rates.left);
        // Nodes: kill-row left, col0, row1, col1, …, col_{n−1}, kill-row right (a kill row
        // of a reflecting side is all zero: it only adds a decoupled zero, and m counts it).
        let mut offdiag = Vec::with_capacity(2 * n);
        offdiag.push(l[0].sqrt());
        for f in 1..n {
            offdiag.push(r[f].sqrt());
            offdiag.push(l[f].sqrt());
        }
        offdiag.push(r[n].sqrt());
        let max_sq = offdiag.iter().fold(1.0f64, |m, v| m.max(v * v));
        GolubKahan { offdiag, rows: n + 1, pivmin: f64::MIN_POSITIVE * max_sq }
    }

    #[inline]
    fn guard(&self, q: f64) -> f64 {
        if q.abs() < self.pivmin { -self.pivmin } else { q }
    }

    /// Number of eigenvalues of the Golub–Kahan matrix below `x` (Sturm count).
    fn count_below(&self, x: f64) -> usize {
        let mut q = self.guard(-x);
        let mut count = (q < 0.0) as usize;
        for e in &self.offdiag {
            q = self.guard(-x - e * e / q);
            count += (q < 0.0) as usize;
        }
        count
    }

    /// `#{eigenvalues of S = GᵀG below x²}`.
    fn count_s(&self, x: f64) -> usize {
        self.count_below(x).saturating_sub(self.rows)
    }
}

/// `m · 2^e` with `m` kept in `[2^−200, 2^200]` (for long products of ratios).
fn rescale(m: &mut f64, e: &mut i64) {
    let a = m.abs();
    if a != 0.0 && (a > 1e60 || a < 1e-60) {
        let k = a.log2().round() as i64;
        *m *= (2.0f64).powi(-(k as i32));
        *e += k;
    }
}

/// `S` of a reversible periodic chain: diagonal, off-diagonals `(i, i+1)` and the corner
/// `(n−1, 0)`.
struct CyclicJacobi {
    diag: Vec<f64>,
    offdiag: Vec<f64>,
    wrap: f64,
    pivmin: f64,
}

impl CyclicJacobi {
    fn new(grid: &Grid, rates: &Rates) -> SgdResult<CyclicJacobi> {
        let n = grid.n;
        let circulation: f64 = (0..n).map(|f| rates.log_ratio[f]).sum();
        let scale: f64 = (0..n).map(|f| rates.log_ratio[f].abs()).sum();
        if !(circulation.abs() <= 1e-9 * (1.0 + scale)) {
            return Err(SgdError::invalid(format!(
                "spectrum(): the periodic process has no detailed balance (Σ ln(k⁺/k⁻) around the circle = {circulation}): \
                 its stationary state carries a current and its spectrum is complex; only reversible periodic problems are supported"
            )));
        }
        let (r, l) = (&rates.right, &rates.left);
        let diag: Vec<f64> = (0..n).map(|i| rates.out(i)).collect();
        let offdiag: Vec<f64> = (1..n).map(|f| -(r[f] * l[f]).sqrt()).collect();
        let wrap = -(r[0] * l[0]).sqrt();
        let max_sq = offdiag.iter().chain(std::iter::once(&wrap)).fold(1.0f64, |m, v| m.max(v * v));
        Ok(CyclicJacobi { diag, offdiag, wrap, pivmin: f64::MIN_POSITIVE * max_sq })
    }

    #[inline]
    fn guard(&self, q: f64) -> f64 {
        if q.abs() < self.pivmin { -self.pivmin } else { q }
    }

    /// `#{eig(S) < x}` by the bordered-matrix inertia identity: with `S = P + U C Uᵀ`
    /// (`P` the path part, `U = [e₀, e_{n−1}]`, `C = [[0, w], [w, 0]]`),
    /// `#neg(S − x) = #neg(P − x) + #neg(K) − 1`, `K = −C⁻¹ − Uᵀ(P − x)⁻¹U` (2×2; Haynsworth
    /// inertia additivity). `#neg(P − x)` is the Sturm count; the corners of `(P − x)⁻¹`
    /// come from the top-down and bottom-up pivots and
    /// `R_{0,n−1} = Π(−eᵢ/qᵢ)/q_{n−1}` (kept as mantissa × 2^exponent). Unlike a direct
    /// LDLᵀ of the cyclic matrix, this does not cancel catastrophically at the double
    /// eigenvalues that periodic problems have (a double eigenvalue of S is an eigenvalue
    /// of every (n−1)-principal submatrix, so the cyclic elimination meets a zero pivot).
    fn count_below(&self, x: f64) -> usize {
        let (d, e) = (&self.diag, &self.offdiag);
        let n = d.len();
        let mut q = self.guard(d[0] - x);
        let mut neg = (q < 0.0) as usize;
        let (mut mant, mut expo) = (1.0f64, 0i64);
        for i in 0..n - 1 {
            let (mut rm, mut re) = (-e[i] / q, 0i64);
            if !rm.is_finite() {
                // |e|/pivmin overflowed: split the quotient.
                rm = -(e[i] * 2f64.powi(-600)) / q;
                re = 600;
            }
            rescale(&mut rm, &mut re);
            mant *= rm;
            expo += re;
            rescale(&mut mant, &mut expo);
            q = self.guard(d[i + 1] - x - e[i] * e[i] / q);
            neg += (q < 0.0) as usize;
        }
        if self.wrap == 0.0 {
            return neg;
        }
        let r_ll = 1.0 / q;
        let r_0l = if expo > 1500 {
            mant.signum() * f64::INFINITY * q.signum()
        } else if expo < -1500 {
            0.0
        } else {
            // Two factors so that 2^expo itself never overflows before the product does.
            let half = (expo / 2) as i32;
            mant * (2.0f64).powi(half) * (2.0f64).powi(expo as i32 - half) / q
        };
        let mut p = self.guard(d[n - 1] - x);
        for i in (0..n - 1).rev() {
            p = self.guard(d[i] - x - e[i] * e[i] / p);
        }
        let r_00 = 1.0 / p;
        let t = 1.0 / self.wrap + r_0l;
        let det = r_00 * r_ll - t * t;
        let neg_k = if det < 0.0 { 1 } else if r_00 + r_ll > 0.0 { 2 } else { 0 };
        (neg + neg_k).saturating_sub(1)
    }
}

/// Bisection for the `j`-th (0-based) point where `count` steps past `j`, starting from
/// `lo` (`count(lo) ≤ j`) and `hi` (`count(hi) > j`); geometric while the bracket spans
/// more than a factor 4 above 0, so tiny values are found in O(log log) extra steps.
fn bisect(count: impl Fn(f64) -> usize, j: usize, mut lo: f64, mut hi: f64) -> (f64, f64) {
    for _ in 0..400 {
        if hi - lo <= 2.0 * f64::EPSILON * hi.abs().max(lo.abs()) {
            break;
        }
        let mid = if lo > 0.0 && hi > 4.0 * lo { (lo * hi).sqrt() } else { 0.5 * (lo + hi) };
        if mid <= lo || mid >= hi {
            break;
        }
        if count(mid) > j {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    (lo, hi)
}

/// The `k` smallest eigenvalues of `−M`, ascending. Non-periodic grids: to ~10⁻¹⁴
/// relative accuracy each (eigenvalues below `10⁻³⁰⁰·λ_max` are reported as 0). Periodic
/// (reversible) grids: to ~`nε λ_max` absolute accuracy, the first one (the conserved
/// mass) exactly 0.
pub fn smallest_eigenvalues(grid: &Grid, rates: &Rates, k: usize) -> SgdResult<Vec<f64>> {
    let n = grid.n;
    if k == 0 || k > n {
        return Err(SgdError::invalid(format!("k = {k} is not allowed: it must be an integer in [1, cells = {n}]")));
    }
    // Gershgorin on S: λ ≤ max over rows of 2·out.
    let lam_max = (0..n).map(|i| 2.0 * rates.out(i)).fold(0.0f64, f64::max) * 1.0625 + f64::MIN_POSITIVE;
    if !lam_max.is_finite() {
        return Err(SgdError::invalid("spectrum(): the rates are too large for an eigenvalue bracket"));
    }
    let mut out = Vec::with_capacity(k);
    if grid.periodic() {
        let cj = CyclicJacobi::new(grid, rates)?;
        let count = |x: f64| cj.count_below(x);
        let mut lo = -lam_max;
        let mut hi = lam_max;
        while count(hi) < n && hi.is_finite() {
            hi *= 2.0;
        }
        for j in 0..k {
            let (l, h) = bisect(count, j, lo, hi);
            out.push(if j == 0 { 0.0 } else { (0.5 * (l + h)).max(0.0) });
            lo = l;
        }
        return Ok(out);
    }
    let gk = GolubKahan::new(grid, rates);
    let count = |sigma: f64| gk.count_s(sigma);
    let mut sigma_hi = lam_max.sqrt();
    while count(sigma_hi) < n {
        sigma_hi *= 2.0;
        if !sigma_hi.is_finite() {
            return Err(SgdError::invalid("spectrum(): the eigenvalue bracket overflowed (rates too large)"));
        }
    }
    let floor = sigma_hi * 1e-150;
    let zeros = count(floor);
    let mut lo = floor;
    for j in 0..k {
        if j < zeros {
            out.push(0.0);
            continue;
        }
        let (l, h) = bisect(count, j, lo, sigma_hi);
        let sigma = 0.5 * (l + h);
        out.push(sigma * sigma);
        lo = l;
    }
    Ok(out)
}

/// The principal eigenvalue `λ₀` of `−M` with an absorbing boundary (the escape rate) and
/// its eigenvector, the quasi-stationary density (normalised to `h Σ p = 1`), by inverse
/// iteration with the shift `λ₀(1 − 10⁻⁶)` (below λ₀, so `−M − s` is a non-singular
/// M-matrix and Thomas without pivoting is stable; the Perron vector is positive).
pub fn quasi_stationary(grid: &Grid, rates: &Rates) -> SgdResult<(f64, Vec<f64>)> {
    if grid.left != Boundary::Absorbing && grid.right != Boundary::Absorbing {
        return Err(SgdError::invalid(
            "escapeRate(): needs an absorbing boundary (boundary left or right = 'absorbing'); with reflecting or periodic ones nothing escapes",
        ));
    }
    let n = grid.n;
    let lambda = smallest_eigenvalues(grid, rates, 1)?[0];
    if !(lambda > 0.0) {
        return Err(SgdError::invalid(
            "escapeRate(): part of the domain never reaches the absorbing boundary (the principal eigenvalue is 0)",
        ));
    }
    let shift = lambda * (1.0 - 1e-6);
    let sub: Vec<f64> = (0..n).map(|i| -rates.right[i]).collect();
    let sup: Vec<f64> = (0..n).map(|i| -rates.left[i + 1]).collect();
    let diag: Vec<f64> = (0..n).map(|i| rates.out(i) - shift).collect();
    let lu = TridiagonalLu::new(&sub, &diag, &sup)?;
    let mut v = vec![1.0; n];
    for _ in 0..4 {
        lu.solve(&mut v);
        let top = v.iter().fold(0.0f64, |m, x| m.max(x.abs()));
        if !(top > 0.0 && top.is_finite()) {
            return Err(SgdError::invalid("escapeRate(): inverse iteration failed"));
        }
        let sign = if v.iter().sum::<f64>() < 0.0 { -1.0 } else { 1.0 };
        v.iter_mut().for_each(|x| *x *= sign / top);
    }
    v.iter_mut().for_each(|x| *x = x.max(0.0));
    let mass: f64 = v.iter().sum::<f64>() * grid.h;
    v.iter_mut().for_each(|x| *x /= mass);
    Ok((lambda, v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::PI;

    fn free(n: usize, d: f64, left: Boundary, right: Boundary) -> (Grid, Rates) {
        let g = Grid::new(0.0, 1.0, n, left, right).unwrap();
        let r = Rates::new(&g, &vec![0.0; n + 1], &vec![d; n + 1], &vec![d; n]).unwrap();
        (g, r)
    }

    #[test]
    fn discrete_laplacian_eigenvalues_are_exact() {
        // Free diffusion, rates D/h² each way. Reflecting: λ_j = (4D/h²) sin²(πj/(2n)).
        let (n, d) = (40, 0.7);
        let h2 = (1.0 / n as f64).powi(2);
        let (g, r) = free(n, d, Boundary::Reflecting, Boundary::Reflecting);
        let ev = smallest_eigenvalues(&g, &r, 6).unwrap();
        assert_eq!(ev[0], 0.0);
        for j in 1..6 {
            let exact = 4.0 * d / h2 * (PI * j as f64 / (2.0 * n as f64)).sin().powi(2);
            assert!((ev[j] / exact - 1.0).abs() < 1e-13, "j = {j}: {} vs {exact}", ev[j]);
        }
        // Periodic: λ = (4D/h²) sin²(πj/n), each j ≠ 0 twice.
        let (g, r) = free(n, d, Boundary::Periodic, Boundary::Periodic);
        let ev = smallest_eigenvalues(&g, &r, 5).unwrap();
        let want = [0.0, 1.0, 1.0, 2.0, 2.0].map(|j: f64| 4.0 * d / h2 * (PI * j / n as f64).sin().powi(2));
        assert_eq!(ev[0], 0.0);
        for j in 1..5 {
            assert!((ev[j] / want[j] - 1.0).abs() < 1e-12, "periodic j = {j}: {} vs {}", ev[j], want[j]);
        }
        // Absorbing on both sides with the half-cell exit rate 2D/h²: compare with a dense
        // characteristic-polynomial count at the computed values (λ is an eigenvalue of S).
        let (g, r) = free(n, d, Boundary::Absorbing, Boundary::Absorbing);
        let ev = smallest_eigenvalues(&g, &r, 3).unwrap();
        assert!(ev[0] > 0.0 && ev[0] < ev[1] && ev[1] < ev[2]);
        // Continuum limit: D (πj)².
        assert!((ev[0] / (d * PI * PI) - 1.0).abs() < 1e-3);
        let (lam, qs) = quasi_stationary(&g, &r).unwrap();
        assert_eq!(lam, ev[0]);
        // Quasi-stationary density ≈ (π/2) sin(πx), and −M q = λ q.
        let mut mq = vec![0.0; n];
        r.apply(&qs, &mut mq);
        for i in 0..n {
            assert!((mq[i] + lam * qs[i]).abs() < 1e-9 * lam * 2.0, "row {i}");
        }
    }

    #[test]
    fn tiny_spectral_gaps_keep_relative_accuracy() {
        // Two cells joined by a weak link ε inside a strongly connected chain: a gap ~ε.
        let n = 20;
        let g = Grid::new(0.0, 1.0, n, Boundary::Reflecting, Boundary::Reflecting).unwrap();
        let mut r = Rates::new(&g, &vec![0.0; n + 1], &vec![1.0; n + 1], &vec![1.0; n]).unwrap();
        let eps = 1e-20;
        r.right[10] = eps;
        r.left[10] = eps;
        let ev = smallest_eigenvalues(&g, &r, 2).unwrap();
        // Two blocks of 10 cells joined by ε: λ₁ ≈ ε(1/10 + 1/10) = 0.2 ε.
        assert!((ev[1] / (0.2 * eps) - 1.0).abs() < 1e-6, "{}", ev[1]);
        assert!(smallest_eigenvalues(&g, &r, 0).is_err());
        assert!(smallest_eigenvalues(&g, &r, n + 1).is_err());
    }

    #[test]
    fn periodic_without_detailed_balance_is_refused() {
        let n = 30;
        let g = Grid::new(0.0, 1.0, n, Boundary::Periodic, Boundary::Periodic).unwrap();
        let r = Rates::new(&g, &vec![1.0; n + 1], &vec![0.1; n + 1], &vec![0.1; n]).unwrap();
        assert!(smallest_eigenvalues(&g, &r, 2).is_err());
    }
    /// Eigenvalues of a small dense symmetric matrix by cyclic Jacobi rotations (reference).
    fn jacobi_eigenvalues(mut a: Vec<Vec<f64>>) -> Vec<f64> {
        let n = a.len();
        for _ in 0..100 {
            let off: f64 = (0..n).flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j))).map(|(i, j)| a[i][j] * a[i][j]).sum();
            if off < 1e-30 {
                break;
            }
            for p in 0..n {
                for q in p + 1..n {
                    if a[p][q] == 0.0 {
                        continue;
                    }
                    let theta = (a[q][q] - a[p][p]) / (2.0 * a[p][q]);
                    let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                    let t = if theta == 0.0 { 1.0 } else { t };
                    let c = 1.0 / (t * t + 1.0).sqrt();
                    let s = t * c;
                    for k in 0..n {
                        let (akp, akq) = (a[k][p], a[k][q]);
                        a[k][p] = c * akp - s * akq;
                        a[k][q] = s * akp + c * akq;
                    }
                    for k in 0..n {
                        let (apk, aqk) = (a[p][k], a[q][k]);
                        a[p][k] = c * apk - s * aqk;
                        a[q][k] = s * apk + c * aqk;
                    }
                }
            }
        }
        let mut ev: Vec<f64> = (0..n).map(|i| a[i][i]).collect();
        ev.sort_by(|x, y| x.partial_cmp(y).unwrap());
        ev
    }

    #[test]
    fn matches_a_dense_eigensolver_on_non_uniform_problems() {
        let n = 14;
        for (left, right, a, b) in [
            (Boundary::Reflecting, Boundary::Reflecting, -1.7, 1.9),
            (Boundary::Absorbing, Boundary::Reflecting, -1.7, 1.9),
            (Boundary::Absorbing, Boundary::Absorbing, -1.7, 1.9),
            (Boundary::Periodic, Boundary::Periodic, 0.0, 1.0),
        ] {
            let g = Grid::new(a, b, n, left, right).unwrap();
            let periodic = g.periodic();
            // Drift −U′ with U = (x²−1)² (or U = 0.4 cos 2πx on the circle, as the discrete
            // gradient between centres so that the circle stays reversible), D = 0.3(1 + x²/4).
            let u = |x: f64| if periodic { 0.4 * (2.0 * PI * x).cos() } else { (x * x - 1.0).powi(2) };
            let drift: Vec<f64> = (0..=n)
                .map(|f| {
                    let (xl, xr) = (g.face(f) - 0.5 * g.h, g.face(f) + 0.5 * g.h);
                    -(u(xr) - u(xl)) / g.h
                })
                .collect();
            let dfun = |x: f64| if periodic { 0.3 } else { 0.3 * (1.0 + x * x / 4.0) };
            let df: Vec<f64> = (0..=n).map(|f| dfun(g.face(f))).collect();
            let dc: Vec<f64> = (0..n).map(|i| dfun(g.centre(i))).collect();
            let r = Rates::new(&g, &drift, &df, &dc).unwrap();
            let mut s = vec![vec![0.0; n]; n];
            for i in 0..n {
                s[i][i] = r.out(i);
            }
            for f in 1..n {
                let v = -(r.right[f] * r.left[f]).sqrt();
                s[f - 1][f] = v;
                s[f][f - 1] = v;
            }
            if periodic {
                let v = -(r.right[0] * r.left[0]).sqrt();
                s[n - 1][0] = v;
                s[0][n - 1] = v;
            }
            let want = jacobi_eigenvalues(s);
            let got = smallest_eigenvalues(&g, &r, n).unwrap();
            let scale = want[n - 1];
            for j in 0..n {
                assert!((got[j] - want[j]).abs() < 1e-12 * scale, "{left:?}/{right:?} j = {j}: {} vs {}", got[j], want[j]);
            }
        }
    }
}
