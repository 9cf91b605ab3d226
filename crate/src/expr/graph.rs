//! The expression graph: a hash-consed DAG in one arena. Every distinct node exists once
//! (structural sharing = common-subexpression elimination for free), and a node's
//! operands always have smaller ids than the node, so ascending id order is a topological
//! order. All passes (differentiation, code generation) are loops over ids, never
//! recursion, so no expression can exhaust the stack.

use std::collections::HashMap;

use super::functions::{BinOp, Func};

/// Index of a node in its `Graph`.
pub type NodeId = u32;

/// One node. Constants are stored by bit pattern so nodes can be hashed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Node {
    Const(u64),
    /// Input `j`: variable j (j < d), or direction component j − d in the HVP program.
    Var(u32),
    Neg(NodeId),
    Unary(Func, NodeId),
    Binary(BinOp, NodeId, NodeId),
    /// `a^n` for an integer constant n (1 < |n| ≤ `MAX_INT_POWER`): compiled to multiplies.
    PowI(NodeId, i32),
}

impl Node {
    /// The operands of the node (0, 1 or 2 ids).
    pub fn operands(&self) -> ([NodeId; 2], usize) {
        match *self {
            Node::Const(_) | Node::Var(_) => ([0, 0], 0),
            Node::Neg(a) | Node::Unary(_, a) | Node::PowI(a, _) => ([a, 0], 1),
            Node::Binary(_, a, b) => ([a, b], 2),
        }
    }
}

/// The arena. Ids 0 and 1 are the constants 0 and 1. When the arena would exceed its node
/// limit, `intern` records the overflow and returns the constant 0 instead; callers check
/// `overflowed()` once at the end of a pass rather than threading errors through every rule.
pub struct Graph {
    nodes: Vec<Node>,
    index: HashMap<Node, NodeId>,
    limit: usize,
    overflowed: bool,
}

/// The constant 0.
pub const ZERO: NodeId = 0;
/// The constant 1.
pub const ONE: NodeId = 1;

impl Graph {
    /// An empty graph (holding only 0 and 1) that accepts at most `limit` nodes.
    pub fn new(limit: usize) -> Graph {
        let mut g = Graph { nodes: Vec::new(), index: HashMap::new(), limit: limit.max(2), overflowed: false };
        g.intern(Node::Const(0f64.to_bits()));
        g.intern(Node::Const(1f64.to_bits()));
        g
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// The node with id `id`.
    pub fn node(&self, id: NodeId) -> Node {
        self.nodes[id as usize]
    }

    /// Whether some `intern` hit the node limit (the graph is then unusable).
    pub fn overflowed(&self) -> bool {
        self.overflowed
    }

    /// The node limit given to `new`.
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// The id of `node`, adding it if it is new. Operands must already be in the graph.
    pub fn intern(&mut self, node: Node) -> NodeId {
        if let Some(&id) = self.index.get(&node) {
            return id;
        }
        if self.nodes.len() >= self.limit || self.overflowed {
            self.overflowed = true;
            return ZERO;
        }
        let id = self.nodes.len() as NodeId;
        self.nodes.push(node);
        self.index.insert(node, id);
        id
    }

    /// The value of a constant node, or `None`.
    pub fn constant_value(&self, id: NodeId) -> Option<f64> {
        match self.nodes[id as usize] {
            Node::Const(bits) => Some(f64::from_bits(bits)),
            _ => None,
        }
    }

    /// `marks[i]` is true iff node i is reachable from one of `roots` (roots included).
    /// One descending sweep: operands have smaller ids than their users.
    pub fn reachable(&self, roots: &[NodeId]) -> Vec<bool> {
        let mut marks = vec![false; self.nodes.len()];
        for &r in roots {
            marks[r as usize] = true;
        }
        for id in (0..self.nodes.len()).rev() {
            if marks[id] {
                let (ops, k) = self.nodes[id].operands();
                for &o in &ops[..k] {
                    marks[o as usize] = true;
                }
            }
        }
        marks
    }

    /// Evaluates `root` at `inputs` by one ascending sweep (a reference evaluator for tests
    /// and for checking the bytecode; the landscape itself runs compiled programs).
    pub fn evaluate(&self, root: NodeId, inputs: &[f64]) -> f64 {
        use super::functions::{apply_binary, apply_unary, powi};
        let marks = self.reachable(&[root]);
        let mut vals = vec![0.0; root as usize + 1];
        for id in 0..=root as usize {
            if !marks[id] {
                continue;
            }
            vals[id] = match self.nodes[id] {
                Node::Const(bits) => f64::from_bits(bits),
                Node::Var(j) => inputs[j as usize],
                Node::Neg(a) => -vals[a as usize],
                Node::Unary(f, a) => apply_unary(f, vals[a as usize]),
                Node::Binary(op, a, b) => apply_binary(op, vals[a as usize], vals[b as usize]),
                Node::PowI(a, n) => powi(vals[a as usize], n),
            };
        }
        vals[root as usize]
    }
}
