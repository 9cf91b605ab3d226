//! The SGD engine: n independent replicas of (momentum) SGD advanced together, each with its
//! own random stream `stream_for(seed, offset + r)` (RNG contract: a replica's path depends
//! only on the seed and its global index `offset + r`, never on how steps are chunked into
//! calls, nor on the other replicas).
//!
//! Update (conventions.md; Polyak heavy ball with weight decay λ, momentum β, step ηₖ from the
//! schedule, g the minibatch gradient at θₖ):
//!
//! - `canonical`: `vₖ₊₁ = β vₖ − ηₖ (g + λθₖ)`, `θₖ₊₁ = θₖ + vₖ₊₁` (the velocity carries η);
//! - `buffer` (PyTorch `SGD(momentum=β, dampening=0, weight_decay=λ)`):
//!   `bₖ₊₁ = β bₖ + g + λθₖ`, `θₖ₊₁ = θₖ − ηₖ bₖ₊₁`. This is the paper form
//!   `v ← βv − g − λθ, θ ← θ + ηv` with v = −b. With a constant η the two conventions give
//!   the same θ path up to rounding (v = −η b); under a schedule they differ at O(Δη).
//!
//! Gradient oracles: minibatches of a data `Objective` (see `sampler.rs`), or the Gaussian
//! model of the discrete theory, `g = H(θ − θ*) + ξ`, `ξ ~ N(0, Σ/B)` (ξ = R z with R the
//! symmetric square root of Σ/B and z standard normals from the replica's stream).
//!
//! Divergence: a replica whose parameters become non-finite stops; the call reports the
//! earliest (step, replica) and the run refuses further steps (positions stay readable).

use std::rc::Rc;

use super::objective::{Objective, Workspace};
use super::sampler::{BatchSampler, SamplerKind};
use super::schedule::Schedule;
use crate::error::{require_finite, require_non_negative, Divergence, ErrorCode, SgdError, SgdResult};
use crate::rng::{stream_for, Xoshiro256pp};
use crate::simd::all_finite;

/// Caps keeping every allocation of a run far below the 4 GiB of wasm32 memory.
const MAX_STATE_ENTRIES: usize = 1 << 25;
const MAX_SAMPLER_ENTRIES: usize = 1 << 27;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Convention {
    Canonical,
    Buffer,
}

#[derive(Clone, Copy, Debug)]
pub struct Optimiser {
    pub schedule: Schedule,
    pub momentum: f64,
    pub convention: Convention,
    pub weight_decay: f64,
}

impl Optimiser {
    pub fn new(schedule: Schedule, momentum: f64, convention: u32, weight_decay: f64) -> SgdResult<Self> {
        if !(momentum.is_finite() && (0.0..1.0).contains(&momentum)) {
            return Err(SgdError::invalid(format!("momentum = {momentum} is not allowed: it must be in [0, 1)")));
        }
        let convention = match convention {
            0 => Convention::Canonical,
            1 => Convention::Buffer,
            _ => return Err(SgdError::invalid(format!("momentumConvention = {convention} is not allowed: 0 ('canonical') or 1 ('buffer')"))),
        };
        require_non_negative("weightDecay", weight_decay)?;
        Ok(Optimiser { schedule, momentum, convention, weight_decay })
    }
}

/// Where the gradient comes from.
pub enum Oracle {
    Data { objective: Rc<Objective>, samplers: Vec<BatchSampler>, batch: Vec<u32>, ws: Workspace },
    GaussianQuadratic { hessian: Vec<f64>, centre: Vec<f64>, root: Vec<f64>, z: Vec<f64> },
}

impl Oracle {
    /// A data oracle: one sampler per replica.
    pub fn data(objective: Rc<Objective>, kind: SamplerKind, batch: usize, replicas: usize) -> SgdResult<Self> {
        let n = objective.examples();
        let b = BatchSampler::check(kind, n, batch)?;
        if BatchSampler::state_len(kind, n).saturating_mul(replicas) > MAX_SAMPLER_ENTRIES {
            return Err(SgdError::invalid(format!(
                "{replicas} replicas × N = {n} indices of sampler state exceed {MAX_SAMPLER_ENTRIES}: use fewer replicas per run (split with replicaOffset)"
            )));
        }
        let samplers = (0..replicas).map(|_| BatchSampler::new(kind, n, b)).collect::<SgdResult<Vec<_>>>()?;
        let ws = objective.workspace();
        Ok(Oracle::Data { objective, samplers, batch: vec![0; b], ws })
    }

