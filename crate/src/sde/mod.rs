//! Ensembles of trajectories and the integrators that advance them.

mod ensemble;
mod euler_maruyama;
mod moments;
mod target;

pub use ensemble::{Ensemble, EnsembleSpec, BLOCK};
pub use target::Target;
