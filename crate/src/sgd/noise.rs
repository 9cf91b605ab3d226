//! The m-minibatch estimator of the minibatch-gradient covariance: draw m batches with a
//! sampler (stream `stream` of `seed`, as an SGD replica would), and return their sample
//! covariance
//!
//! `Ŝ = (1/(m − 1)) Σⱼ (g_{Bⱼ} − ḡ)(g_{Bⱼ} − ḡ)ᵀ`, `ḡ = (1/m) Σⱼ g_{Bⱼ}`,
//!
//! an unbiased estimate of `Cov g_B` = `Σ/B` (with replacement) or `((N−B)/(N−1)) Σ/B`
//! (without replacement), for independent batches (not for reshuffling, whose batches
//! within an epoch are dependent).

use super::objective::Objective;
use super::sampler::{BatchSampler, SamplerKind};
use crate::error::{SgdError, SgdResult};
use crate::rng::stream_for;

pub fn minibatch_covariance_estimate(objective: &Objective, theta: &[f64], kind: SamplerKind, batch: usize, m: usize, seed: u64, stream: u64) -> SgdResult<Vec<f64>> {
    let p = objective.params();
    if p > super::objective::MAX_DENSE_PARAMS {
        return Err(SgdError::invalid(format!("minibatchEstimate: p = {p} exceeds {}", super::objective::MAX_DENSE_PARAMS)));
    }
    if !matches!(kind, SamplerKind::WithReplacement | SamplerKind::WithoutReplacement) {
        return Err(SgdError::invalid("sampler is not allowed here: the estimator needs independent batches ('with-replacement' or 'without-replacement')"));
    }
    if m < 2 {
        return Err(SgdError::invalid(format!("batches = {m} is not allowed: it must be an integer >= 2")));
    }
    let mut sampler = BatchSampler::new(kind, objective.examples(), batch)?;
    let mut rng = stream_for(seed, stream);
    let mut ws = objective.workspace();
    let mut idx = vec![0u32; sampler.batch_size()];
    let (mut mean, mut g, mut m2) = (vec![0.0; p], vec![0.0; p], vec![0.0; p * p]);
    // Welford's update of the mean and the co-moment matrix.
    for j in 0..m {
        sampler.next(&mut rng, &mut idx);
        objective.batch_gradient(theta, &idx, &mut g, &mut ws);
        let w = 1.0 / (j + 1) as f64;
        let delta: Vec<f64> = g.iter().zip(&mean).map(|(g, m)| g - m).collect();
        mean.iter_mut().zip(&delta).for_each(|(m, d)| *m += w * d);
        for a in 0..p {
            let da = delta[a];
            for b in 0..p {
                m2[a * p + b] += da * (g[b] - mean[b]);
            }
        }
    }
    let inv = 1.0 / (m - 1) as f64;
    for a in 0..p {
        for b in 0..a {
            let s = 0.5 * (m2[a * p + b] + m2[b * p + a]) * inv;
            m2[a * p + b] = s;
            m2[b * p + a] = s;
        }
        m2[a * p + a] *= inv;
    }
    Ok(m2)
}
