//! The backward (Kolmogorov) equation on the same grid: mean first-passage times and
//! committors.
//!
//! The finite-volume scheme is a Markov jump process on cells (`flux.rs`), whose
//! generator on functions is the transpose of the forward matrix:
//! `(Mᵀu)ᵢ = k_{i→i+1}(u_{i+1} − uᵢ) + k_{i→i−1}(u_{i−1} − uᵢ) + κᵢ(g − uᵢ)`, a consistent,
//! second-order discretisation of `L†u = b u′ + D u″` (Itô), with an absorbing face acting
//! as a killing rate κ to a boundary value g. We solve the Poisson problem
//!
//! ```text
//!   −(Mᵀu)ᵢ = f  on free cells,   uᵢ = vᵢ on Dirichlet cells,   u = g on absorbing faces,
//! ```
//!
//! which gives the mean first-passage time (`f = 1`, `v = g = 0`: Gardiner, *Handbook of
//! Stochastic Methods*, §5.5) and the committor (`f = 0`, `v = 0` on A and 1 on B). The
//! solve is the subtraction-free elimination of `tridiagonal::solve_backward_path`, so
//! times of order `e^{ΔU/T}` keep full relative accuracy. A periodic grid is cut open at
//! a Dirichlet cell (which must exist).

use super::flux::Rates;
use super::grid::{Boundary, Grid};
use super::tridiagonal::{solve_backward_path, BackwardRow};
use crate::error::{SgdError, SgdResult};

/// Dirichlet data of a backward problem.
pub struct BackwardProblem<'a> {
    /// Source term f (1 for MFPT, 0 for committors).
    pub source: f64,
    /// Per cell: NaN = free, otherwise the fixed value.
    pub fixed: &'a [f64],
    /// `Some(g)`: the left face is absorbing with value g (overrides a reflecting side);
    /// `None`: the grid's own boundary (an absorbing side then has g = 0).
    pub left: Option<f64>,
    pub right: Option<f64>,
}

