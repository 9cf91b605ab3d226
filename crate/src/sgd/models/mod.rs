//! Models `f(θ; x) ∈ ℝᵏ` with the first and second derivatives the data losses need.
//!
//! Every method is pointwise in the example and writes only what it is given, so a kernel
//! can evaluate examples in any order with one `scratch` buffer (`scratch_len()` f64), sized
//! once: nothing allocates while stepping. `forward` must be called first, at the same θ and
//! x, with the same `scratch`; the derivative methods read what it stored there.

mod linear;
mod mlp;
mod thesis;

pub use linear::Linear;
pub use mlp::{Activation, Mlp, Parameterisation};
pub use thesis::Thesis;

pub trait Model {
    /// Number of parameters p.
    fn params(&self) -> usize;
    /// Input dimension of one example.
    fn inputs(&self) -> usize;
    /// Output dimension k.
    fn outputs(&self) -> usize;
    /// f64 of scratch the methods need.
    fn scratch_len(&self) -> usize {
        0
    }
    /// `f = f(θ; x)`; stores in `scratch` what the derivatives need.
    fn forward(&self, theta: &[f64], x: &[f64], f: &mut [f64], scratch: &mut [f64]);
    /// `out += s · Jᵀ e` with `J = ∂f/∂θ` (k × p): the vector–Jacobian product.
    fn vjp(&self, theta: &[f64], x: &[f64], scratch: &mut [f64], e: &[f64], s: f64, out: &mut [f64]);
    /// `out = J v` (k entries): the Jacobian–vector product.
    fn jvp(&self, theta: &[f64], x: &[f64], scratch: &mut [f64], v: &[f64], out: &mut [f64]);
    /// `out += s · Σₒ eₒ ∇²fₒ v`: the part of the loss Hessian that the output curvature
    /// (Gauss–Newton) term misses.
    fn residual_hvp(&self, theta: &[f64], x: &[f64], scratch: &mut [f64], e: &[f64], v: &[f64], s: f64, out: &mut [f64]);
}

/// `Σ aᵢ bᵢ` over two f64 lanes (pairs summed separately, then together; the same order
/// natively and in wasm, so results are bit-identical).
#[inline(always)]
pub(crate) fn dot(a: &[f64], b: &[f64]) -> f64 {
    use crate::simd::F64x2;
    let n = a.len().min(b.len());
    let pairs = n & !1;
    let mut acc = F64x2::splat(0.0);
    let mut i = 0;
    while i < pairs {
        acc = acc.add(F64x2::load(a, i).mul(F64x2::load(b, i)));
        i += 2;
    }
    let [l0, l1] = acc.lanes();
    let mut s = l0 + l1;
    if pairs < n {
        s += a[pairs] * b[pairs];
    }
    s
}

/// `y += s · x` over two f64 lanes.
#[inline(always)]
pub(crate) fn axpy(s: f64, x: &[f64], y: &mut [f64]) {
    crate::simd::map2(y, [x], |y, [x]| y.add(crate::simd::F64x2::splat(s).mul(x)));
}
