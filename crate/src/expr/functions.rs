//! The scalar functions and operators of the expression language: their names, arities
//! and pointwise definitions. Constant folding (`simplify`) and the batched interpreter
//! (`vm`) both call these, so a folded constant equals what the bytecode would compute.

/// A one-argument function. `Sign` and `Heaviside` are not user-visible: they appear only
/// in derivatives of `abs`, `min` and `max`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Func {
    Sin,
    Cos,
    Tan,
    Exp,
    Log,
    Sqrt,
    Tanh,
    Sigmoid,
    Abs,
    /// `sign(x)`: −1, 0 or 1 (NaN for NaN) — the derivative of `abs`.
    Sign,
    /// `H(x)`: 0 for x < 0, ½ at 0, 1 for x > 0 (NaN for NaN) — the weights in the
    /// derivatives of `min` and `max`.
    Heaviside,
}

/// A two-argument operation. `Min`/`Max` propagate NaN (as JavaScript's `Math.min`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    /// General real power `a^b` (libm `pow`); integer exponents use `Node::PowI` instead.
    Pow,
    Min,
    Max,
}

/// Names a user may call, with their arity, in the order error messages list them.
pub const CALLABLE: [(&str, Callable); 11] = [
    ("sin", Callable::Unary(Func::Sin)),
    ("cos", Callable::Unary(Func::Cos)),
    ("tan", Callable::Unary(Func::Tan)),
    ("exp", Callable::Unary(Func::Exp)),
    ("log", Callable::Unary(Func::Log)),
    ("sqrt", Callable::Unary(Func::Sqrt)),
    ("tanh", Callable::Unary(Func::Tanh)),
    ("sigmoid", Callable::Unary(Func::Sigmoid)),
    ("abs", Callable::Unary(Func::Abs)),
    ("min", Callable::Binary(BinOp::Min)),
    ("max", Callable::Binary(BinOp::Max)),
];

/// What a callable name stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Callable {
    Unary(Func),
    Binary(BinOp),
}

/// Looks up a function name (`sum` is a syntactic form, handled by the parser).
pub fn callable(name: &str) -> Option<Callable> {
    CALLABLE.iter().find(|(n, _)| *n == name).map(|&(_, c)| c)
}

/// True for names reserved by the language (functions and `sum`): they cannot name a
/// variable or a parameter.
pub fn is_reserved(name: &str) -> bool {
    name == "sum" || callable(name).is_some()
}

/// `f(x)` with libm semantics (natural log, radians).
/// `sigmoid(x) = 1/(1 + e^{−x})`, evaluated as `e^{x}/(1 + e^{x})` for x < 0 so that it
/// never forms e^{|x|} for large |x| (no overflow, full relative accuracy in both tails).
#[inline]
pub fn apply_unary(f: Func, x: f64) -> f64 {
    match f {
        Func::Sin => x.sin(),
        Func::Cos => x.cos(),
        Func::Tan => x.tan(),
        Func::Exp => x.exp(),
        Func::Log => x.ln(),
        Func::Sqrt => x.sqrt(),
        Func::Tanh => x.tanh(),
        Func::Sigmoid => sigmoid(x),
        Func::Abs => x.abs(),
        Func::Sign => {
            if x > 0.0 {
                1.0
            } else if x < 0.0 {
                -1.0
            } else if x == 0.0 {
                0.0
            } else {
                f64::NAN
            }
        }
        Func::Heaviside => {
            if x > 0.0 {
                1.0
            } else if x < 0.0 {
                0.0
            } else if x == 0.0 {
                0.5
            } else {
                f64::NAN
            }
        }
    }
}

/// The logistic function `1/(1 + e^{−x})` (see `apply_unary`).
#[inline]
pub fn sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

