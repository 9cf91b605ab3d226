//! Standard normal variates by the 256-layer ziggurat (Marsaglia & Tsang 2000, J. Stat.
//! Softw. 5(8); the tail by Marsaglia 1964). The fast path (≈ 98.8% of draws) uses one
//! 64-bit draw, a table look-up, a multiply and a compare: no `ln`/`exp`, which are
//! software routines in wasm32.
//!
//! Bit layout of one draw: the low 8 bits pick the layer `i`, the top 53 bits give
//! `u ∈ (0, 1)` and the signed abscissa `x = (2u − 1)·X[i]`.

use super::xoshiro::bits_to_open_unit;
use super::ziggurat_tables::{ZIG_F, ZIG_R, ZIG_X};
use super::Xoshiro256pp;

impl Xoshiro256pp {
    /// One N(0, 1) variate.
    #[inline(always)]
    pub fn normal(&mut self) -> f64 {
        loop {
            let bits = self.next_u64();
            let i = (bits & 0xff) as usize;
            let x = (2.0 * bits_to_open_unit(bits) - 1.0) * ZIG_X[i];
            if x.abs() < ZIG_X[i + 1] {
                return x;
            }
            if let Some(x) = self.normal_slow(i, x) {
                return x;
            }
        }
    }

    /// The rejection part: the base layer's tail beyond r, or the wedge of layer `i`.
    #[cold]
    #[inline(never)]
    fn normal_slow(&mut self, i: usize, x: f64) -> Option<f64> {
        if i == 0 {
            // Tail x > r: Marsaglia's method, x = r + e₁/r accepted when 2e₂ ≥ (e₁/r)².
            loop {
                let t = -self.uniform_open().ln() / ZIG_R;
                let e = -self.uniform_open().ln();
                if 2.0 * e >= t * t {
                    return Some(if x < 0.0 { -(ZIG_R + t) } else { ZIG_R + t });
                }
            }
        }
        let y = ZIG_F[i + 1] + (ZIG_F[i] - ZIG_F[i + 1]) * self.uniform();
        if y < (-0.5 * x * x).exp() { Some(x) } else { None }
    }
}
