//! Fokker–Planck solvers. 1-D: the Itô equation `∂ₜp = −∂ₓ(b p) + ∂ₓ²(D p)`
//! (conventions.md) on a uniform finite-volume grid with the Scharfetter–Gummel flux
//! (`flux.rs`), implicit time stepping (`solver1d.rs`), the spectrum of the generator
//! (`spectrum.rs`) and the backward equation (`backward.rs`). 2-D: the same flux on a tensor
//! grid (`solver2d.rs`), its Krylov solves (`krylov2d.rs`) and spectrum (`spectrum2d.rs`).

mod backward;
mod flux;
mod grid;
mod krylov2d;
mod solver1d;
mod solver2d;
mod spectrum;
mod spectrum2d;
mod tridiagonal;

pub use backward::{solve_backward, BackwardProblem};
pub use flux::{bernoulli, face_rates, Rates};
pub use grid::{Boundary, Grid, MAX_CELLS};
pub use solver1d::{FokkerPlanck1D, TimeScheme};
pub use spectrum::{quasi_stationary, smallest_eigenvalues};
pub use tridiagonal::{solve_backward_path, BackwardRow, CyclicLu, TridiagonalLu};
pub use solver2d::{Diffusion2D, FokkerPlanck2D, SplitScheme};
pub use spectrum2d::Spectrum2D;
