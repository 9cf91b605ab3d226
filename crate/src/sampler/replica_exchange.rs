//! Replica exchange / parallel tempering (Swendsen & Wang 1986; Geyer 1991; Earl & Deem 2005,
//! PCCP 7 review). Trajectories form groups of R consecutive replicas (global index
//! `i = R·g + r`); replica r of every group runs the ensemble's scheme (Euler–Maruyama or MALA)
//! at temperature `T_r` of the strictly increasing ladder `T₀ < T₁ < … < T_{R−1}`. After every
//! global step that is a multiple of M, each group proposes swaps between neighbours
//! `(r, r+1)` — the even pairs on even swap rounds, the odd pairs on odd rounds
//! ("deterministic even–odd", Lingenheil et al. 2009) — and accepts each with the Metropolis
//! probability
//!
//! `min(1, exp((1/T_r − 1/T_{r+1}) (U(x_r) − U(x_{r+1}))))`,
//!
//! which leaves the product `Π_r exp(−U(x_r)/T_r)` invariant (detailed balance of the swap).
//! A swap exchanges positions (and the scheme's carried gradient and U value); temperatures
//! stay with the replica slots, so slot 0 samples the T₀ marginal. Each group's swap
//! decisions use its own stream, `stream_for(seed ⊕ SWAP_DOMAIN, global group index)` (one
//! uniform per proposed pair), so results do not depend on how trajectories are split
//! (splits must be at group boundaries) or chunked. Counts of proposed and accepted swaps are
//! kept per pair, summed over groups.

use crate::error::{SgdError, SgdResult};
use crate::rng::{stream_for, Xoshiro256pp};
use crate::sde::Block;

/// Separates the swap streams' key from the trajectory streams' key (ASCII "SWAPSTRM").
const SWAP_DOMAIN: u64 = 0x5357_4150_5354_524D;

/// The swap state; the ladder itself is the ensemble's `ladder` (read by the kernel's block).
pub struct ReplicaExchange {
    replicas: usize,
    swap_every: u64,
    /// One swap stream per group of this ensemble.
    streams: Vec<Xoshiro256pp>,
    /// Per neighbour pair (R − 1): swaps proposed and accepted, over all groups.
    proposed: Vec<u64>,
    accepted: Vec<u64>,
}

impl ReplicaExchange {
    /// Checks the ladder (2 ≤ R ≤ 64 finite temperatures, `0 < T₀ < T₁ < …`), `swap_every ≥ 1`,
    /// and that the ensemble (n trajectories from global index `offset`) is whole groups.
    pub fn new(ladder: &[f64], swap_every: u64, seed: u64, n: usize, offset: u64) -> SgdResult<Self> {
        let r = ladder.len();
        if !(2..=crate::sde::BLOCK).contains(&r) {
            return Err(SgdError::invalid(format!("replicaExchange.temperatures has {r} entries: it must have between 2 and {}", crate::sde::BLOCK)));
        }
        crate::error::require_finite("replicaExchange.temperatures", ladder)?;
        if !(ladder[0] > 0.0) {
            return Err(SgdError::invalid(format!("replicaExchange.temperatures[0] = {} is not allowed: every temperature must be > 0", ladder[0])));
        }
        for i in 1..r {
            if !(ladder[i] > ladder[i - 1]) {
                return Err(SgdError::invalid(format!(
                    "replicaExchange.temperatures[{i}] = {} is not allowed: the ladder must be strictly increasing (temperatures[{}] = {})",
                    ladder[i],
                    i - 1,
                    ladder[i - 1]
                )));
            }
        }
        if swap_every < 1 {
            return Err(SgdError::invalid(format!("replicaExchange.swapEvery = {swap_every} is not allowed: it must be an integer >= 1")));
        }
        if n % r != 0 || offset % r as u64 != 0 {
            return Err(SgdError::invalid(format!(
                "nTrajectories = {n} and trajectoryOffset = {offset} are not allowed with a ladder of {r} temperatures: both must be multiples of {r} (whole replica groups)"
            )));
        }
        let first = offset / r as u64;
        let streams = (0..(n / r) as u64).map(|g| stream_for(seed ^ SWAP_DOMAIN, first + g)).collect();
        Ok(ReplicaExchange { replicas: r, swap_every, streams, proposed: vec![0; r - 1], accepted: vec![0; r - 1] })
    }

    /// Trajectories per kernel block: whole groups only.
    pub(crate) fn block_len(&self, block: usize) -> usize {
        block / self.replicas * self.replicas
    }

    /// Proposed and accepted swaps per neighbour pair.
    pub fn counts(&self) -> (&[u64], &[u64]) {
        (&self.proposed, &self.accepted)
    }

    /// After global step `step` (1-based): if it is a swap step, proposes the round's swaps in
    /// every group of the block (whose first trajectory is local index `start`).
    pub(crate) fn after_step(&mut self, block: &mut Block, start: usize, step: u64) {
        if step % self.swap_every != 0 {
            return;
        }
        let parity = ((step / self.swap_every - 1) % 2) as usize;
        let r = self.replicas;
        let Some(ladder) = block.ladder else { return };
        let d = block.d;
        for t in 0..block.m {
            block.value[t] = block.landscape.value(&block.xs[t * d..(t + 1) * d]);
        }
        for g in 0..block.m / r {
            let stream = &mut self.streams[start / r + g];
            for p in (parity..r - 1).step_by(2) {
                let (a, b) = (g * r + p, g * r + p + 1);
                let log_alpha = (1.0 / ladder[p] - 1.0 / ladder[p + 1]) * (block.value[a] - block.value[b]);
                self.proposed[p] += 1;
                if stream.uniform() < log_alpha.exp() {
                    self.accepted[p] += 1;
                    swap_rows(block.xs, a, b, d);
                    swap_rows(block.gradient, a, b, d);
                    block.value.swap(a, b);
                }
            }
        }
    }
}

fn swap_rows(v: &mut [f64], a: usize, b: usize, d: usize) {
    let (lo, hi) = v.split_at_mut(b * d);
    lo[a * d..(a + 1) * d].swap_with_slice(&mut hi[..d]);
}
