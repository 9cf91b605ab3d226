//! Symmetric α-stable variates by the Chambers–Mallows–Stuck method (Chambers, Mallows &
//! Stuck 1976, JASA 71(354); the symmetric case as in Weron 1996, Stat. Probab. Lett. 28):
//! with `V ~ U(−π/2, π/2)` and `W ~ Exp(1)` independent,
//!
//! `S = sin(αV) / cos(V)^{1/α} · (cos((1 − α)V) / W)^{(1−α)/α}`   (α ≠ 1),  `S = tan V` (α = 1),
//!
//! has the characteristic function `E e^{iuS} = e^{−|u|^α}`, α ∈ (0, 2]: Cauchy at α = 1,
//! N(0, 2) at α = 2 (where the formula reduces to `2 sin V · √W`). Two uniforms per variate.

use super::Xoshiro256pp;

impl Xoshiro256pp {
    /// One standard symmetric α-stable variate (`E e^{iuS} = e^{−|u|^α}`); `alpha` ∈ (0, 2]
    /// (callers validate it).
    #[inline]
    pub fn symmetric_stable(&mut self, alpha: f64) -> f64 {
        let v = std::f64::consts::PI * (self.uniform_open() - 0.5);
        let w = -self.uniform_open().ln();
        if alpha == 1.0 {
            return v.tan();
        }
        (alpha * v).sin() / v.cos().powf(1.0 / alpha) * (((1.0 - alpha) * v).cos() / w).powf((1.0 - alpha) / alpha)
    }
}
