//! Exports of the 2-D Fokker–Planck solver (`crate::fp::FokkerPlanck2D`). Same conventions
//! as `abi/mod.rs`: constructors return a handle (0 = failed), methods a status; every
//! pointer is checked; inputs are copied out before outputs are written.

use super::handles::Object;
use super::{count, f64s, f64s_mut, handle_or_zero, status, with_table};
use crate::error::{SgdError, SgdResult};
use crate::fp::{Boundary, Diffusion2D, FokkerPlanck2D, Grid, SplitScheme};

fn with_fp<R>(handle: u32, f: impl FnOnce(&mut FokkerPlanck2D) -> SgdResult<R>) -> SgdResult<R> {
    with_table(|t| f(t.fokker_planck_2d(handle)?))
}

/// Creates a solver on `nx × ny` cells of `[ax, bx] × [ay, by]`. `bounds` holds four
/// boundary codes (x-left, x-right, y-left, y-right: 0 reflecting, 1 absorbing, 2 periodic —
/// periodic on both sides of a direction or on neither); `drift_x` has `(nx+1)·ny` x-face
/// values, `drift_y` `nx·(ny+1)` y-face values (layout: `crate::fp::solver2d`). The diffusion
/// matrix: `D₁₁` on the x-faces (`(nx+1)·ny`) and centres (`nx·ny`), `D₂₂` on the y-faces
/// (`nx·(ny+1)`) and centres, and, when `has_xy != 0`, `D₁₂` at the centres (`nx·ny`);
/// positive definite everywhere.
#[no_mangle]
pub extern "C" fn sgd_fp2d_create(
    nx: usize,
    ny: usize,
    domain: *const f64,
    bounds: *const f64,
    drift_x: *const f64,
    drift_y: *const f64,
    dxx_faces: *const f64,
    dxx_centres: *const f64,
    dyy_faces: *const f64,
    dyy_centres: *const f64,
    dxy_centres: *const f64,
    has_xy: u32,
) -> u32 {
    handle_or_zero((|| {
        let dom = f64s(domain, 4, "domain")?.to_vec();
        let b = f64s(bounds, 4, "boundary")?.to_vec();
        let code = |side: &str, v: f64| -> SgdResult<Boundary> {
            let c = if v >= 0.0 && v <= 16.0 && v.fract() == 0.0 { v as u32 } else { 99 };
            Boundary::from_code(side, c)
        };
        let axis = |name: &str, e: SgdError| SgdError::invalid(format!("{name}: {}", e.message));
        let gx = Grid::new(dom[0], dom[1], nx, code("xLeft", b[0])?, code("xRight", b[1])?).map_err(|e| axis("x", e))?;
        let gy = Grid::new(dom[2], dom[3], ny, code("yLeft", b[2])?, code("yRight", b[3])?).map_err(|e| axis("y", e))?;
        let n = nx.checked_mul(ny).unwrap_or(usize::MAX);
        let fx = nx.checked_add(1).and_then(|v| v.checked_mul(ny)).unwrap_or(usize::MAX);
        let fy = ny.checked_add(1).and_then(|v| v.checked_mul(nx)).unwrap_or(usize::MAX);
        let diffusion = Diffusion2D {
            xx_faces: f64s(dxx_faces, fx, "diffusionXXFaces")?.to_vec(),
            xx_centres: f64s(dxx_centres, n, "diffusionXXCentres")?.to_vec(),
            yy_faces: f64s(dyy_faces, fy, "diffusionYYFaces")?.to_vec(),
            yy_centres: f64s(dyy_centres, n, "diffusionYYCentres")?.to_vec(),
            xy_centres: if has_xy != 0 { Some(f64s(dxy_centres, n, "diffusionXYCentres")?.to_vec()) } else { None },
        };
        let fp = FokkerPlanck2D::new(gx, gy, f64s(drift_x, fx, "driftX")?, f64s(drift_y, fy, "driftY")?, &diffusion)?;
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
            return Err(SgdError::invalid(format!("tol = {tol} is not allowed: it must be a finite number > 0")));
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
        check_tol(tol)?;
        let max_iter = count("maxIterations", max_iter)? as usize;
        with_fp(handle, |fp| {
            let (u, it) = fp.mean_first_passage_time(&t, tol, max_iter)?;
            f64s_mut(out, n, "out")?.copy_from_slice(&u);
            f64s_mut(info, 1, "info")?[0] = it as f64;
            Ok(())
        })
    })())
}

