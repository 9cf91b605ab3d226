//! Cholesky factorisation `A = L Lᵀ` of a symmetric positive-definite matrix
//! (Golub & Van Loan, Matrix Computations, 4th ed., Alg. 4.2.1).

/// Returns the lower factor `L` (row-major, d×d), or `None` when `a` (row-major, d×d,
/// only its lower triangle is read) is not positive definite: some pivot ≤ 0 or non-finite.
pub fn cholesky(a: &[f64], d: usize) -> Option<Vec<f64>> {
    let mut l = vec![0.0; d * d];
    for j in 0..d {
        let mut pivot = a[j * d + j];
        for k in 0..j {
            pivot -= l[j * d + k] * l[j * d + k];
        }
        if !(pivot > 0.0) || !pivot.is_finite() {
            return None;
        }
        let ljj = pivot.sqrt();
        l[j * d + j] = ljj;
        for i in j + 1..d {
            let mut s = a[i * d + j];
            for k in 0..j {
                s -= l[i * d + k] * l[j * d + k];
            }
            l[i * d + j] = s / ljj;
        }
    }
    Some(l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn factorises_spd_and_rejects_indefinite() {
        let a = [4.0, 2.0, 2.0, 3.0];
        let l = cholesky(&a, 2).unwrap();
        // L Lᵀ reproduces A.
        assert_eq!(l[0] * l[0], 4.0);
        assert!((l[2] * l[0] - 2.0).abs() < 1e-15);
        assert!((l[2] * l[2] + l[3] * l[3] - 3.0).abs() < 1e-15);
        assert!(cholesky(&[1.0, 2.0, 2.0, 1.0], 2).is_none());
        assert!(cholesky(&[f64::NAN], 1).is_none());
    }
}
