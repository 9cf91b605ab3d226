//! Constructor exports of the built-in landscapes of issue 3 (Müller–Brown, Rosenbrock,
//! multi-well, Gaussian mixture, thesis model) and of the JS-callback landscape. Each returns a handle, 0 on error (read
//! the last error). Arrays are `(pointer, length)` pairs of f64 checked like every pointer.

use super::{f64s, insert_landscape};
use crate::sgd::models::Thesis;
use crate::sgd::{Normalisation, Objective, OutputLoss};
use crate::landscape::{GaussianMixture, JsLandscape, MullerBrown, MultiWell, Rosenbrock};

/// A landscape evaluated by the JS callbacks the bindings registered under `id`
/// (`landscape::JsLandscape`); `has_value` = 1 when there is a value callback. The new object
/// owns the JS entry from here on: a refused creation releases it at once.
#[no_mangle]
pub extern "C" fn sgd_landscape_js(id: u32, dim: usize, has_value: u32) -> u32 {
    insert_landscape(JsLandscape::new(id, dim, has_value != 0))
}

/// Müller–Brown, `scale · V(x, y)`.
#[no_mangle]
pub extern "C" fn sgd_landscape_muller_brown(scale: f64) -> u32 {
    insert_landscape(MullerBrown::new(scale))
}

/// `Σ_{i<d−1} [b (x_{i+1} − xᵢ²)² + (a − xᵢ)²]`, d ≥ 2.
#[no_mangle]
pub extern "C" fn sgd_landscape_rosenbrock(dim: usize, a: f64, b: f64) -> u32 {
    insert_landscape(Rosenbrock::new(dim, a, b))
}

/// Separable multi-well: K wells (`minima`, `depths`, `curvatures`, one entry per well;
/// the lengths are checked to agree); see `landscape::multi_well`.
#[no_mangle]
pub extern "C" fn sgd_landscape_multi_well(
    dim: usize,
    minima: *const f64,
    minima_len: usize,
    depths: *const f64,
    depths_len: usize,
    curvatures: *const f64,
    curvatures_len: usize,
) -> u32 {
    insert_landscape((|| {
        MultiWell::new(
            dim,
            f64s(minima, minima_len, "minima")?,
            f64s(depths, depths_len, "depths")?,
            f64s(curvatures, curvatures_len, "curvatures")?,
        )
    })())
}

/// `−Σₖ wₖ exp(−‖x − μₖ‖²/(2σₖ²)) + (c/2)‖x‖²`: `means` K×d row-major, `widths` and
/// `weights` K each (K = `weights_len`; the other lengths are checked against it).
#[no_mangle]
pub extern "C" fn sgd_landscape_gaussian_mixture(
    dim: usize,
    means: *const f64,
    means_len: usize,
    widths: *const f64,
    widths_len: usize,
    weights: *const f64,
    weights_len: usize,
    confinement: f64,
) -> u32 {
    insert_landscape((|| {
        GaussianMixture::new(
            dim,
            f64s(means, means_len, "means")?,
            f64s(widths, widths_len, "widths")?,
            f64s(weights, weights_len, "weights")?,
            confinement,
        )
    })())
}

/// The thesis loss over the examples `(xs, ys)` (lengths checked to agree);
/// `normalisation` 0 = half-mean, 1 = mean, 2 = sum. An `Objective` (the thesis model with
/// the squared loss, `crate::sgd`), so it also has per-example gradients and Σ(θ).
#[no_mangle]
pub extern "C" fn sgd_landscape_thesis_model(xs: *const f64, xs_len: usize, ys: *const f64, ys_len: usize, normalisation: u32) -> u32 {
    super::sgd::insert_objective((|| {
        let (x, y) = (f64s(xs, xs_len, "x")?, f64s(ys, ys_len, "y")?);
        if x.len() != y.len() {
            return Err(crate::error::SgdError::invalid(format!(
                "x has {} entries and y has {}: the data must be N >= 1 pairs (x.length = y.length)",
                x.len(),
                y.len()
            )));
        }
        Objective::new(Box::new(Thesis), OutputLoss::Squared, x, y, Normalisation::from_code(normalisation)?, 0.0)
    })())
}
