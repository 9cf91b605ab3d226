//! The interpreter: runs a `Program` over a batch of up to `N` points (registers of `N`
//! lanes; `N = LANES` for batches, `N = 1` for single points, where a register costs 8
//! bytes). Each instruction is one loop over the batch's lanes with disjoint destination
//! and operand arrays, which the compiler turns into f64x2 SIMD (no fused multiply-add
//! anywhere, so results equal scalar IEEE evaluation of the same operations).

use super::bytecode::{Instr, Program};
use super::functions::{apply_binary, apply_unary, max, min, sigmoid, BinOp, Func};

/// `(&mut regs[dst], &regs[a], &regs[b])`; requires dst ∉ {a, b} (`Program::is_well_formed`).
#[inline(always)]
fn split<const N: usize>(regs: &mut [[f64; N]], dst: usize, a: usize, b: usize) -> (&mut [f64; N], &[f64; N], &[f64; N]) {
    let (lo, rest) = regs.split_at_mut(dst);
    let (d, hi) = rest.split_at_mut(1);
    let (lo, hi): (&[[f64; N]], &[[f64; N]]) = (lo, hi);
    let pick = move |i: usize| if i < dst { &lo[i] } else { &hi[i - dst - 1] };
    (&mut d[0], pick(a), pick(b))
}

macro_rules! lanes2 {
    ($n:expr, $d:expr, $x:expr, $y:expr, |$p:ident, $q:ident| $e:expr) => {
        for ((o, &$p), &$q) in $d[..$n].iter_mut().zip(&$x[..$n]).zip(&$y[..$n]) {
            *o = $e;
        }
    };
}

macro_rules! lanes1 {
    ($n:expr, $d:expr, $x:expr, |$p:ident| $e:expr) => {
        for (o, &$p) in $d[..$n].iter_mut().zip(&$x[..$n]) {
            *o = $e;
        }
    };
}

/// Runs `prog` on the first `n` lanes (n ≤ N) of `regs`, whose first `prog.inputs`
/// registers hold the inputs; output slot s of point p goes to `out[p·prog.slots + s]`.
/// `regs` must have at least `prog.registers` registers and `out` at least `n·prog.slots`
/// values (otherwise nothing is done).
pub fn run<const N: usize>(prog: &Program, regs: &mut [[f64; N]], n: usize, out: &mut [f64]) {
    let n = n.min(N);
    if regs.len() < prog.registers || out.len() < n * prog.slots {
        return;
    }
    for ins in &prog.code {
        match *ins {
            Instr::Const { dst, c } => regs[dst as usize][..n].iter_mut().for_each(|v| *v = c),
            Instr::Neg { dst, a } => {
                let (d, x, _) = split(regs, dst as usize, a as usize, a as usize);
                lanes1!(n, d, x, |p| -p);
            }
            Instr::Unary { f, dst, a } => {
                let (d, x, _) = split(regs, dst as usize, a as usize, a as usize);
                unary(f, n, d, x);
            }
            Instr::Bin { op, dst, a, b } => {
                let (d, x, y) = split(regs, dst as usize, a as usize, b as usize);
                match op {
                    BinOp::Add => lanes2!(n, d, x, y, |p, q| p + q),
                    BinOp::Sub => lanes2!(n, d, x, y, |p, q| p - q),
                    BinOp::Mul => lanes2!(n, d, x, y, |p, q| p * q),
                    BinOp::Div => lanes2!(n, d, x, y, |p, q| p / q),
                    BinOp::Min => lanes2!(n, d, x, y, |p, q| min(p, q)),
                    BinOp::Max => lanes2!(n, d, x, y, |p, q| max(p, q)),
                    BinOp::Pow => lanes2!(n, d, x, y, |p, q| p.powf(q)),
                }
            }
            Instr::BinRC { op, dst, a, c } => {
                let (d, x, _) = split(regs, dst as usize, a as usize, a as usize);
                match op {
                    BinOp::Add => lanes1!(n, d, x, |p| p + c),
                    BinOp::Sub => lanes1!(n, d, x, |p| p - c),
                    BinOp::Mul => lanes1!(n, d, x, |p| p * c),
                    BinOp::Div => lanes1!(n, d, x, |p| p / c),
                    _ => lanes1!(n, d, x, |p| apply_binary(op, p, c)),
                }
            }
            Instr::BinCR { op, dst, c, b } => {
                let (d, y, _) = split(regs, dst as usize, b as usize, b as usize);
                match op {
                    BinOp::Add => lanes1!(n, d, y, |q| c + q),
                    BinOp::Sub => lanes1!(n, d, y, |q| c - q),
                    BinOp::Mul => lanes1!(n, d, y, |q| c * q),
                    BinOp::Div => lanes1!(n, d, y, |q| c / q),
                    _ => lanes1!(n, d, y, |q| apply_binary(op, c, q)),
                }
            }
            Instr::Store { src, slot } => {
                let s = prog.slots;
                let src = &regs[src as usize];
                for (row, &v) in out.chunks_exact_mut(s).zip(&src[..n]) {
                    row[slot as usize] = v;
                }
            }
        }
    }
}

/// `d = f(x)` lane by lane; the cheap functions are written out so they vectorise.
#[inline(always)]
fn unary<const N: usize>(f: Func, n: usize, d: &mut [f64; N], x: &[f64; N]) {
    match f {
        Func::Sqrt => lanes1!(n, d, x, |p| p.sqrt()),
        Func::Abs => lanes1!(n, d, x, |p| p.abs()),
        Func::Exp => lanes1!(n, d, x, |p| p.exp()),
        Func::Sigmoid => lanes1!(n, d, x, |p| sigmoid(p)),
        _ => lanes1!(n, d, x, |p| apply_unary(f, p)),
    }
}
