/** Messages between the demo page (demo/main.ts) and its simulation worker (demo/worker.ts). */

/** Which landscape: a built-in preset by name, or a formula in x and y. */
export type LandscapeChoice = { preset: string } | { expression: string };

/** What the page asks for: a fresh ensemble on this landscape with these settings. */
export interface RunSettings {
  landscape: LandscapeChoice;
  temperature: number;
  integrator: string;
  nTrajectories: number;
  dt: number;
  seed: number;
}

export type ToWorker =
  | { type: 'configure'; settings: RunSettings }
  | { type: 'run' }
  | { type: 'pause' };

/** The landscape on the display grid and the stationary x-marginal to compare with. */
export interface LandscapeMessage {
  type: 'landscape';
  /** A label of what is shown (preset name or the formula). */
  label: string;
  /** Display box [[x0, x1], [y0, y1]]. */
  box: [[number, number], [number, number]];
  /** U on an nx × ny grid of cell centres, x fastest. */
  nx: number;
  ny: number;
  values: Float64Array;
  /** Gibbs x-marginal p(x) ∝ ∫ e^{−U(x,y)/T} dy on the same x centres (midpoint rule over the box), normalised on the box. */
  marginal: Float64Array;
  /** The start point of every trajectory (lowest grid point in the left half of the box). */
  start: [number, number];
  /** Escape threshold: a trajectory has escaped once x > this. */
  escapeX: number;
}

export interface FrameMessage {
  type: 'frame';
  step: number;
  time: number;
  nTrajectories: number;
  /** Row-major n × 2. */
  positions: Float64Array;
  /** Trajectories that have reached x > escapeX at least once. */
  escaped: number;
  /** Fraction now at x > escapeX. */
  rightFraction: number;
  /** Trajectory-steps per second of the last batch. */
  rate: number;
}

/** A problem: `field` says which input it belongs to ('expression' errors are shown under the box). */
export interface ErrorMessage {
  type: 'error';
  field: 'expression' | 'settings' | 'run';
  message: string;
}

export type FromWorker = LandscapeMessage | FrameMessage | ErrorMessage | { type: 'ready'; version: string };
