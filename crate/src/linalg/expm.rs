//! Matrix exponential by Padé approximation with scaling and squaring
//! (Higham, "The scaling and squaring method for the matrix exponential revisited",
//! SIAM J. Matrix Anal. Appl. 26 (2005), Alg. 2.3): the degree m ∈ {3, 5, 7, 9, 13} is
//! the smallest whose θₘ bounds ‖A‖₁; otherwise A is scaled by 2⁻ˢ so that
//! ‖A/2ˢ‖₁ ≤ θ₁₃ = 5.37, r₁₃(A/2ˢ) is formed and squared s times. The θₘ make the
//! backward error ≤ 2⁻⁵³ (unit roundoff) in exact arithmetic.

use super::dense::{check_square, identity, matmul, norm1};
use super::lu::lu;
use crate::error::{SgdError, SgdResult};

const THETA: [(usize, f64); 4] = [(3, 1.495585217958292e-2), (5, 2.539398330063230e-1), (7, 9.504178996162932e-1), (9, 2.097847961257068e0)];
const THETA13: f64 = 5.371920351148152;

const B3: [f64; 4] = [120.0, 60.0, 12.0, 1.0];
const B5: [f64; 6] = [30240.0, 15120.0, 3360.0, 420.0, 30.0, 1.0];
const B7: [f64; 8] = [17297280.0, 8648640.0, 1995840.0, 277200.0, 25200.0, 1512.0, 56.0, 1.0];
const B9: [f64; 10] = [17643225600.0, 8821612800.0, 2075673600.0, 302702400.0, 30270240.0, 2162160.0, 110880.0, 3960.0, 90.0, 1.0];
const B13: [f64; 14] = [
    64764752532480000.0,
    32382376266240000.0,
    7771770303897600.0,
    1187353796428800.0,
    129060195264000.0,
    10559470521600.0,
    670442572800.0,
    33522128640.0,
    1323241920.0,
    40840800.0,
    960960.0,
    16380.0,
    182.0,
    1.0,
];

fn lin(terms: &[(f64, &[f64])], n: usize) -> Vec<f64> {
    let mut out = vec![0.0; n * n];
    for (c, m) in terms {
        for (o, v) in out.iter_mut().zip(m.iter()) {
            *o += c * v;
        }
    }
    out
}

