//! `ExpressionLandscape`: a `Landscape` whose value, gradient, Hessian and
//! Hessian-vector product are compiled programs derived symbolically from one formula.
//!
//! - value: `U`;
//! - gradient: `gᵢ = ∂U/∂xᵢ` (one forward-mode sweep per variable, `diff`);
//! - Hessian: `Hᵢⱼ = ∂gᵢ/∂xⱼ` for i ≤ j, stored into both (i, j) and (j, i) (exactly symmetric);
//! - HVP: `Hv = D_v ∇U`, the directional derivative of the gradient along v (v as d more
//!   inputs): one forward sweep, linear in the size of the gradient (never forms H).
//!
//! Batches (`gradient_batch`, `value_batch`) are evaluated `LANES` points at a time: the coordinates are
//! gathered into input registers, the program runs once for the batch, and outputs are
//! scattered back. Single-point calls use one-lane registers.

use std::cell::RefCell;

use super::bytecode::{compile, Program, LANES};
use super::diff::{derivatives, directional};
use super::graph::{Graph, NodeId};
use super::vm::run;
use crate::error::{ErrorCode, SgdError, SgdResult};
use crate::landscape::Landscape;

/// A landscape given by a formula (see the module `expr`).
pub struct ExpressionLandscape {
    dim: usize,
    value: Program,
    gradient: Program,
    hessian: Program,
    hvp: Program,
    /// Registers of `LANES` points for `gradient_batch` and `value_batch` (the ensemble kernels' hot path),
    /// allocated once: no allocation while stepping.
    batch: RefCell<Vec<[f64; LANES]>>,
    /// One-point registers (8 bytes each) for the single-point methods, sized for the
    /// largest program.
    single: RefCell<Vec<[f64; 1]>>,
}

/// A `Vec` of `len` copies of `v`, reporting exhaustion as `OUT_OF_MEMORY`.
pub(super) fn try_vec<T: Clone>(len: usize, v: T) -> SgdResult<Vec<T>> {
    let mut out = Vec::new();
    out.try_reserve_exact(len).map_err(|_| SgdError {
        code: ErrorCode::OutOfMemory,
        message: format!("expression: cannot allocate {len} registers: out of memory"),
        divergence: None,
    })?;
    out.resize(len, v);
    Ok(out)
}

impl ExpressionLandscape {
    /// Differentiates `root` (a node of `g` in the `dim` variables `Var(0..dim)`) twice and
    /// compiles the four programs. Fails (without panicking) if the graph outgrows its limit.
    pub fn from_graph(mut g: Graph, root: NodeId, dim: usize) -> SgdResult<Self> {
        let too_large = |g: &Graph, what: &str| {
            SgdError::invalid(format!(
                "expression is too large: its {what} needs more than {} distinct subexpressions",
                g.limit()
            ))
        };
        let grad: Vec<NodeId> = (0..dim).map(|j| derivatives(&mut g, &[root], j as u32)[0]).collect();
        if g.overflowed() {
            return Err(too_large(&g, "gradient"));
        }
        // Hessian-vector product: the derivative of the gradient along v = inputs d..2d.
        let v: Vec<NodeId> = (0..dim).map(|j| g.var((dim + j) as u32)).collect();
        let hv = directional(&mut g, &grad, &|j| v[j as usize]);
        if g.overflowed() {
            return Err(too_large(&g, "Hessian-vector product"));
        }
        // Upper triangle: h[i][j] = ∂gᵢ/∂xⱼ for i ≤ j, stored into (i, j) and (j, i).
        let mut hess_out = Vec::with_capacity(dim * dim);
        for j in 0..dim {
            let col = derivatives(&mut g, &grad[..=j], j as u32);
            for (i, &h) in col.iter().enumerate() {
                hess_out.push((h, (i * dim + j) as u32));
                if i != j {
                    hess_out.push((h, (j * dim + i) as u32));
                }
            }
            if g.overflowed() {
                return Err(too_large(&g, "Hessian"));
            }
        }
        let numbered = |nodes: &[NodeId]| nodes.iter().enumerate().map(|(i, &n)| (n, i as u32)).collect::<Vec<_>>();
        let value = compile(&g, dim, 1, &[(root, 0)])?;
        let gradient = compile(&g, dim, dim, &numbered(&grad))?;
        let hessian = compile(&g, dim, dim * dim, &hess_out)?;
        let hvp = compile(&g, 2 * dim, dim, &numbered(&hv))?;
        let largest = [&value, &gradient, &hessian, &hvp].iter().map(|p| p.registers).max().unwrap_or(1);
        Ok(ExpressionLandscape {
            dim,
            batch: RefCell::new(try_vec(gradient.registers.max(value.registers), [0.0; LANES])?),
            single: RefCell::new(try_vec(largest, [0.0; 1])?),
            value,
            gradient,
            hessian,
            hvp,
        })
    }

