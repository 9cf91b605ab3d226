//! Export of the expression landscape (`crate::expr`): strings cross the boundary as
//! UTF-8 byte ranges in linear memory, checked like every other pointer.

use super::{check_region, f64s, insert_landscape};
use crate::error::{SgdError, SgdResult};
use crate::expr::{ExpressionLandscape, ExpressionSde, Names};

/// Borrows `len` bytes at `ptr` after checking the region (non-null, inside linear memory;
/// any alignment). `len = 0` is the empty slice whatever `ptr` is.
fn bytes<'a>(ptr: *const u8, len: usize, name: &str) -> SgdResult<&'a [u8]> {
    if len == 0 {
        return Ok(&[]);
    }
    check_region(ptr as usize, len, 1, name)?;
    // SAFETY: the region is non-null and inside linear memory (checked above); u8 has no
    // alignment requirement and no invalid bit patterns.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// `len` bytes at `ptr` as UTF-8 text.
fn text<'a>(ptr: *const u8, len: usize, name: &str) -> SgdResult<&'a str> {
    std::str::from_utf8(bytes(ptr, len, name)?)
        .map_err(|e| SgdError::invalid(format!("{name} is not valid UTF-8 (at byte {})", e.valid_up_to())))
}

/// Names joined by ',' (the empty string is no names).
fn split_names(s: &str) -> Vec<String> {
    if s.is_empty() {
        Vec::new()
    } else {
        s.split(',').map(str::to_string).collect()
    }
}

/// A landscape from the formula `src` in the variables `vars` (names joined by ',', in
/// coordinate order; their count is d) with `n_params` parameters named by `param_names`
/// (joined by ',') and valued by `param_values`. Returns the handle, 0 on error.
#[no_mangle]
pub extern "C" fn sgd_landscape_expression(
    src: *const u8,
    src_len: usize,
    vars: *const u8,
    vars_len: usize,
    param_names: *const u8,
    param_names_len: usize,
    param_values: *const f64,
    n_params: usize,
) -> u32 {
    insert_landscape((|| {
        let source = text(src, src_len, "expression")?;
        let variables = split_names(text(vars, vars_len, "variables")?);
        let names = split_names(text(param_names, param_names_len, "parameter names")?);
        if names.len() != n_params {
            return Err(SgdError::invalid(format!(
                "{} parameter names but {n_params} parameter values: they must match",
                names.len()
            )));
        }
        let values = f64s(param_values, n_params, "parameter values")?;
        let names = Names::new(variables, names.into_iter().zip(values.iter().copied()).collect())?;
        ExpressionLandscape::new(source, &names)
    })())
}

/// A general SDE (`crate::expr::ExpressionSde`) as a landscape handle whose gradient is −b:
/// `sources` holds the `n_drift` drift components then the `n_diffusion` diffusion entries,
/// concatenated as UTF-8; `lengths` (f64) gives each one's byte length. Variables and
/// parameters as `sgd_landscape_expression`. Returns the handle, 0 on error.
#[no_mangle]
pub extern "C" fn sgd_sde_expression(
    sources: *const u8,
    sources_len: usize,
    lengths: *const f64,
    n_drift: usize,
    n_diffusion: usize,
    vars: *const u8,
    vars_len: usize,
    param_names: *const u8,
    param_names_len: usize,
    param_values: *const f64,
    n_params: usize,
) -> u32 {
    insert_landscape((|| {
        let all = text(sources, sources_len, "sde sources")?;
        let total = n_drift.checked_add(n_diffusion).ok_or_else(|| SgdError::invalid("too many sde components"))?;
        let lengths = f64s(lengths, total, "sde source lengths")?;
        let mut parts = Vec::with_capacity(total);
        let mut at = 0usize;
        for &len in lengths {
            let end = if len.is_finite() && len >= 0.0 && len.fract() == 0.0 { at.checked_add(len as usize) } else { None };
            let piece = end.and_then(|e| all.get(at..e)).ok_or_else(|| SgdError::invalid("sde source lengths do not split the sources at character boundaries"))?;
            parts.push(piece);
            at += piece.len();
        }
        if at != all.len() {
            return Err(SgdError::invalid("sde source lengths do not add up to the sources' length"));
        }
        let variables = split_names(text(vars, vars_len, "variables")?);
        let names = split_names(text(param_names, param_names_len, "parameter names")?);
        if names.len() != n_params {
            return Err(SgdError::invalid(format!("{} parameter names but {n_params} parameter values: they must match", names.len())));
        }
        let values = f64s(param_values, n_params, "parameter values")?;
        let names = Names::new(variables, names.into_iter().zip(values.iter().copied()).collect())?;
        ExpressionSde::new(&parts[..n_drift], &parts[n_drift..], &names)
    })())
}
