//! Random streams: one independent xoshiro256++ stream per trajectory, derived from
//! `(seed, trajectory index)`, with uniform, ziggurat-normal and symmetric α-stable samplers.
//!
//! Contract (tested): a trajectory's stream depends only on the seed and its global
//! index, so results are bit-identical whatever the chunking or worker count.

mod stable;
mod stream;
mod xoshiro;
mod ziggurat;
mod ziggurat_tables;

pub use stream::{mix64, stream_for};
pub use xoshiro::Xoshiro256pp;
