//! The bytecode: a register program over whole batches, and its compiler from the graph.
//!
//! A register holds one value for each of up to `LANES` points (structure of arrays), so
//! one instruction does the same operation for the whole batch and the dispatch cost is
//! paid once per `LANES` points. Registers `0..inputs` hold the inputs (gathered from the
//! row-major points). The needed nodes are evaluated in the order of `schedule` (short
//! live ranges), and registers are allocated by linear scan over that order: a node's register is released after its last use, and an instruction's
//! destination is always different from its operands (so the interpreter can borrow them
//! disjointly). Constants become immediates (`BinRC`, `BinCR`); integer powers become
//! multiplication chains (`functions::power_plan`: x², x³, x⁴ are 1, 2, 2 multiplies).
//! Each output is stored into its slot(s) as soon as it is computed.

use super::functions::{power_plan, BinOp, Func};
use super::graph::{Graph, Node, NodeId};
use super::schedule::schedule;
use crate::error::{SgdError, SgdResult};

/// Points per batch (one register = `LANES` f64). Equal to the ensemble kernels' block.
pub const LANES: usize = 64;

/// A register index.
pub type Reg = u32;

/// One instruction; `dst` never equals an operand register.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Instr {
    /// `dst = c`.
    Const { dst: Reg, c: f64 },
    /// `dst = −a`.
    Neg { dst: Reg, a: Reg },
    /// `dst = f(a)`.
    Unary { f: Func, dst: Reg, a: Reg },
    /// `dst = a ∘ b`.
    Bin { op: BinOp, dst: Reg, a: Reg, b: Reg },
    /// `dst = a ∘ c` (constant right operand).
    BinRC { op: BinOp, dst: Reg, a: Reg, c: f64 },
    /// `dst = c ∘ b` (constant left operand).
    BinCR { op: BinOp, dst: Reg, c: f64, b: Reg },
    /// `out[point][slot] = src` for every point of the batch.
    Store { src: Reg, slot: u32 },
}

/// A compiled program: `inputs` input registers, `registers` in all, `slots` outputs per point.
#[derive(Clone, Debug)]
pub struct Program {
    pub inputs: usize,
    pub registers: usize,
    pub slots: usize,
    pub code: Vec<Instr>,
}

/// Register allocator: a free list over registers `inputs..`.
struct Regs {
    next: Reg,
    free: Vec<Reg>,
}

impl Regs {
    fn alloc(&mut self) -> Reg {
        self.free.pop().unwrap_or_else(|| {
            self.next += 1;
            self.next - 1
        })
    }
}

/// Cheap nodes (one or two instructions on inputs and constants, e.g. `k*x`, `x^2`,
/// `x + c`) are recomputed at a use more than this many scheduled nodes after the previous
/// one instead of occupying a register in between (rematerialisation).
const REMAT_GAP: usize = 16;

/// Code generation state for one program.
struct Codegen<'g> {
    g: &'g Graph,
    code: Vec<Instr>,
    regs: Regs,
    /// The register holding each node's value, or `Reg::MAX`.
    reg_of: Vec<Reg>,
    /// Positions (in the schedule) of the nodes reading each node, ascending.
    uses: Vec<Vec<usize>>,
    /// Per node, how many of its `uses` have passed.
    passed: Vec<usize>,
    /// Set if an operand was missing (an internal error, reported by `compile`).
    broken: bool,
}

fn is_leaf(g: &Graph, id: NodeId) -> bool {
    matches!(g.node(id), Node::Var(_) | Node::Const(_))
}

/// Whether `id` is cheap enough to recompute rather than keep (see `REMAT_GAP`).
fn is_cheap(g: &Graph, id: NodeId) -> bool {
    match g.node(id) {
        Node::Neg(a) => is_leaf(g, a),
        Node::Binary(op, a, b) => op != BinOp::Pow && is_leaf(g, a) && is_leaf(g, b),
        Node::PowI(a, e) => is_leaf(g, a) && (2..=4).contains(&e),
        _ => false,
    }
}