    /// The Gaussian-noise quadratic: H (p×p symmetric), θ* (p), Σ (p×p symmetric PSD), B.
    pub fn gaussian_quadratic(p: usize, hessian: &[f64], centre: &[f64], sigma: &[f64], batch: f64) -> SgdResult<Self> {
        use crate::linalg::{dense, symmetric_eigen};
        if p == 0 || p > 1024 {
            return Err(SgdError::invalid(format!("dimension = {p} is not allowed: it must be in [1, 1024]")));
        }
        dense::check_square("hessian", hessian, p)?;
        let hessian = dense::symmetrised("hessian", hessian, p, 1e-10)?;
        if centre.len() != p {
            return Err(SgdError::invalid(format!("centre has {} entries: it must have p = {p}", centre.len())));
        }
        require_finite("centre", centre)?;
        dense::check_square("noiseCovariance", sigma, p)?;
        let sigma = dense::symmetrised("noiseCovariance", sigma, p, 1e-10)?;
        crate::error::require_positive("batchSize", batch)?;
        let e = symmetric_eigen(&sigma, p)?;
        let top = e.values.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        if let Some(&bad) = e.values.iter().find(|&&v| v < -1e-12 * top.max(f64::MIN_POSITIVE)) {
            return Err(SgdError::invalid(format!("noiseCovariance has eigenvalue {bad}: it must be positive semi-definite")));
        }
        // R = V diag(√(λ/B)) Vᵀ
        let mut root = vec![0.0; p * p];
        for (j, &l) in e.values.iter().enumerate() {
            let s = (l.max(0.0) / batch).sqrt();
            for a in 0..p {
                let va = e.vectors[a * p + j] * s;
                for b in 0..p {
                    root[a * p + b] += va * e.vectors[b * p + j];
                }
            }
        }
        Ok(Oracle::GaussianQuadratic { hessian, centre: centre.to_vec(), root, z: vec![0.0; p] })
    }

    fn params(&self) -> usize {
        match self {
            Oracle::Data { objective, .. } => objective.params(),
            Oracle::GaussianQuadratic { centre, .. } => centre.len(),
        }
    }

    /// g ← the stochastic gradient of replica r at θ.
    #[inline]
    fn gradient(&mut self, r: usize, theta: &[f64], g: &mut [f64], rng: &mut Xoshiro256pp) {
        match self {
            Oracle::Data { objective, samplers, batch, ws } => {
                samplers[r].next(rng, batch);
                objective.batch_gradient(theta, batch, g, ws);
            }
            Oracle::GaussianQuadratic { hessian, centre, root, z } => {
                let p = centre.len();
                z.iter_mut().for_each(|z| *z = rng.normal());
                for a in 0..p {
                    let (h, rt) = (&hessian[a * p..(a + 1) * p], &root[a * p..(a + 1) * p]);
                    let mut s = 0.0;
                    for b in 0..p {
                        s += h[b] * (theta[b] - centre[b]) + rt[b] * z[b];
                    }
                    g[a] = s;
                }
            }
        }
    }

    /// The loss L(θ) (data) or ½(θ − θ*)ᵀH(θ − θ*) (quadratic).
    fn loss(&mut self, theta: &[f64]) -> f64 {
        match self {
            Oracle::Data { objective, ws, .. } => objective.loss_value(theta, ws),
            Oracle::GaussianQuadratic { hessian, centre, .. } => {
                let p = centre.len();
                let mut s = 0.0;
                for a in 0..p {
                    let mut ha = 0.0;
                    for b in 0..p {
                        ha += hessian[a * p + b] * (theta[b] - centre[b]);
                    }
                    s += (theta[a] - centre[a]) * ha;
                }
                0.5 * s
            }
        }
    }
}

