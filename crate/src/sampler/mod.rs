//! Samplers built on the ensemble kernel (`crate::sde`, whose `kernel.rs` owns the block loop,
//! first-passage freezing and divergence reports):
//!
//! | module | what | source |
//! |---|---|---|
//! | `sgld.rs` | stochastic-gradient Langevin dynamics, optional step-size schedule | Welling & Teh 2011 |
//! | `sghmc.rs` | stochastic-gradient Hamiltonian Monte Carlo with friction and noise estimate | Chen, Fox & Guestrin 2014 |
//! | `heavy_ball.rs` | heavy-ball SGD momentum as a discrete scheme | Polyak 1964; conventions.md |
//! | `replica_exchange.rs` | parallel tempering: temperature ladder, neighbour swaps every M steps | Swendsen & Wang 1986; Geyer 1991 |
//! | `constraint.rs` | projected Langevin on a sphere or a level set `g(x) = 0` (retraction) | Ciccotti, Lelièvre & Vanden-Eijnden 2008 |
//! | `gradient_noise.rs` | the Gaussian error of a stochastic gradient, `ζ ~ N(0, Σ_g)` | — |

mod constraint;
mod gradient_noise;
pub(crate) mod heavy_ball;
mod replica_exchange;
mod setup;
pub(crate) mod sghmc;
pub(crate) mod sgld;

pub use constraint::Constraint;
pub use gradient_noise::GradientNoise;
pub use replica_exchange::ReplicaExchange;
pub use sgld::StepSchedule;
