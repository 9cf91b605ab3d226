//! sgdyn core: kernels for stochastic gradient dynamics, compiled to wasm32 + simd128.
//!
//! Layering (docs/design.md): `abi` is the only `extern "C"`/raw-pointer boundary; the
//! other modules are safe Rust with no crates.io dependencies.

pub mod abi;
pub mod error;
pub mod expr;
pub mod fp;
pub mod landscape;
pub mod linalg;
pub mod noise;
pub mod rng;
pub mod sampler;
pub mod sde;
pub mod sgd;
mod simd;
