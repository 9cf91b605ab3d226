//! Small helpers shared by the dense algorithms: input checks, products, norms.
//! Every matrix is row-major, `n × n` unless stated (`a[i * n + j]` is row i, column j).

use crate::error::{SgdError, SgdResult};

/// Checks that `a` holds `n × n` finite entries, naming `name` in the error.
pub fn check_square(name: &str, a: &[f64], n: usize) -> SgdResult<()> {
    let want = n.checked_mul(n).ok_or_else(|| SgdError::invalid(format!("{name}: n = {n} is too large")))?;
    if a.len() != want {
        return Err(SgdError::invalid(format!(
            "{name} has {} entries, which is not allowed: a {n}×{n} matrix needs {want} (row-major)",
            a.len()
        )));
    }
    match a.iter().position(|v| !v.is_finite()) {
        None => Ok(()),
        Some(k) => Err(SgdError::invalid(format!(
            "{name}[{}][{}] = {} is not allowed: every entry must be a finite number",
            k / n.max(1),
            k % n.max(1),
            a[k]
        ))),
    }
}

/// Checks symmetry to a relative tolerance `tol · max|aᵢⱼ|` and returns the symmetrised
/// matrix `(A + Aᵀ)/2`.
pub fn symmetrised(name: &str, a: &[f64], n: usize, tol: f64) -> SgdResult<Vec<f64>> {
    let scale = max_abs(a);
    let mut s = a.to_vec();
    for i in 0..n {
        for j in 0..i {
            let (x, y) = (a[i * n + j], a[j * n + i]);
            if (x - y).abs() > tol * scale {
                return Err(SgdError::invalid(format!(
                    "{name} is not symmetric: entry [{i}][{j}] = {x} but [{j}][{i}] = {y} (allowed: |difference| <= {tol:e}·max|entry|)"
                )));
            }
            let m = 0.5 * (x + y);
            s[i * n + j] = m;
            s[j * n + i] = m;
        }
    }
    Ok(s)
}

pub fn max_abs(a: &[f64]) -> f64 {
    a.iter().fold(0.0f64, |m, v| m.max(v.abs()))
}

pub fn frobenius(a: &[f64]) -> f64 {
    // Scaled to avoid overflow for huge entries.
    let s = max_abs(a);
    if s == 0.0 || !s.is_finite() {
        return s;
    }
    s * a.iter().map(|v| (v / s) * (v / s)).sum::<f64>().sqrt()
}

/// The 1-norm (maximum absolute column sum).
pub fn norm1(a: &[f64], n: usize) -> f64 {
    (0..n).map(|j| (0..n).map(|i| a[i * n + j].abs()).sum::<f64>()).fold(0.0, f64::max)
}

pub fn identity(n: usize) -> Vec<f64> {
    let mut m = vec![0.0; n * n];
    for i in 0..n {
        m[i * n + i] = 1.0;
    }
    m
}

/// `C = A B` for `A: m×k`, `B: k×p`.
pub fn matmul(a: &[f64], b: &[f64], m: usize, k: usize, p: usize) -> Vec<f64> {
    let mut c = vec![0.0; m * p];
    for i in 0..m {
        let ci = &mut c[i * p..(i + 1) * p];
        for l in 0..k {
            let x = a[i * k + l];
            if x == 0.0 {
                continue;
            }
            let bl = &b[l * p..(l + 1) * p];
            for (cv, bv) in ci.iter_mut().zip(bl) {
                *cv += x * bv;
            }
        }
    }
    c
}

/// `A Bᵀ` for square n×n matrices.
pub fn mul_transpose(a: &[f64], b: &[f64], n: usize) -> Vec<f64> {
    let mut c = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..n {
            let mut s = 0.0;
            for l in 0..n {
                s += a[i * n + l] * b[j * n + l];
            }
            c[i * n + j] = s;
        }
    }
    c
}

/// `Aᵀ B` for square n×n matrices.
pub fn transpose_mul(a: &[f64], b: &[f64], n: usize) -> Vec<f64> {
    matmul(&transpose(a, n), b, n, n, n)
}

pub fn transpose(a: &[f64], n: usize) -> Vec<f64> {
    let mut t = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..n {
            t[j * n + i] = a[i * n + j];
        }
    }
    t
}

/// Solves the small dense system `M x = r` (m ≤ 4 in the Schur solvers) by Gaussian
/// elimination with complete pivoting. Returns `None` when a pivot is below
/// `tiny = 64 ε · max|M|` (the system is singular to working precision).
pub fn solve_small(mut m: Vec<f64>, mut r: Vec<f64>, k: usize) -> Option<Vec<f64>> {
    let scale = max_abs(&m);
    if scale == 0.0 {
        return None;
    }
    let tiny = 64.0 * f64::EPSILON * scale;
    let mut col_perm: Vec<usize> = (0..k).collect();
    for p in 0..k {
        // Complete pivoting: the largest entry of the trailing block.
        let (mut bi, mut bj, mut bv) = (p, p, -1.0);
        for i in p..k {
            for j in p..k {
                let v = m[i * k + j].abs();
                if v > bv {
                    bv = v;
                    bi = i;
                    bj = j;
                }
            }
        }
        if !(bv > tiny) {
            return None;
        }
        if bi != p {
            for j in 0..k {
                m.swap(p * k + j, bi * k + j);
            }
            r.swap(p, bi);
        }
        if bj != p {
            for i in 0..k {
                m.swap(i * k + p, i * k + bj);
            }
            col_perm.swap(p, bj);
        }
        let piv = m[p * k + p];
        for i in p + 1..k {
            let f = m[i * k + p] / piv;
            if f != 0.0 {
                for j in p..k {
                    m[i * k + j] -= f * m[p * k + j];
                }
                r[i] -= f * r[p];
            }
        }
    }
    let mut y = vec![0.0; k];
    for i in (0..k).rev() {
        let mut s = r[i];
        for j in i + 1..k {
            s -= m[i * k + j] * y[j];
        }
        y[i] = s / m[i * k + i];
    }
    let mut x = vec![0.0; k];
    for (i, &c) in col_perm.iter().enumerate() {
        x[c] = y[i];
    }
    Some(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_solver_and_checks() {
        let m = vec![0.0, 2.0, 1.0, 1.0, 1.0, 0.0, 3.0, 0.0, 1.0];
        let x = solve_small(m.clone(), vec![3.0, 2.0, 4.0], 3).unwrap();
        for (a, b) in x.iter().zip([1.0, 1.0, 1.0]) {
            assert!((a - b).abs() < 1e-14);
        }
        assert!(solve_small(vec![1.0, 2.0, 2.0, 4.0], vec![1.0, 1.0], 2).is_none());
        assert!(check_square("A", &[1.0, 2.0, 3.0], 2).is_err());
        assert!(check_square("A", &[1.0, f64::NAN, 3.0, 4.0], 2).unwrap_err().message.contains("A[0][1]"));
        assert!(symmetrised("A", &[1.0, 2.0, 2.5, 1.0], 2, 1e-12).is_err());
        assert_eq!(matmul(&[1.0, 2.0, 3.0, 4.0], &[1.0, 0.0, 0.0, 1.0], 2, 2, 2), vec![1.0, 2.0, 3.0, 4.0]);
    }
}
