//! Block summaries of an ensemble for streamed moment reductions: for each block of
//! `block` consecutive trajectories (the last may be shorter),
//! `[count, x̄₀ … x̄_{d−1}, M2₀ … M2_{d−1}]` with `x̄ⱼ = Σᵢ xᵢⱼ / count` and
//! `M2ⱼ = Σᵢ (xᵢⱼ − x̄ⱼ)²` (two passes over the block). The JS side merges blocks in order
//! with Chan, Golub & LeVeque's pairwise update, so results do not depend on how the
//! trajectories were split among workers.

use super::Ensemble;
use crate::error::{SgdError, SgdResult};

impl Ensemble {
    /// Number of f64 that `block_moments` writes for blocks of `block` trajectories.
    pub fn block_moments_len(&self, block: usize) -> usize {
        self.n.div_ceil(block.max(1)) * (1 + 2 * self.d)
    }

    /// Writes the block summaries (see module doc) into `out` (length `block_moments_len`).
    pub fn block_moments(&self, block: usize, out: &mut [f64]) -> SgdResult<()> {
        if block == 0 {
            return Err(SgdError::invalid("block = 0 is not allowed: it must be an integer >= 1"));
        }
        let d = self.d;
        let stride = 1 + 2 * d;
        for (b, summary) in out.chunks_exact_mut(stride).enumerate() {
            let rows = &self.positions[b * block * d..((b + 1) * block).min(self.n) * d];
            let count = (rows.len() / d) as f64;
            summary[0] = count;
            for j in 0..d {
                let mean = rows.iter().skip(j).step_by(d).sum::<f64>() / count;
                let m2 = rows.iter().skip(j).step_by(d).map(|x| (x - mean) * (x - mean)).sum::<f64>();
                summary[1 + j] = mean;
                summary[1 + d + j] = m2;
            }
        }
        Ok(())
    }
}
