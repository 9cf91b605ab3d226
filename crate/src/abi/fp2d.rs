//! Exports of the 2-D Fokker–Planck solver (`crate::fp::FokkerPlanck2D`). Same conventions
//! as `abi/mod.rs`: constructors return a handle (0 = failed), methods a status; every
//! pointer is checked; inputs are copied out before outputs are written.

use super::handles::Object;
use super::{count, f64s, f64s_mut, handle_or_zero, status, with_table};
use crate::error::SgdResult;
use crate::fp::{Boundary, FokkerPlanck2D, Grid, SplitScheme};

fn with_fp<R>(handle: u32, f: impl FnOnce(&mut FokkerPlanck2D) -> SgdResult<R>) -> SgdResult<R> {
    with_table(|t| f(t.fokker_planck_2d(handle)?))
}

/// Creates a solver on `nx × ny` cells of `[ax, bx] × [ay, by]`. `bounds` holds four
/// boundary codes (x-left, x-right, y-left, y-right: 0 reflecting, 1 absorbing);
/// `drift_x` has `(nx+1)·ny` x-face values, `drift_y` `nx·(ny+1)` y-face values (layout:
/// `crate::fp::solver2d`); `[[d1, d12], [d12, d2]]` the constant diffusion matrix (SPD).
#[no_mangle]
pub extern "C" fn sgd_fp2d_create(
    nx: usize,
    ny: usize,
    domain: *const f64,
    bounds: *const f64,
    drift_x: *const f64,
    drift_y: *const f64,
    d1: f64,
    d2: f64,
    d12: f64,
) -> u32 {
    handle_or_zero((|| {
        let dom = f64s(domain, 4, "domain")?.to_vec();
        let b = f64s(bounds, 4, "boundary")?.to_vec();
        let code = |side: &str, v: f64| -> SgdResult<Boundary> {
            let c = if v >= 0.0 && v <= 16.0 && v.fract() == 0.0 { v as u32 } else { 99 };
            Boundary::from_code(side, c)
        };
        let gx = Grid::new(dom[0], dom[1], nx, code("x.left", b[0])?, code("x.right", b[1])?)?;
        let gy = Grid::new(dom[2], dom[3], ny, code("y.left", b[2])?, code("y.right", b[3])?)?;
        let fx = nx.checked_add(1).and_then(|v| v.checked_mul(ny)).unwrap_or(usize::MAX);
        let fy = ny.checked_add(1).and_then(|v| v.checked_mul(nx)).unwrap_or(usize::MAX);
        let fp = FokkerPlanck2D::with_cross(gx, gy, f64s(drift_x, fx, "driftX")?, f64s(drift_y, fy, "driftY")?, d1, d2, d12)?;
        with_table(|t| t.insert(Object::FokkerPlanck2D(Box::new(fp))))
    })())
}

/// Copies the density (`nx·ny` values, x fastest) into `out`.
#[no_mangle]
pub extern "C" fn sgd_fp2d_density(handle: u32, out: *mut f64) -> i32 {
    status(with_fp(handle, |fp| {
        f64s_mut(out, fp.density().len(), "out")?.copy_from_slice(fp.density());
        Ok(())
    }))
}

/// Replaces the density (`len` = `nx·ny`; finite, ≥ 0) and resets the clock.
#[no_mangle]
pub extern "C" fn sgd_fp2d_set_density(handle: u32, p: *const f64, len: usize) -> i32 {
    status((|| {
        let values = f64s(p, len, "density")?.to_vec();
        with_fp(handle, |fp| fp.set_density(&values))
    })())
}

/// Advances `steps` steps of `dt` with scheme 0 backward Euler (Lie), 2 TR-BDF2 (Strang).
#[no_mangle]
pub extern "C" fn sgd_fp2d_evolve(handle: u32, steps: f64, dt: f64, scheme: u32) -> i32 {
    status((|| {
        let steps = count("steps", steps)?;
        let scheme = SplitScheme::from_code(scheme)?;
        with_fp(handle, |fp| fp.evolve(steps, dt, scheme))
    })())
}

/// Time since the density was last set, or −1 (with the last error set) for a bad handle.
#[no_mangle]
pub extern "C" fn sgd_fp2d_time(handle: u32) -> f64 {
    match with_fp(handle, |fp| Ok(fp.time())) {
        Ok(t) => t,
        Err(e) => {
            status(Err(e));
            -1.0
        }
    }
}

/// Writes the normalised stationary density (`nx·ny`) and, into `info[0]`, the number of
/// BiCGSTAB iterations. `tol` is the backward-error tolerance, `max_iter` the iteration cap.
#[no_mangle]
pub extern "C" fn sgd_fp2d_stationary(handle: u32, tol: f64, max_iter: f64, out: *mut f64, info: *mut f64) -> i32 {
    status(with_fp(handle, |fp| {
        if !(tol.is_finite() && tol > 0.0) {
            return Err(crate::error::SgdError::invalid(format!("tol = {tol} is not allowed: it must be a finite number > 0")));
        }
        let max_iter = count("maxIterations", max_iter)? as usize;
        let (p, it) = fp.stationary(tol, max_iter)?;
        f64s_mut(out, p.len(), "out")?.copy_from_slice(&p);
        f64s_mut(info, 1, "info")?[0] = it as f64;
        Ok(())
    }))
}

/// Writes the face currents: `jx` (`(nx+1)·ny`) and `jy` (`nx·(ny+1)`).
#[no_mangle]
pub extern "C" fn sgd_fp2d_current(handle: u32, jx: *mut f64, jy: *mut f64) -> i32 {
    status(with_fp(handle, |fp| {
        let (nx, ny) = (fp.grid_x().n, fp.grid_y().n);
        let jx = f64s_mut(jx, (nx + 1) * ny, "jx")?;
        let jy = f64s_mut(jy, nx * (ny + 1), "jy")?;
        fp.current(jx, jy);
        Ok(())
    }))
}

/// Mean first-passage time into the cells with `target[k] != 0` (`nx·ny` values) or out
/// through an absorbing side; writes `nx·ny` times and the iteration count into `info[0]`.
#[no_mangle]
pub extern "C" fn sgd_fp2d_mfpt(handle: u32, target: *const f64, tol: f64, max_iter: f64, out: *mut f64, info: *mut f64) -> i32 {
    status((|| {
        let n = with_fp(handle, |fp| Ok(fp.density().len()))?;
        let t: Vec<bool> = f64s(target, n, "target")?.iter().map(|v| *v != 0.0).collect();
        if !(tol.is_finite() && tol > 0.0) {
            return Err(crate::error::SgdError::invalid(format!("tol = {tol} is not allowed: it must be a finite number > 0")));
        }
        let max_iter = count("maxIterations", max_iter)? as usize;
        with_fp(handle, |fp| {
            let (u, it) = fp.mean_first_passage_time(&t, tol, max_iter)?;
            f64s_mut(out, n, "out")?.copy_from_slice(&u);
            f64s_mut(info, 1, "info")?[0] = it as f64;
            Ok(())
        })
    })())
}