impl<'g> Codegen<'g> {
    /// The register of operand `o` for an instruction that cannot take it as an immediate;
    /// materialises constants (into `temps`) and cheap nodes that are not in a register.
    fn operand(&mut self, o: NodeId, temps: &mut Vec<Reg>) -> Reg {
        match self.g.node(o) {
            Node::Const(bits) => {
                let t = self.regs.alloc();
                self.code.push(Instr::Const { dst: t, c: f64::from_bits(bits) });
                temps.push(t);
                t
            }
            _ => {
                if self.reg_of[o as usize] == Reg::MAX {
                    // Only cheap nodes (whose operands are leaves) are computed on demand; any
                    // other absent operand would be a scheduling bug: report it, never recurse.
                    if !is_cheap(self.g, o) {
                        self.broken = true;
                        return 0;
                    }
                    let r = self.emit(o);
                    self.reg_of[o as usize] = r;
                }
                self.reg_of[o as usize]
            }
        }
    }

    /// Emits the instructions of node `id` into a fresh register and returns it.
    fn emit(&mut self, id: NodeId) -> Reg {
        let g = self.g;
        let node = g.node(id);
        let mut temps = Vec::new();
        let imm = |o: NodeId| g.constant_value(o);
        let code_for = |this: &mut Self, temps: &mut Vec<Reg>| -> Reg {
            match node {
                Node::Var(j) => j,
                Node::Const(_) => this.operand(id, temps),
                Node::Neg(a) => {
                    let a = this.operand(a, temps);
                    let dst = this.regs.alloc();
                    this.code.push(Instr::Neg { dst, a });
                    dst
                }
                Node::Unary(f, a) => {
                    let a = this.operand(a, temps);
                    let dst = this.regs.alloc();
                    this.code.push(Instr::Unary { f, dst, a });
                    dst
                }
                Node::Binary(op, a, b) => match (imm(a), imm(b)) {
                    (Some(c), None) => {
                        let b = this.operand(b, temps);
                        let dst = this.regs.alloc();
                        this.code.push(Instr::BinCR { op, dst, c, b });
                        dst
                    }
                    (None, Some(c)) => {
                        let a = this.operand(a, temps);
                        let dst = this.regs.alloc();
                        this.code.push(Instr::BinRC { op, dst, a, c });
                        dst
                    }
                    _ => {
                        let a = this.operand(a, temps);
                        let b = this.operand(b, temps);
                        let dst = this.regs.alloc();
                        this.code.push(Instr::Bin { op, dst, a, b });
                        dst
                    }
                },
                Node::PowI(a, e) => {
                    let a = this.operand(a, temps);
                    let dst = this.regs.alloc();
                    let plan = power_plan(e.unsigned_abs());
                    let mut vals = vec![a];
                    for (k, &(i, j)) in plan.iter().enumerate() {
                        let to = if k + 1 == plan.len() && e > 0 {
                            dst
                        } else {
                            let t = this.regs.alloc();
                            temps.push(t);
                            t
                        };
                        this.code.push(Instr::Bin { op: BinOp::Mul, dst: to, a: vals[i], b: vals[j] });
                        vals.push(to);
                    }
                    if e < 0 {
                        this.code.push(Instr::BinCR { op: BinOp::Div, dst, c: 1.0, b: vals[plan.len()] });
                    }
                    dst
                }
            }
        };
        let dst = code_for(self, &mut temps);
        self.regs.free.extend(temps);
        dst
    }

    /// After the node at `pos` has read `o`: releases `o`'s register if this was its last
    /// use, or, for a cheap node, if its next use is far away (it will be recomputed).
    fn release(&mut self, o: NodeId, pos: usize) {
        let o = o as usize;
        if self.reg_of[o] == Reg::MAX || is_leaf(self.g, o as NodeId) {
            return;
        }
        let uses = &self.uses[o];
        while self.passed[o] < uses.len() && uses[self.passed[o]] <= pos {
            self.passed[o] += 1;
        }
        let next = uses.get(self.passed[o]).copied();
        let keep = match next {
            None => false,
            Some(p) => !is_cheap(self.g, o as NodeId) || p - pos <= REMAT_GAP,
        };
        if !keep {
            self.regs.free.push(self.reg_of[o]);
            self.reg_of[o] = Reg::MAX;
        }
    }
}

