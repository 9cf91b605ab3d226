//! Dense linear algebra on small row-major matrices.

mod cholesky;

pub use cholesky::cholesky;