    /// Number of instructions of the (value, gradient, Hessian, HVP) programs.
    pub fn program_sizes(&self) -> [usize; 4] {
        [self.value.code.len(), self.gradient.code.len(), self.hessian.code.len(), self.hvp.code.len()]
    }

    /// Registers of the (value, gradient, Hessian, HVP) programs.
    pub fn registers(&self) -> [usize; 4] {
        [self.value.registers, self.gradient.registers, self.hessian.registers, self.hvp.registers]
    }

    fn run_one(&self, prog: &Program, sources: &[&[f64]], out: &mut [f64]) {
        run_points(&self.single, prog, self.dim, sources, 1, out)
    }
}

/// Runs `prog` over the `m` points whose inputs are the rows of `sources` (each
/// row-major `[m][d]`; input j is column j % d of source j / d), `N` points at a time,
/// writing `m × prog.slots` values to `out`.
pub(super) fn run_points<const N: usize>(scratch: &RefCell<Vec<[f64; N]>>, prog: &Program, d: usize, sources: &[&[f64]], m: usize, out: &mut [f64]) {
    let s = prog.slots;
    // Callers pass consistent lengths; clamp anyway so a short slice can never panic.
    let m = sources.iter().fold(m, |m, src| m.min(src.len() / d)).min(out.len().checked_div(s).unwrap_or(m));
    let mut owned;
    let mut borrowed = scratch.try_borrow_mut();
    let regs: &mut [[f64; N]] = match borrowed.as_mut() {
        Ok(r) if r.len() >= prog.registers => r,
        _ => {
            owned = vec![[0.0; N]; prog.registers];
            &mut owned
        }
    };
    let mut start = 0;
    while start < m {
        let n = N.min(m - start);
        for (k, src) in sources.iter().enumerate() {
            let rows = &src[start * d..(start + n) * d];
            if d == 1 {
                regs[k][..n].copy_from_slice(rows);
            } else {
                for j in 0..d {
                    let reg = &mut regs[k * d + j];
                    for (v, row) in reg[..n].iter_mut().zip(rows.chunks_exact(d)) {
                        *v = row[j];
                    }
                }
            }
        }
        run(prog, regs, n, &mut out[start * s..(start + n) * s]);
        start += n;
    }
}


impl Landscape for ExpressionLandscape {
    fn dim(&self) -> usize {
        self.dim
    }

    fn value(&self, x: &[f64]) -> f64 {
        let mut out = [0.0];
        self.run_one(&self.value, &[x], &mut out);
        out[0]
    }

    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        self.run_one(&self.gradient, &[x], g)
    }

    fn hessian(&self, x: &[f64], h: &mut [f64]) {
        self.run_one(&self.hessian, &[x], h)
    }

    fn hessian_vector(&self, x: &[f64], v: &[f64], out: &mut [f64]) {
        self.run_one(&self.hvp, &[x, v], out)
    }

    fn gradient_batch(&self, xs: &[f64], gs: &mut [f64]) {
        let m = xs.len() / self.dim;
        run_points(&self.batch, &self.gradient, self.dim, &[xs], m, gs)
    }

    /// `LANES` points at a time, like `gradient_batch`; every lane does the same scalar
    /// operations as `value`, so the results are bit-identical to it.
    fn value_batch(&self, xs: &[f64], out: &mut [f64]) {
        let m = xs.len() / self.dim;
        run_points(&self.batch, &self.value, self.dim, &[xs], m, out)
    }
}
