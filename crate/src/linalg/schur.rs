//! Real Schur decomposition `A = Z T Zᵀ` (Z orthogonal, T upper quasi-triangular with
//! 1×1 and 2×2 diagonal blocks), by Householder reduction to Hessenberg form
//! (Golub & Van Loan, 4th ed., Alg. 7.4.2) followed by the Francis implicit double-shift
//! QR iteration applied to the whole matrix with accumulation of Z (GVL Alg. 7.5.1–7.5.2;
//! exceptional shifts every 10 iterations as in LAPACK `dlahqr`).
//!
//! Deflation: `t[l][l−1]` is set to 0 when `|t[l][l−1]| ≤ ε (|t[l−1][l−1]| + |t[l][l]|)`.
//! 2×2 diagonal blocks are left as the iteration produced them (not standardised), so a
//! 2×2 block may have two real eigenvalues; the Bartels–Stewart solvers in `lyapunov.rs`
//! and `stein.rs` handle any 2×2 block. No balancing is done.

use super::dense::{check_square, frobenius, identity};
use crate::error::{SgdError, SgdResult};

#[derive(Clone, Debug)]
pub struct Schur {
    pub n: usize,
    /// Upper quasi-triangular factor, row-major.
    pub t: Vec<f64>,
    /// Orthogonal factor, row-major; `A = Z T Zᵀ`.
    pub z: Vec<f64>,
}

/// Computes the real Schur form of `a` (row-major n×n, finite).
pub fn schur(a: &[f64], n: usize) -> SgdResult<Schur> {
    check_square("matrix", a, n)?;
    let mut t = a.to_vec();
    let mut z = identity(n);
    hessenberg(&mut t, &mut z, n);
    francis(&mut t, &mut z, n)?;
    Ok(Schur { n, t, z })
}

impl Schur {
    /// The diagonal blocks as `(start, size)`, size 1 or 2, in order.
    pub fn blocks(&self) -> Vec<(usize, usize)> {
        let n = self.n;
        let mut out = Vec::new();
        let mut i = 0;
        while i < n {
            if i + 1 < n && self.t[(i + 1) * n + i] != 0.0 {
                out.push((i, 2));
                i += 2;
            } else {
                out.push((i, 1));
                i += 1;
            }
        }
        out
    }

    /// Eigenvalues `(re, im)` in block order (a complex pair as `(re, +im), (re, −im)`).
    pub fn eigenvalues(&self) -> Vec<(f64, f64)> {
        let n = self.n;
        let t = &self.t;
        let mut out = Vec::with_capacity(n);
        for (s, size) in self.blocks() {
            if size == 1 {
                out.push((t[s * n + s], 0.0));
            } else {
                let (a, b, c, d) = (t[s * n + s], t[s * n + s + 1], t[(s + 1) * n + s], t[(s + 1) * n + s + 1]);
                let (e1, e2) = eig2(a, b, c, d);
                out.push(e1);
                out.push(e2);
            }
        }
        out
    }
}

/// Eigenvalues of [[a, b], [c, d]], computed without overflow for moderate entries.
pub fn eig2(a: f64, b: f64, c: f64, d: f64) -> ((f64, f64), (f64, f64)) {
    let mid = 0.5 * (a + d);
    let p = 0.5 * (a - d);
    let disc = p * p + b * c;
    if disc >= 0.0 {
        let r = disc.sqrt();
        // λ₁ = mid + sign(mid)·r avoids cancellation; λ₂ = det/λ₁.
        let l1 = if mid >= 0.0 { mid + r } else { mid - r };
        let det = a * d - b * c;
        let l2 = if l1 != 0.0 { det / l1 } else { mid - r };
        ((l1, 0.0), (l2, 0.0))
    } else {
        let r = (-disc).sqrt();
        ((mid, r), (mid, -r))
    }
}

