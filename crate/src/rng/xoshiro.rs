//! xoshiro256++ (Blackman & Vigna 2021, "Scrambled linear pseudorandom number
//! generators", ACM TOMS 47(4)): 256-bit state, period 2²⁵⁶ − 1.

/// One random stream. `Copy` so kernels can keep the state in locals in a hot loop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Xoshiro256pp {
    s: [u64; 4],
}

/// 2⁻⁵³: scales a 53-bit integer into [0, 1).
const INV_2_53: f64 = 1.0 / 9_007_199_254_740_992.0;

impl Xoshiro256pp {
    /// A stream from a raw state; the all-zero state (a fixed point) is replaced by `[1, 0, 0, 0]`.
    pub fn from_state(s: [u64; 4]) -> Self {
        if s == [0; 4] { Xoshiro256pp { s: [1, 0, 0, 0] } } else { Xoshiro256pp { s } }
    }

    /// Next 64 random bits: `rotl(s0 + s3, 23) + s0`, then the xoshiro state update.
    #[inline(always)]
    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let result = s[0].wrapping_add(s[3]).rotate_left(23).wrapping_add(s[0]);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform on [0, 1) with 53 random bits: `(bits >> 11) · 2⁻⁵³`.
    #[inline(always)]
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * INV_2_53
    }

    /// Uniform on the open interval (0, 1): `((bits >> 11) + ½) · 2⁻⁵³` (safe for `ln`).
    #[inline(always)]
    pub fn uniform_open(&mut self) -> f64 {
        bits_to_open_unit(self.next_u64())
    }
}

/// Maps the top 53 bits of `bits` to `((bits >> 11) + ½) · 2⁻⁵³ ∈ (0, 1)`.
#[inline(always)]
pub(crate) fn bits_to_open_unit(bits: u64) -> f64 {
    ((bits >> 11) as f64 + 0.5) * INV_2_53
}
