//! Dense linear algebra on small row-major matrices (`a[i * n + j]` is row i, column j).
//!
//! | file | what | reference |
//! |---|---|---|
//! | `cholesky.rs` | `A = L Lᵀ` | GVL Alg. 4.2.1 |
//! | `lu.rs` | `P A = L U`, solves, inverse, determinant | GVL Alg. 3.4.1 |
//! | `eigen_symmetric.rs` | `A = V Λ Vᵀ` (cyclic Jacobi) | GVL §8.5 |
//! | `expm.rs` | `e^A` (Padé 3–13, scaling and squaring) | Higham 2005 |
//! | `schur.rs` | real Schur `A = Z T Zᵀ` (Hessenberg + Francis double shift) | GVL §7.4–7.5 |
//! | `lyapunov.rs` | `A X + X Aᵀ = C` (Bartels–Stewart) | Bartels & Stewart 1972 |
//! | `stein.rs` | `X = M X Mᵀ + Q` (discrete Bartels–Stewart) | Barraud 1977 |
//! | `lanczos.rs` | top-k eigenpairs of a symmetric operator (matvec only) | GVL §10.1 |
//! | `arnoldi.rs` | k dominant eigenvalues of a general operator (matvec only) | GVL §10.5 |
//! | `krylov.rs` | what both share: argument checks, start vectors, Gram–Schmidt twice | |
//!
//! Every function validates its input (dimensions, finiteness, symmetry, stability) and
//! returns an `SgdError` rather than panicking.

mod arnoldi;
mod cholesky;
pub mod dense;
mod eigen_symmetric;
mod expm;
mod krylov;
mod lanczos;
mod lu;
mod lyapunov;
mod schur;
mod stein;

pub use arnoldi::{arnoldi, ArnoldiResult};
pub use cholesky::cholesky;
pub use eigen_symmetric::{symmetric_eigen, symmetric_eigen_in_place, SymmetricEigen};
pub use expm::expm;
pub use lanczos::{lanczos, LanczosResult};
pub use lu::{lu, solve, Lu};
pub use lyapunov::{lyapunov, require_stable_drift};
pub use schur::{eig2, schur, Schur};
pub use stein::{require_contraction, stein};

#[cfg(test)]
pub(crate) mod test_util {
    /// A tiny deterministic generator for test matrices (64-bit LCG + Box–Muller).
    pub struct Lcg(pub u64);
    impl Lcg {
        pub fn uniform(&mut self) -> f64 {
            self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((self.0 >> 11) as f64 + 0.5) / (1u64 << 53) as f64
        }
        pub fn normal(&mut self) -> f64 {
            let (u, v) = (self.uniform(), self.uniform());
            (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
        }
    }
}
