//! Symbolic differentiation on the expression graph, forward mode: for one input j, one
//! ascending sweep over the nodes reachable from the roots computes `∂n/∂x_j` for every
//! node n from its operands' derivatives (chain rule), building the derivative nodes
//! through the simplifying constructors. Shared subexpressions are differentiated once.
//!
//! Rules (a′ = ∂a/∂x_j):
//! `(a±b)′ = a′±b′`, `(ab)′ = a′b + ab′`, `(a/b)′ = (a′ − (a/b)·b′)/b`, `(aⁿ)′ = n·aⁿ⁻¹·a′`,
//! `(a^b)′ = a^b·(b′·ln a + b·a′/a)` (`= b·a^{b−1}·a′` when b is constant),
//! `sin′ = cos`, `cos′ = −sin`, `tan′ = 1 + tan²`, `exp′ = exp`, `log′ = 1/a`,
//! `sqrt′ = 1/(2√a)`, `tanh′ = 1 − tanh²`, `sigmoid′ = σ(1 − σ)`.
//!
//! Kinks (the convention): `abs′(a) = sign(a)·a′` with sign(0) = 0;
//! `min(a,b)′ = H(b−a)·a′ + H(a−b)·b′` and `max(a,b)′ = H(a−b)·a′ + H(b−a)·b′` with the
//! Heaviside step H(0) = ½ — at a tie the derivative is the average of the two branches,
//! the midpoint of the subdifferential (consistent: `|x| = max(x, −x)` has derivative 0 at 0).
//! `sign` and `H` have derivative 0 (their point masses at the kink are dropped), so
//! second derivatives of `abs`/`min`/`max` are those of the active branch.

use super::functions::{BinOp, Func};
use super::graph::{Graph, Node, NodeId, ONE, ZERO};

/// `∂root/∂x_var` for each root. Check `g.overflowed()` afterwards.
pub fn derivatives(g: &mut Graph, roots: &[NodeId], var: u32) -> Vec<NodeId> {
    directional(g, roots, &|j| if j == var { ONE } else { ZERO })
}

/// The directional derivative `Σⱼ (∂root/∂x_j) t_j` of each root along the tangent
/// `t_j = tangent(j)` (a node per input j): forward mode with `Var(j)′ = t_j`. With
/// t = e_var this is `∂/∂x_var`; applied to the gradient with t = the direction inputs it
/// is the Hessian-vector product, in one sweep (no d² Hessian entries needed).
pub fn directional(g: &mut Graph, roots: &[NodeId], tangent: &dyn Fn(u32) -> NodeId) -> Vec<NodeId> {
    let n = roots.iter().map(|&r| r as usize + 1).max().unwrap_or(0);
    let marks = g.reachable(roots);
    let mut d = vec![ZERO; n];
    for id in 0..n {
        if !marks[id] || g.overflowed() {
            continue;
        }
        d[id] = derivative_of(g, id as NodeId, &d, tangent);
    }
    roots.iter().map(|&r| d[r as usize]).collect()
}

