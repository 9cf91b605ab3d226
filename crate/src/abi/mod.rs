//! The flat C ABI: the only place with `extern "C"` and raw pointers.
//!
//! Conventions (mirrored by `bindings/`):
//! - constructors return a handle (`u32`, 0 = failed: read the last error);
//! - methods return a status (`0` = ok, otherwise an `ErrorCode`) and write results
//!   through pointers the caller allocated with `sgd_alloc`;
//! - every pointer is checked (non-null, 8-byte aligned, inside linear memory) before use,
//!   so bad input yields an error status, never a trap;
//! - counts that may exceed 2³² (steps, trajectory offsets) travel as integral `f64`.

mod expr;
mod fp;
mod fp2d;
mod landscapes;
mod linalg;
mod sgd;
mod handles;
mod samplers;
mod last_error;

use std::alloc::{alloc, dealloc, Layout};
use std::cell::RefCell;
use std::rc::Rc;

use crate::error::{SgdError, SgdResult};
use crate::landscape::{Landscape, Quadratic, Ring, SeparableDoubleWell};
use crate::rng::stream_for;
use crate::noise::{Interpretation, Noise};
use crate::sde::{Ensemble, EnsembleSpec, GeneralScheme, Target};
use handles::{HandleTable, Object};

/// Bumped whenever an export's signature or meaning changes; checked by `bindings/` at load.
pub const ABI_VERSION: u32 = 1;

thread_local! {
    static TABLE: RefCell<HandleTable> = RefCell::new(HandleTable::default());
}

fn with_table<R>(f: impl FnOnce(&mut HandleTable) -> R) -> R {
    TABLE.with(|t| f(&mut t.borrow_mut()))
}

fn status(r: SgdResult<()>) -> i32 {
    match r {
        Ok(()) => {
            last_error::clear();
            0
        }
        Err(e) => {
            let code = e.code as i32;
            last_error::set(e);
            code
        }
    }
}

fn handle_or_zero(r: SgdResult<u32>) -> u32 {
    match r {
        Ok(h) => {
            last_error::clear();
            h
        }
        Err(e) => {
            last_error::set(e);
            0
        }
    }
}

fn seed_of(lo: u32, hi: u32) -> u64 {
    ((hi as u64) << 32) | lo as u64
}

/// An integral, non-negative f64 below 2⁵³ as a count.
fn count(name: &str, v: f64) -> SgdResult<u64> {
    if v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v <= 9_007_199_254_740_992.0 {
        Ok(v as u64)
    } else {
        Err(SgdError::invalid(format!("{name} = {v} is not allowed: it must be an integer in [0, 2^53]")))
    }
}

/// Checks that `bytes` bytes at `ptr` are non-null, `align`-aligned and inside linear memory.
fn check_region(ptr: usize, bytes: usize, align: usize, name: &str) -> SgdResult<()> {
    let bad = |why: &str| Err(SgdError::invalid(format!("{name}: pointer {ptr:#x} ({bytes} bytes) {why}")));
    if ptr == 0 || ptr % align != 0 {
        return bad(&format!("is null or not {align}-byte aligned"));
    }
    let end = match ptr.checked_add(bytes) {
        Some(e) => e,
        None => return bad("overflows the address space"),
    };
    #[cfg(target_arch = "wasm32")]
    {
        if end > core::arch::wasm32::memory_size(0) * 65536 {
            return bad("runs past the end of linear memory");
        }
    }
    let _ = end;
    Ok(())
}

