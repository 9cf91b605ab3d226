//! Tridiagonal solvers: the Thomas algorithm (LU without pivoting), its cyclic variant by
//! Sherman–Morrison, and a subtraction-free elimination for the backward equation of a
//! birth–death chain.

use crate::error::{SgdError, SgdResult};

/// LU factors of a tridiagonal matrix (Thomas algorithm; Golub & Van Loan, *Matrix
/// Computations*, 4th ed., §4.3.6). Row `i` is `sub[i] x_{i−1} + diag[i] xᵢ + sup[i] x_{i+1}`
/// (`sub[0]`, `sup[n−1]` unused). No pivoting: meant for diagonally dominant M-matrices,
/// where it is backward stable. The back substitution is stored pre-scaled,
/// `xᵢ = yᵢ/pivotᵢ − (supᵢ/pivotᵢ) x_{i+1}`, so each sweep's loop-carried dependency is
/// one multiply and one subtract (the sweeps are sequential: this latency is their cost).
#[derive(Clone, Debug)]
pub struct TridiagonalLu {
    mult: Vec<f64>,
    inv_pivot: Vec<f64>,
    sup_scaled: Vec<f64>,
}

impl TridiagonalLu {
    /// Factors; fails if a pivot is zero or not finite.
    pub fn new(sub: &[f64], diag: &[f64], sup: &[f64]) -> SgdResult<Self> {
        let n = diag.len();
        let mut mult = vec![0.0; n];
        let mut inv_pivot = vec![0.0; n];
        let mut sup_scaled = vec![0.0; n];
        let mut pivot = diag[0];
        for i in 0..n {
            if i > 0 {
                mult[i] = sub[i] / pivot;
                pivot = diag[i] - mult[i] * sup[i - 1];
            }
            if pivot == 0.0 || !pivot.is_finite() {
                return Err(SgdError::invalid(format!("the tridiagonal system is singular (pivot {pivot} at row {i})")));
            }
            inv_pivot[i] = 1.0 / pivot;
            sup_scaled[i] = if i + 1 < n { sup[i] * inv_pivot[i] } else { 0.0 };
        }
        Ok(TridiagonalLu { mult, inv_pivot, sup_scaled })
    }

    /// The forward-elimination multipliers `mᵢ` (`m₀ = 0`): `yᵢ = rhsᵢ − mᵢ y_{i−1}`
    /// (callers fuse this sweep with building the right-hand side).
    #[inline(always)]
    pub fn mults(&self) -> &[f64] {
        &self.mult
    }

    /// Back substitution on the forward-eliminated `y`, in place; when `add_to` is given,
    /// also `add_to += x` in the same sweep.
    #[inline]
    pub fn back_substitute_into(&self, y: &mut [f64], add_to: Option<&mut [f64]>) {
        let n = y.len();
        let (ip, us) = (&self.inv_pivot[..n], &self.sup_scaled[..n]);
        let mut next = y[n - 1] * ip[n - 1];
        y[n - 1] = next;
        match add_to {
            None => {
                for ((yi, &q), &u) in y[..n - 1].iter_mut().zip(&ip[..n - 1]).zip(&us[..n - 1]).rev() {
                    next = *yi * q - u * next;
                    *yi = next;
                }
            }
            Some(p) => {
                let p = &mut p[..n];
                p[n - 1] += next;
                for (((yi, &q), &u), pi) in y[..n - 1].iter_mut().zip(&ip[..n - 1]).zip(&us[..n - 1]).zip(&mut p[..n - 1]).rev() {
                    next = *yi * q - u * next;
                    *yi = next;
                    *pi += next;
                }
            }
        }
    }

    /// Back substitution on the forward-eliminated `y`, in place.
    pub fn back_substitute(&self, y: &mut [f64]) {
        self.back_substitute_into(y, None);
    }

    /// Solves in place.
    pub fn solve(&self, x: &mut [f64]) {
        for i in 1..x.len() {
            x[i] -= self.mult[i] * x[i - 1];
        }
        self.back_substitute(x);
    }
}

