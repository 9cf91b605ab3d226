//! Simplifying constructors: every node is built through these, so the graph never
//! holds a foldable pattern. Rules (each exact in IEEE arithmetic for finite operands,
//! except where marked ≈, which may change the last bit or two):
//!
//! - constant folding of every operation (with the same scalar routines the bytecode uses);
//! - `e + 0 = e`, `e − 0 = e`, `0 − e = −e`, `e − e = 0`, `e + e = 2·e`, `e − c = e + (−c)`;
//! - `e·1 = e`, `e·(−1) = −e`, `e·0 = 0` (also for e = ±∞/NaN: the symbolic convention),
//!   `e·e = e²`, `e/1 = e`, `0/e = 0`, `e/e = 1`;
//! - negations move outwards and cancel: `−(−e) = e`, `a + (−b) = a − b`, `a − (−b) = a + b`,
//!   `(−a)·b = −(a·b)`, `−(a − b) = b − a`, `−(c·e) = (−c)·e`;
//! - constants are hoisted (≈): `c₁·(c₂·e) = (c₁c₂)·e`, `(c₁·a)·b = c₁·(a·b)`,
//!   `c₁ + (c₂ + e) = (c₁+c₂) + e`;
//! - powers: `e^0 = 1`, `e^1 = e`, `e^n` (integer n, |n| ≤ 1024) becomes `PowI` (compiled to
//!   multiplies), `(−e)^n = ±e^n`, `(e^m)^n = e^{mn}` (m, n > 0, ≈), `e·e^n = e^{n+1}` (≈),
//!   `e^0.5 = √e`;
//! - commutative operands are put in a canonical order (constant first, then by id), so
//!   `a+b` and `b+a` are one node.

// Guards such as `Some(x) if x == 0.0` say plainly that −0 counts as zero.
#![allow(clippy::redundant_guards)]

use super::functions::{apply_binary, apply_unary, powi, BinOp, Func, MAX_INT_POWER};
use super::graph::{Graph, Node, NodeId, ONE, ZERO};

impl Graph {
    /// The constant `c` (−0 is stored as 0).
    pub fn constant(&mut self, c: f64) -> NodeId {
        if c == 0.0 {
            return ZERO;
        }
        self.intern(Node::Const(c.to_bits()))
    }

    /// Input `j` (a variable, or a direction component in the HVP program).
    pub fn var(&mut self, j: u32) -> NodeId {
        self.intern(Node::Var(j))
    }

    fn is(&self, id: NodeId, c: f64) -> bool {
        self.constant_value(id) == Some(c)
    }

    /// Canonical order of commutative operands: a constant first, else the smaller id first.
    fn ordered(&self, a: NodeId, b: NodeId) -> (NodeId, NodeId) {
        let (ca, cb) = (self.constant_value(a).is_some(), self.constant_value(b).is_some());
        if cb && !ca || (ca == cb && b < a) {
            (b, a)
        } else {
            (a, b)
        }
    }

    /// `(c, e)` if `id` is `c·e` with a constant c.
    fn scaled(&self, id: NodeId) -> Option<(f64, NodeId)> {
        match self.node(id) {
            Node::Binary(BinOp::Mul, c, e) => self.constant_value(c).map(|c| (c, e)),
            _ => None,
        }
    }

    /// `−a`.
    pub fn neg(&mut self, a: NodeId) -> NodeId {
        if let Some(c) = self.constant_value(a) {
            return self.constant(-c);
        }
        match self.node(a) {
            Node::Neg(p) => p,
            Node::Binary(BinOp::Sub, p, q) => self.sub(q, p),
            Node::Binary(BinOp::Mul, c, p) if self.constant_value(c).is_some() => {
                let c = self.constant_value(c).unwrap_or(0.0);
                let nc = self.constant(-c);
                self.mul(nc, p)
            }
            _ => self.intern(Node::Neg(a)),
        }
    }

    /// `a + b`.
    pub fn add(&mut self, a: NodeId, b: NodeId) -> NodeId {
        match (self.constant_value(a), self.constant_value(b)) {
            (Some(x), Some(y)) => return self.constant(x + y),
            (Some(x), _) if x == 0.0 => return b,
            (_, Some(y)) if y == 0.0 => return a,
            _ => {}
        }
        if a == b {
            let two = self.constant(2.0);
            return self.mul(two, a);
        }
        if let Node::Neg(q) = self.node(b) {
            return self.sub(a, q);
        }
        if let Node::Neg(p) = self.node(a) {
            return self.sub(b, p);
        }
        let (a, b) = self.ordered(a, b);
        if let (Some(c1), Node::Binary(BinOp::Add, c2, e)) = (self.constant_value(a), self.node(b)) {
            if let Some(c2) = self.constant_value(c2) {
                let c = self.constant(c1 + c2);
                return self.add(c, e);
            }
        }
        self.intern(Node::Binary(BinOp::Add, a, b))
    }

