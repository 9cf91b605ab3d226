//! The error type every fallible operation of the core returns.
//!
//! Errors cross the C ABI as a status code plus a message in the last-error slot
//! (see `abi::last_error`); nothing panics across the boundary.

use std::fmt;

/// What kind of failure happened; the numeric value is the ABI status code
/// (0 is success and is never an `ErrorCode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i32)]
pub enum ErrorCode {
    /// A parameter has a value outside its allowed set.
    InvalidArgument = 1,
    /// A handle that is stale (disposed), of the wrong kind, or was never issued.
    InvalidHandle = 2,
    /// A trajectory reached a non-finite state (NaN or ±Inf).
    Diverged = 3,
    /// Linear memory could not be grown.
    OutOfMemory = 4,
    /// A JS callback (`landscapes.fromFunction`) threw; the JS side holds what it threw.
    CallbackFailed = 5,
}

/// Where a trajectory diverged: its global trajectory index and the (1-based) step
/// after which its state was first non-finite.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Divergence {
    pub trajectory: u64,
    pub step: u64,
}

/// An error with a human-readable message that names the parameter, the bad value
/// and what is allowed.
#[derive(Clone, Debug, PartialEq)]
pub struct SgdError {
    pub code: ErrorCode,
    pub message: String,
    pub divergence: Option<Divergence>,
}

impl SgdError {
    pub fn invalid(message: impl Into<String>) -> Self {
        SgdError { code: ErrorCode::InvalidArgument, message: message.into(), divergence: None }
    }
    pub fn handle(message: impl Into<String>) -> Self {
        SgdError { code: ErrorCode::InvalidHandle, message: message.into(), divergence: None }
    }
    pub fn diverged(scheme: &str, at: Divergence) -> Self {
        SgdError {
            code: ErrorCode::Diverged,
            message: format!(
                "trajectory {} diverged (non-finite state) at step {} of {}; reduce dt, \
                 lower the temperature, or use a scheme that tames superlinear drift",
                at.trajectory, at.step, scheme
            ),
            divergence: Some(at),
        }
    }
}

impl fmt::Display for SgdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}: {}", self.code, self.message)
    }
}

pub type SgdResult<T> = Result<T, SgdError>;

/// Checks that `value` is finite and `> 0`, naming `name` in the error.
pub fn require_positive(name: &str, value: f64) -> SgdResult<f64> {
    if value.is_finite() && value > 0.0 {
        Ok(value)
    } else {
        Err(SgdError::invalid(format!("{name} = {value} is not allowed: it must be a finite number > 0")))
    }
}

/// Checks that `value` is finite and `>= 0`, naming `name` in the error.
pub fn require_non_negative(name: &str, value: f64) -> SgdResult<f64> {
    if value.is_finite() && value >= 0.0 {
        Ok(value)
    } else {
        Err(SgdError::invalid(format!("{name} = {value} is not allowed: it must be a finite number >= 0")))
    }
}

/// Checks that every entry of `values` is finite, naming `name` and the first bad index.
pub fn require_finite(name: &str, values: &[f64]) -> SgdResult<()> {
    match values.iter().position(|v| !v.is_finite()) {
        None => Ok(()),
        Some(i) => Err(SgdError::invalid(format!(
            "{name}[{i}] = {} is not allowed: every entry must be a finite number",
            values[i]
        ))),
    }
}