/// Householder vector for `x`: returns `(v, β)` with `(I − β v vᵀ) x = α e₁`, or β = 0
/// when x = 0. v is scaled by max|xᵢ| to avoid overflow (β absorbs the scale).
fn householder(x: &[f64]) -> (Vec<f64>, f64) {
    let s = x.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    if s == 0.0 {
        return (x.to_vec(), 0.0);
    }
    let mut v: Vec<f64> = x.iter().map(|v| v / s).collect();
    let norm = v.iter().map(|v| v * v).sum::<f64>().sqrt();
    let alpha = if v[0] >= 0.0 { -norm } else { norm };
    v[0] -= alpha;
    let vv: f64 = v.iter().map(|v| v * v).sum();
    if vv == 0.0 {
        return (v, 0.0);
    }
    (v, 2.0 / vv)
}

fn hessenberg(t: &mut [f64], z: &mut [f64], n: usize) {
    for k in 0..n.saturating_sub(2) {
        let x: Vec<f64> = (k + 1..n).map(|i| t[i * n + k]).collect();
        let (v, beta) = householder(&x);
        if beta == 0.0 {
            continue;
        }
        let m = v.len();
        // Left: rows k+1..n, columns k..n.
        for j in k..n {
            let d: f64 = (0..m).map(|r| v[r] * t[(k + 1 + r) * n + j]).sum();
            let f = beta * d;
            for r in 0..m {
                t[(k + 1 + r) * n + j] -= f * v[r];
            }
        }
        // Right: all rows, columns k+1..n; and Z ← Z P.
        for mat in [&mut *t, &mut *z] {
            for i in 0..n {
                let d: f64 = (0..m).map(|r| mat[i * n + k + 1 + r] * v[r]).sum();
                let f = beta * d;
                for r in 0..m {
                    mat[i * n + k + 1 + r] -= f * v[r];
                }
            }
        }
        for i in k + 2..n {
            t[i * n + k] = 0.0;
        }
    }
}

/// Applies the 3-element reflector `I − β v vᵀ` on indices k..k+2 as a similarity on T
/// (rows from column `c0`, columns over rows 0..=r1) and to the columns of Z.
#[allow(clippy::too_many_arguments)]
fn reflect3(t: &mut [f64], z: &mut [f64], n: usize, k: usize, v: &[f64], beta: f64, c0: usize, r1: usize) {
    for j in c0..n {
        let d = v[0] * t[k * n + j] + v[1] * t[(k + 1) * n + j] + v[2] * t[(k + 2) * n + j];
        let f = beta * d;
        t[k * n + j] -= f * v[0];
        t[(k + 1) * n + j] -= f * v[1];
        t[(k + 2) * n + j] -= f * v[2];
    }
    for i in 0..=r1 {
        let d = t[i * n + k] * v[0] + t[i * n + k + 1] * v[1] + t[i * n + k + 2] * v[2];
        let f = beta * d;
        t[i * n + k] -= f * v[0];
        t[i * n + k + 1] -= f * v[1];
        t[i * n + k + 2] -= f * v[2];
    }
    for i in 0..n {
        let d = z[i * n + k] * v[0] + z[i * n + k + 1] * v[1] + z[i * n + k + 2] * v[2];
        let f = beta * d;
        z[i * n + k] -= f * v[0];
        z[i * n + k + 1] -= f * v[1];
        z[i * n + k + 2] -= f * v[2];
    }
}