/// The derivative of node `id`, given those of its operands in `d`.
fn derivative_of(g: &mut Graph, id: NodeId, d: &[NodeId], tangent: &dyn Fn(u32) -> NodeId) -> NodeId {
    let node = g.node(id);
    let (ops, k) = node.operands();
    if k > 0 && ops[..k].iter().all(|&o| d[o as usize] == ZERO) {
        return ZERO;
    }
    let da = d[ops[0] as usize];
    let db = d[ops[1] as usize];
    match node {
        Node::Const(_) => ZERO,
        Node::Var(j) => tangent(j),
        Node::Neg(_) => g.neg(da),
        Node::Binary(op, a, b) => match op {
            BinOp::Add => g.add(da, db),
            BinOp::Sub => g.sub(da, db),
            BinOp::Mul => {
                let l = g.mul(da, b);
                let r = g.mul(a, db);
                g.add(l, r)
            }
            BinOp::Div => {
                // (a′ − (a/b)·b′) / b, reusing the node a/b itself.
                let t = g.mul(id, db);
                let num = g.sub(da, t);
                g.div(num, b)
            }
            BinOp::Pow => {
                if db == ZERO {
                    let one = g.constant(1.0);
                    let bm1 = g.sub(b, one);
                    let p = g.pow(a, bm1);
                    let bp = g.mul(b, p);
                    g.mul(bp, da)
                } else {
                    let ln = g.unary(Func::Log, a);
                    let t1 = g.mul(db, ln);
                    let ba = g.mul(b, da);
                    let t2 = g.div(ba, a);
                    let s = g.add(t1, t2);
                    g.mul(id, s)
                }
            }
            BinOp::Min | BinOp::Max => {
                let (first, second) = if op == BinOp::Min { (g.sub(b, a), g.sub(a, b)) } else { (g.sub(a, b), g.sub(b, a)) };
                let wa = g.unary(Func::Heaviside, first);
                let wb = g.unary(Func::Heaviside, second);
                let l = g.mul(wa, da);
                let r = g.mul(wb, db);
                g.add(l, r)
            }
        },
        Node::PowI(a, n) => {
            let p = g.powi(a, n - 1);
            let c = g.constant(n as f64);
            let cp = g.mul(c, p);
            g.mul(cp, da)
        }
        Node::Unary(f, a) => {
            let outer = match f {
                Func::Sin => g.unary(Func::Cos, a),
                Func::Cos => {
                    let s = g.unary(Func::Sin, a);
                    g.neg(s)
                }
                Func::Tan => {
                    let t2 = g.powi(id, 2);
                    let one = g.constant(1.0);
                    g.add(one, t2)
                }
                Func::Exp => id,
                Func::Log => {
                    return g.div(da, a);
                }
                Func::Sqrt => {
                    let two = g.constant(2.0);
                    let den = g.mul(two, id);
                    return g.div(da, den);
                }
                Func::Tanh => {
                    let t2 = g.powi(id, 2);
                    let one = g.constant(1.0);
                    g.sub(one, t2)
                }
                Func::Sigmoid => {
                    let one = g.constant(1.0);
                    let c = g.sub(one, id);
                    g.mul(id, c)
                }
                Func::Abs => g.unary(Func::Sign, a),
                Func::Sign | Func::Heaviside => return ZERO,
            };
            g.mul(outer, da)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Central difference with step h.
    fn fd(g: &Graph, root: NodeId, x: &[f64], j: usize, h: f64) -> f64 {
        let (mut p, mut m) = (x.to_vec(), x.to_vec());
        p[j] += h;
        m[j] -= h;
        (g.evaluate(root, &p) - g.evaluate(root, &m)) / (2.0 * h)
    }

    #[test]
    fn derivatives_match_finite_differences() {
        let mut g = Graph::new(100_000);
        let x = g.var(0);
        let y = g.var(1);
        // f = sin(x·y) + exp(−x²)/(1 + y²) + x^y + sigmoid(x − y)·tanh(y) + sqrt(1 + x²) + log(2 + cos x)
        let xy = g.mul(x, y);
        let s = g.unary(Func::Sin, xy);
        let x2 = g.powi(x, 2);
        let nx2 = g.neg(x2);
        let e = g.unary(Func::Exp, nx2);
        let y2 = g.powi(y, 2);
        let one = g.constant(1.0);
        let den = g.add(one, y2);
        let q = g.div(e, den);
        let p = g.pow(x, y);
        let xmy = g.sub(x, y);
        let sg = g.unary(Func::Sigmoid, xmy);
        let th = g.unary(Func::Tanh, y);
        let st = g.mul(sg, th);
        let r1 = g.add(one, x2);
        let sq = g.unary(Func::Sqrt, r1);
        let two = g.constant(2.0);
        let cx = g.unary(Func::Cos, x);
        let l_in = g.add(two, cx);
        let l = g.unary(Func::Log, l_in);
        let tn = g.unary(Func::Tan, xmy);
        let mut f = s;
        for t in [q, p, st, sq, l, tn] {
            f = g.add(f, t);
        }
        let grads: Vec<NodeId> = (0..2).map(|j| derivatives(&mut g, &[f], j)[0]).collect();
        assert!(!g.overflowed());
        for &pt in &[[0.7, 1.3], [1.9, 0.4], [0.35, -0.8]] {
            for j in 0..2 {
                let exact = g.evaluate(grads[j], &pt);
                let approx = fd(&g, f, &pt, j, 1e-6);
                assert!((exact - approx).abs() < 1e-6 * exact.abs().max(1.0), "∂{j} at {pt:?}: {exact} vs {approx}");
                // Second derivatives against differences of the first.
                for i in 0..2 {
                    let h = derivatives(&mut g, &[grads[j]], i)[0];
                    let exact2 = g.evaluate(h, &pt);
                    let approx2 = fd(&g, grads[j], &pt, i as usize, 1e-6);
                    assert!((exact2 - approx2).abs() < 1e-5 * exact2.abs().max(1.0), "∂{i}∂{j}: {exact2} vs {approx2}");
                }
            }
        }
    }

    #[test]
    fn kinks_take_the_midpoint() {
        let mut g = Graph::new(1000);
        let x = g.var(0);
        let a = g.unary(Func::Abs, x);
        let nx = g.neg(x);
        let m = g.binary(BinOp::Max, x, nx);
        let da = derivatives(&mut g, &[a, m], 0);
        assert_eq!(g.evaluate(da[0], &[0.0]), 0.0);
        assert_eq!(g.evaluate(da[1], &[0.0]), 0.0);
        assert_eq!(g.evaluate(da[0], &[-2.0]), -1.0);
        assert_eq!(g.evaluate(da[1], &[3.0]), 1.0);
        let y = g.var(1);
        let mn = g.binary(BinOp::Min, x, y);
        let dmn = derivatives(&mut g, &[mn], 0)[0];
        assert_eq!(g.evaluate(dmn, &[1.0, 1.0]), 0.5);
        assert_eq!(g.evaluate(dmn, &[0.5, 1.0]), 1.0);
        assert_eq!(g.evaluate(dmn, &[1.5, 1.0]), 0.0);
    }
}
