//! General SDEs `dX = b(X) dt + σ(X) dW` from expression strings: d drift components and a
//! diagonal (d entries, `dXⱼ = … + σⱼ dWⱼ`) or full (d×d row-major, `dXⱼ = … + Σₖ σⱼₖ dWₖ`)
//! diffusion, all parsed into **one** expression graph and compiled to programs of the same
//! VM as `ExpressionLandscape`:
//!
//! - `−b` (the kernels take a drift as a "gradient" g with drift −g) and its Jacobian `−∂b`;
//! - σ, and for diagonal noise `∂σⱼ/∂xⱼ` (Milstein's `½σⱼσⱼ'(ΔWⱼ² − Δt)`);
//! - the Itô–Stratonovich correction `cⱼ = Σₖ Σₗ σₗₖ ∂ₗσⱼₖ` (Kloeden & Platen 1992, (4.9.11)).
//!
//! Structural facts read off the symbolic derivatives: the noise is *additive* when every
//! `∂ₗσ` simplifies to the constant 0, and *diagonal-commutative* (what Milstein-type schemes
//! need without Lévy areas) when it is diagonal and `∂ₗσⱼ ≡ 0` for l ≠ j.
//! The drift is not a gradient field: `value` is NaN and MALA refuses it.

use std::cell::RefCell;
use std::rc::Rc;

use super::bytecode::{compile, Program, LANES};
use super::diff::derivatives;
use super::graph::{Graph, NodeId};
use super::landscape::{run_points, try_vec};
use super::{lexer, parser, Names, MAX_NODES, MAX_SOURCE_BYTES};
use crate::error::{SgdError, SgdResult};
use crate::landscape::Landscape;

/// The diffusion part (shared with the ensemble's noise model).
pub struct SdeDiffusion {
    dim: usize,
    /// σ: d (diagonal) or d² (full) outputs.
    sigma: Program,
    full: bool,
    /// `∂σⱼ/∂xⱼ` (diagonal noise only).
    sigma_prime: Option<Program>,
    correction: Program,
    additive: bool,
    diagonal_commutative: bool,
    single: RefCell<Vec<[f64; 1]>>,
    /// σ (d² at most) and σ' (d) at one point.
    values: RefCell<Vec<f64>>,
}

/// A general SDE: the drift as a `Landscape` (gradient = −b) plus its diffusion.
pub struct ExpressionSde {
    dim: usize,
    minus_drift: Program,
    minus_jacobian: Program,
    batch: RefCell<Vec<[f64; LANES]>>,
    single: RefCell<Vec<[f64; 1]>>,
    diffusion: Rc<SdeDiffusion>,
}

fn parse_into(g: &mut Graph, what: &str, source: &str, names: &Names) -> SgdResult<NodeId> {
    if source.len() > MAX_SOURCE_BYTES {
        return Err(SgdError::invalid(format!("{what} is too long ({} bytes): at most {MAX_SOURCE_BYTES} are allowed", source.len())));
    }
    let prefix = |e: SgdError| SgdError { message: format!("{what}: {}", e.message), ..e };
    let tokens = lexer::tokenize(source).map_err(prefix)?;
    parser::parse(&tokens, names, g).map_err(prefix)
}

impl ExpressionSde {
    /// Parses d drift components and d or d² diffusion entries in the variables of `names`.
    pub fn new(drift: &[&str], diffusion: &[&str], names: &Names) -> SgdResult<ExpressionSde> {
        let d = names.variables.len();
        if drift.len() != d {
            return Err(SgdError::invalid(format!("drift has {} components: it must have one per variable (d = {d})", drift.len())));
        }
        let full = diffusion.len() == d * d && d > 1;
        if diffusion.len() != d && !full {
            return Err(SgdError::invalid(format!(
                "diffusion has {} entries: it must have d = {d} (diagonal σⱼ) or d² = {} (full σ, row-major)",
                diffusion.len(),
                d * d
            )));
        }
        let mut g = Graph::new(MAX_NODES);
        let mut b = Vec::with_capacity(d);
        for (j, src) in drift.iter().enumerate() {
            b.push(parse_into(&mut g, &format!("drift[{j}]"), src, names)?);
        }
        let mut sigma = Vec::with_capacity(diffusion.len());
        for (k, src) in diffusion.iter().enumerate() {
            sigma.push(parse_into(&mut g, &format!("diffusion[{k}]"), src, names)?);
        }
        let minus_b: Vec<NodeId> = b.iter().map(|&n| g.neg(n)).collect();
        // dsigma[l][k] = ∂σₖ/∂xₗ; jac[l][i] = ∂(−bᵢ)/∂xₗ.
        let dsigma: Vec<Vec<NodeId>> = (0..d).map(|l| derivatives(&mut g, &sigma, l as u32)).collect();
        let jac: Vec<Vec<NodeId>> = (0..d).map(|l| derivatives(&mut g, &minus_b, l as u32)).collect();
        let is_zero = |g: &Graph, n: NodeId| g.constant_value(n) == Some(0.0);
        let additive = dsigma.iter().flatten().all(|&n| is_zero(&g, n));
        let diagonal_commutative = !full && (0..d).all(|l| (0..d).all(|j| l == j || is_zero(&g, dsigma[l][j])));
        let mut correction = Vec::with_capacity(d);
        for j in 0..d {
            let mut c = g.constant(0.0);
            if full {
                for k in 0..d {
                    for l in 0..d {
                        let term = g.mul(sigma[l * d + k], dsigma[l][j * d + k]);
                        c = g.add(c, term);
                    }
                }
            } else {
                // σ diagonal: cⱼ = Σₗ σₗ ∂ₗσⱼ δ… = σⱼ ∂ⱼσⱼ.
                c = g.mul(sigma[j], dsigma[j][j]);
            }
            correction.push(c);
        }
        if g.overflowed() {
            return Err(SgdError::invalid(format!("sde is too large: more than {MAX_NODES} distinct subexpressions")));
        }
        let numbered = |nodes: &[NodeId]| nodes.iter().enumerate().map(|(i, &n)| (n, i as u32)).collect::<Vec<_>>();
        let jac_out: Vec<(NodeId, u32)> = (0..d).flat_map(|i| (0..d).map(move |l| (i, l))).map(|(i, l)| (jac[l][i], (i * d + l) as u32)).collect();
        let minus_drift = compile(&g, d, d, &numbered(&minus_b))?;
        let minus_jacobian = compile(&g, d, d * d, &jac_out)?;
        let sigma_prog = compile(&g, d, sigma.len(), &numbered(&sigma))?;
        let sigma_prime = if full { None } else { Some(compile(&g, d, d, &numbered(&(0..d).map(|j| dsigma[j][j]).collect::<Vec<_>>()))?) };
        let correction = compile(&g, d, d, &numbered(&correction))?;
        let largest_noise = [Some(&sigma_prog), sigma_prime.as_ref(), Some(&correction)].iter().flatten().map(|p| p.registers).max().unwrap_or(1);
        let diffusion = SdeDiffusion {
            dim: d,
            single: RefCell::new(try_vec(largest_noise, [0.0; 1])?),
            values: RefCell::new(try_vec(sigma.len() + d, 0.0)?),
            sigma: sigma_prog,
            full,
            sigma_prime,
            correction,
            additive,
            diagonal_commutative,
        };
        Ok(ExpressionSde {
            dim: d,
            batch: RefCell::new(try_vec(minus_drift.registers, [0.0; LANES])?),
            single: RefCell::new(try_vec(minus_drift.registers.max(minus_jacobian.registers), [0.0; 1])?),
            minus_drift,
            minus_jacobian,
            diffusion: Rc::new(diffusion),
        })
    }
}

