//! The expression language for landscapes: a formula such as `(x^2-1)^2 + 0.5*y^2` in
//! named variables and parameters becomes an `ExpressionLandscape` with exact symbolic
//! derivatives, evaluated by a batched register bytecode.
//!
//! Pipeline (one module per step):
//! `lexer` (text → tokens with columns) → `parser` (tokens → graph, depth-bounded) →
//! `graph` (hash-consed DAG; `simplify` folds constants and identities as nodes are built)
//! → `diff` (forward-mode symbolic derivatives: gradient, Hessian, HVP) → `schedule`
//! (evaluation order) → `bytecode` (register allocation with rematerialisation,
//! immediates, integer powers as multiplies) → `vm` (one loop per
//! instruction over a batch of points) → `landscape` (the `Landscape` implementation).
//! `functions` holds the scalar definitions shared by constant folding and the interpreter.
//!
//! Nothing here panics on any input: sizes, nesting depth, expansion and graph growth are
//! all bounded and reported as `SgdError::invalid`.

mod bytecode;
mod diff;
mod functions;
mod graph;
mod landscape;
mod lexer;
mod parser;
mod schedule;
mod sde;
mod simplify;
mod vm;

pub use landscape::ExpressionLandscape;
pub use sde::{ExpressionSde, SdeDiffusion};

use crate::error::{SgdError, SgdResult};
use graph::Graph;

/// Longest accepted source text, in bytes.
pub const MAX_SOURCE_BYTES: usize = 65_536;
/// Most variables (the dimension d).
pub const MAX_VARIABLES: usize = 256;
/// Most named parameters.
pub const MAX_PARAMETERS: usize = 4096;
/// Most distinct subexpressions in the graph of a landscape (formula and all derivatives).
pub const MAX_NODES: usize = 250_000;
/// Longest variable or parameter name.
pub const MAX_NAME_LEN: usize = 64;

/// The names a formula may use: variables (the coordinates x₀…x_{d−1}, in order) and
/// parameters (constants substituted at parse time).
#[derive(Clone, Debug, Default)]
pub struct Names {
    pub variables: Vec<String>,
    pub parameters: Vec<(String, f64)>,
}

/// Checks that `name` is an identifier `[A-Za-z_][A-Za-z0-9_]*` of at most `MAX_NAME_LEN`
/// characters that is not a function name.
fn check_name(kind: &str, name: &str) -> SgdResult<()> {
    let mut chars = name.chars();
    let ident = match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => chars.all(|c| c.is_ascii_alphanumeric() || c == '_'),
        _ => false,
    };
    let shown: String = name.chars().take(MAX_NAME_LEN + 1).collect();
    if !ident || name.len() > MAX_NAME_LEN {
        return Err(SgdError::invalid(format!(
            "{kind} name {shown:?} is not allowed: a name starts with a letter or '_', continues with letters, digits or '_', and has at most {MAX_NAME_LEN} characters"
        )));
    }
    if functions::is_reserved(name) {
        return Err(SgdError::invalid(format!("{kind} name '{name}' is not allowed: it is the name of a function")));
    }
    Ok(())
}

impl Names {
    /// Validates the names: identifiers, not function names, all distinct, parameter values
    /// finite, at least one and at most `MAX_VARIABLES` variables.
    pub fn new(variables: Vec<String>, parameters: Vec<(String, f64)>) -> SgdResult<Names> {
        if variables.is_empty() {
            return Err(SgdError::invalid("variables is empty: list at least one variable name, e.g. ['x']"));
        }
        if variables.len() > MAX_VARIABLES {
            return Err(SgdError::invalid(format!("{} variables: at most {MAX_VARIABLES} are allowed", variables.len())));
        }
        if parameters.len() > MAX_PARAMETERS {
            return Err(SgdError::invalid(format!("{} parameters: at most {MAX_PARAMETERS} are allowed", parameters.len())));
        }
        for (i, v) in variables.iter().enumerate() {
            check_name("variable", v)?;
            if variables[..i].contains(v) {
                return Err(SgdError::invalid(format!("variable name '{v}' appears twice: variable names must be distinct")));
            }
        }
        for (i, (p, value)) in parameters.iter().enumerate() {
            check_name("parameter", p)?;
            if parameters[..i].iter().any(|(q, _)| q == p) {
                return Err(SgdError::invalid(format!("parameter name '{p}' appears twice: parameter names must be distinct")));
            }
            if variables.contains(p) {
                return Err(SgdError::invalid(format!("'{p}' is both a variable and a parameter: a name can only be one of them")));
            }
            if !value.is_finite() {
                return Err(SgdError::invalid(format!("parameter {p} = {value} is not allowed: it must be a finite number")));
            }
        }
        Ok(Names { variables, parameters })
    }
}

impl ExpressionLandscape {
    /// Parses `source` in the variables and parameters of `names`, differentiates it
    /// symbolically and compiles it. Errors: `expression: at column C: expected …, found …`
    /// for syntax, unknown names (listing the known ones), empty or over-long source,
    /// nesting deeper than `parser::MAX_DEPTH`, or a graph larger than `MAX_NODES`.
    pub fn new(source: &str, names: &Names) -> SgdResult<ExpressionLandscape> {
        if source.len() > MAX_SOURCE_BYTES {
            return Err(SgdError::invalid(format!(
                "expression is too long ({} bytes): at most {MAX_SOURCE_BYTES} are allowed",
                source.len()
            )));
        }
        let tokens = lexer::tokenize(source)?;
        let mut g = Graph::new(MAX_NODES);
        let root = parser::parse(&tokens, names, &mut g)?;
        if g.overflowed() {
            return Err(SgdError::invalid(format!("expression is too large: more than {MAX_NODES} distinct subexpressions")));
        }
        ExpressionLandscape::from_graph(g, root, names.variables.len())
    }
}

#[cfg(test)]
mod tests;
