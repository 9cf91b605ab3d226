//! The evaluation order of a program's nodes, chosen to keep few values live: a
//! depth-first post-order guided by Sethi–Ullman numbers, plus early emission of readers
//! that free registers (so outputs sharing work advance in lockstep). See `schedule`.

use super::graph::{Graph, Node, NodeId};

/// Distinct operands of a node (`x*x` reads `x` once).
fn distinct(g: &Graph, id: NodeId) -> ([NodeId; 2], usize) {
    let (ops, k) = g.node(id).operands();
    (ops, if k == 2 && ops[0] == ops[1] { 1 } else { k })
}

/// State of `schedule`.
struct Scheduler<'g> {
    g: &'g Graph,
    /// Needed nodes reading each node.
    consumers: Vec<Vec<NodeId>>,
    /// Per node: operands not yet emitted.
    pending_ops: Vec<u8>,
    /// Per node: readers not yet emitted.
    pending_consumers: Vec<usize>,
    done: Vec<bool>,
    order: Vec<NodeId>,
    /// Nodes to emit early (see `schedule`).
    ready: Vec<NodeId>,
}

impl<'g> Scheduler<'g> {
    fn is_leaf(&self, id: NodeId) -> bool {
        matches!(self.g.node(id), Node::Var(_) | Node::Const(_))
    }

    /// Whether `c` can be emitted now after at most its operands that are themselves
    /// computable now (operands of operands all emitted).
    fn can_pull(&self, c: NodeId) -> bool {
        let (ops, k) = distinct(self.g, c);
        !self.done[c as usize] && ops[..k].iter().all(|&o| self.done[o as usize] || self.pending_ops[o as usize] == 0)
    }

    /// Queues `c` if it can be pulled and emitting it ends the life of an emitted operand.
    fn consider(&mut self, c: NodeId) {
        if !self.can_pull(c) {
            return;
        }
        let (ops, k) = distinct(self.g, c);
        if ops[..k].iter().any(|&o| self.done[o as usize] && !self.is_leaf(o) && self.pending_consumers[o as usize] == 1) {
            self.ready.push(c);
        }
    }

    fn emit(&mut self, id: NodeId) {
        self.done[id as usize] = true;
        self.order.push(id);
        let (ops, k) = distinct(self.g, id);
        for &o in &ops[..k] {
            self.pending_consumers[o as usize] -= 1;
            if self.pending_consumers[o as usize] == 1 && !self.is_leaf(o) {
                let last = self.consumers[o as usize].iter().copied().find(|&c| !self.done[c as usize]);
                if let Some(c) = last {
                    self.consider(c);
                }
            }
        }
        for i in 0..self.consumers[id as usize].len() {
            let c = self.consumers[id as usize][i];
            self.pending_ops[c as usize] -= 1;
            self.consider(c);
        }
    }

    /// Emits the queued nodes (each after its pulled operands).
    fn drain(&mut self) {
        while let Some(c) = self.ready.pop() {
            if !self.can_pull(c) {
                continue;
            }
            let (ops, k) = distinct(self.g, c);
            for &o in &ops[..k] {
                if !self.done[o as usize] {
                    self.emit(o);
                }
            }
            self.emit(c);
        }
    }
}

/// The nodes needed for `roots`, in evaluation order (every operand before its users):
///
/// - a depth-first post-order from each root in turn (iterative, explicit stack), visiting
///   first the operand that needs more registers (its Sethi–Ullman number), so an operand
///   is computed shortly before its use;
/// - plus, whenever a node is emitted, any reader that can then be computed (possibly after
///   operands that are themselves computable) and that is the last reader of an emitted
///   operand is emitted at once: it frees a register. With several outputs sharing work
///   (gradient components, Hessian entries, sums) this advances them in lockstep instead
///   of keeping every shared value alive until the last output gets to it.
pub fn schedule(g: &Graph, roots: &[NodeId]) -> Vec<NodeId> {
    let n = g.len();
    let marks = g.reachable(roots);
    // Sethi–Ullman numbers (operands first): registers to evaluate a node as a tree.
    let mut need = vec![0u32; n];
    let mut consumers: Vec<Vec<NodeId>> = vec![Vec::new(); n];
    let mut pending_ops = vec![0u8; n];
    for id in 0..n {
        let (ops, k) = distinct(g, id as NodeId);
        need[id] = match k {
            0 => 0,
            1 => need[ops[0] as usize].max(1),
            _ => {
                let (a, b) = (need[ops[0] as usize], need[ops[1] as usize]);
                if a == b {
                    a.saturating_add(1)
                } else {
                    a.max(b)
                }
            }
        };
        if marks[id] {
            pending_ops[id] = k as u8;
            for &o in &ops[..k] {
                consumers[o as usize].push(id as NodeId);
            }
        }
    }
    let pending_consumers = consumers.iter().map(|c| c.len()).collect();
    let mut s = Scheduler { g, consumers, pending_ops, pending_consumers, done: vec![false; n], order: Vec::new(), ready: Vec::new() };
    let mut stack: Vec<(NodeId, bool)> = Vec::new();
    for &root in roots {
        stack.push((root, false));
        while let Some((id, expanded)) = stack.pop() {
            if s.done[id as usize] {
                continue;
            }
            if !expanded {
                stack.push((id, true));
                let (mut ops, k) = distinct(g, id);
                // The stack pops the last push first: push the hungrier operand last
                // (on a tie, the first operand is evaluated first).
                if k == 2 && need[ops[0] as usize] >= need[ops[1] as usize] {
                    ops.swap(0, 1);
                }
                for &o in &ops[..k] {
                    if !s.done[o as usize] {
                        stack.push((o, false));
                    }
                }
                continue;
            }
            s.emit(id);
            s.drain();
        }
    }
    s.order
}