/// Solves `−(Mᵀu) = source` on free cells with the Dirichlet data of `problem` (module doc),
/// by `solve_backward_path` on the path of cells (a periodic grid is cut at its first fixed
/// cell). Errors: wrong mask length, infinite fixed values, a side value on a periodic
/// grid, or a cell that reaches no Dirichlet cell and no absorbing face.
pub fn solve_backward(grid: &Grid, rates: &Rates, problem: &BackwardProblem) -> SgdResult<Vec<f64>> {
    let n = grid.n;
    let fixed = problem.fixed;
    if fixed.len() != n {
        return Err(SgdError::invalid(format!("target mask length {} is not allowed: it must be cells = {n}", fixed.len())));
    }
    if let Some(i) = fixed.iter().position(|v| v.is_infinite()) {
        return Err(SgdError::invalid(format!("fixed[{i}] = {} is not allowed: it must be finite (or NaN = free)", fixed[i])));
    }
    if !problem.source.is_finite() {
        return Err(SgdError::invalid(format!("source = {} is not allowed: it must be finite", problem.source)));
    }
    for (side, v) in [("left", problem.left), ("right", problem.right)] {
        if let Some(g) = v {
            if grid.periodic() {
                return Err(SgdError::invalid(format!(
                    "target side '{side}' is not allowed on a periodic grid: it has no ends; give an interval instead"
                )));
            }
            if !g.is_finite() {
                return Err(SgdError::invalid(format!("boundary value on the {side} side = {g} is not allowed: it must be finite")));
            }
        }
    }
    let fixed_at = |i: usize| if fixed[i].is_nan() { None } else { Some(fixed[i]) };
    let mut out = vec![0.0; n];
    if !grid.periodic() {
        let side = |value: Option<f64>, boundary: Boundary| match value {
            Some(g) => Some(g),
            None if boundary == Boundary::Absorbing => Some(0.0),
            None => None,
        };
        let (gl, gr) = (side(problem.left, grid.left), side(problem.right, grid.right));
        let rows: Vec<BackwardRow> = (0..n)
            .map(|i| {
                let mut row = BackwardRow {
                    lr: if i > 0 { rates.left[i] } else { 0.0 },
                    rr: if i + 1 < n { rates.right[i + 1] } else { 0.0 },
                    kappa: 0.0,
                    kappa_g: 0.0,
                    f: problem.source,
                    fixed: fixed_at(i),
                };
                if let (0, Some(g)) = (i, gl) {
                    row.kappa += rates.kill[0];
                    row.kappa_g += rates.kill[0] * g;
                }
                if let (true, Some(g)) = (i + 1 == n, gr) {
                    row.kappa += rates.kill[1];
                    row.kappa_g += rates.kill[1] * g;
                }
                row
            })
            .collect();
        solve_backward_path(&rows, &mut out)?;
        return Ok(out);
    }
    // Periodic: start the path at a Dirichlet cell t; the last cell's link to t becomes a
    // killing rate with value v_t.
    let t = match fixed.iter().position(|v| !v.is_nan()) {
        Some(t) => t,
        None => {
            return Err(SgdError::invalid(
                "on a periodic grid the target (or set A ∪ B) must contain at least one cell centre",
            ))
        }
    };
    let rows: Vec<BackwardRow> = (0..n)
        .map(|pos| {
            let c = (t + pos) % n;
            let mut row = BackwardRow {
                lr: rates.left[c],
                rr: rates.right[c + 1],
                kappa: 0.0,
                kappa_g: 0.0,
                f: problem.source,
                fixed: fixed_at(c),
            };
            if pos + 1 == n {
                row.kappa = row.rr;
                row.kappa_g = row.rr * fixed[t];
                row.rr = 0.0;
            }
            row
        })
        .collect();
    let mut path = vec![0.0; n];
    solve_backward_path(&rows, &mut path)?;
    for pos in 0..n {
        out[(t + pos) % n] = path[pos];
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_diffusion_exit_time_and_committor() {
        // D = 1 on [0, 1], absorbing both ends: τ(x) = x(1 − x)/2, q(x) = x. With the
        // half-cell exits the discrete committor is exact at the centres and the discrete
        // time is exact + h²/8 (the boundary rows read 3/4 for the exact quadratic; a
        // constant c fixes that: 2c/h² = 1/4): second order.
        let n = 16;
        let g = Grid::new(0.0, 1.0, n, Boundary::Absorbing, Boundary::Absorbing).unwrap();
        let r = Rates::new(&g, &vec![0.0; n + 1], &vec![1.0; n + 1], &vec![1.0; n]).unwrap();
        let free = vec![f64::NAN; n];
        let tau = solve_backward(&g, &r, &BackwardProblem { source: 1.0, fixed: &free, left: None, right: None }).unwrap();
        let q = solve_backward(&g, &r, &BackwardProblem { source: 0.0, fixed: &free, left: Some(0.0), right: Some(1.0) }).unwrap();
        for i in 0..n {
            let x = g.centre(i);
            let h = g.h;
            assert!((tau[i] - (x * (1.0 - x) / 2.0 + h * h / 8.0)).abs() < 1e-14, "tau[{i}]");
            assert!((q[i] - x).abs() < 1e-14, "q[{i}]");
        }
    }

    #[test]
    fn periodic_needs_a_target_cell_and_solves_the_cut_circle() {
        let n = 20;
        let g = Grid::new(0.0, 1.0, n, Boundary::Periodic, Boundary::Periodic).unwrap();
        let r = Rates::new(&g, &vec![0.0; n + 1], &vec![1.0; n + 1], &vec![1.0; n]).unwrap();
        let mut fixed = vec![f64::NAN; n];
        assert!(solve_backward(&g, &r, &BackwardProblem { source: 1.0, fixed: &fixed, left: None, right: None }).is_err());
        assert!(solve_backward(&g, &r, &BackwardProblem { source: 1.0, fixed: &fixed, left: Some(0.0), right: None }).is_err());
        fixed[5] = 0.0;
        let tau = solve_backward(&g, &r, &BackwardProblem { source: 1.0, fixed: &fixed, left: None, right: None }).unwrap();
        // Symmetric random walk on a circle of n cells with rate 1/h² each way, target at 5:
        // τ at distance k = k(n − k) h²/2.
        let h2 = (1.0 / n as f64).powi(2);
        for i in 0..n {
            let k = (i + n - 5) % n;
            assert!((tau[i] - (k * (n - k)) as f64 * h2 / 2.0).abs() < 1e-14, "i = {i}");
        }
    }
}