/// Compiles the program computing `outputs` (node, slot) of `g` for `inputs` input
/// variables (`Var(j)`, j < inputs) with `slots` values per point.
pub fn compile(g: &Graph, inputs: usize, slots: usize, outputs: &[(NodeId, u32)]) -> SgdResult<Program> {
    let roots: Vec<NodeId> = outputs.iter().map(|&(n, _)| n).collect();
    let order = schedule(g, &roots);
    let n = g.len();
    let mut stores: Vec<Vec<u32>> = vec![Vec::new(); n];
    for &(node, slot) in outputs {
        stores[node as usize].push(slot);
    }
    let mut uses: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (pos, &id) in order.iter().enumerate() {
        let (ops, k) = g.node(id).operands();
        for (i, &o) in ops[..k].iter().enumerate() {
            if !ops[..i].contains(&o) {
                uses[o as usize].push(pos);
            }
        }
    }
    let mut cg = Codegen {
        g,
        code: Vec::new(),
        regs: Regs { next: inputs as Reg, free: Vec::new() },
        reg_of: vec![Reg::MAX; n],
        uses,
        passed: vec![0; n],
        broken: false,
    };
    for &id in &order {
        if let Node::Var(j) = g.node(id) {
            if j as usize >= inputs {
                return Err(SgdError::invalid(format!("expression: internal error: input {j} of a program with {inputs} inputs")));
            }
            cg.reg_of[id as usize] = j;
        }
    }
    for (pos, &id) in order.iter().enumerate() {
        let node = g.node(id);
        let is_output = !stores[id as usize].is_empty();
        if !is_output && (is_leaf(g, id) || is_cheap(g, id)) {
            // Inputs are in place; constants are immediates; cheap nodes are made on demand.
            continue;
        }
        if let Node::Const(bits) = node {
            let dst = cg.regs.alloc();
            cg.code.push(Instr::Const { dst, c: f64::from_bits(bits) });
            for &slot in &stores[id as usize] {
                cg.code.push(Instr::Store { src: dst, slot });
            }
            cg.regs.free.push(dst);
            continue;
        }
        let dst = match node {
            Node::Var(j) => j,
            _ if cg.reg_of[id as usize] != Reg::MAX => cg.reg_of[id as usize],
            _ => cg.emit(id),
        };
        cg.reg_of[id as usize] = dst;
        for &slot in &stores[id as usize] {
            cg.code.push(Instr::Store { src: dst, slot });
        }
        let (ops, k) = node.operands();
        for (i, &o) in ops[..k].iter().enumerate() {
            if !ops[..i].contains(&o) {
                cg.release(o, pos);
            }
        }
        cg.release(id, pos);
    }
    let cg_broken = cg.broken;
    let p = Program { inputs, registers: (cg.regs.next as usize).max(inputs).max(1), slots, code: cg.code };
    if cg_broken || !p.is_well_formed() {
        return Err(SgdError::invalid("expression: internal error: the compiled program is malformed"));
    }
    Ok(p)
}

impl Program {
    /// Every register in range, destinations distinct from operands, slots in range: the
    /// interpreter relies on this (checked once, so it never indexes out of bounds).
    pub fn is_well_formed(&self) -> bool {
        let ok = |r: Reg| (r as usize) < self.registers;
        self.inputs <= self.registers
            && self.code.iter().all(|i| match *i {
            Instr::Const { dst, .. } => ok(dst),
            Instr::Neg { dst, a } | Instr::Unary { dst, a, .. } | Instr::BinRC { dst, a, .. } => ok(dst) && ok(a) && dst != a,
            Instr::BinCR { dst, b, .. } => ok(dst) && ok(b) && dst != b,
            Instr::Bin { dst, a, b, .. } => ok(dst) && ok(a) && ok(b) && dst != a && dst != b,
            Instr::Store { src, slot } => ok(src) && (slot as usize) < self.slots,
        })
    }
}
