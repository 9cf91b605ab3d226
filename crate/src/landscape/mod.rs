//! Landscapes `U: ℝᵈ → ℝ` with exact derivatives. One trait serves every integrator,
//! sampler and analysis: value, gradient, Hessian and Hessian-vector product, each also
//! batched over many points (row-major `[m][d]`), which is what the ensemble kernels call.

mod double_well;
mod gaussian_mixture;
mod js;
mod muller_brown;
mod multi_well;
mod quadratic;
mod ring;
mod rosenbrock;

pub use double_well::SeparableDoubleWell;
pub use gaussian_mixture::GaussianMixture;
pub use js::JsLandscape;
pub use muller_brown::MullerBrown;
pub use multi_well::MultiWell;
pub use quadratic::Quadratic;
pub use ring::Ring;
pub use rosenbrock::Rosenbrock;

/// A differentiable landscape. Implementations must be pointwise: the result for one
/// point never depends on the other points of a batch (this is what makes results
/// independent of chunking).
pub trait Landscape {
    /// The dimension `d`.
    fn dim(&self) -> usize;
    /// `U(x)`.
    fn value(&self, x: &[f64]) -> f64;
    /// `g = ∇U(x)`.
    fn gradient(&self, x: &[f64], g: &mut [f64]);
    /// `h = ∇²U(x)`, row-major d×d.
    fn hessian(&self, x: &[f64], h: &mut [f64]);
    /// `out = ∇²U(x) v`.
    fn hessian_vector(&self, x: &[f64], v: &[f64], out: &mut [f64]);

    /// `Some((A, x̄))` (A d×d row-major) when the drift is linear, `−∇U(x) = −A(x − x̄)`
    /// (quadratic U): what the exact OU transition needs. `None` otherwise (the default).
    fn linear_drift(&self) -> Option<(Vec<f64>, Vec<f64>)> {
        None
    }

    /// Whether the drift is −∇U of a potential with a meaningful `value` (false for the
    /// drift of a general SDE, `expr::ExpressionSde`; MALA needs true).
    fn is_gradient_field(&self) -> bool {
        true
    }

    /// The diffusion of a general SDE given with its drift (`expr::ExpressionSde`).
    fn sde_diffusion(&self) -> Option<std::rc::Rc<crate::expr::SdeDiffusion>> {
        None
    }

    /// The data loss behind this landscape, if it is one (`sgd::Objective`): what noise models
    /// built from per-example gradients need (`noise::MinibatchNoise`).
    fn as_objective(&self) -> Option<&crate::sgd::Objective> {
        None
    }

    /// Gradients of `xs.len()/d` points; implementations override this with a vectorised loop.
    fn gradient_batch(&self, xs: &[f64], gs: &mut [f64]) {
        let d = self.dim();
        for (x, g) in xs.chunks_exact(d).zip(gs.chunks_exact_mut(d)) {
            self.gradient(x, g);
        }
    }

    /// Values of `xs.len()/d` points (`out` has one per point).
    fn value_batch(&self, xs: &[f64], out: &mut [f64]) {
        for (x, v) in xs.chunks_exact(self.dim()).zip(out.iter_mut()) {
            *v = self.value(x);
        }
    }

    /// Whether an evaluation failed since the last `take_error` (only landscapes backed by JS
    /// callbacks can fail, `JsLandscape`); kernels check it after each step and stop.
    fn failed(&self) -> bool {
        false
    }

    /// The error of a failed evaluation, clearing it (`None` when nothing failed).
    fn take_error(&self) -> Option<crate::error::SgdError> {
        None
    }
}
