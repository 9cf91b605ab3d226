//! Discrete Lyapunov (Stein) equation `X = M X Mᵀ + Q` for `ρ(M) < 1`, by the discrete
//! Bartels–Stewart algorithm (Barraud, IEEE TAC 22 (1977); Golub & Van Loan §7.6.3 adapted):
//! with `M = Z T Zᵀ` (real Schur) the equation becomes `Y − T Y Tᵀ = F`, `F = Zᵀ Q Z`,
//! `X = Z Y Zᵀ`. Block row i of Y is found from the bottom up and, inside it, block j from
//! the right: `Yᵢⱼ − Tᵢᵢ Yᵢⱼ Tⱼⱼᵀ = Fᵢⱼ + Tᵢᵢ Gᵢⱼ + Σ_{k>i} Tᵢₖ Wₖⱼ` where
//! `Gᵢⱼ = Σ_{l>j} Yᵢₗ Tⱼₗᵀ` (same block row, already known) and `W = Y Tᵀ` is kept for the
//! finished block rows. Each block solves a system with `I − Tᵢᵢ ⊗ Tⱼⱼ` (≤ 4 unknowns).
//! O(n³). Unlike the doubling (Smith) iteration, the cost does not grow as ρ(M) → 1.
//!
//! For the linear recursion `z_{k+1} = M z_k + w_k`, `Cov w = Q`, X is the stationary
//! covariance (`X = Σ_k Mᵏ Q Mᵏᵀ`).

use super::dense::{check_square, frobenius, matmul, mul_transpose, solve_small, symmetrised, transpose_mul};
use super::lyapunov::finish_symmetric;
use super::schur::{schur, Schur};
use crate::error::{SgdError, SgdResult};

const SYMMETRY_TOL: f64 = 1e-10;

/// Requires the spectral radius of M to be `< 1 − 10 n ε max(1, ‖M‖_F)`.
pub fn require_contraction(s: &Schur, m_norm: f64) -> SgdResult<f64> {
    let n = s.n;
    let margin = 10.0 * n as f64 * f64::EPSILON * m_norm.max(1.0);
    let rho = s.eigenvalues().iter().map(|(re, im)| re.hypot(*im)).fold(0.0, f64::max);
    if !(rho < 1.0 - margin) {
        return Err(SgdError::invalid(format!(
            "the transition matrix has spectral radius ρ(M) = {rho}, which is not allowed: it must be < 1 \
             (the recursion has no stationary covariance)"
        )));
    }
    Ok(rho)
}

/// Solves `X = M X Mᵀ + Q` (Q symmetric, ρ(M) < 1). Returns the symmetric X (row-major).
pub fn stein(m: &[f64], q: &[f64], n: usize) -> SgdResult<Vec<f64>> {
    check_square("M", m, n)?;
    check_square("Q", q, n)?;
    let q = symmetrised("Q", q, n, SYMMETRY_TOL)?;
    let s = schur(m, n)?;
    require_contraction(&s, frobenius(m))?;
    let f = transpose_mul(&s.z, &matmul(&q, &s.z, n, n, n), n);
    let y = solve_quasi_triangular(&s, &f)?;
    let x = mul_transpose(&matmul(&s.z, &y, n, n, n), &s.z, n);
    finish_symmetric(x, n, "discrete Lyapunov")
}

