//! Continuous Lyapunov equation `A X + X Aᵀ = C` by the Bartels–Stewart algorithm
//! (Bartels & Stewart, CACM 15 (1972); Golub & Van Loan, 4th ed., §7.6.3):
//! with the real Schur form `A = Z T Zᵀ` the equation becomes `T Y + Y Tᵀ = F`,
//! `F = Zᵀ C Z`, `X = Z Y Zᵀ`; as T is upper quasi-triangular, Y is found block by block
//! from the bottom-right corner, each block `Yᵢⱼ` (1×1, 1×2, 2×1 or 2×2) solving the small
//! Sylvester system `Tᵢᵢ Yᵢⱼ + Yᵢⱼ Tⱼⱼᵀ = Fᵢⱼ − Σ_{k>i} Tᵢₖ Yₖⱼ − Σ_{l>j} Yᵢₗ Tⱼₗᵀ`
//! (≤ 4 unknowns, Gaussian elimination with complete pivoting). O(n³).
//!
//! For the OU process `dX = −A(X − μ)dt + √(2D) dW` the stationary covariance B solves
//! `A B + B Aᵀ = 2D` (call with C = 2D). The solution is unique iff no two eigenvalues of A
//! sum to 0; this solver requires A Hurwitz (every eigenvalue with real part < 0 after
//! the sign convention `ẋ = −Ax`, i.e. here: −A Hurwitz ⇔ every eigenvalue of A has
//! real part > 0) — see `require_stable_drift`.

use super::dense::{check_square, frobenius, matmul, mul_transpose, solve_small, symmetrised, transpose_mul};
use super::schur::{schur, Schur};
use crate::error::{SgdError, SgdResult};

/// Relative asymmetry tolerated in C (the symmetrised C is used).
const SYMMETRY_TOL: f64 = 1e-10;

/// Requires every eigenvalue of the drift `A` (in `dX = −A X dt + …`) to have real part
/// `> 10 n ε ‖A‖_F`, i.e. `−A` Hurwitz with a margin that rounding cannot fake.
pub fn require_stable_drift(s: &Schur, a_norm: f64) -> SgdResult<()> {
    let n = s.n;
    let margin = 10.0 * n as f64 * f64::EPSILON * a_norm;
    let worst = s.eigenvalues().into_iter().min_by(|x, y| x.0.total_cmp(&y.0));
    if let Some((re, im)) = worst {
        if !(re > margin) {
            return Err(SgdError::invalid(format!(
                "the drift matrix is not stable: it has the eigenvalue {re}{}{}i, which is not allowed: \
                 every eigenvalue of A (drift −A x) must have real part > 0 (here > {margin:e}), i.e. −A must be Hurwitz",
                if im < 0.0 { "-" } else { "+" },
                im.abs()
            )));
        }
    }
    Ok(())
}

/// Solves `A X + X Aᵀ = C` for `X`, where every eigenvalue of A has real part > 0
/// (errors otherwise) and C is symmetric. Returns the symmetric X (row-major).
pub fn lyapunov(a: &[f64], c: &[f64], n: usize) -> SgdResult<Vec<f64>> {
    check_square("A", a, n)?;
    check_square("C", c, n)?;
    let c = symmetrised("C", c, n, SYMMETRY_TOL)?;
    let s = schur(a, n)?;
    require_stable_drift(&s, frobenius(a))?;
    let f = transpose_mul(&s.z, &matmul(&c, &s.z, n, n, n), n);
    let y = solve_quasi_triangular(&s, &f)?;
    let x = mul_transpose(&matmul(&s.z, &y, n, n, n), &s.z, n);
    finish_symmetric(x, n, "Lyapunov")
}

/// Symmetrises and checks the result is finite.
pub(super) fn finish_symmetric(mut x: Vec<f64>, n: usize, what: &str) -> SgdResult<Vec<f64>> {
    for i in 0..n {
        for j in 0..i {
            let m = 0.5 * (x[i * n + j] + x[j * n + i]);
            x[i * n + j] = m;
            x[j * n + i] = m;
        }
    }
    if x.iter().any(|v| !v.is_finite()) {
        return Err(SgdError::invalid(format!("{what} solve: the solution overflowed (the problem is too ill-conditioned)")));
    }
    Ok(x)
}

