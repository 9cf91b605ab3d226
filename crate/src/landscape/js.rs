//! A landscape whose value, gradient and Hessian are JavaScript functions
//! (`landscapes.fromFunction`): the documented slow path for landscapes that are neither
//! built in nor expressible as a formula.
//!
//! Every evaluation is one call of the wasm import
//! `env.sgd_js_landscape_eval(id, what, xs, out, n, d) -> status` over a whole batch
//! (`what`: 0 value, 1 gradient, 2 Hessian; `xs` row-major n×d; `out` n, n×d or n×d×d
//! f64). The kernels call `gradient_batch` once per block of trajectories and step, so the
//! JS function runs once per block (up to `BLOCK` = 64 trajectories), not once per point.
//! The JS side (bindings/callbacks.ts) keeps the functions in a table keyed by `id`, runs
//! them with re-entry into sgdyn blocked, and catches anything they throw: a nonzero status
//! means "the callback failed, the JS side holds the reason". `Drop` calls
//! `env.sgd_js_landscape_release(id)` so the JS table entry lives exactly as long as the
//! last Rust owner (the landscape handle or an ensemble built on it).
//!
//! A failure cannot be returned through the `Landscape` trait, so it is recorded here: the
//! outputs become NaN, later evaluations return NaN without calling JS, and whoever drives
//! the evaluation (the ensemble kernel after each step, the ABI after a batch) asks
//! `failed()` / `take_error()` and stops with the error. Non-finite numbers a callback
//! returns are not failures: they flow into the ordinary divergence checks, exactly as the
//! same numbers from a built-in would.

use std::cell::{Cell, RefCell};

use super::Landscape;
use crate::error::{ErrorCode, SgdError, SgdResult};

/// What the JS side is asked to evaluate (the `what` argument of the import).
#[derive(Clone, Copy)]
#[repr(u32)]
enum Kind {
    Value = 0,
    Gradient = 1,
    Hessian = 2,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Value => "value",
            Kind::Gradient => "gradient",
            Kind::Hessian => "hessian",
        }
    }
}

#[cfg(target_arch = "wasm32")]
mod import {
    #[link(wasm_import_module = "env")]
    extern "C" {
        pub fn sgd_js_landscape_eval(id: u32, what: u32, xs: *const f64, out: *mut f64, n: usize, d: usize) -> i32;
        pub fn sgd_js_landscape_release(id: u32);
    }
}

/// Without a JS host (native tests and benchmarks) there is nothing to call: every
/// evaluation fails, and the landscape cannot be created from the ABI anyway.
#[cfg(not(target_arch = "wasm32"))]
mod import {
    pub unsafe fn sgd_js_landscape_eval(_: u32, _: u32, _: *const f64, _: *mut f64, _: usize, _: usize) -> i32 {
        1
    }
    pub unsafe fn sgd_js_landscape_release(_: u32) {}
}

/// A landscape evaluated by JS callbacks registered under `id` on the JS side.
pub struct JsLandscape {
    id: u32,
    dim: usize,
    has_value: bool,
    failed: Cell<bool>,
    error: RefCell<Option<SgdError>>,
}

impl JsLandscape {
    /// `id` is the JS side's key; `has_value` says whether a `value` callback exists (without
    /// one the landscape is not a usable potential: MALA, level-set targets and SGD noise
    /// refuse it). From then on this object owns the JS entry and releases it when dropped.
    pub fn new(id: u32, dim: usize, has_value: bool) -> SgdResult<Self> {
        let landscape = JsLandscape { id, dim, has_value, failed: Cell::new(false), error: RefCell::new(None) };
        if dim == 0 || dim > MAX_DIM {
            // Dropping `landscape` releases the JS entry, so a refused creation leaks nothing.
            return Err(SgdError::invalid(format!("dim = {dim} is not allowed: it must be an integer in [1, {MAX_DIM}]")));
        }
        Ok(landscape)
    }

    /// One call of the import over `n = xs.len()/d` points; on failure `out` becomes NaN.
    fn call(&self, kind: Kind, xs: &[f64], out: &mut [f64]) {
        let n = xs.len() / self.dim;
        let status = if self.failed.get() {
            1
        } else {
            // SAFETY: `xs` and `out` are live slices of the lengths the JS side reads and writes
            // (n·d and n·(1, d or d²) f64); the import does not retain the pointers.
            unsafe { import::sgd_js_landscape_eval(self.id, kind as u32, xs.as_ptr(), out.as_mut_ptr(), n, self.dim) }
        };
        if status != 0 {
            out.iter_mut().for_each(|v| *v = f64::NAN);
            if !self.failed.replace(true) {
                *self.error.borrow_mut() = Some(SgdError {
                    code: ErrorCode::CallbackFailed,
                    message: format!("the JS `{}` callback failed", kind.name()),
                    divergence: None,
                });
            }
        }
    }
}

/// Largest dimension accepted (a Hessian batch of one point is d² f64).
const MAX_DIM: usize = 1 << 12;

impl Drop for JsLandscape {
    fn drop(&mut self) {
        // SAFETY: the import only removes the JS table entry `id`.
        unsafe { import::sgd_js_landscape_release(self.id) }
    }
}

impl Landscape for JsLandscape {
    fn dim(&self) -> usize {
        self.dim
    }

    fn value(&self, x: &[f64]) -> f64 {
        let mut v = [0.0];
        self.call(Kind::Value, x, &mut v);
        v[0]
    }

    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        self.call(Kind::Gradient, x, g);
    }

    fn hessian(&self, x: &[f64], h: &mut [f64]) {
        self.call(Kind::Hessian, x, h);
    }

    /// `∇²U(x) v` from the Hessian callback (a d×d product; slow path, analysis only).
    fn hessian_vector(&self, x: &[f64], v: &[f64], out: &mut [f64]) {
        let d = self.dim;
        let mut h = vec![0.0; d * d];
        self.hessian(x, &mut h);
        for (o, row) in out.iter_mut().zip(h.chunks_exact(d)) {
            *o = row.iter().zip(v).map(|(a, b)| a * b).sum();
        }
    }

    fn is_gradient_field(&self) -> bool {
        self.has_value
    }

    fn gradient_batch(&self, xs: &[f64], gs: &mut [f64]) {
        self.call(Kind::Gradient, xs, gs);
    }

    fn value_batch(&self, xs: &[f64], out: &mut [f64]) {
        self.call(Kind::Value, xs, out);
    }

    fn failed(&self) -> bool {
        self.failed.get()
    }

    fn take_error(&self) -> Option<SgdError> {
        self.failed.set(false);
        self.error.borrow_mut().take()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Natively the import always fails: the failure path (NaN outputs, one recorded error,
    /// no further calls until taken, then reset) is exercised here; the JS path in test/.
    #[test]
    fn a_failed_call_yields_nan_and_one_error_until_taken() {
        let l = JsLandscape::new(7, 2, true).unwrap();
        let mut g = [1.0; 4];
        l.gradient_batch(&[0.5; 4], &mut g);
        assert!(g.iter().all(|v| v.is_nan()));
        assert!(l.failed());
        assert!(l.value(&[0.0, 0.0]).is_nan());
        let e = l.take_error().expect("an error was recorded");
        assert_eq!(e.code, ErrorCode::CallbackFailed);
        assert!(e.message.contains("`gradient`"), "{}", e.message);
        assert!(!l.failed());
        assert!(l.take_error().is_none());
        assert!(JsLandscape::new(1, 0, true).is_err());
    }
}