/// `a ∘ b` for a binary operation; `min`/`max` return NaN if either argument is NaN.
#[inline]
pub fn apply_binary(op: BinOp, a: f64, b: f64) -> f64 {
    match op {
        BinOp::Add => a + b,
        BinOp::Sub => a - b,
        BinOp::Mul => a * b,
        BinOp::Div => a / b,
        BinOp::Pow => a.powf(b),
        BinOp::Min => min(a, b),
        BinOp::Max => max(a, b),
    }
}

/// NaN-propagating minimum (`Math.min` semantics for non-zero ties).
#[inline]
pub fn min(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else if a <= b {
        a
    } else {
        b
    }
}

/// NaN-propagating maximum.
#[inline]
pub fn max(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else if a >= b {
        a
    } else {
        b
    }
}

/// Largest |n| for which `a^n` with an integer constant n compiles to multiplications.
pub const MAX_INT_POWER: i32 = 1024;

/// The multiplication plan for `a^n`, n ≥ 1, by binary exponentiation (square and
/// multiply, low bits first). Value 0 is `a`; step k computes value k+1 as the product of
/// the two earlier values it names; the last value is `a^n`. `x^2` is one multiply, `x^3`
/// two, `x^4` two (`(x·x)·(x·x)`); in general at most 2⌊log₂n⌋ multiplies.
pub fn power_plan(n: u32) -> Vec<(usize, usize)> {
    debug_assert!(n >= 1);
    let mut steps = Vec::new();
    let mut base = 0usize; // index of a^(2^k)
    let mut acc: Option<usize> = None;
    let mut e = n;
    loop {
        if e & 1 == 1 {
            acc = Some(match acc {
                None => base,
                Some(r) => {
                    steps.push((r, base));
                    steps.len()
                }
            });
        }
        e >>= 1;
        if e == 0 {
            break;
        }
        steps.push((base, base));
        base = steps.len();
    }
    // If the result is an earlier value (n a power of two), it is already the last one.
    debug_assert_eq!(acc, Some(steps.len()));
    steps
}

/// `a^n` for an integer n with 1 ≤ |n| ≤ `MAX_INT_POWER` (n = 0 gives 1), computed with
/// exactly the multiplications of `power_plan` (and `1/a^|n|` for n < 0), as the bytecode does.
pub fn powi(a: f64, n: i32) -> f64 {
    if n == 0 {
        return 1.0;
    }
    let plan = power_plan(n.unsigned_abs());
    let mut vals = Vec::with_capacity(plan.len() + 1);
    vals.push(a);
    for &(i, j) in &plan {
        let v = vals[i] * vals[j];
        vals.push(v);
    }
    let r = vals[plan.len()];
    if n < 0 {
        1.0 / r
    } else {
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn power_plans_are_short_and_exact_on_integers() {
        assert_eq!(power_plan(1).len(), 0);
        assert_eq!(power_plan(2), vec![(0, 0)]);
        assert_eq!(power_plan(3).len(), 2);
        assert_eq!(power_plan(4).len(), 2);
        for n in 1..=60u32 {
            assert!(power_plan(n).len() <= 2 * (32 - n.leading_zeros()) as usize);
            let exact = 1.5f64.powf(n as f64);
            assert!((powi(1.5, n as i32) - exact).abs() <= 1e-14 * exact, "n = {n}");
            assert_eq!(powi(2.0, -(n as i32)), 2f64.powf(-(n as f64)));
        }
        assert_eq!(powi(3.0, 0), 1.0);
    }

    #[test]
    fn kinks_and_nan() {
        assert_eq!(apply_unary(Func::Sign, 0.0), 0.0);
        assert_eq!(apply_unary(Func::Heaviside, 0.0), 0.5);
        assert!(apply_unary(Func::Sign, f64::NAN).is_nan());
        assert!(min(f64::NAN, 1.0).is_nan() && max(1.0, f64::NAN).is_nan());
        assert_eq!(sigmoid(-800.0), 0.0);
        assert_eq!(sigmoid(800.0), 1.0);
        assert!((sigmoid(-30.0) - (-30f64).exp() / (1.0 + (-30f64).exp())).abs() < 1e-28);
    }
}