fn solve_quasi_triangular(s: &Schur, f: &[f64]) -> SgdResult<Vec<f64>> {
    let n = s.n;
    let t = &s.t;
    let blocks = s.blocks();
    let mut y = vec![0.0; n * n];
    // W = Y Tᵀ, rows filled once their block row of Y is complete.
    let mut w = vec![0.0; n * n];
    for &(i0, p) in blocks.iter().rev() {
        for &(j0, q) in blocks.iter().rev() {
            // G[r][c] = Σ_{l ≥ j0+q} Y[i0+r][l] T[j0+c][l]
            let mut g = vec![0.0; p * q];
            for r in 0..p {
                for c in 0..q {
                    let mut v = 0.0;
                    for l in j0 + q..n {
                        v += y[(i0 + r) * n + l] * t[(j0 + c) * n + l];
                    }
                    g[r * q + c] = v;
                }
            }
            let mut rhs = vec![0.0; p * q];
            for r in 0..p {
                for c in 0..q {
                    let (a, b) = (i0 + r, j0 + c);
                    let mut v = f[a * n + b];
                    for r2 in 0..p {
                        v += t[a * n + i0 + r2] * g[r2 * q + c];
                    }
                    for k in i0 + p..n {
                        v += t[a * n + k] * w[k * n + b];
                    }
                    rhs[r * q + c] = v;
                }
            }
            // Equation (r, c): Y[r][c] − Σ_{r2,c2} T[i0+r][i0+r2] Y[r2][c2] T[j0+c][j0+c2] = rhs.
            let m = p * q;
            let mut mat = vec![0.0; m * m];
            for r in 0..p {
                for c in 0..q {
                    let row = r * q + c;
                    mat[row * m + row] += 1.0;
                    for r2 in 0..p {
                        for c2 in 0..q {
                            mat[row * m + r2 * q + c2] -= t[(i0 + r) * n + i0 + r2] * t[(j0 + c) * n + j0 + c2];
                        }
                    }
                }
            }
            let sol = solve_small(mat, rhs, m).ok_or_else(|| {
                SgdError::invalid("discrete Lyapunov solve: X ↦ X − MXMᵀ is singular to working precision (λᵢλⱼ ≈ 1)")
            })?;
            for r in 0..p {
                for c in 0..q {
                    y[(i0 + r) * n + j0 + c] = sol[r * q + c];
                }
            }
        }
        // Block row i0..i0+p of Y is complete: W rows = Y rows · Tᵀ.
        for r in i0..i0 + p {
            for b in 0..n {
                let start = if b > 0 && t[b * n + b - 1] != 0.0 { b - 1 } else { b };
                let mut v = 0.0;
                for l in start..n {
                    v += y[r * n + l] * t[b * n + l];
                }
                w[r * n + b] = v;
            }
        }
    }
    Ok(y)
}

#[cfg(test)]
mod tests {
    use super::super::dense::transpose;
    use super::*;
    use crate::linalg::lu::solve;
    use crate::linalg::test_util::Lcg;

    /// A random matrix scaled to spectral radius ≤ ‖R‖₂/‖R‖_F · r ≤ r.
    fn random_contraction(rng: &mut Lcg, n: usize, r: f64) -> Vec<f64> {
        let a: Vec<f64> = (0..n * n).map(|_| rng.normal()).collect();
        let f = frobenius(&a);
        a.iter().map(|x| x * r / f).collect()
    }

    fn kronecker(m: &[f64], q: &[f64], n: usize) -> Vec<f64> {
        let s = n * n;
        let mut k = vec![0.0; s * s];
        for i in 0..n {
            for j in 0..n {
                let row = i * n + j;
                k[row * s + row] += 1.0;
                for a in 0..n {
                    for b in 0..n {
                        k[row * s + a * n + b] -= m[i * n + a] * m[j * n + b];
                    }
                }
            }
        }
        solve(&k, q, s, 1).unwrap()
    }

    #[test]
    fn matches_kronecker_solve() {
        let mut rng = Lcg(23);
        for n in [1, 2, 3, 4, 7] {
            for r in [0.3, 0.9, 0.99] {
                let m = random_contraction(&mut rng, n, r);
                let b: Vec<f64> = (0..n * n).map(|_| rng.normal()).collect();
                let q = matmul(&b, &transpose(&b, n), n, n, n);
                let x = stein(&m, &q, n).unwrap();
                let want = kronecker(&m, &q, n);
                let scale = frobenius(&want);
                for (g, w) in x.iter().zip(&want) {
                    assert!((g - w).abs() <= 1e-11 * scale, "n={n} r={r}: {g} vs {w}");
                }
            }
        }
    }

    #[test]
    fn scalar_rotation_and_errors() {
        // x = m² x + q ⇒ x = q / (1 − m²).
        assert!((stein(&[0.5], &[3.0], 1).unwrap()[0] - 4.0).abs() < 1e-15);
        // Scaled rotation: M = r R(φ) ⇒ X = q/(1 − r²) I for Q = q I.
        let (r, ph) = (0.9f64, 0.7f64);
        let m = [r * ph.cos(), -r * ph.sin(), r * ph.sin(), r * ph.cos()];
        let x = stein(&m, &[1.0, 0.0, 0.0, 1.0], 2).unwrap();
        let want = 1.0 / (1.0 - r * r);
        assert!((x[0] - want).abs() < 1e-13 && x[1].abs() < 1e-13 && (x[3] - want).abs() < 1e-13);
        assert!(stein(&[1.0], &[1.0], 1).unwrap_err().message.contains("spectral radius"));
        assert!(stein(&[0.0, 1.1, -1.1, 0.0], &[1.0, 0.0, 0.0, 1.0], 2).is_err());
        assert!(stein(&[0.5, 0.0, 0.0, 0.5], &[1.0, 1.0, 0.0, 1.0], 2).is_err());
    }
}