/// A cyclic tridiagonal matrix (corners `A[0][n−1] = sub[0]`, `A[n−1][0] = sup[n−1]`)
/// solved by Sherman–Morrison around a Thomas factorisation (Press et al., *Numerical
/// Recipes*, 3rd ed., §2.7.2): `A = A′ + u vᵀ` with `u = (γ, 0…0, α)`, `v = (1, 0…0, β/γ)`,
/// `γ = −diag[0]`; `x = y − (v·y)/(1 + v·z) z` with `A′y = rhs`, `A′z = u`.
#[derive(Clone, Debug)]
pub struct CyclicLu {
    pub lu: TridiagonalLu,
    z: Vec<f64>,
    beta_over_gamma: f64,
    inv_denominator: f64,
}

impl CyclicLu {
    /// Factors `A′` and precomputes `z = A′⁻¹u`; fails if `A′` or `1 + v·z` is singular.
    pub fn new(sub: &[f64], diag: &[f64], sup: &[f64]) -> SgdResult<Self> {
        let n = diag.len();
        let (beta, alpha) = (sub[0], sup[n - 1]);
        let gamma = -diag[0];
        if gamma == 0.0 {
            return Err(SgdError::invalid("the cyclic tridiagonal system has a zero diagonal at row 0"));
        }
        let mut d = diag.to_vec();
        d[0] -= gamma;
        d[n - 1] -= alpha * beta / gamma;
        let lu = TridiagonalLu::new(sub, &d, sup)?;
        let mut z = vec![0.0; n];
        z[0] = gamma;
        z[n - 1] = alpha;
        lu.solve(&mut z);
        let beta_over_gamma = beta / gamma;
        let denominator = 1.0 + z[0] + beta_over_gamma * z[n - 1];
        if denominator == 0.0 || !denominator.is_finite() {
            return Err(SgdError::invalid("the cyclic tridiagonal system is singular"));
        }
        Ok(CyclicLu { lu, z, beta_over_gamma, inv_denominator: 1.0 / denominator })
    }

    /// The Sherman–Morrison correction after `lu` solved `y` in place.
    #[inline]
    pub fn correct(&self, y: &mut [f64]) {
        let n = y.len();
        let f = (y[0] + self.beta_over_gamma * y[n - 1]) * self.inv_denominator;
        for (yi, zi) in y.iter_mut().zip(&self.z) {
            *yi -= f * zi;
        }
    }

    /// Solves in place.
    pub fn solve(&self, x: &mut [f64]) {
        self.lu.solve(x);
        self.correct(x);
    }
}

/// One row of the backward equation of a birth–death chain on a path, in the order of
/// elimination: `(lr + rr + κ) u − lr u_prev − rr u_next = f + κg`, or `u = fixed`.
#[derive(Clone, Copy, Debug)]
pub struct BackwardRow {
    /// Rate to the previous cell on the path (0 for the first).
    pub lr: f64,
    /// Rate to the next cell on the path (0 for the last).
    pub rr: f64,
    /// Killing rate (to a boundary where u takes the value g).
    pub kappa: f64,
    /// `κ g`.
    pub kappa_g: f64,
    /// Source term f.
    pub f: f64,
    /// `Some(v)`: a Dirichlet cell with `u = v`.
    pub fixed: Option<f64>,
}