/// Borrows `len` f64 at `ptr` after checking the region.
fn f64s<'a>(ptr: *const f64, len: usize, name: &str) -> SgdResult<&'a [f64]> {
    if len == 0 {
        return Ok(&[]);
    }
    check_region(ptr as usize, len.checked_mul(8).unwrap_or(usize::MAX), 8, name)?;
    // SAFETY: the region is non-null, aligned and inside linear memory (checked above);
    // f64 has no invalid bit patterns.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// Mutably borrows `len` f64 at `ptr` after checking the region. Callers copy their
/// inputs out before taking an output slice, so an output that aliases an input is harmless.
fn f64s_mut<'a>(ptr: *mut f64, len: usize, name: &str) -> SgdResult<&'a mut [f64]> {
    if len == 0 {
        return Ok(&mut []);
    }
    check_region(ptr as usize, len.checked_mul(8).unwrap_or(usize::MAX), 8, name)?;
    // SAFETY: as in `f64s`.
    Ok(unsafe { std::slice::from_raw_parts_mut(ptr, len) })
}

// ---- version, memory, errors ------------------------------------------------------------

#[no_mangle]
pub extern "C" fn sgd_abi_version() -> u32 {
    ABI_VERSION
}

/// Allocates `bytes` (> 0) with 8-byte alignment; returns 0 (and sets the last error) on failure.
#[no_mangle]
pub extern "C" fn sgd_alloc(bytes: usize) -> *mut u8 {
    match Layout::from_size_align(bytes, 8) {
        Ok(layout) if bytes > 0 => {
            // SAFETY: the layout has non-zero size.
            let p = unsafe { alloc(layout) };
            if p.is_null() {
                last_error::set(SgdError {
                    code: crate::error::ErrorCode::OutOfMemory,
                    message: format!("sgd_alloc: cannot allocate {bytes} bytes: out of memory"),
                    divergence: None,
                });
            }
            p
        }
        _ => {
            last_error::set(SgdError::invalid(format!("sgd_alloc: bytes = {bytes} must be > 0 and < 2^31")));
            std::ptr::null_mut()
        }
    }
}

/// Frees a block from `sgd_alloc` (same `bytes`). Null is a no-op.
#[no_mangle]
pub extern "C" fn sgd_free(ptr: *mut u8, bytes: usize) {
    if ptr.is_null() || bytes == 0 {
        return;
    }
    if let Ok(layout) = Layout::from_size_align(bytes, 8) {
        // SAFETY: the caller (bindings/) frees only what sgd_alloc returned, with its size.
        unsafe { dealloc(ptr, layout) }
    }
}

#[no_mangle]
pub extern "C" fn sgd_last_error_code() -> i32 {
    last_error::with(|e| e.map_or(0, |e| e.code as i32))
}

#[no_mangle]
pub extern "C" fn sgd_last_error_message_ptr() -> *const u8 {
    last_error::with(|e| e.map_or(std::ptr::null(), |e| e.message.as_ptr()))
}

#[no_mangle]
pub extern "C" fn sgd_last_error_message_len() -> usize {
    last_error::with(|e| e.map_or(0, |e| e.message.len()))
}

/// Global index of the diverged trajectory of the last error, or −1.
#[no_mangle]
pub extern "C" fn sgd_last_error_trajectory() -> f64 {
    last_error::with(|e| e.and_then(|e| e.divergence).map_or(-1.0, |d| d.trajectory as f64))
}

/// Step at which the last error's trajectory diverged, or −1.
#[no_mangle]
pub extern "C" fn sgd_last_error_step() -> f64 {
    last_error::with(|e| e.and_then(|e| e.divergence).map_or(-1.0, |d| d.step as f64))
}

/// Disposes any object; its handle becomes invalid.
#[no_mangle]
pub extern "C" fn sgd_release(handle: u32) -> i32 {
    status(with_table(|t| t.remove(handle)))
}

/// Number of live objects (leak checks).
#[no_mangle]
pub extern "C" fn sgd_live_objects() -> u32 {
    with_table(|t| t.live() as u32)
}

// ---- random streams ---------------------------------------------------------------------

/// Fills `out` (count × 8 bytes) from stream `stream` of `seed`:
/// kind 0 = raw 64-bit words (as little-endian u32 pairs), 1 = uniform [0,1), 2 = N(0,1).
#[no_mangle]
pub extern "C" fn sgd_rng_fill(seed_lo: u32, seed_hi: u32, stream: f64, kind: u32, n: usize, out: *mut f64) -> i32 {
    status((|| {
        let index = count("stream", stream)?;
        let out = f64s_mut(out, n, "out")?;
        let mut rng = stream_for(seed_of(seed_lo, seed_hi), index);
        match kind {
            0 => out.iter_mut().for_each(|v| *v = f64::from_bits(rng.next_u64())),
            1 => out.iter_mut().for_each(|v| *v = rng.uniform()),
            2 => out.iter_mut().for_each(|v| *v = rng.normal()),
            _ => return Err(SgdError::invalid(format!("kind = {kind} is not allowed: 0 (bits), 1 (uniform) or 2 (normal)"))),
        }
        Ok(())
    })())
}

/// Fills `out` with `n` standard symmetric α-stable variates (`E e^{iuS} = e^{−|u|^α}`,
/// Chambers–Mallows–Stuck) from stream `stream` of `seed`; α ∈ (0, 2].
#[no_mangle]
pub extern "C" fn sgd_rng_fill_stable(seed_lo: u32, seed_hi: u32, stream: f64, alpha: f64, n: usize, out: *mut f64) -> i32 {
    status((|| {
        let index = count("stream", stream)?;
        Noise::alpha_stable(alpha, 1.0)?;
        let out = f64s_mut(out, n, "out")?;
        let mut rng = stream_for(seed_of(seed_lo, seed_hi), index);
        out.iter_mut().for_each(|v| *v = rng.symmetric_stable(alpha));
        Ok(())
    })())
}

// ---- landscapes -------------------------------------------------------------------------

fn insert_landscape(l: SgdResult<impl Landscape + 'static>) -> u32 {
    handle_or_zero(l.and_then(|l| with_table(|t| t.insert(Object::Landscape(Rc::new(l))))))
}

/// `½(x−c)ᵀH(x−c)`; `h` is d×d row-major, `c` has d entries.
#[no_mangle]
pub extern "C" fn sgd_landscape_quadratic(dim: usize, h: *const f64, c: *const f64) -> u32 {
    insert_landscape((|| {
        let hh = f64s(h, dim.checked_mul(dim).unwrap_or(usize::MAX), "hessian")?;
        Quadratic::new(hh, f64s(c, dim, "centre")?)
    })())
}

/// `Σᵢ h((xᵢ/a)² − 1)² + c xᵢ` with `a = √(8h/κ)`.
#[no_mangle]
pub extern "C" fn sgd_landscape_double_well(dim: usize, barrier: f64, curvature: f64, tilt: f64) -> u32 {
    insert_landscape(SeparableDoubleWell::new(dim, barrier, curvature, tilt))
}

/// `¼‖x‖⁴ − ½‖x‖²`.
#[no_mangle]
pub extern "C" fn sgd_landscape_ring(dim: usize) -> u32 {
    insert_landscape(Ring::new(dim))
}

/// The landscape's dimension, or minus the error status.
#[no_mangle]
pub extern "C" fn sgd_landscape_dim(handle: u32) -> i32 {
    match with_table(|t| t.landscape(handle)) {
        Ok(l) => l.dim() as i32,
        Err(e) => -status(Err(e)),
    }
}

/// What a batched landscape evaluation writes per point.
#[derive(Clone, Copy)]
enum Eval {
    Value,
    Gradient,
    Hessian,
    HessianVector,
}

fn eval_batch(handle: u32, m: usize, xs: *const f64, vs: *const f64, out: *mut f64, what: Eval) -> i32 {
    status((|| {
        let l = with_table(|t| t.landscape(handle))?;
        let d = l.dim();
        let len = m.checked_mul(d).ok_or_else(|| SgdError::invalid("m × d overflows"))?;
        let x = f64s(xs, len, "points")?.to_vec();
        let per_point = match what {
            Eval::Value => 1,
            Eval::Gradient | Eval::HessianVector => d,
            Eval::Hessian => d * d,
        };
        let v = match what {
            Eval::HessianVector => f64s(vs, len, "vectors")?.to_vec(),
            _ => Vec::new(),
        };
        let out = f64s_mut(out, m.checked_mul(per_point).unwrap_or(usize::MAX), "out")?;
        match what {
            Eval::Value => l.value_batch(&x, out),
            Eval::Gradient => l.gradient_batch(&x, out),
            Eval::Hessian | Eval::HessianVector => {
                for i in 0..m {
                    let xi = &x[i * d..(i + 1) * d];
                    let o = &mut out[i * per_point..(i + 1) * per_point];
                    match what {
                        Eval::Hessian => l.hessian(xi, o),
                        _ => l.hessian_vector(xi, &v[i * d..(i + 1) * d], o),
                    }
                }
            }
        }
        l.take_error().map_or(Ok(()), Err)
    })())
}

/// `out[i] = U(xᵢ)` for m points.
#[no_mangle]
pub extern "C" fn sgd_landscape_values(handle: u32, m: usize, xs: *const f64, out: *mut f64) -> i32 {
    eval_batch(handle, m, xs, std::ptr::null(), out, Eval::Value)
}

/// `out[i] = ∇U(xᵢ)` (m × d).
#[no_mangle]
pub extern "C" fn sgd_landscape_gradients(handle: u32, m: usize, xs: *const f64, out: *mut f64) -> i32 {
    eval_batch(handle, m, xs, std::ptr::null(), out, Eval::Gradient)
}

/// `out[i] = ∇²U(xᵢ)` (m × d × d).
#[no_mangle]
pub extern "C" fn sgd_landscape_hessians(handle: u32, m: usize, xs: *const f64, out: *mut f64) -> i32 {
    eval_batch(handle, m, xs, std::ptr::null(), out, Eval::Hessian)
}

/// `out[i] = ∇²U(xᵢ) vᵢ` (m × d).
#[no_mangle]
pub extern "C" fn sgd_landscape_hessian_vectors(handle: u32, m: usize, xs: *const f64, vs: *const f64, out: *mut f64) -> i32 {
    eval_batch(handle, m, xs, vs, out, Eval::HessianVector)
}

// ---- ensembles --------------------------------------------------------------------------

/// Creates an ensemble of `n` trajectories (global indices `offset..offset+n`) on a landscape.
#[no_mangle]
pub extern "C" fn sgd_ensemble_create(
    landscape: u32,
    n: usize,
    offset: f64,
    seed_lo: u32,
    seed_hi: u32,
    dt: f64,
    temperature: *const f64,
    temperature_len: usize,
    x0: *const f64,
    x0_len: usize,
) -> u32 {
    handle_or_zero((|| {
        let l = with_table(|t| t.landscape(landscape))?;
        let spec = EnsembleSpec {
            n,
            offset: count("trajectoryOffset", offset)?,
            seed: seed_of(seed_lo, seed_hi),
            dt,
            temperature: f64s(temperature, temperature_len, "temperature")?,
            x0: f64s(x0, x0_len, "x0")?,
        };
        let e = Ensemble::new(l, &spec)?;
        with_table(|t| t.insert(Object::Ensemble(Box::new(e))))
    })())
}

/// Advances `k` Euler–Maruyama steps.
#[no_mangle]
pub extern "C" fn sgd_ensemble_step(handle: u32, k: f64) -> i32 {
    status((|| {
        let k = count("steps", k)?;
        with_table(|t| t.ensemble(handle)?.step(k))
    })())
}

/// Chooses the scheme before the first step: 0 = Euler–Maruyama, 1 = BAOAB (with `friction`),
/// 2 = MALA, 3 = Milstein, 4 = stochastic Heun (Stratonovich), 5 = SRA1, 6 = tamed Euler,
/// 7 = Runge–Kutta Milstein (Platen), 8 = exact OU transition.
#[no_mangle]
pub extern "C" fn sgd_ensemble_set_scheme(handle: u32, scheme: u32, friction: f64) -> i32 {
    status(with_table(|t| {
        let e = t.ensemble(handle)?;
        match scheme {
            0 if e.steps_done() == 0 => {
                e.scheme = crate::sde::Scheme::EulerMaruyama;
                Ok(())
            }
            1 => e.use_baoab(friction),
            2 => e.use_mala(),
            3 => e.use_general(GeneralScheme::Milstein),
            4 => e.use_general(GeneralScheme::Heun),
            5 => e.use_general(GeneralScheme::Sra1),
            6 => e.use_general(GeneralScheme::TamedEuler),
            7 => e.use_general(GeneralScheme::RkMilstein),
            8 => e.use_exact_ou(),
            _ => Err(SgdError::invalid(format!("scheme = {scheme} is not allowed: 0 (euler-maruyama, before stepping), 1 (baoab), 2 (mala), 3 (milstein), 4 (heun), 5 (sra1), 6 (tamed-euler), 7 (rk-milstein), 8 (exact-ou)"))),
        }
    }))
}

/// Sets the noise model before the first step: 0 = temperature, 1 = correlated constant
/// diffusion matrix D (`matrix`, d×d), 2 = σⱼ(x) = k xⱼ (`param` = k), 3 = σⱼ(x) = √(2D₀(1+xⱼ²)) (`param` = D₀),
/// 4 = symmetric α-stable (`param` = α, `matrix` = [scale]), 5 = SGD noise 2ηL(θ)H/B (`param` = η/B, `matrix` = H),
/// 6 = the diffusion of the ensemble's expression SDE (`sgd_sde_expression`),
/// 7 = SGD's minibatch noise κΣ(θ) (`param` = κ; `matrix` = a frozen Σ, or empty to recompute Σ(θ)
/// from the landscape's per-example gradients).
#[no_mangle]
pub extern "C" fn sgd_ensemble_set_noise(handle: u32, kind: u32, param: f64, matrix: *const f64, matrix_len: usize) -> i32 {
    status((|| {
        let m = f64s(matrix, matrix_len, "noise.diffusion")?.to_vec();
        with_table(|t| {
            let e = t.ensemble(handle)?;
            let noise = match kind {
                0 => Noise::Temperature,
                1 => Noise::correlated(&m, e.dim())?,
                2 => Noise::linear(param)?,
                3 => Noise::sqrt_quadratic(param)?,
                4 if m.len() == 1 => Noise::alpha_stable(param, m[0])?,
                5 => Noise::sgd(param, &m, e.dim())?,
                6 => Noise::Expression(crate::noise::SdeNoise(
                    e.landscape.sde_diffusion().ok_or_else(|| SgdError::invalid("noise kind 6 (sde) needs a landscape made by sde({ drift, diffusion })"))?,
                )),
                7 => Noise::Minibatch(crate::noise::MinibatchNoise::new(param, if m.is_empty() { None } else { Some(&m) }, e.dim())?),
                _ => return Err(SgdError::invalid(format!("noise kind = {kind} (with {} matrix entries) is not allowed: 0 (temperature), 1 (correlated), 2 (linear), 3 (sqrt-quadratic), 4 (alpha-stable, 1 entry), 5 (sgd), 6 (sde), 7 (minibatch)", m.len()))),
            };
            e.set_noise(noise)
        })
    })())
}

/// Sets the interpretation of the noise before the first step: 0 = the scheme's native one,
/// 1 = Itô, 2 = Stratonovich.
#[no_mangle]
pub extern "C" fn sgd_ensemble_set_interpretation(handle: u32, kind: u32) -> i32 {
    status(with_table(|t| {
        let e = t.ensemble(handle)?;
        let i = match kind {
            0 => None,
            1 => Some(Interpretation::Ito),
            2 => Some(Interpretation::Stratonovich),
            _ => return Err(SgdError::invalid(format!("interpretation = {kind} is not allowed: 0 (native), 1 (ito), 2 (stratonovich)"))),
        };
        e.set_interpretation(i)
    }))
}

/// Builds each step's Brownian increment from `refine` fine substeps (before the first step).
#[no_mangle]
pub extern "C" fn sgd_ensemble_set_refinement(handle: u32, refine: f64) -> i32 {
    status((|| {
        let r = count("brownianRefinement", refine)?;
        let r = u32::try_from(r).map_err(|_| SgdError::invalid(format!("brownianRefinement = {refine} is too large")))?;
        with_table(|t| t.ensemble(handle)?.set_refinement(r))
    })())
}

/// Copies the n × d BAOAB velocities into `out`.
#[no_mangle]
pub extern "C" fn sgd_ensemble_velocities(handle: u32, out: *mut f64) -> i32 {
    status(with_table(|t| {
        let e = t.ensemble(handle)?;
        let v = e.velocities().ok_or_else(|| SgdError::invalid("velocities: this ensemble's integrator has no velocities (use 'baoab', 'sghmc' or 'heavy-ball')"))?;
        f64s_mut(out, v.len(), "out")?.copy_from_slice(v);
        Ok(())
    }))
}

/// Writes MALA's accepted then proposed move counts per trajectory (2n f64).
#[no_mangle]
pub extern "C" fn sgd_ensemble_mala_counts(handle: u32, out: *mut f64) -> i32 {
    status(with_table(|t| {
        let e = t.ensemble(handle)?;
        let (accepted, proposed) = e.mala_counts().ok_or_else(|| SgdError::invalid("acceptance: this ensemble's integrator is not 'mala'"))?;
        let out = f64s_mut(out, 2 * accepted.len(), "out")?;
        let (a, p) = out.split_at_mut(accepted.len());
        a.iter_mut().zip(accepted).for_each(|(o, &v)| *o = v as f64);
        p.iter_mut().zip(proposed).for_each(|(o, &v)| *o = v as f64);
        Ok(())
    }))
}

/// Copies the n × d positions into `out`.
#[no_mangle]
pub extern "C" fn sgd_ensemble_positions(handle: u32, out: *mut f64) -> i32 {
    status(with_table(|t| {
        let e = t.ensemble(handle)?;
        f64s_mut(out, e.positions().len(), "out")?.copy_from_slice(e.positions());
        Ok(())
    }))
}

/// Steps done so far, or −1 (with the last error set) for a bad handle.
#[no_mangle]
pub extern "C" fn sgd_ensemble_steps_done(handle: u32) -> f64 {
    match with_table(|t| t.ensemble(handle).map(|e| e.steps_done())) {
        Ok(s) => s as f64,
        Err(e) => {
            status(Err(e));
            -1.0
        }
    }
}

/// Writes the block summaries of the positions (blocks of `block` trajectories; see
/// `sde::moments`) into `out`, which must hold `ceil(n/block)·(1+2d)` f64.
#[no_mangle]
pub extern "C" fn sgd_ensemble_block_moments(handle: u32, block: usize, out: *mut f64) -> i32 {
    status(with_table(|t| {
        let e = t.ensemble(handle)?;
        let len = e.block_moments_len(block);
        e.block_moments(block, f64s_mut(out, len, "out")?)
    }))
}

/// Sets the first-passage target: a union of components in the flat form of
/// `sde::Target::parse` (`spec_len` f64); `bridge != 0` turns on the Brownian-bridge crossing
/// correction for half-space components. Trajectories freeze where they enter it.
#[no_mangle]
pub extern "C" fn sgd_ensemble_set_target(handle: u32, spec: *const f64, spec_len: usize, bridge: i32) -> i32 {
    status((|| {
        let spec = f64s(spec, spec_len, "target")?.to_vec();
        with_table(|t| {
            let e = t.ensemble(handle)?;
            let target = Target::parse(e.dim(), &spec)?;
            e.set_target(target, bridge != 0)
        })
    })())
}

/// Writes, per trajectory, the index of the target component it entered, or −1 if it has not.
#[no_mangle]
pub extern "C" fn sgd_ensemble_hit_components(handle: u32, out: *mut f64) -> i32 {
    status(with_table(|t| {
        let e = t.ensemble(handle)?;
        let out = f64s_mut(out, e.n(), "out")?;
        for (i, o) in out.iter_mut().enumerate() {
            *o = e.hit_component(i).map_or(-1.0, |c| c as f64);
        }
        Ok(())
    }))
}

/// Writes, per trajectory, the step at which it entered the target, or −1 if it has not.
#[no_mangle]
pub extern "C" fn sgd_ensemble_hit_steps(handle: u32, out: *mut f64) -> i32 {
    status(with_table(|t| {
        let e = t.ensemble(handle)?;
        let out = f64s_mut(out, e.n(), "out")?;
        for (i, o) in out.iter_mut().enumerate() {
            *o = e.hit_step(i).map_or(-1.0, |s| s as f64);
        }
        Ok(())
    }))
}
