/** The demo's built-in landscapes (2-D), each with a display box and a sensible temperature. */
export interface Preset {
  label: string;
  factory: string;
  options: Record<string, unknown>;
  box: [[number, number], [number, number]];
  temperature: number;
}

export const PRESETS: Record<string, Preset> = {
  doubleWell: { label: 'double well (x²−1)² + (y²−1)²', factory: 'doubleWell', options: { dim: 2 }, box: [[-2, 2], [-2, 2]], temperature: 0.25 },
  tiltedDoubleWell: { label: 'tilted double well (tilt 0.3)', factory: 'tiltedDoubleWell', options: { dim: 2, tilt: 0.3 }, box: [[-2, 2], [-2, 2]], temperature: 0.3 },
  ring: { label: 'ring ¼‖x‖⁴ − ½‖x‖²', factory: 'ring', options: { dim: 2 }, box: [[-2, 2], [-2, 2]], temperature: 0.1 },
  mullerBrown: { label: 'Müller–Brown (scale 0.05)', factory: 'mullerBrown', options: { scale: 0.05 }, box: [[-1.6, 1.2], [-0.5, 2.1]], temperature: 1 },
  gaussianMixture: {
    label: 'three Gaussian wells + confinement', factory: 'gaussianMixture',
    options: { means: [[-1.5, 0], [1.5, 0], [0, 1.5]], widths: [0.5, 0.7, 0.4], weights: [1, 1.2, 0.8], confinement: 0.2 },
    box: [[-3, 3], [-2.5, 3]], temperature: 0.15,
  },
};

/** Display box for typed formulas. */
export const EXPRESSION_BOX: [[number, number], [number, number]] = [[-2.5, 2.5], [-2.5, 2.5]];
