//! Minibatch index samplers. Each replica owns one sampler and draws from its own random
//! stream (the RNG contract), so a replica's batches depend only on `(seed, replica index)`.
//!
//! | kind | one step's batch | covariance of g_B (conventions.md) |
//! |---|---|---|
//! | with replacement [0] | B i.i.d. uniform indices | `Σ/B` |
//! | without replacement [1] | a uniform B-subset, fresh every step (independent batches) | `((N−B)/(N−1)) Σ/B` |
//! | random reshuffling [2] | consecutive slices of a permutation redrawn every epoch; the last ⌊N/B⌋·B < N leftover examples of an epoch are dropped | per step as [1]; batches of one epoch are dependent |
//! | full batch [3] | every example once (no random numbers) | 0 |

use crate::error::{SgdError, SgdResult};
use crate::rng::Xoshiro256pp;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SamplerKind {
    WithReplacement,
    WithoutReplacement,
    Reshuffle,
    FullBatch,
}

impl SamplerKind {
    pub fn from_code(code: u32) -> SgdResult<Self> {
        match code {
            0 => Ok(SamplerKind::WithReplacement),
            1 => Ok(SamplerKind::WithoutReplacement),
            2 => Ok(SamplerKind::Reshuffle),
            3 => Ok(SamplerKind::FullBatch),
            _ => Err(SgdError::invalid(format!(
                "sampler = {code} is not allowed: 0 ('with-replacement'), 1 ('without-replacement'), 2 ('reshuffle') or 3 ('full-batch')"
            ))),
        }
    }

    /// Whether the sampler keeps a permutation of the N indices.
    fn needs_permutation(self) -> bool {
        matches!(self, SamplerKind::WithoutReplacement | SamplerKind::Reshuffle)
    }
}

/// A uniform integer in [0, n) (n ≥ 1) by Lemire's multiply-and-reject (exactly uniform;
/// Lemire 2019, "Fast random integer generation in an interval", ACM TOMACS 29(1)).
#[inline(always)]
pub fn below(rng: &mut Xoshiro256pp, n: u64) -> u64 {
    let mut m = rng.next_u64() as u128 * n as u128;
    if (m as u64) < n {
        let threshold = n.wrapping_neg() % n;
        while (m as u64) < threshold {
            m = rng.next_u64() as u128 * n as u128;
        }
    }
    (m >> 64) as u64
}

/// One replica's sampler state.
#[derive(Clone, Debug)]
pub struct BatchSampler {
    kind: SamplerKind,
    n: u32,
    batch: u32,
    /// The permutation (kinds 1 and 2), empty otherwise.
    perm: Vec<u32>,
    /// Reshuffling: where the next batch starts in `perm` (0 = draw a new epoch).
    pos: u32,
}

impl BatchSampler {
    /// Checks `(kind, n, batch)`: 1 ≤ B ≤ N (and B = N for the full batch is implied).
    pub fn check(kind: SamplerKind, n: usize, batch: usize) -> SgdResult<usize> {
        if n == 0 || n > u32::MAX as usize {
            return Err(SgdError::invalid(format!("the data set has N = {n} examples: it must have 1 <= N < 2^32")));
        }
        match kind {
            SamplerKind::FullBatch => Ok(n),
            SamplerKind::WithReplacement if batch >= 1 => Ok(batch),
            _ if batch >= 1 && batch <= n => Ok(batch),
            _ => Err(SgdError::invalid(format!(
                "batchSize = {batch} is not allowed: it must be an integer in [1, {n}] (N = {n}){}",
                if kind == SamplerKind::WithReplacement { "" } else { " without replacement" }
            ))),
        }
    }

    /// Memory (u32 entries) a sampler of this kind keeps.
    pub fn state_len(kind: SamplerKind, n: usize) -> usize {
        if kind.needs_permutation() { n } else { 0 }
    }

    pub fn new(kind: SamplerKind, n: usize, batch: usize) -> SgdResult<Self> {
        let batch = Self::check(kind, n, batch)?;
        let mut perm = Vec::new();
        if kind.needs_permutation() {
            perm.try_reserve_exact(n).map_err(|_| SgdError::invalid(format!("cannot allocate a permutation of N = {n} indices")))?;
            perm.extend(0..n as u32);
        }
        Ok(BatchSampler { kind, n: n as u32, batch: batch as u32, perm, pos: 0 })
    }

    pub fn batch_size(&self) -> usize {
        self.batch as usize
    }

    /// Writes the next batch's indices into `out` (B entries).
    #[inline]
    pub fn next(&mut self, rng: &mut Xoshiro256pp, out: &mut [u32]) {
        let (n, b) = (self.n as usize, self.batch as usize);
        match self.kind {
            SamplerKind::WithReplacement => out.iter_mut().for_each(|o| *o = below(rng, n as u64) as u32),
            SamplerKind::FullBatch => out.iter_mut().enumerate().for_each(|(i, o)| *o = i as u32),
            SamplerKind::WithoutReplacement => {
                // Partial Fisher–Yates: the first B entries become a uniform ordered B-sample
                // (whatever permutation `perm` held before).
                for j in 0..b {
                    let k = j + below(rng, (n - j) as u64) as usize;
                    self.perm.swap(j, k);
                }
                out.copy_from_slice(&self.perm[..b]);
            }
            SamplerKind::Reshuffle => {
                if self.pos == 0 {
                    for i in (1..n).rev() {
                        let k = below(rng, (i + 1) as u64) as usize;
                        self.perm.swap(i, k);
                    }
                }
                let start = self.pos as usize;
                out.copy_from_slice(&self.perm[start..start + b]);
                self.pos = if start + 2 * b > n { 0 } else { (start + b) as u32 };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::stream_for;

    #[test]
    fn samplers_draw_valid_batches() {
        let mut rng = stream_for(1, 0);
        let mut out = vec![0u32; 3];
        let mut s = BatchSampler::new(SamplerKind::Reshuffle, 7, 3).unwrap();
        // an epoch = 2 batches of 3 distinct indices (one left over)
        for _ in 0..5 {
            let mut seen = [false; 7];
            for _ in 0..2 {
                s.next(&mut rng, &mut out);
                for &i in &out {
                    assert!(!seen[i as usize]);
                    seen[i as usize] = true;
                }
            }
        }
        let mut s = BatchSampler::new(SamplerKind::WithoutReplacement, 5, 3).unwrap();
        for _ in 0..50 {
            s.next(&mut rng, &mut out);
            assert!(out[0] != out[1] && out[1] != out[2] && out[0] != out[2] && out.iter().all(|&i| i < 5));
        }
        assert!(BatchSampler::new(SamplerKind::WithoutReplacement, 5, 6).is_err());
        assert!(BatchSampler::new(SamplerKind::WithReplacement, 5, 0).is_err());
        assert!(BatchSampler::new(SamplerKind::WithReplacement, 5, 9).is_ok());
        assert!(SamplerKind::from_code(4).is_err());
        let mut counts = [0u32; 3];
        for _ in 0..30_000 {
            counts[below(&mut rng, 3) as usize] += 1;
        }
        // each count ~ Binomial(30000, 1/3): sd ≈ 81.6; 5 sd
        assert!(counts.iter().all(|&c| (c as f64 - 10_000.0).abs() < 5.0 * 81.65), "{counts:?}");
    }
}