fn francis(t: &mut [f64], z: &mut [f64], n: usize) -> SgdResult<()> {
    if n < 2 {
        return Ok(());
    }
    let norm = frobenius(t);
    if norm == 0.0 {
        return Ok(());
    }
    let max_total = 60 * n.max(10);
    let mut total = 0usize;
    let mut iter = 0usize;
    let mut hi = n - 1;
    loop {
        // Find the start l of the active unreduced block ending at hi.
        let mut l = hi;
        while l > 0 {
            let mut s = t[(l - 1) * n + l - 1].abs() + t[l * n + l].abs();
            if s == 0.0 {
                s = norm;
            }
            if t[l * n + l - 1].abs() <= f64::EPSILON * s {
                t[l * n + l - 1] = 0.0;
                break;
            }
            l -= 1;
        }
        if l == hi {
            // 1×1 block converged.
            if hi == 0 {
                break;
            }
            hi -= 1;
            iter = 0;
            continue;
        }
        if l + 1 == hi {
            // 2×2 block converged (kept as is).
            if hi < 2 {
                break;
            }
            hi -= 2;
            iter = 0;
            continue;
        }
        iter += 1;
        total += 1;
        if total > max_total {
            return Err(SgdError::invalid(format!(
                "real Schur decomposition: the QR iteration did not converge in {max_total} iterations (n = {n})"
            )));
        }
        // Shifts: the eigenvalues of the trailing 2×2 (as trace s and determinant p),
        // or an exceptional shift every 10 iterations without deflation.
        let (s, p) = if iter % 10 == 0 {
            let ws = t[hi * n + hi - 1].abs() + t[(hi - 1) * n + hi - 2].abs();
            let h11 = 0.75 * ws + t[hi * n + hi];
            let h12 = -0.4375 * ws;
            (2.0 * h11, h11 * h11 - h12 * ws)
        } else {
            let (a, b, c, d) = (t[(hi - 1) * n + hi - 1], t[(hi - 1) * n + hi], t[hi * n + hi - 1], t[hi * n + hi]);
            (a + d, a * d - b * c)
        };
        let (h00, h01, h10, h11, h21) = (t[l * n + l], t[l * n + l + 1], t[(l + 1) * n + l], t[(l + 1) * n + l + 1], t[(l + 2) * n + l + 1]);
        let mut x = h00 * h00 + h01 * h10 - s * h00 + p;
        let mut y = h10 * (h00 + h11 - s);
        let mut zz = h10 * h21;
        for k in l..=hi - 2 {
            let (v, beta) = householder(&[x, y, zz]);
            if beta != 0.0 {
                let c0 = if k > l { k - 1 } else { l };
                let r1 = (k + 3).min(hi);
                reflect3(t, z, n, k, &v, beta, c0, r1);
                if k > l {
                    t[(k + 1) * n + k - 1] = 0.0;
                    t[(k + 2) * n + k - 1] = 0.0;
                }
            }
            x = t[(k + 1) * n + k];
            y = t[(k + 2) * n + k];
            if k + 3 <= hi {
                zz = t[(k + 3) * n + k];
            }
        }
        // Last: a Givens rotation on rows/columns hi−1, hi zeroing t[hi][hi−2].
        let r = x.hypot(y);
        if r != 0.0 {
            let (c, sn) = (x / r, y / r);
            for j in hi - 2..n {
                let (a, b) = (t[(hi - 1) * n + j], t[hi * n + j]);
                t[(hi - 1) * n + j] = c * a + sn * b;
                t[hi * n + j] = -sn * a + c * b;
            }
            for i in 0..=hi {
                let (a, b) = (t[i * n + hi - 1], t[i * n + hi]);
                t[i * n + hi - 1] = c * a + sn * b;
                t[i * n + hi] = -sn * a + c * b;
            }
            for i in 0..n {
                let (a, b) = (z[i * n + hi - 1], z[i * n + hi]);
                z[i * n + hi - 1] = c * a + sn * b;
                z[i * n + hi] = -sn * a + c * b;
            }
            t[hi * n + hi - 2] = 0.0;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::dense::{matmul, mul_transpose};
    use super::*;
    use crate::linalg::test_util::Lcg;

    fn check(a: &[f64], n: usize) -> Schur {
        let s = schur(a, n).unwrap();
        let back = mul_transpose(&matmul(&s.z, &s.t, n, n, n), &s.z, n);
        let scale = frobenius(a).max(1e-300);
        for (x, y) in back.iter().zip(a) {
            assert!((x - y).abs() <= 1e-13 * scale * n as f64, "Z T Zᵀ = A");
        }
        let ztz = super::super::dense::transpose_mul(&s.z, &s.z, n);
        for i in 0..n {
            for j in 0..n {
                assert!((ztz[i * n + j] - if i == j { 1.0 } else { 0.0 }).abs() < 1e-13 * n as f64);
            }
        }
        // Quasi-triangular: nothing below the first subdiagonal, no two consecutive
        // non-zero subdiagonal entries.
        for i in 0..n {
            for j in 0..i.saturating_sub(1) {
                assert_eq!(s.t[i * n + j], 0.0);
            }
        }
        for i in 1..n.saturating_sub(1) {
            assert!(s.t[i * n + i - 1] == 0.0 || s.t[(i + 1) * n + i] == 0.0);
        }
        s
    }

    #[test]
    fn random_matrices() {
        let mut rng = Lcg(5);
        for n in [1, 2, 3, 4, 7, 12, 30] {
            for _ in 0..3 {
                let a: Vec<f64> = (0..n * n).map(|_| rng.normal()).collect();
                let s = check(&a, n);
                // Trace = sum of eigenvalues.
                let tr: f64 = (0..n).map(|i| a[i * n + i]).sum();
                let sum: f64 = s.eigenvalues().iter().map(|e| e.0).sum();
                assert!((tr - sum).abs() < 1e-10 * (1.0 + tr.abs()));
            }
        }
    }

    #[test]
    fn known_eigenvalues() {
        // Companion-like matrix with eigenvalues 1, 2, 3 and a rotation block ±i.
        let s = check(&[0.0, -1.0, 1.0, 0.0], 2);
        let e = s.eigenvalues();
        assert!(e[0].0.abs() < 1e-15 && (e[0].1.abs() - 1.0).abs() < 1e-15);
        let a = [6.0, -11.0, 6.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0];
        let mut ev: Vec<f64> = check(&a, 3).eigenvalues().iter().map(|e| e.0).collect();
        ev.sort_by(f64::total_cmp);
        for (x, y) in ev.iter().zip([1.0, 2.0, 3.0]) {
            assert!((x - y).abs() < 1e-12);
        }
        // Already triangular, zero, and a Jordan block.
        check(&[1.0, 2.0, 0.0, 3.0], 2);
        check(&[0.0; 16], 4);
        check(&[2.0, 1.0, 0.0, 0.0, 2.0, 1.0, 0.0, 0.0, 2.0], 3);
        // Stiff phase-space-like matrix (SGD with momentum at a small learning rate).
        let g = 2.0 * 0.1 / (1e-4 * 1.9);
        let w = 2.0 / (1e-4 * 1.9);
        check(&[0.0, 0.0, -1.0, 0.0, 0.0, 0.0, 0.0, -1.0, w * 2.0, w * 0.1, g, 0.0, w * 0.1, w * 1e-3, 0.0, g], 4);
    }
}

#[cfg(test)]
mod stress {
    use super::super::dense::{matmul, mul_transpose};
    use super::*;
    use crate::linalg::test_util::Lcg;

    #[test]
    fn many_random_and_structured() {
        let mut rng = Lcg(99);
        let mut worst = 0.0f64;
        for trial in 0..400 {
            let n = 1 + trial % 40;
            let kind = trial % 4;
            let a: Vec<f64> = (0..n * n)
                .map(|k| {
                    let (i, j) = (k / n, k % n);
                    match kind {
                        0 => rng.normal(),
                        1 => if j + 1 >= i { rng.normal() } else { 0.0 }, // Hessenberg
                        2 => if i == j + 1 { 1.0 } else if i == 0 { rng.normal() } else { 0.0 }, // companion
                        _ => rng.normal() * 10f64.powi((i as i32 - j as i32) % 6), // graded
                    }
                })
                .collect();
            let s = schur(&a, n).unwrap();
            let back = mul_transpose(&matmul(&s.z, &s.t, n, n, n), &s.z, n);
            let scale = frobenius(&a).max(1e-300);
            let err = back.iter().zip(&a).map(|(x, y)| (x - y).abs()).fold(0.0, f64::max) / scale;
            worst = worst.max(err);
        }
        assert!(worst < 1e-13, "worst backward error {worst:e}");
    }

    #[test]
    fn frank_matrix_60() {
        let n = 60;
        let a: Vec<f64> = (0..n * n).map(|k| {
            let (i, j) = (k / n, k % n);
            if j + 1 < i { 0.0 } else { (n - i.max(j)) as f64 }
        }).collect();
        let s = schur(&a, n).unwrap();
        let back = mul_transpose(&matmul(&s.z, &s.t, n, n, n), &s.z, n);
        let err = back.iter().zip(&a).map(|(x, y)| (x - y).abs()).fold(0.0, f64::max) / frobenius(&a);
        assert!(err < 1e-13, "{err:e}");
    }
}