/// `T Y + Y Tᵀ = F` for quasi-triangular T (from `s`).
fn solve_quasi_triangular(s: &Schur, f: &[f64]) -> SgdResult<Vec<f64>> {
    let n = s.n;
    let t = &s.t;
    let blocks = s.blocks();
    let mut y = vec![0.0; n * n];
    for &(i0, p) in blocks.iter().rev() {
        for &(j0, q) in blocks.iter().rev() {
            let mut rhs = vec![0.0; p * q];
            for r in 0..p {
                for c in 0..q {
                    let (a, b) = (i0 + r, j0 + c);
                    let mut v = f[a * n + b];
                    for k in i0 + p..n {
                        v -= t[a * n + k] * y[k * n + b];
                    }
                    for l in j0 + q..n {
                        v -= y[a * n + l] * t[b * n + l];
                    }
                    rhs[r * q + c] = v;
                }
            }
            // Unknown (r, c) ↦ index r·q + c; equation (r, c):
            // Σ_r' T[i0+r][i0+r'] Y[r'][c] + Σ_c' Y[r][c'] T[j0+c][j0+c'] = rhs.
            let m = p * q;
            let mut mat = vec![0.0; m * m];
            for r in 0..p {
                for c in 0..q {
                    let row = r * q + c;
                    for r2 in 0..p {
                        mat[row * m + r2 * q + c] += t[(i0 + r) * n + i0 + r2];
                    }
                    for c2 in 0..q {
                        mat[row * m + r * q + c2] += t[(j0 + c) * n + j0 + c2];
                    }
                }
            }
            let sol = solve_small(mat, rhs, m).ok_or_else(|| {
                SgdError::invalid("Lyapunov solve: the operator X ↦ AX + XAᵀ is singular to working precision (two eigenvalues of A sum to ~0)")
            })?;
            for r in 0..p {
                for c in 0..q {
                    y[(i0 + r) * n + j0 + c] = sol[r * q + c];
                }
            }
        }
    }
    Ok(y)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::linalg::lu::solve;
    use crate::linalg::test_util::Lcg;

    /// A random matrix whose eigenvalues all have real part ≥ `margin`: R + (‖R‖_F + margin) I.
    pub fn random_stable(rng: &mut Lcg, n: usize, margin: f64) -> Vec<f64> {
        let mut a: Vec<f64> = (0..n * n).map(|_| rng.normal()).collect();
        let shift = frobenius(&a) + margin;
        for i in 0..n {
            a[i * n + i] += shift;
        }
        a
    }

    /// Solves (I⊗A + A⊗I) vec X = vec C directly (row-major vec).
    fn kronecker(a: &[f64], c: &[f64], n: usize) -> Vec<f64> {
        let m = n * n;
        let mut k = vec![0.0; m * m];
        for i in 0..n {
            for j in 0..n {
                let row = i * n + j;
                for l in 0..n {
                    k[row * m + l * n + j] += a[i * n + l]; // (A X)ᵢⱼ
                    k[row * m + i * n + l] += a[j * n + l]; // (X Aᵀ)ᵢⱼ
                }
            }
        }
        solve(&k, c, m, 1).unwrap()
    }

    #[test]
    fn matches_kronecker_solve() {
        let mut rng = Lcg(17);
        for n in [1, 2, 3, 5, 8] {
            for _ in 0..4 {
                let a = random_stable(&mut rng, n, 0.1);
                let r: Vec<f64> = (0..n * n).map(|_| rng.normal()).collect();
                let c = matmul(&r, &super::super::dense::transpose(&r, n), n, n, n);
                let x = lyapunov(&a, &c, n).unwrap();
                let want = kronecker(&a, &c, n);
                let scale = frobenius(&want);
                for (g, w) in x.iter().zip(&want) {
                    assert!((g - w).abs() <= 1e-12 * scale, "{g} vs {w}");
                }
            }
        }
    }

    #[test]
    fn scalar_and_errors() {
        // 2a x = c.
        assert!((lyapunov(&[2.0], &[8.0], 1).unwrap()[0] - 2.0).abs() < 1e-15);
        let e = lyapunov(&[-1.0, 0.0, 0.0, 2.0], &[1.0, 0.0, 0.0, 1.0], 2).unwrap_err();
        assert!(e.message.contains("not stable"), "{}", e.message);
        assert!(lyapunov(&[0.0, 1.0, -1.0, 0.0], &[1.0, 0.0, 0.0, 1.0], 2).is_err());
        assert!(lyapunov(&[1.0, 0.0, 0.0, 1.0], &[1.0, 2.0, 0.0, 1.0], 2).unwrap_err().message.contains("symmetric"));
        assert!(lyapunov(&[1.0, 0.0, 0.0], &[1.0], 1).is_err());
        assert!(lyapunov(&[f64::NAN], &[1.0], 1).is_err());
    }
}
