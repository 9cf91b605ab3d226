//! The parser: tokens → graph nodes (through the simplifying constructors), by recursive
//! descent over the grammar
//!
//! ```text
//! expr    := term (('+' | '-') term)*
//! term    := unary (('*' | '/') unary)*
//! unary   := ('-' | '+') unary | power
//! power   := primary ('^' unary)?            right-associative; binds tighter than unary minus
//! primary := number | name | name '(' args ')' | 'sum' '(' name ',' expr ',' expr ',' expr ')'
//!          | '(' expr ')'
//! ```
//!
//! so `-x^2 = -(x^2)`, `2^3^2 = 2^9`, `x^-1 = 1/x`. Names are variables, parameters
//! (replaced by their constant values) or, inside a `sum`, its index. Recursion depth is
//! bounded: every level of nesting (parentheses, function arguments, unary signs, powers)
//! counts against `MAX_DEPTH`, so no input can overflow the stack. A `sum` is expanded by
//! parsing its body once per index value; the total number of tokens read is bounded.

use super::functions::{callable, Callable, CALLABLE};
use super::graph::{Graph, NodeId, ZERO};
use super::lexer::{error_at, Tok, Token};
use super::Names;
use crate::error::{SgdError, SgdResult};

/// Deepest nesting accepted (parentheses, arguments, signs and exponents together).
pub const MAX_DEPTH: usize = 100;
/// Most tokens read in total (bounds the expansion of `sum`).
pub const MAX_TOKENS_READ: usize = 1_000_000;
/// Most terms in one `sum`.
pub const MAX_SUM_TERMS: i64 = 100_000;

struct Parser<'a> {
    toks: &'a [Token],
    pos: usize,
    g: &'a mut Graph,
    names: &'a Names,
    /// Indices of the enclosing `sum`s and their current values.
    bound: Vec<(String, f64)>,
    depth: usize,
    read: usize,
}

/// Parses `toks` (ending with `Tok::End`) into a node of `g`.
pub fn parse(toks: &[Token], names: &Names, g: &mut Graph) -> SgdResult<NodeId> {
    if toks.len() <= 1 {
        return Err(SgdError::invalid("expression is empty: write a formula in the variables, e.g. (x^2-1)^2"));
    }
    let mut p = Parser { toks, pos: 0, g, names, bound: Vec::new(), depth: 0, read: 0 };
    let root = p.expr()?;
    let t = p.peek();
    if t.tok != Tok::End {
        let hint = if t.tok == Tok::RParen { " (it has no matching '(')" } else { "" };
        return Err(error_at(t.col, format!("expected an operator or end of input, found {}{hint}", t.describe())));
    }
    Ok(root)
}