    /// `a − b`.
    pub fn sub(&mut self, a: NodeId, b: NodeId) -> NodeId {
        match (self.constant_value(a), self.constant_value(b)) {
            (Some(x), Some(y)) => return self.constant(x - y),
            (_, Some(y)) if y == 0.0 => return a,
            (Some(x), _) if x == 0.0 => return self.neg(b),
            (_, Some(y)) => {
                let c = self.constant(-y);
                return self.add(a, c);
            }
            _ => {}
        }
        if a == b {
            return ZERO;
        }
        if let Node::Neg(q) = self.node(b) {
            return self.add(a, q);
        }
        if let Node::Neg(p) = self.node(a) {
            let s = self.add(p, b);
            return self.neg(s);
        }
        self.intern(Node::Binary(BinOp::Sub, a, b))
    }

    /// `a · b`.
    pub fn mul(&mut self, a: NodeId, b: NodeId) -> NodeId {
        match (self.constant_value(a), self.constant_value(b)) {
            (Some(x), Some(y)) => return self.constant(x * y),
            (Some(x), _) | (_, Some(x)) if x == 0.0 => return ZERO,
            (Some(x), _) if x == 1.0 => return b,
            (_, Some(y)) if y == 1.0 => return a,
            (Some(x), _) if x == -1.0 => return self.neg(b),
            (_, Some(y)) if y == -1.0 => return self.neg(a),
            _ => {}
        }
        match (self.node(a), self.node(b)) {
            (Node::Neg(p), Node::Neg(q)) => return self.mul(p, q),
            (Node::Neg(p), _) => {
                let m = self.mul(p, b);
                return self.neg(m);
            }
            (_, Node::Neg(q)) => {
                let m = self.mul(a, q);
                return self.neg(m);
            }
            _ => {}
        }
        if a == b {
            return self.powi(a, 2);
        }
        for (p, q) in [(a, b), (b, a)] {
            if let Node::PowI(base, n) = self.node(q) {
                if base == p && n > 0 && n < MAX_INT_POWER {
                    return self.powi(p, n + 1);
                }
            }
        }
        let (a, b) = self.ordered(a, b);
        match (self.constant_value(a), self.scaled(a), self.scaled(b)) {
            (Some(c1), _, Some((c2, e))) => {
                let c = self.constant(c1 * c2);
                return self.mul(c, e);
            }
            (None, Some((c1, p)), Some((c2, q))) => {
                let c = self.constant(c1 * c2);
                let m = self.mul(p, q);
                return self.mul(c, m);
            }
            (None, Some((c, p)), None) | (None, None, Some((c, p))) => {
                let other = if self.scaled(a).is_some() { b } else { a };
                let cn = self.constant(c);
                let m = self.mul(p, other);
                return self.mul(cn, m);
            }
            _ => {}
        }
        self.intern(Node::Binary(BinOp::Mul, a, b))
    }

    /// `a / b`.
    pub fn div(&mut self, a: NodeId, b: NodeId) -> NodeId {
        match (self.constant_value(a), self.constant_value(b)) {
            (Some(x), Some(y)) => return self.constant(x / y),
            (_, Some(y)) if y == 1.0 => return a,
            (_, Some(y)) if y == -1.0 => return self.neg(a),
            (Some(x), _) if x == 0.0 => return ZERO,
            _ => {}
        }
        if a == b {
            return ONE;
        }
        if let Node::Neg(p) = self.node(a) {
            let q = self.div(p, b);
            return self.neg(q);
        }
        if let Node::Neg(q) = self.node(b) {
            let r = self.div(a, q);
            return self.neg(r);
        }
        self.intern(Node::Binary(BinOp::Div, a, b))
    }

    /// `a^n` for an integer n; |n| > `MAX_INT_POWER` falls back to the general power.
    pub fn powi(&mut self, a: NodeId, n: i32) -> NodeId {
        if n == 0 {
            return ONE;
        }
        if n == 1 {
            return a;
        }
        if let Some(c) = self.constant_value(a) {
            let v = if n.unsigned_abs() > MAX_INT_POWER as u32 { c.powf(n as f64) } else { powi(c, n) };
            return self.constant(v);
        }
        if n.unsigned_abs() > MAX_INT_POWER as u32 {
            let e = self.constant(n as f64);
            return self.intern(Node::Binary(BinOp::Pow, a, e));
        }
        match self.node(a) {
            Node::Neg(p) => {
                let r = self.powi(p, n);
                return if n % 2 == 0 { r } else { self.neg(r) };
            }
            Node::PowI(p, m) if m > 0 && n > 0 && (m as i64) * (n as i64) <= MAX_INT_POWER as i64 => {
                return self.powi(p, m * n);
            }
            _ => {}
        }
        self.intern(Node::PowI(a, n))
    }

