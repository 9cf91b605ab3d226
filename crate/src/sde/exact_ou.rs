//! The exact transition of the Ornstein–Uhlenbeck process `dX = −A(X − x̄) dt + σ dW`
//! (linear drift: a quadratic landscape, A = H, x̄ = its centre; additive noise Q = σσᵀ):
//!
//! `X ← x̄ + M (X − x̄) + F ξ`,  `M = e^{−AΔt}`,  `F Fᵀ = C(Δt) = ∫₀^{Δt} e^{−As} Q e^{−Aᵀs} ds`,
//!
//! with `C(Δt) = C∞ − M C∞ Mᵀ` and `A C∞ + C∞ Aᵀ = Q` (Bartels–Stewart, `linalg::lyapunov`;
//! M by `linalg::expm`). F = V√Λ from the symmetric eigendecomposition of C(Δt), so
//! degenerate noise (some Tⱼ = 0) is fine. Exact in law at every Δt (no weak error on the
//! time grid, any Δt > 0); strong order is not defined (it does not follow a given Brownian
//! path, so it refuses `brownianRefinement`). Rounding: C(Δt) carries an absolute error of
//! about ε‖C∞‖, i.e. a relative error ≈ ε/(λ_min Δt) for tiny Δt. Source: e.g. Gardiner,
//! *Stochastic Methods* (4th ed.), §4.5.6; Pavliotis, *Stochastic Processes and
//! Applications* (2014), §3.7. d normals per step and trajectory.

use super::kernel::Block;
use crate::error::{SgdError, SgdResult};
use crate::linalg::dense::{matmul, mul_transpose};
use crate::linalg::{expm, lyapunov, symmetric_eigen};

/// The precomputed transition of one Δt.
pub struct OuTransition {
    pub mean: Vec<f64>,
    /// `M = e^{−AΔt}`, d×d row-major.
    pub decay: Vec<f64>,
    /// `F` with `F Fᵀ = C(Δt)`, d×d row-major.
    pub factor: Vec<f64>,
}

impl OuTransition {
    /// From the drift matrix A (every eigenvalue with real part > 0), the centre x̄, the noise
    /// covariance rate Q = σσᵀ and Δt.
    pub fn new(a: &[f64], mean: &[f64], q: &[f64], dt: f64) -> SgdResult<Self> {
        let d = mean.len();
        let stationary = lyapunov(a, q, d).map_err(|e| SgdError::invalid(format!("integrator = 'exact-ou': {}", e.message)))?;
        let minus_a_dt: Vec<f64> = a.iter().map(|v| -v * dt).collect();
        let decay = expm(&minus_a_dt, d)?;
        let mcm = mul_transpose(&matmul(&decay, &stationary, d, d, d), &decay, d);
        let mut c: Vec<f64> = stationary.iter().zip(&mcm).map(|(s, m)| s - m).collect();
        for i in 0..d {
            for j in 0..i {
                let m = 0.5 * (c[i * d + j] + c[j * d + i]);
                c[i * d + j] = m;
                c[j * d + i] = m;
            }
        }
        let eig = symmetric_eigen(&c, d)?;
        let mut factor = vec![0.0; d * d];
        for i in 0..d {
            for k in 0..d {
                factor[i * d + k] = eig.vectors[i * d + k] * eig.values[k].max(0.0).sqrt();
            }
        }
        Ok(OuTransition { mean: mean.to_vec(), decay, factor })
    }
}

pub(crate) fn step(block: &mut Block, ou: &OuTransition) {
    let d = block.d;
    block.fill_normals();
    for t in 0..block.m {
        if block.frozen[t] {
            continue;
        }
        let r = t * d..(t + 1) * d;
        let (x, z, next) = (&block.xs[r.clone()], &block.noise[r.clone()], &mut block.c[r.clone()]);
        for i in 0..d {
            let mut v = ou.mean[i];
            for k in 0..d {
                v += ou.decay[i * d + k] * (x[k] - ou.mean[k]) + ou.factor[i * d + k] * z[k];
            }
            next[i] = v;
        }
        block.xs[r.clone()].copy_from_slice(&block.c[r]);
    }
}

#[cfg(test)]
mod tests {
    use super::OuTransition;
    use crate::linalg::dense::{matmul, mul_transpose};
    use crate::linalg::symmetric_eigen;

    /// F Fᵀ against the eigenbasis formula C̃ᵢⱼ = Q̃ᵢⱼ(1 − e^{−(λᵢ+λⱼ)Δt})/(λᵢ+λⱼ) (symmetric A),
    /// and M against V e^{−ΛΔt} Vᵀ, for Δt from 1e-4 to 50.
    #[test]
    fn transition_matches_the_eigenbasis_formula() {
        let d = 3;
        let a = [3.0, 0.4, -0.2, 0.4, 1.0, 0.3, -0.2, 0.3, 0.5];
        let q = [1.0, 0.2, 0.0, 0.2, 0.6, 0.1, 0.0, 0.1, 0.3];
        let e = symmetric_eigen(&a, d).unwrap();
        let v = &e.vectors;
        let qt = matmul(&matmul(&crate::linalg::dense::transpose(v, d), &q, d, d, d), v, d, d, d);
        for dt in [1e-4, 0.1, 1.0, 50.0] {
            let ou = OuTransition::new(&a, &[0.0; 3], &q, dt).unwrap();
            let ct: Vec<f64> = (0..d * d)
                .map(|k| {
                    let (i, j) = (k / d, k % d);
                    let s = e.values[i] + e.values[j];
                    qt[k] * -(-s * dt).exp_m1() / s
                })
                .collect();
            let c = mul_transpose(&matmul(v, &ct, d, d, d), v, d);
            let fft = mul_transpose(&ou.factor, &ou.factor, d);
            let scale = c.iter().fold(0.0f64, |m, x| m.max(x.abs()));
            for k in 0..d * d {
                // Absolute error ≈ ε‖C∞‖ (module doc); ‖C∞‖ ≈ 1 here.
                assert!((fft[k] - c[k]).abs() < 1e-13 + 1e-12 * scale, "dt = {dt}: {} vs {}", fft[k], c[k]);
            }
            let m: Vec<f64> = (0..d * d)
                .map(|k| (0..d).map(|l| v[(k / d) * d + l] * (-e.values[l] * dt).exp() * v[(k % d) * d + l]).sum())
                .collect();
            for k in 0..d * d {
                assert!((ou.decay[k] - m[k]).abs() < 1e-13, "dt = {dt}: M {} vs {}", ou.decay[k], m[k]);
            }
        }
    }
}