impl Landscape for ExpressionSde {
    fn dim(&self) -> usize {
        self.dim
    }
    /// Not a potential: NaN.
    fn value(&self, _x: &[f64]) -> f64 {
        f64::NAN
    }
    /// `−b(x)`.
    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        run_points(&self.single, &self.minus_drift, self.dim, &[x], 1, g)
    }
    /// `−∂b/∂x` (row i: ∂(−bᵢ)/∂xⱼ; not symmetric in general).
    fn hessian(&self, x: &[f64], h: &mut [f64]) {
        run_points(&self.single, &self.minus_jacobian, self.dim, &[x], 1, h)
    }
    fn hessian_vector(&self, x: &[f64], v: &[f64], out: &mut [f64]) {
        let d = self.dim;
        let mut h = vec![0.0; d * d];
        self.hessian(x, &mut h);
        for i in 0..d {
            out[i] = (0..d).map(|j| h[i * d + j] * v[j]).sum();
        }
    }
    fn gradient_batch(&self, xs: &[f64], gs: &mut [f64]) {
        let m = xs.len() / self.dim;
        run_points(&self.batch, &self.minus_drift, self.dim, &[xs], m, gs)
    }
    fn is_gradient_field(&self) -> bool {
        false
    }
    fn sde_diffusion(&self) -> Option<Rc<SdeDiffusion>> {
        Some(self.diffusion.clone())
    }
}

impl SdeDiffusion {
    pub fn is_additive(&self) -> bool {
        self.additive
    }
    /// Diagonal with σⱼ depending on xⱼ only (commutative; Milstein needs no Lévy areas).
    pub fn is_diagonal_commutative(&self) -> bool {
        self.diagonal_commutative
    }

    /// `out += scale · σ(x) dw`.
    pub fn add_sigma_times(&self, x: &[f64], dw: &[f64], scale: f64, out: &mut [f64]) {
        let d = self.dim;
        let mut v = self.values.borrow_mut();
        let k = self.sigma.slots;
        run_points(&self.single, &self.sigma, d, &[x], 1, &mut v[..k]);
        for j in 0..d {
            out[j] += scale * if self.full { (0..d).map(|l| v[j * d + l] * dw[l]).sum::<f64>() } else { v[j] * dw[j] };
        }
    }

    /// Milstein's `out += ½σⱼσⱼ'(ΔWⱼ² − Δt)` (diagonal noise).
    pub fn add_milstein(&self, x: &[f64], dw: &[f64], dt: f64, out: &mut [f64]) {
        let Some(prime) = &self.sigma_prime else { return };
        let d = self.dim;
        let mut v = self.values.borrow_mut();
        let (s, p) = v.split_at_mut(d);
        run_points(&self.single, &self.sigma, d, &[x], 1, s);
        run_points(&self.single, prime, d, &[x], 1, &mut p[..d]);
        for j in 0..d {
            out[j] += 0.5 * s[j] * p[j] * (dw[j] * dw[j] - dt);
        }
    }

    /// `g −= sign·½c(x)`.
    pub fn correct_drift(&self, x: &[f64], g: &mut [f64], sign: f64) {
        let d = self.dim;
        let mut v = self.values.borrow_mut();
        run_points(&self.single, &self.correction, d, &[x], 1, &mut v[..d]);
        for j in 0..d {
            g[j] -= sign * 0.5 * v[j];
        }
    }
}
