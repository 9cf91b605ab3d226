//! Stream derivation: SplitMix64 (Steele, Lea & Flood 2014, "Fast splittable
//! pseudorandom number generators") seeds one xoshiro256++ state per trajectory.

use super::Xoshiro256pp;

/// The SplitMix64 increment (2⁶⁴/φ, odd).
const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// The SplitMix64 output function (a bijective 64-bit finaliser).
#[inline]
pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The stream of trajectory `index` under `seed`.
///
/// `key = mix64(seed + γ)`; state word j of stream i is `mix64(key + (4i + j + 1)·γ)`,
/// i.e. the SplitMix64 sequence keyed by the seed, four consecutive outputs per stream:
/// distinct streams get distinct, decorrelated states (mix64 is a bijection).
pub fn stream_for(seed: u64, index: u64) -> Xoshiro256pp {
    let key = mix64(seed.wrapping_add(GOLDEN_GAMMA));
    let base = index.wrapping_mul(4);
    let word = |j: u64| mix64(key.wrapping_add(base.wrapping_add(j + 1).wrapping_mul(GOLDEN_GAMMA)));
    Xoshiro256pp::from_state([word(0), word(1), word(2), word(3)])
}
