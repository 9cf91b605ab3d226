/** The reproducibility check shared by the scheme tests: split ensembles and chunked steps. */
import { expect } from 'vitest';
import { simulate, type SimulateOptions } from '../../ts/index.js';

/**
 * Runs 200 trajectories for 150 steps in one call, and again as 70 + 130 trajectories
 * (`trajectoryOffset`) stepped in chunks 1 + 149 and 75 + 75; the positions must agree bit for bit.
 */
export function expectSplitRunsMatchWhole(base: Omit<SimulateOptions, 'nTrajectories' | 'steps' | 'trajectoryOffset'>): void {
  using whole = simulate({ ...base, nTrajectories: 200, steps: 150 });
  using a = simulate({ ...base, nTrajectories: 70 });
  using b = simulate({ ...base, nTrajectories: 130, trajectoryOffset: 70 });
  a.step(1).step(149);
  b.step(75).step(75);
  expect(Float64Array.from([...a.positions(), ...b.positions()])).toEqual(whole.positions());
}
