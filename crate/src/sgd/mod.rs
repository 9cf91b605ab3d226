//! SGD on data: models with per-example derivatives, data losses (`Objective`), the exact
//! gradient-noise covariance, minibatch samplers, learning-rate schedules and the SGD engine.
//!
//! | file | what |
//! |---|---|
//! | `loss.rs` | output losses (squared, logistic, softmax CE) and the normalisation c |
//! | `models/` | linear, thesis model, two-layer MLP: forward, VJP, JVP, residual HVP |
//! | `objective.rs` | `L = c Σ ℓᵢ + (λ/2)‖θ‖²`: per-example gradients, Hessian/HVP, Gauss–Newton, Σ(θ) |
//! | `sampler.rs` | with / without replacement, reshuffling, full batch |
//! | `schedule.rs` | constant, step, exponential, cosine, inverse-sqrt; linear warm-up |
//! | `run.rs` | replicas of (momentum) SGD, Gaussian-noise quadratic mode, observables, divergence |
//! | `noise.rs` | the m-minibatch covariance estimator |

pub mod loss;
pub mod models;
pub mod noise;
pub mod objective;
pub mod run;
pub mod sampler;
pub mod schedule;

pub use loss::{Normalisation, OutputLoss};
pub use objective::Objective;
pub use run::{Optimiser, Oracle, SgdRun};