    /// `a^b`.
    pub fn pow(&mut self, a: NodeId, b: NodeId) -> NodeId {
        if let Some(e) = self.constant_value(b) {
            if e.fract() == 0.0 && e.abs() <= MAX_INT_POWER as f64 {
                return self.powi(a, e as i32);
            }
            if e == 0.5 {
                return self.unary(Func::Sqrt, a);
            }
            if let Some(x) = self.constant_value(a) {
                return self.constant(x.powf(e));
            }
        }
        if self.is(a, 1.0) {
            return ONE;
        }
        self.intern(Node::Binary(BinOp::Pow, a, b))
    }

    /// `min(a, b)` / `max(a, b)`.
    fn extremum(&mut self, op: BinOp, a: NodeId, b: NodeId) -> NodeId {
        if let (Some(x), Some(y)) = (self.constant_value(a), self.constant_value(b)) {
            return self.constant(apply_binary(op, x, y));
        }
        if a == b {
            return a;
        }
        let (a, b) = self.ordered(a, b);
        self.intern(Node::Binary(op, a, b))
    }

    /// Any binary operation, through the rules above.
    pub fn binary(&mut self, op: BinOp, a: NodeId, b: NodeId) -> NodeId {
        match op {
            BinOp::Add => self.add(a, b),
            BinOp::Sub => self.sub(a, b),
            BinOp::Mul => self.mul(a, b),
            BinOp::Div => self.div(a, b),
            BinOp::Pow => self.pow(a, b),
            BinOp::Min | BinOp::Max => self.extremum(op, a, b),
        }
    }

    /// `f(a)`.
    pub fn unary(&mut self, f: Func, a: NodeId) -> NodeId {
        if let Some(x) = self.constant_value(a) {
            return self.constant(apply_unary(f, x));
        }
        match (f, self.node(a)) {
            (Func::Abs | Func::Cos, Node::Neg(p)) => return self.unary(f, p),
            (Func::Abs, Node::Unary(Func::Abs, _)) => return a,
            _ => {}
        }
        self.intern(Node::Unary(f, a))
    }
}

#[cfg(test)]
mod tests {
    use super::super::graph::Graph;
    use super::*;

    #[test]
    fn identities_fold_away() {
        let mut g = Graph::new(1000);
        let x = g.var(0);
        let zero = g.constant(0.0);
        let one = g.constant(1.0);
        assert_eq!(g.add(x, zero), x);
        assert_eq!(g.mul(x, one), x);
        assert_eq!(g.mul(zero, x), ZERO);
        assert_eq!(g.sub(x, x), ZERO);
        let nx = g.neg(x);
        assert_eq!(g.neg(nx), x);
        let two = g.constant(2.0);
        let three = g.constant(3.0);
        let t = g.mul(two, x);
        assert_eq!(g.mul(three, t), {
            let six = g.constant(6.0);
            g.mul(six, x)
        });
        let xx = g.mul(x, x);
        assert_eq!(g.node(xx), Node::PowI(x, 2));
        let y = g.var(1);
        assert_eq!(g.add(x, y), g.add(y, x));
        let c = g.constant(2.0);
        let s = g.add(c, c);
        assert_eq!(g.constant_value(s), Some(4.0));
        let x2 = g.pow(x, two);
        assert_eq!(g.node(x2), Node::PowI(x, 2));
        let half = g.constant(0.5);
        let sq = g.pow(x, half);
        assert_eq!(g.node(sq), Node::Unary(Func::Sqrt, x));
    }

    #[test]
    fn rules_preserve_values() {
        // Random-ish compositions: the simplified graph evaluates like the plain formula.
        let mut g = Graph::new(10_000);
        let x = g.var(0);
        let y = g.var(1);
        let c = g.constant(-1.5);
        let nx = g.neg(x);
        let a = g.sub(nx, y); // −x − y
        let b = g.mul(c, a); // 1.5(x + y)
        let p = g.powi(nx, 3); // −x³
        let q = g.div(p, b);
        let r = g.sub(q, c);
        for &(xv, yv) in &[(0.3, 1.7), (-2.0, 0.5), (1.25, -0.75)] {
            let plain = (-(xv * xv * xv)) / (1.5 * (xv + yv)) + 1.5;
            let got = g.evaluate(r, &[xv, yv]);
            assert!((got - plain).abs() <= 1e-14 * plain.abs().max(1.0), "{got} vs {plain}");
        }
    }
}
