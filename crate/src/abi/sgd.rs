//! Exports of `crate::sgd`: data objectives (per-example gradients, Hessians, the noise
//! covariance), minibatch samplers and SGD runs. Objectives are also landscapes: the
//! `sgd_landscape_*` evaluations (value, gradient, Hessian, HVP of L) accept their handles.

use std::rc::Rc;

use super::{count, f64s, f64s_mut, handle_or_zero, seed_of, status, with_table};
use crate::error::{require_finite, SgdError, SgdResult};
use crate::sgd::models::{Activation, Linear, Mlp, Model, Parameterisation, Thesis};
use crate::sgd::run::{Optimiser, Oracle, SgdRun};
use crate::sgd::sampler::{BatchSampler, SamplerKind};
use crate::sgd::schedule::Schedule;
use crate::sgd::{noise, Normalisation, Objective, OutputLoss};
use super::handles::Object;

pub(super) fn insert_objective(o: SgdResult<Objective>) -> u32 {
    handle_or_zero(o.and_then(|o| with_table(|t| t.insert(Object::Objective(Rc::new(o))))))
}

fn config_usize(config: &[f64], i: usize, name: &str, min: usize) -> SgdResult<usize> {
    let v = config[i];
    if v.is_finite() && v.fract() == 0.0 && v >= min as f64 && v <= (1u64 << 31) as f64 {
        Ok(v as usize)
    } else {
        Err(SgdError::invalid(format!("{name} = {v} is not allowed: it must be an integer >= {min}")))
    }
}

fn model_of(kind: u32, config: &[f64]) -> SgdResult<Box<dyn Model>> {
    let need = |len: usize, what: &str| {
        if config.len() == len {
            Ok(())
        } else {
            Err(SgdError::invalid(format!("model config has {} entries: {what} needs {len}", config.len())))
        }
    };
    match kind {
        0 => {
            need(3, "linear [inputs, outputs, bias]")?;
            Ok(Box::new(Linear::new(config_usize(config, 0, "inputs", 1)?, config_usize(config, 1, "outputs", 1)?, config[2] != 0.0)?))
        }
        1 => {
            need(0, "thesis []")?;
            Ok(Box::new(Thesis))
        }
        2 => {
            need(5, "mlp [inputs, hidden, outputs, activation, parameterisation]")?;
            let code = |v: f64| if v.fract() == 0.0 && (0.0..8.0).contains(&v) { v as u32 } else { 99 };
            let activation = match code(config[3]) {
                0 => Activation::Tanh,
                1 => Activation::Relu,
                2 => Activation::Identity,
                a => return Err(SgdError::invalid(format!("activation = {a} is not allowed: 0 ('tanh'), 1 ('relu') or 2 ('identity')"))),
            };
            let parameterisation = match code(config[4]) {
                0 => Parameterisation::Standard,
                1 => Parameterisation::Ntk,
                2 => Parameterisation::MeanField,
                a => return Err(SgdError::invalid(format!("parameterisation = {a} is not allowed: 0 ('standard'), 1 ('ntk') or 2 ('mean-field')"))),
            };
            let (d, h, k) = (config_usize(config, 0, "inputs", 1)?, config_usize(config, 1, "hidden", 1)?, config_usize(config, 2, "outputs", 1)?);
            if (h as u64) * (d as u64 + k as u64 + 1) + k as u64 > 1 << 24 {
                return Err(SgdError::invalid(format!("an MLP with inputs = {d}, hidden = {h}, outputs = {k} has more than 2^24 parameters")));
            }
            Ok(Box::new(Mlp::new(d, h, k, activation, parameterisation)?))
        }
        _ => Err(SgdError::invalid(format!("model = {kind} is not allowed: 0 (linear), 1 (thesis) or 2 (mlp)"))),
    }
}

/// A data objective: `model` (0 linear, 1 thesis, 2 MLP) with its `config`, `loss`
/// (0 squared, 1 logistic, 2 softmax cross-entropy), `normalisation` (0 half-mean, 1 mean,
/// 2 sum), L2 coefficient `l2`, inputs `x` (N × inputs) and labels `y`.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn sgd_objective_create(model: u32, config: *const f64, config_len: usize, loss: u32, normalisation: u32, l2: f64, x: *const f64, x_len: usize, y: *const f64, y_len: usize) -> u32 {
    insert_objective((|| {
        let config = f64s(config, config_len, "model config")?;
        require_finite("model config", config)?;
        let m = model_of(model, config)?;
        Objective::new(m, OutputLoss::from_code(loss)?, f64s(x, x_len, "x")?, f64s(y, y_len, "y")?, Normalisation::from_code(normalisation)?, l2)
    })())
}