/// What `advance` records per replica: `[L(θ)]` (if `loss`), `‖θ − θ_ref‖²`, `‖θ − θ₀‖²`,
/// then `⟨θ − θ_ref, uⱼ⟩` for each direction uⱼ.
pub struct Observables {
    pub loss: bool,
    pub reference: Vec<f64>,
    /// m directions, m × p row-major.
    pub directions: Vec<f64>,
}

impl Observables {
    pub fn columns(&self, p: usize) -> usize {
        self.loss as usize + 2 + self.directions.len() / p
    }
}

pub struct SgdRun {
    p: usize,
    n: usize,
    offset: u64,
    theta: Vec<f64>,
    velocity: Vec<f64>,
    theta0: Vec<f64>,
    rngs: Vec<Xoshiro256pp>,
    oracle: Oracle,
    optimiser: Optimiser,
    observables: Observables,
    steps: u64,
    diverged: Option<Divergence>,
    g: Vec<f64>,
}

impl SgdRun {
    /// `x0`: p entries (every replica starts there) or n·p (one start per replica).
    pub fn new(oracle: Oracle, optimiser: Optimiser, n: usize, offset: u64, seed: u64, x0: &[f64]) -> SgdResult<Self> {
        let p = oracle.params();
        if n == 0 || n.checked_mul(p).map_or(true, |e| e > MAX_STATE_ENTRIES) {
            return Err(SgdError::invalid(format!(
                "nReplicas = {n} is not allowed: it must be >= 1 with nReplicas·p <= {MAX_STATE_ENTRIES} (p = {p})"
            )));
        }
        if offset.checked_add(n as u64).map_or(true, |e| e > 1 << 53) {
            return Err(SgdError::invalid(format!("replicaOffset = {offset} is too large: offset + nReplicas must be <= 2^53")));
        }
        require_finite("x0", x0)?;
        let theta: Vec<f64> = if x0.len() == p {
            x0.iter().copied().cycle().take(n * p).collect()
        } else if x0.len() == n * p {
            x0.to_vec()
        } else {
            return Err(SgdError::invalid(format!(
                "x0 has {} entries, which is not allowed: it must have p = {p} (one start) or nReplicas·p = {} (one per replica)",
                x0.len(),
                n * p
            )));
        };
        let rngs = (0..n as u64).map(|r| stream_for(seed, offset + r)).collect();
        let observables = Observables { loss: false, reference: vec![0.0; p], directions: Vec::new() };
        let reference = match &oracle {
            Oracle::GaussianQuadratic { centre, .. } => centre.clone(),
            Oracle::Data { .. } => vec![0.0; p],
        };
        Ok(SgdRun {
            p,
            n,
            offset,
            theta0: theta.clone(),
            velocity: vec![0.0; n * p],
            theta,
            rngs,
            oracle,
            optimiser,
            observables: Observables { reference, ..observables },
            steps: 0,
            diverged: None,
            g: vec![0.0; p],
        })
    }

    pub fn params(&self) -> usize {
        self.p
    }
    pub fn replicas(&self) -> usize {
        self.n
    }
    pub fn steps_done(&self) -> u64 {
        self.steps
    }
    pub fn positions(&self) -> &[f64] {
        &self.theta
    }
    /// The canonical velocity v, or the PyTorch buffer b (see the module comment).
    pub fn velocities(&self) -> &[f64] {
        &self.velocity
    }

    /// Sets what `advance` records: the loss (costs a pass over the data per replica and
    /// frame), the reference θ_ref (p), and m directions (m × p).
    pub fn set_observables(&mut self, loss: bool, reference: &[f64], directions: &[f64]) -> SgdResult<()> {
        let p = self.p;
        if reference.len() != p {
            return Err(SgdError::invalid(format!("reference has {} entries: it must have p = {p}", reference.len())));
        }
        if directions.len() % p != 0 || directions.len() / p > 1024 {
            return Err(SgdError::invalid(format!(
                "directions has {} entries: it must hold m <= 1024 vectors of p = {p} (m·p entries)",
                directions.len()
            )));
        }
        require_finite("reference", reference)?;
        require_finite("directions", directions)?;
        self.observables = Observables { loss, reference: reference.to_vec(), directions: directions.to_vec() };
        Ok(())
    }

    pub fn observable_columns(&self) -> usize {
        self.observables.columns(self.p)
    }

