//! Ensembles of trajectories and the integrators that advance them.

mod baoab;
mod ensemble;
mod euler_maruyama;
mod exact_ou;
mod general;
mod kernel;
mod mala;
mod moments;
mod scheme;
mod target;

pub use ensemble::{Ensemble, EnsembleSpec, BLOCK};
pub(crate) use ensemble::try_filled;
pub(crate) use kernel::Block;
pub use general::GeneralScheme;
pub use scheme::Scheme;
pub use target::Target;
