//! Exports of the 1-D Fokker–Planck solver (`crate::fp`). Same conventions as `abi/mod.rs`:
//! constructors return a handle (0 = failed), methods a status; every pointer is checked;
//! inputs are copied out before outputs are written; step counts travel as integral f64.

use super::handles::Object;
use super::{count, f64s, f64s_mut, handle_or_zero, status, with_table};
use crate::error::SgdResult;
use crate::fp::{quasi_stationary, smallest_eigenvalues, solve_backward, BackwardProblem, Boundary, FokkerPlanck1D, Grid, TimeScheme};

fn with_fp<R>(handle: u32, f: impl FnOnce(&mut FokkerPlanck1D) -> SgdResult<R>) -> SgdResult<R> {
    with_table(|t| f(t.fokker_planck_1d(handle)?))
}

/// Creates a solver on `cells` cells of `[a, b]`; boundaries 0 reflecting, 1 absorbing,
/// 2 periodic; `drift` and `diffusion_faces` hold `cells + 1` face values, `diffusion_centres`
/// `cells` centre values (layout and scheme: `crate::fp::flux`). Initial density uniform.
#[no_mangle]
pub extern "C" fn sgd_fp1d_create(
    cells: usize,
    a: f64,
    b: f64,
    left: u32,
    right: u32,
    drift: *const f64,
    diffusion_faces: *const f64,
    diffusion_centres: *const f64,
) -> u32 {
    handle_or_zero((|| {
        let grid = Grid::new(a, b, cells, Boundary::from_code("left", left)?, Boundary::from_code("right", right)?)?;
        let faces = cells + 1;
        let fp = FokkerPlanck1D::new(
            grid,
            f64s(drift, faces, "drift")?,
            f64s(diffusion_faces, faces, "diffusionFaces")?,
            f64s(diffusion_centres, cells, "diffusionCentres")?,
        )?;
        with_table(|t| t.insert(Object::FokkerPlanck1D(Box::new(fp))))
    })())
}

/// Copies the density (cells values) into `out`.
#[no_mangle]
pub extern "C" fn sgd_fp1d_density(handle: u32, out: *mut f64) -> i32 {
    status(with_fp(handle, |fp| {
        f64s_mut(out, fp.density().len(), "out")?.copy_from_slice(fp.density());
        Ok(())
    }))
}

/// Replaces the density (`len` must equal the cell count; finite, ≥ 0) and resets the clock.
#[no_mangle]
pub extern "C" fn sgd_fp1d_set_density(handle: u32, p: *const f64, len: usize) -> i32 {
    status((|| {
        let values = f64s(p, len, "density")?.to_vec();
        with_fp(handle, |fp| fp.set_density(&values))
    })())
}

/// Advances `steps` steps of `dt` with scheme 0 backward Euler, 1 Crank–Nicolson, 2 TR-BDF2.
#[no_mangle]
pub extern "C" fn sgd_fp1d_evolve(handle: u32, steps: f64, dt: f64, scheme: u32) -> i32 {
    status((|| {
        let steps = count("steps", steps)?;
        let scheme = TimeScheme::from_code(scheme)?;
        with_fp(handle, |fp| fp.evolve(steps, dt, scheme))
    })())
}

/// Time since the density was last set, or −1 (with the last error set) for a bad handle.
#[no_mangle]
pub extern "C" fn sgd_fp1d_time(handle: u32) -> f64 {
    match with_fp(handle, |fp| Ok(fp.time())) {
        Ok(t) => t,
        Err(e) => {
            status(Err(e));
            -1.0
        }
    }
}

/// Writes the normalised stationary density (cells values).
#[no_mangle]
pub extern "C" fn sgd_fp1d_stationary(handle: u32, out: *mut f64) -> i32 {
    status(with_fp(handle, |fp| {
        let p = fp.stationary()?;
        f64s_mut(out, p.len(), "out")?.copy_from_slice(&p);
        Ok(())
    }))
}

/// Writes the probability current at the cells + 1 faces.
#[no_mangle]
pub extern "C" fn sgd_fp1d_current(handle: u32, out: *mut f64) -> i32 {
    status(with_fp(handle, |fp| {
        let out = f64s_mut(out, fp.grid().n + 1, "out")?;
        fp.current(out);
        Ok(())
    }))
}

/// Writes the entropy production rate of the current density into `out[0]`.
#[no_mangle]
pub extern "C" fn sgd_fp1d_entropy_production(handle: u32, out: *mut f64) -> i32 {
    status(with_fp(handle, |fp| {
        let s = fp.entropy_production()?;
        f64s_mut(out, 1, "out")?[0] = s;
        Ok(())
    }))
}

/// Writes the `k` smallest eigenvalues of −(generator), ascending.
#[no_mangle]
pub extern "C" fn sgd_fp1d_spectrum(handle: u32, k: usize, out: *mut f64) -> i32 {
    status(with_fp(handle, |fp| {
        let ev = smallest_eigenvalues(fp.grid(), fp.rates(), k)?;
        f64s_mut(out, k, "out")?.copy_from_slice(&ev);
        Ok(())
    }))
}

/// Escape rate (principal eigenvalue with an absorbing boundary) into `rate[0]` and the
/// quasi-stationary density (cells values) into `density`.
#[no_mangle]
pub extern "C" fn sgd_fp1d_escape(handle: u32, rate: *mut f64, density: *mut f64) -> i32 {
    status(with_fp(handle, |fp| {
        let (lambda, q) = quasi_stationary(fp.grid(), fp.rates())?;
        f64s_mut(rate, 1, "rate")?[0] = lambda;
        f64s_mut(density, q.len(), "density")?.copy_from_slice(&q);
        Ok(())
    }))
}

/// Solves the backward Poisson problem `−L†u = source` with `u = fixed[i]` on cells where
/// `fixed[i]` is not NaN, and on the sides: `left_value`/`right_value` NaN = the grid's own
/// boundary (absorbing ⇒ u = 0 there), a number = an absorbing face with that value.
/// MFPT: `source = 1`, targets fixed at 0; committor: `source = 0`, A at 0, B at 1.
#[no_mangle]
pub extern "C" fn sgd_fp1d_backward(handle: u32, source: f64, fixed: *const f64, left_value: f64, right_value: f64, out: *mut f64) -> i32 {
    status((|| {
        let n = with_fp(handle, |fp| Ok(fp.grid().n))?;
        let fixed = f64s(fixed, n, "fixed")?.to_vec();
        let side = |v: f64| if v.is_nan() { None } else { Some(v) };
        with_fp(handle, |fp| {
            let u = solve_backward(
                fp.grid(),
                fp.rates(),
                &BackwardProblem { source, fixed: &fixed, left: side(left_value), right: side(right_value) },
            )?;
            f64s_mut(out, n, "out")?.copy_from_slice(&u);
            Ok(())
        })
    })())
}