/// Solves the backward equation on a path by Gaussian elimination from the first cell,
/// keeping every intermediate a sum of non-negative terms (the tridiagonal case of the
/// Grassmann–Taksar–Heyman idea; GTH, Oper. Res. 33 (1985) 1107): with
/// `uᵢ = yqᵢ + cᵢ u_{i+1}`, the "leak" `sᵢ = pivotᵢ − rrᵢ` obeys
/// `sᵢ = κᵢ + lrᵢ s_{i−1}/pivot_{i−1}` (a Dirichlet cell passes `s/pivot = 1`), so no pivot
/// is formed by cancellation. For `f, κg, fixed ≥ 0` the result has high relative accuracy
/// even when the rates span many orders of magnitude (mean first-passage times over large
/// barriers). Fails if a cell can reach neither a Dirichlet cell nor a killing boundary.
pub fn solve_backward_path(rows: &[BackwardRow], out: &mut [f64]) -> SgdResult<()> {
    let n = rows.len();
    let mut c = vec![0.0; n];
    let mut yq = vec![0.0; n];
    let (mut prev_sfrac, mut prev_yq) = (0.0, 0.0);
    for (i, row) in rows.iter().enumerate() {
        if let Some(v) = row.fixed {
            c[i] = 0.0;
            yq[i] = v;
            prev_sfrac = 1.0;
            prev_yq = v;
            continue;
        }
        let s = row.kappa + row.lr * prev_sfrac;
        let pivot = row.rr + s;
        if !(pivot > 0.0) || !pivot.is_finite() {
            return Err(SgdError::invalid(format!(
                "cell {i} cannot reach the target or an absorbing boundary (its escape rate is {pivot}): the problem has no finite solution"
            )));
        }
        let y = row.f + row.kappa_g + row.lr * prev_yq;
        c[i] = row.rr / pivot;
        yq[i] = y / pivot;
        prev_sfrac = s / pivot;
        prev_yq = yq[i];
    }
    out[n - 1] = yq[n - 1];
    for i in (0..n - 1).rev() {
        out[i] = yq[i] + c[i] * out[i + 1];
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dense_apply(sub: &[f64], diag: &[f64], sup: &[f64], x: &[f64], cyclic: bool) -> Vec<f64> {
        let n = x.len();
        (0..n)
            .map(|i| {
                let mut s = diag[i] * x[i];
                if i > 0 { s += sub[i] * x[i - 1]; } else if cyclic { s += sub[0] * x[n - 1]; }
                if i + 1 < n { s += sup[i] * x[i + 1]; } else if cyclic { s += sup[n - 1] * x[0]; }
                s
            })
            .collect()
    }

    #[test]
    fn thomas_and_cyclic_solve_diagonally_dominant_systems() {
        let n = 9;
        let sub: Vec<f64> = (0..n).map(|i| -0.3 - 0.01 * i as f64).collect();
        let sup: Vec<f64> = (0..n).map(|i| -0.5 + 0.02 * i as f64).collect();
        let diag: Vec<f64> = (0..n).map(|i| 2.0 + 0.1 * i as f64).collect();
        let rhs: Vec<f64> = (0..n).map(|i| (i as f64).sin()).collect();
        for cyclic in [false, true] {
            let mut x = rhs.clone();
            if cyclic { CyclicLu::new(&sub, &diag, &sup).unwrap().solve(&mut x) } else { TridiagonalLu::new(&sub, &diag, &sup).unwrap().solve(&mut x) }
            let back = dense_apply(&sub, &diag, &sup, &x, cyclic);
            for i in 0..n {
                assert!((back[i] - rhs[i]).abs() < 1e-14, "cyclic {cyclic} row {i}");
            }
        }
        assert!(TridiagonalLu::new(&[0.0, 1.0], &[0.0, 1.0], &[1.0, 0.0]).is_err());
    }

    #[test]
    fn backward_path_solves_the_gamblers_ruin() {
        // Symmetric walk with rate 1 each way on 0..n−1, killed at both ends with value 0 (left)
        // and 1 (right) through rate-1 exits: u is linear, u_i = (i + 1)/(n + 1).
        let n = 7;
        let rows: Vec<BackwardRow> = (0..n)
            .map(|i| BackwardRow {
                lr: if i == 0 { 0.0 } else { 1.0 },
                rr: if i == n - 1 { 0.0 } else { 1.0 },
                kappa: if i == 0 || i == n - 1 { 1.0 } else { 0.0 },
                kappa_g: if i == n - 1 { 1.0 } else { 0.0 },
                f: 0.0,
                fixed: None,
            })
            .collect();
        let mut u = vec![0.0; n];
        solve_backward_path(&rows, &mut u).unwrap();
        for i in 0..n {
            assert!((u[i] - (i + 1) as f64 / (n + 1) as f64).abs() < 1e-15);
        }
        // Mean exit time of the same walk (f = 1, g = 0): u_i = (i+1)(n−i)/2.
        let rows: Vec<BackwardRow> = rows.iter().map(|r| BackwardRow { kappa_g: 0.0, f: 1.0, ..*r }).collect();
        solve_backward_path(&rows, &mut u).unwrap();
        for i in 0..n {
            assert!((u[i] - ((i + 1) * (n - i)) as f64 / 2.0).abs() < 1e-13);
        }
        // No exit anywhere: an error, not a panic or an infinity.
        let closed: Vec<BackwardRow> = rows.iter().map(|r| BackwardRow { kappa: 0.0, ..*r }).collect();
        assert!(solve_backward_path(&closed, &mut u).is_err());
    }
}