fn theta_of(o: &Objective, theta: *const f64) -> SgdResult<Vec<f64>> {
    let t = f64s(theta, o.params(), "theta")?.to_vec();
    require_finite("theta", &t)?;
    Ok(t)
}

/// Per-example gradients `gᵢ` (N × p) and per-example terms `Lᵢ` (N); `L = mean Lᵢ`.
#[no_mangle]
pub extern "C" fn sgd_objective_per_example(handle: u32, theta: *const f64, grads: *mut f64, losses: *mut f64) -> i32 {
    status((|| {
        let o = with_table(|t| t.objective(handle))?;
        let th = theta_of(&o, theta)?;
        let (n, p) = (o.examples(), o.params());
        let len = n.checked_mul(p).filter(|&l| l <= 1 << 27).ok_or_else(|| SgdError::invalid(format!("N·p = {n}·{p} per-example gradients are too many (limit 2^27)")))?;
        let mut g = vec![0.0; len];
        let mut l = vec![0.0; n];
        o.per_example(&th, &mut g, &mut l);
        f64s_mut(grads, len, "gradients")?.copy_from_slice(&g);
        f64s_mut(losses, n, "losses")?.copy_from_slice(&l);
        Ok(())
    })())
}

/// The Hessian of the per-example term `Lᵢ` (p × p).
#[no_mangle]
pub extern "C" fn sgd_objective_example_hessian(handle: u32, theta: *const f64, index: f64, out: *mut f64) -> i32 {
    status((|| {
        let o = with_table(|t| t.objective(handle))?;
        let th = theta_of(&o, theta)?;
        let i = count("index", index)? as usize;
        let h = o.example_hessian(&th, i)?;
        f64s_mut(out, h.len(), "out")?.copy_from_slice(&h);
        Ok(())
    })())
}

/// `Σ(θ)` (p × p) and `∇L(θ)` (p).
#[no_mangle]
pub extern "C" fn sgd_objective_noise_covariance(handle: u32, theta: *const f64, sigma: *mut f64, gradient: *mut f64) -> i32 {
    status((|| {
        let o = with_table(|t| t.objective(handle))?;
        let th = theta_of(&o, theta)?;
        let (s, g) = o.noise_covariance(&th)?;
        f64s_mut(sigma, s.len(), "sigma")?.copy_from_slice(&s);
        f64s_mut(gradient, g.len(), "gradient")?.copy_from_slice(&g);
        Ok(())
    })())
}

/// `out = (1/√N) Σᵢ zᵢ (gᵢ − ∇L)` (p) for `z` (N): the noise-covariance factor applied to z
/// (`F Fᵀ = Σ(θ)`; see `Objective::noise_factor_apply`).
#[no_mangle]
pub extern "C" fn sgd_objective_noise_factor_apply(handle: u32, theta: *const f64, z: *const f64, out: *mut f64) -> i32 {
    status((|| {
        let o = with_table(|t| t.objective(handle))?;
        let th = theta_of(&o, theta)?;
        let z = f64s(z, o.examples(), "z")?.to_vec();
        require_finite("z", &z)?;
        let p = o.params();
        let (mut v, mut mean) = (vec![0.0; p], vec![0.0; p]);
        o.noise_factor_apply(&th, &z, 1.0, &mut v, &mut mean, &mut o.workspace());
        f64s_mut(out, p, "out")?.copy_from_slice(&v);
        Ok(())
    })())
}

/// The Gauss–Newton matrix `c Σᵢ Jᵢᵀ Mᵢ Jᵢ + λI` (p × p).
#[no_mangle]
pub extern "C" fn sgd_objective_gauss_newton(handle: u32, theta: *const f64, out: *mut f64) -> i32 {
    status((|| {
        let o = with_table(|t| t.objective(handle))?;
        let th = theta_of(&o, theta)?;
        let g = o.dense_hessian(&th, true)?;
        f64s_mut(out, g.len(), "out")?.copy_from_slice(&g);
        Ok(())
    })())
}

/// `(1/B) Σ_{i∈batch} gᵢ` for the B indices in `indices` (integral f64, repeats allowed).
#[no_mangle]
pub extern "C" fn sgd_objective_batch_gradient(handle: u32, theta: *const f64, indices: *const f64, b: usize, out: *mut f64) -> i32 {
    status((|| {
        let o = with_table(|t| t.objective(handle))?;
        let th = theta_of(&o, theta)?;
        if b == 0 {
            return Err(SgdError::invalid("indices is empty: a batch needs at least one example index"));
        }
        let idx = f64s(indices, b, "indices")?
            .iter()
            .enumerate()
            .map(|(j, &v)| {
                if v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v < o.examples() as f64 {
                    Ok(v as u32)
                } else {
                    Err(SgdError::invalid(format!("indices[{j}] = {v} is not allowed: it must be an integer in [0, {}]", o.examples() - 1)))
                }
            })
            .collect::<SgdResult<Vec<u32>>>()?;
        let mut g = vec![0.0; o.params()];
        o.batch_gradient(&th, &idx, &mut g, &mut o.workspace());
        f64s_mut(out, g.len(), "out")?.copy_from_slice(&g);
        Ok(())
    })())
}

