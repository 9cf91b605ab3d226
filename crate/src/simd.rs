//! A two-lane f64 vector: `core::arch::wasm32` SIMD128 on wasm32, a plain `[f64; 2]`
//! elsewhere (the native benchmark build). Kernels are written once against this type.
//!
//! Every operation is a lane-wise IEEE-754 add/sub/mul (never a fused multiply-add),
//! so the SIMD and the scalar paths give bit-identical results.

#[cfg(target_arch = "wasm32")]
mod imp {
    use core::arch::wasm32::*;

    #[derive(Clone, Copy)]
    pub struct F64x2(v128);

    impl F64x2 {
        #[inline(always)]
        pub fn splat(a: f64) -> Self { F64x2(f64x2_splat(a)) }
        #[inline(always)]
        pub fn load(s: &[f64], i: usize) -> Self {
            let p = &s[i..i + 2];
            // SAFETY: `p` is a bounds-checked slice of two f64; v128_load has no alignment requirement.
            F64x2(unsafe { v128_load(p.as_ptr() as *const v128) })
        }
        #[inline(always)]
        pub fn store(self, s: &mut [f64], i: usize) {
            let p = &mut s[i..i + 2];
            // SAFETY: as in `load`.
            unsafe { v128_store(p.as_mut_ptr() as *mut v128, self.0) }
        }
        #[inline(always)]
        pub fn add(self, o: Self) -> Self { F64x2(f64x2_add(self.0, o.0)) }
        #[inline(always)]
        pub fn sub(self, o: Self) -> Self { F64x2(f64x2_sub(self.0, o.0)) }
        #[inline(always)]
        pub fn mul(self, o: Self) -> Self { F64x2(f64x2_mul(self.0, o.0)) }
        #[inline(always)]
        pub fn lanes(self) -> [f64; 2] { [f64x2_extract_lane::<0>(self.0), f64x2_extract_lane::<1>(self.0)] }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    #[derive(Clone, Copy)]
    pub struct F64x2([f64; 2]);

    impl F64x2 {
        #[inline(always)]
        pub fn splat(a: f64) -> Self { F64x2([a, a]) }
        #[inline(always)]
        pub fn load(s: &[f64], i: usize) -> Self { F64x2([s[i], s[i + 1]]) }
        #[inline(always)]
        pub fn store(self, s: &mut [f64], i: usize) { s[i] = self.0[0]; s[i + 1] = self.0[1]; }
        #[inline(always)]
        pub fn add(self, o: Self) -> Self { F64x2([self.0[0] + o.0[0], self.0[1] + o.0[1]]) }
        #[inline(always)]
        pub fn sub(self, o: Self) -> Self { F64x2([self.0[0] - o.0[0], self.0[1] - o.0[1]]) }
        #[inline(always)]
        pub fn mul(self, o: Self) -> Self { F64x2([self.0[0] * o.0[0], self.0[1] * o.0[1]]) }
        #[inline(always)]
        pub fn lanes(self) -> [f64; 2] { self.0 }
    }
}

pub use imp::F64x2;

/// Applies `f` to pairs of elements of `out` (and the same positions of `inputs`),
/// with a scalar tail for odd lengths. `f` receives lane vectors; the tail calls it with
/// both lanes equal to the last element and keeps lane 0, so one formula serves both.
#[inline(always)]
pub fn map2<const K: usize>(out: &mut [f64], inputs: [&[f64]; K], f: impl Fn(F64x2, [F64x2; K]) -> F64x2) {
    let len = out.len();
    let pairs = len & !1;
    let mut i = 0;
    while i < pairs {
        let ins = inputs.map(|s| F64x2::load(s, i));
        f(F64x2::load(out, i), ins).store(out, i);
        i += 2;
    }
    if pairs < len {
        let ins = inputs.map(|s| F64x2::splat(s[pairs]));
        out[pairs] = f(F64x2::splat(out[pairs]), ins).lanes()[0];
    }
}

/// True iff every element of `s` is finite (uses `x·0 = 0` exactly for finite x, NaN otherwise).
#[inline]
pub fn all_finite(s: &[f64]) -> bool {
    let mut acc = F64x2::splat(0.0);
    let pairs = s.len() & !1;
    let zero = F64x2::splat(0.0);
    let mut i = 0;
    while i < pairs {
        acc = acc.add(F64x2::load(s, i).mul(zero));
        i += 2;
    }
    let [a, b] = acc.lanes();
    let tail = if pairs < s.len() { s[pairs] * 0.0 } else { 0.0 };
    a == 0.0 && b == 0.0 && tail == 0.0
}