    /// Writes the observables of every replica now (n × columns).
    pub fn observe(&mut self, out: &mut [f64]) {
        let (p, cols) = (self.p, self.observable_columns());
        for r in 0..self.n {
            record(&mut self.oracle, &self.observables, &self.theta[r * p..(r + 1) * p], &self.theta0[r * p..(r + 1) * p], &mut out[r * cols..(r + 1) * cols]);
        }
    }

    /// Advances `k` steps; with `every > 0` (dividing k) records the observables after every
    /// `every`-th step into `out` (frames × n × columns, frame-major).
    pub fn advance(&mut self, k: u64, every: u64, out: &mut [f64]) -> SgdResult<()> {
        if let Some(at) = self.diverged {
            return Err(divergence_error(at, "this run has already diverged; create a new run"));
        }
        if every > 0 && k % every != 0 {
            return Err(SgdError::invalid(format!("every = {every} is not allowed: it must divide steps = {k}")));
        }
        let (p, n) = (self.p, self.n);
        let cols = self.observable_columns();
        let Optimiser { schedule, momentum: beta, convention, weight_decay: wd } = self.optimiser;
        let mut first: Option<Divergence> = None;
        for r in 0..n {
            let theta = &mut self.theta[r * p..(r + 1) * p];
            let v = &mut self.velocity[r * p..(r + 1) * p];
            let mut rng = self.rngs[r];
            for s in 0..k {
                let step = self.steps + s;
                let eta = schedule.rate(step);
                self.oracle.gradient(r, theta, &mut self.g, &mut rng);
                match convention {
                    Convention::Canonical => {
                        for ((t, v), &g) in theta.iter_mut().zip(v.iter_mut()).zip(&self.g) {
                            *v = beta * *v - eta * (g + wd * *t);
                            *t += *v;
                        }
                    }
                    Convention::Buffer => {
                        for ((t, b), &g) in theta.iter_mut().zip(v.iter_mut()).zip(&self.g) {
                            *b = beta * *b + (g + wd * *t);
                            *t -= eta * *b;
                        }
                    }
                }
                if !all_finite(theta) {
                    let at = Divergence { trajectory: self.offset + r as u64, step: step + 1 };
                    if first.map_or(true, |f| at.step < f.step) {
                        first = Some(at);
                    }
                    break;
                }
                if every > 0 && (s + 1) % every == 0 {
                    let frame = ((s + 1) / every - 1) as usize;
                    let o = (frame * n + r) * cols;
                    record(&mut self.oracle, &self.observables, theta, &self.theta0[r * p..(r + 1) * p], &mut out[o..o + cols]);
                }
            }
            self.rngs[r] = rng;
        }
        self.steps += k;
        match first {
            None => Ok(()),
            Some(at) => {
                self.diverged = Some(at);
                Err(divergence_error(at, "the learning rate is too large for the curvature met (gradient descent on a quadratic diverges when learningRate·λ_max > 2; with momentum β when learningRate·λ_max > 2(1 + β))"))
            }
        }
    }
}

fn divergence_error(at: Divergence, why: &str) -> SgdError {
    SgdError {
        code: ErrorCode::Diverged,
        message: format!("replica {} diverged (non-finite parameters) at step {}: {why}", at.trajectory, at.step),
        divergence: Some(at),
    }
}

fn record(oracle: &mut Oracle, obs: &Observables, theta: &[f64], theta0: &[f64], out: &mut [f64]) {
    let mut c = 0;
    if obs.loss {
        out[0] = oracle.loss(theta);
        c = 1;
    }
    let (mut d_ref, mut d_0) = (0.0, 0.0);
    for ((&t, &r), &t0) in theta.iter().zip(&obs.reference).zip(theta0) {
        d_ref += (t - r) * (t - r);
        d_0 += (t - t0) * (t - t0);
    }
    out[c] = d_ref;
    out[c + 1] = d_0;
    let p = theta.len();
    for (j, u) in obs.directions.chunks_exact(p).enumerate() {
        out[c + 2 + j] = theta.iter().zip(&obs.reference).zip(u).map(|((&t, &r), &u)| (t - r) * u).sum();
    }
}