impl<'a> Parser<'a> {
    fn peek(&self) -> &'a Token {
        &self.toks[self.pos.min(self.toks.len() - 1)]
    }

    fn advance(&mut self) -> SgdResult<&'a Token> {
        let t = self.peek();
        if self.pos < self.toks.len() - 1 {
            self.pos += 1;
        }
        self.read += 1;
        if self.read > MAX_TOKENS_READ {
            return Err(SgdError::invalid(format!(
                "expression: at column {}: the expression expands to more than {MAX_TOKENS_READ} tokens (a sum with too many terms?)",
                t.col
            )));
        }
        Ok(t)
    }

    /// Runs `f` one nesting level deeper, failing beyond `MAX_DEPTH`.
    fn nested<T>(&mut self, col: usize, f: impl FnOnce(&mut Self) -> SgdResult<T>) -> SgdResult<T> {
        if self.depth >= MAX_DEPTH {
            return Err(error_at(col, format!("the expression is nested more than {MAX_DEPTH} levels deep")));
        }
        self.depth += 1;
        let r = f(self);
        self.depth -= 1;
        r
    }

    fn overflow_check(&self) -> SgdResult<()> {
        if self.g.overflowed() {
            Err(SgdError::invalid(format!("expression is too large: more than {} distinct subexpressions", self.g.limit())))
        } else {
            Ok(())
        }
    }

    fn expr(&mut self) -> SgdResult<NodeId> {
        let mut acc = self.term()?;
        loop {
            match self.peek().tok {
                Tok::Plus => {
                    self.advance()?;
                    let t = self.term()?;
                    acc = self.g.add(acc, t);
                }
                Tok::Minus => {
                    self.advance()?;
                    let t = self.term()?;
                    acc = self.g.sub(acc, t);
                }
                _ => break,
            }
            self.overflow_check()?;
        }
        Ok(acc)
    }

    fn term(&mut self) -> SgdResult<NodeId> {
        let mut acc = self.unary()?;
        loop {
            match self.peek().tok {
                Tok::Star => {
                    self.advance()?;
                    let t = self.unary()?;
                    acc = self.g.mul(acc, t);
                }
                Tok::Slash => {
                    self.advance()?;
                    let t = self.unary()?;
                    acc = self.g.div(acc, t);
                }
                _ => break,
            }
            self.overflow_check()?;
        }
        Ok(acc)
    }

    fn unary(&mut self) -> SgdResult<NodeId> {
        let t = self.peek();
        match t.tok {
            Tok::Minus => {
                self.advance()?;
                let u = self.nested(t.col, |p| p.unary())?;
                Ok(self.g.neg(u))
            }
            Tok::Plus => {
                self.advance()?;
                self.nested(t.col, |p| p.unary())
            }
            _ => self.power(),
        }
    }

    fn power(&mut self) -> SgdResult<NodeId> {
        let base = self.primary()?;
        let t = self.peek();
        if t.tok != Tok::Caret {
            return Ok(base);
        }
        self.advance()?;
        let e = self.nested(t.col, |p| p.unary())?;
        let r = self.g.pow(base, e);
        self.overflow_check()?;
        Ok(r)
    }

    fn primary(&mut self) -> SgdResult<NodeId> {
        let t = self.advance()?;
        match &t.tok {
            Tok::Num(v) => Ok(self.g.constant(*v)),
            Tok::LParen => {
                let e = self.nested(t.col, |p| p.expr())?;
                self.expect(Tok::RParen, "expected ')' or an operator")?;
                Ok(e)
            }
            Tok::Name(name) => {
                if self.peek().tok == Tok::LParen {
                    self.call(t, name)
                } else {
                    self.lookup(t, name)
                }
            }
            _ => Err(error_at(t.col, format!("expected a number, a name or '(', found {}", t.describe()))),
        }
    }

    /// Consumes `want` or fails with `expected …, found …`.
    fn expect(&mut self, want: Tok, expected: &str) -> SgdResult<()> {
        let t = self.peek();
        if t.tok == want {
            self.advance()?;
            Ok(())
        } else {
            Err(error_at(t.col, format!("{expected}, found {}", t.describe())))
        }
    }

    fn lookup(&mut self, t: &Token, name: &str) -> SgdResult<NodeId> {
        if let Some((_, v)) = self.bound.iter().rev().find(|(n, _)| n == name) {
            return Ok(self.g.constant(*v));
        }
        if let Some(j) = self.names.variables.iter().position(|v| v == name) {
            return Ok(self.g.var(j as u32));
        }
        if let Some((_, v)) = self.names.parameters.iter().find(|(n, _)| n == name) {
            return Ok(self.g.constant(*v));
        }
        if name == "sum" || callable(name).is_some() {
            let next = self.peek();
            return Err(error_at(next.col, format!("expected '(' after the function name '{name}', found {}", next.describe())));
        }
        Err(error_at(t.col, format!("unknown name '{name}': {}", self.known())))
    }

    /// Lists the names a formula may use (for unknown-name messages).
    fn known(&self) -> String {
        let list = |v: Vec<&str>| if v.is_empty() { "none".to_string() } else { v.join(", ") };
        let mut vars: Vec<&str> = self.names.variables.iter().map(|s| s.as_str()).collect();
        vars.extend(self.bound.iter().map(|(n, _)| n.as_str()));
        let params: Vec<&str> = self.names.parameters.iter().map(|(n, _)| n.as_str()).collect();
        let mut funcs: Vec<&str> = CALLABLE.iter().map(|(n, _)| *n).collect();
        funcs.push("sum");
        format!("the variables are {}; the parameters are {}; the functions are {}", list(vars), list(params), funcs.join(", "))
    }

    fn call(&mut self, t: &Token, name: &str) -> SgdResult<NodeId> {
        if name == "sum" {
            return self.sum(t);
        }
        let f = match callable(name) {
            Some(f) => f,
            None => {
                let what = if self.names.variables.iter().any(|v| v == name) || self.bound.iter().any(|(n, _)| n == name) {
                    format!("'{name}' is a variable, not a function (write {name}*(...) to multiply)")
                } else if self.names.parameters.iter().any(|(n, _)| n == name) {
                    format!("'{name}' is a parameter, not a function (write {name}*(...) to multiply)")
                } else {
                    format!("unknown function '{name}': {}", self.known())
                };
                return Err(error_at(t.col, what));
            }
        };
        let open = self.advance()?; // '('
        match f {
            Callable::Unary(func) => {
                let a = self.nested(open.col, |p| p.expr())?;
                let next = self.peek();
                if next.tok == Tok::Comma {
                    return Err(error_at(next.col, format!("{name} takes 1 argument: expected ')', found ','")));
                }
                self.expect(Tok::RParen, "expected ')' or an operator")?;
                Ok(self.g.unary(func, a))
            }
            Callable::Binary(op) => {
                let a = self.nested(open.col, |p| p.expr())?;
                self.expect(Tok::Comma, &format!("expected ',' or an operator ({name} takes 2 arguments)"))?;
                let b = self.nested(open.col, |p| p.expr())?;
                let next = self.peek();
                if next.tok == Tok::Comma {
                    return Err(error_at(next.col, format!("{name} takes 2 arguments: expected ')', found ','")));
                }
                self.expect(Tok::RParen, "expected ')' or an operator")?;
                Ok(self.g.binary(op, a, b))
            }
        }
    }

    /// `sum(k, lo, hi, body)` = Σ_{k=lo}^{hi} body, with integer constants lo ≤ hi
    /// (an empty range gives 0).
    fn sum(&mut self, t: &Token) -> SgdResult<NodeId> {
        let open = self.advance()?; // '('
        let idx = self.advance()?;
        let index = match &idx.tok {
            Tok::Name(n) => n.clone(),
            _ => return Err(error_at(idx.col, format!("expected the name of the sum's index, found {}", idx.describe()))),
        };
        let clash = if self.names.variables.contains(&index) {
            Some("a variable")
        } else if self.names.parameters.iter().any(|(n, _)| *n == index) {
            Some("a parameter")
        } else if super::functions::is_reserved(&index) {
            Some("a function")
        } else if self.bound.iter().any(|(n, _)| *n == index) {
            Some("the index of an enclosing sum")
        } else {
            None
        };
        if let Some(what) = clash {
            return Err(error_at(idx.col, format!("the sum index '{index}' is already {what}: choose another name")));
        }
        self.expect(Tok::Comma, "expected ',' after the sum's index")?;
        let lo = self.bound_value(open.col, "lower")?;
        self.expect(Tok::Comma, "expected ',' or an operator (sum takes 4 arguments: index, from, to, term)")?;
        let hi = self.bound_value(open.col, "upper")?;
        self.expect(Tok::Comma, "expected ',' or an operator (sum takes 4 arguments: index, from, to, term)")?;
        if hi - lo + 1 > MAX_SUM_TERMS {
            return Err(error_at(t.col, format!("sum has {} terms: at most {MAX_SUM_TERMS} are allowed", hi - lo + 1)));
        }
        let start = self.pos;
        let mut acc = ZERO;
        // An empty range still parses the body once, so syntax errors are reported.
        let last = hi.max(lo);
        for k in lo..=last {
            self.pos = start;
            self.bound.push((index.clone(), k as f64));
            let term = self.nested(open.col, |p| p.expr());
            self.bound.pop();
            let term = term?;
            if hi >= lo {
                acc = self.g.add(acc, term);
            }
            self.overflow_check()?;
        }
        self.expect(Tok::RParen, "expected ')' or an operator")?;
        Ok(acc)
    }

    /// A sum bound: an expression that folds to an integer constant in [−10⁹, 10⁹].
    fn bound_value(&mut self, col: usize, which: &str) -> SgdResult<i64> {
        let at = self.peek().col;
        let node = self.nested(col, |p| p.expr())?;
        match self.g.constant_value(node) {
            Some(v) if v.fract() == 0.0 && v.abs() <= 1e9 => Ok(v as i64),
            Some(v) => Err(error_at(at, format!("the {which} bound of sum is {v}: it must be an integer in [-1e9, 1e9]"))),
            None => Err(error_at(at, format!("the {which} bound of sum must be a constant (numbers and parameters only)"))),
        }
    }
}