/// The m-minibatch estimate of the minibatch-gradient covariance (p × p); see `sgd::noise`.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn sgd_objective_minibatch_estimate(handle: u32, theta: *const f64, sampler: u32, batch: usize, m: usize, seed_lo: u32, seed_hi: u32, stream: f64, out: *mut f64) -> i32 {
    status((|| {
        let o = with_table(|t| t.objective(handle))?;
        let th = theta_of(&o, theta)?;
        let s = noise::minibatch_covariance_estimate(&o, &th, SamplerKind::from_code(sampler)?, batch, m, seed_of(seed_lo, seed_hi), count("stream", stream)?)?;
        f64s_mut(out, s.len(), "out")?.copy_from_slice(&s);
        Ok(())
    })())
}

/// Model outputs at m inputs (m × inputs) into `out` (m × outputs).
#[no_mangle]
pub extern "C" fn sgd_objective_predict(handle: u32, theta: *const f64, m: usize, xs: *const f64, out: *mut f64) -> i32 {
    status((|| {
        let o = with_table(|t| t.objective(handle))?;
        let th = theta_of(&o, theta)?;
        let (d, k) = (o.model().inputs(), o.model().outputs());
        let x = f64s(xs, m.checked_mul(d).ok_or_else(|| SgdError::invalid("m × inputs overflows"))?, "x")?.to_vec();
        require_finite("x", &x)?;
        let mut f = vec![0.0; m * k];
        o.predict(&th, &x, &mut f);
        f64s_mut(out, f.len(), "out")?.copy_from_slice(&f);
        Ok(())
    })())
}

/// `count` consecutive batches (count × B indices, as f64) of a sampler over N examples,
/// drawn from stream `stream` of `seed` exactly as SGD replica `stream` draws them.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn sgd_sampler_batches(sampler: u32, n: usize, batch: usize, seed_lo: u32, seed_hi: u32, stream: f64, batches: usize, out: *mut f64) -> i32 {
    status((|| {
        let kind = SamplerKind::from_code(sampler)?;
        let mut s = BatchSampler::new(kind, n, batch)?;
        let b = s.batch_size();
        let len = batches.checked_mul(b).filter(|&l| l <= 1 << 26).ok_or_else(|| SgdError::invalid(format!("batches·B = {batches}·{b} is too many (limit 2^26)")))?;
        let mut rng = crate::rng::stream_for(seed_of(seed_lo, seed_hi), count("stream", stream)?);
        let mut idx = vec![0u32; b];
        let out = f64s_mut(out, len, "out")?;
        for chunk in out.chunks_exact_mut(b) {
            s.next(&mut rng, &mut idx);
            chunk.iter_mut().zip(&idx).for_each(|(o, &i)| *o = i as f64);
        }
        Ok(())
    })())
}

/// Optimiser settings `[learningRate, momentum, convention (0 canonical, 1 buffer),
/// weightDecay, schedule kind, schedule p1, schedule p2, warmup]`.
fn optimiser_of(config: *const f64, len: usize) -> SgdResult<Optimiser> {
    let c = f64s(config, len, "optimiser")?;
    if c.len() != 8 {
        return Err(SgdError::invalid(format!("optimiser has {} entries: it needs 8", c.len())));
    }
    let kind = if c[4].fract() == 0.0 && (0.0..5.0).contains(&c[4]) { c[4] as u32 } else { 99 };
    let convention = if c[2] == 0.0 || c[2] == 1.0 { c[2] as u32 } else { 99 };
    Optimiser::new(Schedule::new(c[0], kind, c[5], c[6], c[7])?, c[1], convention, c[3])
}

fn insert_run(r: SgdResult<SgdRun>) -> u32 {
    handle_or_zero(r.and_then(|r| with_table(|t| t.insert(Object::SgdRun(Box::new(r))))))
}