/// `e^A` for `a` row-major n×n (finite). Fails if the result overflows.
pub fn expm(a: &[f64], n: usize) -> SgdResult<Vec<f64>> {
    check_square("matrix", a, n)?;
    if n == 0 {
        return Ok(Vec::new());
    }
    let norm = norm1(a, n);
    let id = identity(n);
    let (u, v, squarings) = if let Some(&(m, _)) = THETA.iter().find(|(_, t)| norm <= *t) {
        let a2 = matmul(a, a, n, n, n);
        let b: &[f64] = match m {
            3 => &B3,
            5 => &B5,
            7 => &B7,
            _ => &B9,
        };
        // Powers A⁰, A², A⁴, ... up to A^(m−1).
        let mut pows = vec![id.clone(), a2.clone()];
        while pows.len() < (m + 1) / 2 {
            let next = matmul(pows.last().unwrap(), &a2, n, n, n);
            pows.push(next);
        }
        let odd: Vec<(f64, &[f64])> = pows.iter().enumerate().map(|(k, p)| (b[2 * k + 1], p.as_slice())).collect();
        let even: Vec<(f64, &[f64])> = pows.iter().enumerate().map(|(k, p)| (b[2 * k], p.as_slice())).collect();
        let u = matmul(a, &lin(&odd, n), n, n, n);
        (u, lin(&even, n), 0)
    } else {
        // s = max(0, ⌈log₂(‖A‖₁/θ₁₃)⌉); the loop avoids log2 rounding at exact powers of two.
        let mut s = 0i32;
        while norm / 2f64.powi(s) > THETA13 {
            s += 1;
            if s > 1100 {
                return Err(SgdError::invalid("expm: the matrix norm is too large"));
            }
        }
        let f = 2f64.powi(-s);
        let a1: Vec<f64> = a.iter().map(|x| x * f).collect();
        let a2 = matmul(&a1, &a1, n, n, n);
        let a4 = matmul(&a2, &a2, n, n, n);
        let a6 = matmul(&a4, &a2, n, n, n);
        let b = &B13;
        let inner_u = lin(&[(b[13], &a6), (b[11], &a4), (b[9], &a2)], n);
        let u_poly = {
            let mut t = matmul(&a6, &inner_u, n, n, n);
            let rest = lin(&[(b[7], &a6), (b[5], &a4), (b[3], &a2), (b[1], &id)], n);
            t.iter_mut().zip(rest).for_each(|(x, r)| *x += r);
            t
        };
        let u = matmul(&a1, &u_poly, n, n, n);
        let inner_v = lin(&[(b[12], &a6), (b[10], &a4), (b[8], &a2)], n);
        let mut v = matmul(&a6, &inner_v, n, n, n);
        let rest = lin(&[(b[6], &a6), (b[4], &a4), (b[2], &a2), (b[0], &id)], n);
        v.iter_mut().zip(rest).for_each(|(x, r)| *x += r);
        (u, v, s)
    };
    // r_m = (V − U)⁻¹ (V + U).
    let p: Vec<f64> = v.iter().zip(&u).map(|(v, u)| v + u).collect();
    let q: Vec<f64> = v.iter().zip(&u).map(|(v, u)| v - u).collect();
    let mut r = lu(&q, n)?.solve(&p, n).map_err(|e| SgdError::invalid(format!("expm: Padé denominator: {}", e.message)))?;
    for _ in 0..squarings {
        r = matmul(&r, &r, n, n, n);
    }
    if r.iter().any(|x| !x.is_finite()) {
        return Err(SgdError::invalid(format!("expm: the result overflows (‖A‖₁ = {norm:e})")));
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linalg::test_util::Lcg;

    fn close(a: &[f64], b: &[f64], tol: f64) {
        for (x, y) in a.iter().zip(b) {
            assert!((x - y).abs() <= tol * (1.0 + y.abs()), "{x} vs {y}");
        }
    }

    #[test]
    fn closed_forms() {
        // Rotation generator at several norms (every Padé degree and scaling).
        for t in [1e-3, 0.1, 0.5, 1.5, 4.0, 30.0] {
            let e = expm(&[0.0, t, -t, 0.0], 2).unwrap();
            close(&e, &[t.cos(), t.sin(), -t.sin(), t.cos()], 1e-13 * (1.0 + t));
        }
        // Nilpotent and upper triangular with distinct eigenvalues.
        close(&expm(&[0.0, 1.0, 0.0, 0.0], 2).unwrap(), &[1.0, 1.0, 0.0, 1.0], 1e-15);
        let (a, b, d) = (-50.0f64, 10.0, -60.0f64);
        let want = [a.exp(), b * (a.exp() - d.exp()) / (a - d), 0.0, d.exp()];
        let got = expm(&[a, b, 0.0, d], 2).unwrap();
        for (x, y) in got.iter().zip(want) {
            assert!((x - y).abs() <= 1e-12 * y.abs() + 1e-300);
        }
        close(&expm(&[0.0], 1).unwrap(), &[1.0], 0.0);
        assert!(expm(&[1000.0], 1).is_err());
        assert!(expm(&[f64::NAN], 1).is_err());
    }

    #[test]
    fn exp_a_times_exp_minus_a_is_identity() {
        let mut rng = Lcg(11);
        for n in [3, 6] {
            for scale in [0.01, 1.0, 5.0] {
                let a: Vec<f64> = (0..n * n).map(|_| scale * rng.normal()).collect();
                let m: Vec<f64> = a.iter().map(|x| -x).collect();
                let p = matmul(&expm(&a, n).unwrap(), &expm(&m, n).unwrap(), n, n, n);
                close(&p, &identity(n), 1e-11 * (1.0f64 + scale).powi(4));
            }
        }
    }
}
