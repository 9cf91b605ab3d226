//! LU factorisation with partial pivoting, `P A = L U` (Golub & Van Loan, 4th ed.,
//! Alg. 3.4.1), and the solves, inverse and determinant built on it.

use super::dense::{check_square, max_abs};
use crate::error::{SgdError, SgdResult};

/// `P A = L U`: `lu` holds L (unit lower, diagonal not stored) below the diagonal and U on
/// and above it; row i of `P A` is row `perm[i]` of A; `sign` = det P.
#[derive(Clone, Debug)]
pub struct Lu {
    pub n: usize,
    pub lu: Vec<f64>,
    pub perm: Vec<usize>,
    pub sign: f64,
    /// max|aᵢⱼ| of the input, for the singularity test.
    scale: f64,
}

/// Factorises `a` (row-major n×n, finite). Never fails on a singular matrix (zero pivots
/// are kept, `det` is 0); `solve` refuses singular systems.
pub fn lu(a: &[f64], n: usize) -> SgdResult<Lu> {
    check_square("matrix", a, n)?;
    let mut m = a.to_vec();
    let mut perm: Vec<usize> = (0..n).collect();
    let mut sign = 1.0;
    for k in 0..n {
        let p = (k..n).max_by(|&i, &j| m[i * n + k].abs().total_cmp(&m[j * n + k].abs())).unwrap_or(k);
        if p != k {
            for j in 0..n {
                m.swap(k * n + j, p * n + j);
            }
            perm.swap(k, p);
            sign = -sign;
        }
        let piv = m[k * n + k];
        if piv == 0.0 {
            continue;
        }
        for i in k + 1..n {
            let f = m[i * n + k] / piv;
            m[i * n + k] = f;
            if f != 0.0 {
                for j in k + 1..n {
                    m[i * n + j] -= f * m[k * n + j];
                }
            }
        }
    }
    Ok(Lu { n, lu: m, perm, sign, scale: max_abs(a) })
}

impl Lu {
    /// The determinant `sign · Πᵢ uᵢᵢ`.
    pub fn det(&self) -> f64 {
        (0..self.n).fold(self.sign, |d, i| d * self.lu[i * self.n + i])
    }

    /// Index of the first pivot with `|uᵢᵢ| ≤ n ε max|a|` (singular to working precision).
    pub fn singular_pivot(&self) -> Option<usize> {
        let tiny = (self.n as f64) * f64::EPSILON * self.scale;
        (0..self.n).find(|&i| !(self.lu[i * self.n + i].abs() > tiny))
    }

    /// Solves `A X = B` for `B` row-major n × nrhs.
    pub fn solve(&self, b: &[f64], nrhs: usize) -> SgdResult<Vec<f64>> {
        let n = self.n;
        if b.len() != n * nrhs {
            return Err(SgdError::invalid(format!(
                "right-hand side has {} entries, which is not allowed: it must be {n} × {nrhs}",
                b.len()
            )));
        }
        if let Some(i) = b.iter().position(|v| !v.is_finite()) {
            return Err(SgdError::invalid(format!("right-hand side entry {i} = {} is not allowed: it must be finite", b[i])));
        }
        if let Some(i) = self.singular_pivot() {
            return Err(SgdError::invalid(format!(
                "the matrix is singular to working precision (pivot {i} = {:e}): it must be invertible",
                self.lu[i * n + i]
            )));
        }
        let mut x = vec![0.0; n * nrhs];
        for i in 0..n {
            x[i * nrhs..(i + 1) * nrhs].copy_from_slice(&b[self.perm[i] * nrhs..(self.perm[i] + 1) * nrhs]);
        }
        for c in 0..nrhs {
            for i in 0..n {
                let mut s = x[i * nrhs + c];
                for k in 0..i {
                    s -= self.lu[i * n + k] * x[k * nrhs + c];
                }
                x[i * nrhs + c] = s;
            }
            for i in (0..n).rev() {
                let mut s = x[i * nrhs + c];
                for k in i + 1..n {
                    s -= self.lu[i * n + k] * x[k * nrhs + c];
                }
                x[i * nrhs + c] = s / self.lu[i * n + i];
            }
        }
        if let Some(i) = x.iter().position(|v| !v.is_finite()) {
            return Err(SgdError::invalid(format!("the solution overflowed (entry {i}): the matrix is too ill-conditioned")));
        }
        Ok(x)
    }

    pub fn inverse(&self) -> SgdResult<Vec<f64>> {
        self.solve(&super::dense::identity(self.n), self.n)
    }
}

/// Solves `A X = B` (A n×n, B n×nrhs, row-major).
pub fn solve(a: &[f64], b: &[f64], n: usize, nrhs: usize) -> SgdResult<Vec<f64>> {
    lu(a, n)?.solve(b, nrhs)
}

#[cfg(test)]
mod tests {
    use super::super::dense::matmul;
    use super::*;
    use crate::linalg::test_util::Lcg;

    #[test]
    fn solves_random_systems() {
        let mut rng = Lcg(3);
        for n in [1, 2, 4, 9] {
            let a: Vec<f64> = (0..n * n).map(|_| rng.normal()).collect();
            let x: Vec<f64> = (0..n * 2).map(|_| rng.normal()).collect();
            let b = matmul(&a, &x, n, n, 2);
            let got = solve(&a, &b, n, 2).unwrap();
            for (g, w) in got.iter().zip(&x) {
                assert!((g - w).abs() < 1e-10 * (1.0 + w.abs()));
            }
            let f = lu(&a, n).unwrap();
            let inv = f.inverse().unwrap();
            let id = matmul(&a, &inv, n, n, n);
            for i in 0..n {
                for j in 0..n {
                    assert!((id[i * n + j] - if i == j { 1.0 } else { 0.0 }).abs() < 1e-10);
                }
            }
        }
    }

    #[test]
    fn determinant_and_singular() {
        let f = lu(&[0.0, 2.0, 3.0, 4.0], 2).unwrap();
        assert!((f.det() + 6.0).abs() < 1e-15);
        let s = lu(&[1.0, 2.0, 2.0, 4.0], 2).unwrap();
        assert_eq!(s.det(), 0.0);
        assert!(s.solve(&[1.0, 1.0], 1).unwrap_err().message.contains("singular"));
        assert!(lu(&[f64::NAN], 1).is_err());
        assert!(lu(&[0.0], 1).unwrap().solve(&[1.0], 1).is_err());
    }
}