/// SGD on a data objective: n replicas (global indices `offset..offset+n`) from `x0`
/// (p or n·p entries), batches from `sampler` of size `batch`.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn sgd_run_create(objective: u32, sampler: u32, batch: usize, n: usize, offset: f64, seed_lo: u32, seed_hi: u32, x0: *const f64, x0_len: usize, optimiser: *const f64, optimiser_len: usize) -> u32 {
    insert_run((|| {
        let o = with_table(|t| t.objective(objective))?;
        let opt = optimiser_of(optimiser, optimiser_len)?;
        let oracle = Oracle::data(o, SamplerKind::from_code(sampler)?, batch, n)?;
        SgdRun::new(oracle, opt, n, count("replicaOffset", offset)?, seed_of(seed_lo, seed_hi), f64s(x0, x0_len, "x0")?)
    })())
}

/// SGD with Gaussian gradient noise on `½(θ−θ*)ᵀH(θ−θ*)`: `g = H(θ − θ*) + ξ`, ξ ~ N(0, Σ/B).
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn sgd_run_create_quadratic(p: usize, hessian: *const f64, centre: *const f64, sigma: *const f64, batch: f64, n: usize, offset: f64, seed_lo: u32, seed_hi: u32, x0: *const f64, x0_len: usize, optimiser: *const f64, optimiser_len: usize) -> u32 {
    insert_run((|| {
        if p == 0 || p > 1024 {
            return Err(SgdError::invalid(format!("dimension = {p} is not allowed: it must be in [1, 1024]")));
        }
        let opt = optimiser_of(optimiser, optimiser_len)?;
        let oracle = Oracle::gaussian_quadratic(p, f64s(hessian, p * p, "hessian")?, f64s(centre, p, "centre")?, f64s(sigma, p * p, "noiseCovariance")?, batch)?;
        SgdRun::new(oracle, opt, n, count("replicaOffset", offset)?, seed_of(seed_lo, seed_hi), f64s(x0, x0_len, "x0")?)
    })())
}

/// Sets the recorded observables (see `sgd::run::Observables`); returns the column count, or
/// minus the error status.
#[no_mangle]
pub extern "C" fn sgd_run_set_observables(handle: u32, loss: u32, reference: *const f64, reference_len: usize, directions: *const f64, directions_len: usize) -> i32 {
    let r = (|| {
        let reference = f64s(reference, reference_len, "reference")?.to_vec();
        let directions = f64s(directions, directions_len, "directions")?.to_vec();
        with_table(|t| {
            let run = t.sgd_run(handle)?;
            run.set_observables(loss != 0, &reference, &directions)?;
            Ok(run.observable_columns() as i32)
        })
    })();
    match r {
        Ok(c) => {
            status(Ok(()));
            c
        }
        Err(e) => -status(Err(e)),
    }
}

/// Advances `k` steps, recording observables every `every` steps (0 = never) into `out`
/// (`out_len` must be (k/every) × n × columns).
#[no_mangle]
pub extern "C" fn sgd_run_advance(handle: u32, k: f64, every: f64, out: *mut f64, out_len: usize) -> i32 {
    status((|| {
        let k = count("steps", k)?;
        let every = count("every", every)?;
        with_table(|t| {
            let run = t.sgd_run(handle)?;
            let frames = if every == 0 { 0 } else { k / every };
            let want = (frames as usize).checked_mul(run.replicas() * run.observable_columns()).unwrap_or(usize::MAX);
            if out_len != want {
                return Err(SgdError::invalid(format!("out has {out_len} entries: it must hold frames × replicas × columns = {want}")));
            }
            let out = f64s_mut(out, want, "out")?;
            run.advance(k, every, out)
        })
    })())
}

/// The observables now (n × columns).
#[no_mangle]
pub extern "C" fn sgd_run_observe(handle: u32, out: *mut f64) -> i32 {
    status(with_table(|t| {
        let run = t.sgd_run(handle)?;
        let len = run.replicas() * run.observable_columns();
        run.observe(f64s_mut(out, len, "out")?);
        Ok(())
    }))
}

/// Copies the n × p parameters (`which` = 0) or velocities (1) into `out`.
#[no_mangle]
pub extern "C" fn sgd_run_state(handle: u32, which: u32, out: *mut f64) -> i32 {
    status(with_table(|t| {
        let run = t.sgd_run(handle)?;
        let src = match which {
            0 => run.positions(),
            1 => run.velocities(),
            _ => return Err(SgdError::invalid(format!("which = {which} is not allowed: 0 (parameters) or 1 (velocities)"))),
        };
        f64s_mut(out, src.len(), "out")?.copy_from_slice(src);
        Ok(())
    }))
}

/// Steps done so far, or −1 (with the last error set) for a bad handle.
#[no_mangle]
pub extern "C" fn sgd_run_steps_done(handle: u32) -> f64 {
    match with_table(|t| t.sgd_run(handle).map(|r| r.steps_done())) {
        Ok(s) => s as f64,
        Err(e) => {
            status(Err(e));
            -1.0
        }
    }
}