fn check_tol(tol: f64) -> SgdResult<()> {
    if !(tol.is_finite() && tol > 0.0) {
        return Err(SgdError::invalid(format!("tol = {tol} is not allowed: it must be a finite number > 0")));
    }
    Ok(())
}

/// Committor `P(reach B before A)` with `a[k] != 0` marking A and `b[k] != 0` marking B
/// (`nx·ny` values each, disjoint); writes `nx·ny` values and the iteration count into `info[0]`.
#[no_mangle]
pub extern "C" fn sgd_fp2d_committor(handle: u32, a: *const f64, b: *const f64, tol: f64, max_iter: f64, out: *mut f64, info: *mut f64) -> i32 {
    status((|| {
        let n = with_fp(handle, |fp| Ok(fp.density().len()))?;
        let sa: Vec<bool> = f64s(a, n, "A")?.iter().map(|v| *v != 0.0).collect();
        let sb: Vec<bool> = f64s(b, n, "B")?.iter().map(|v| *v != 0.0).collect();
        check_tol(tol)?;
        let max_iter = count("maxIterations", max_iter)? as usize;
        with_fp(handle, |fp| {
            let (q, it) = fp.committor(&sa, &sb, tol, max_iter)?;
            f64s_mut(out, n, "out")?.copy_from_slice(&q);
            f64s_mut(info, 1, "info")?[0] = it as f64;
            Ok(())
        })
    })())
}

/// Writes the entropy production rate of the current density into `out[0]`.
#[no_mangle]
pub extern "C" fn sgd_fp2d_entropy_production(handle: u32, out: *mut f64) -> i32 {
    status(with_fp(handle, |fp| {
        let s = fp.entropy_production()?;
        f64s_mut(out, 1, "out")?[0] = s;
        Ok(())
    }))
}

/// The `k` eigenvalues of `−L` nearest 0 (ascending real part): real parts into `re`,
/// imaginary parts into `im` (`k` each); `info[0]` = 1 if the reversible (Lanczos) path was
/// used, `info[1]` = the number of linear solves.
#[no_mangle]
pub extern "C" fn sgd_fp2d_spectrum(handle: u32, k: f64, tol: f64, max_iter: f64, re: *mut f64, im: *mut f64, info: *mut f64) -> i32 {
    status((|| {
        let k = count("k", k)? as usize;
        let max_iter = count("maxIterations", max_iter)? as usize;
        with_fp(handle, |fp| {
            let s = fp.spectrum(k, tol, max_iter)?;
            f64s_mut(re, k, "re")?.copy_from_slice(&s.re);
            f64s_mut(im, k, "im")?.copy_from_slice(&s.im);
            let info = f64s_mut(info, 2, "info")?;
            info[0] = if s.reversible { 1.0 } else { 0.0 };
            info[1] = s.solves as f64;
            Ok(())
        })
    })())
}

/// With an absorbing side: the escape rate into `info[0]` and the quasi-stationary density
/// (`nx·ny`) into `out`.
#[no_mangle]
pub extern "C" fn sgd_fp2d_escape(handle: u32, tol: f64, max_iter: f64, out: *mut f64, info: *mut f64) -> i32 {
    status((|| {
        check_tol(tol)?;
        let max_iter = count("maxIterations", max_iter)? as usize;
        with_fp(handle, |fp| {
            let (rate, q) = fp.quasi_stationary(tol, max_iter)?;
            f64s_mut(out, q.len(), "out")?.copy_from_slice(&q);
            f64s_mut(info, 1, "info")?[0] = rate;
            Ok(())
        })
    })())
}
