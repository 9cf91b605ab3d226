/**
 * The `landscape` entry of a CLI config: a built-in by name with its options, or a formula.
 *
 * ```json
 * "landscape": "doubleWell"
 * "landscape": { "name": "doubleWell", "options": { "dim": 2, "barrierHeight": 1 } }
 * "landscape": { "expression": "(x^2-1)^2 + 0.5*y^2", "variables": ["x", "y"], "parameters": {} }
 * ```
 * Each option is checked here (type and range, with its key path); the library re-checks
 * the rest (e.g. that a Hessian is positive definite) and its message is reported under the
 * same path.
 */
import { SgdynError, landscapes, thesisData, type Landscape } from '../index.js';
import { ConfigError, ConfigValue, type ConfigObject } from './config.js';

type OptionReader = (o: ConfigObject) => Record<string, unknown>;

/** Reads the listed optional keys with their rules. */
const optional = (o: ConfigObject, read: Record<string, (v: ConfigValue) => unknown>): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const [key, reader] of Object.entries(read)) if (o.has(key)) out[key] = reader(o.get(key));
  return out;
};

const dim = (min: number) => (v: ConfigValue) => v.number({ integer: true, min });
const positive = (v: ConfigValue) => v.number({ above: 0 });
const finite = (v: ConfigValue) => v.number();
const doubleWellKeys = { dim: dim(1), barrierHeight: positive, wellCurvature: positive };

/** Built-in landscapes: their option keys and readers. */
export const BUILT_INS: Record<string, { keys: readonly string[]; read: OptionReader; summary: string }> = {
  doubleWell: { keys: ['dim', 'barrierHeight', 'wellCurvature'], read: (o) => optional(o, doubleWellKeys), summary: 'Σ h((xᵢ/a)² − 1)² (default (x² − 1)²)' },
  tiltedDoubleWell: {
    keys: ['dim', 'barrierHeight', 'wellCurvature', 'tilt'],
    read: (o) => ({ ...optional(o, doubleWellKeys), tilt: o.required('tilt', 'a finite number c in U + c·x').number() }),
    summary: 'double well + tilt·x',
  },
  ring: { keys: ['dim'], read: (o) => optional(o, { dim: dim(1) }), summary: '¼‖x‖⁴ − ½‖x‖²' },
  quadratic: {
    keys: ['hessian', 'centre'],
    read: (o) => ({ hessian: o.required('hessian', 'a d×d symmetric positive-definite matrix (rows)').rows(), ...optional(o, { centre: (v) => v.numbers() }) }),
    summary: '½(x − c)ᵀH(x − c)',
  },
  mullerBrown: { keys: ['scale'], read: (o) => optional(o, { scale: positive }), summary: 'Müller–Brown (d = 2)' },
  rosenbrock: { keys: ['dim', 'a', 'b'], read: (o) => optional(o, { dim: dim(2), a: finite, b: positive }), summary: 'Σ b(xᵢ₊₁ − xᵢ²)² + (a − xᵢ)²' },
  multiWell: {
    keys: ['minima', 'depths', 'curvatures', 'dim'],
    read: (o) => ({
      minima: o.required('minima', 'the positions of the wells').numbers(),
      depths: o.required('depths', 'one depth per well').numbers(),
      curvatures: o.required('curvatures', 'one curvature > 0 per well').numbers(),
      ...optional(o, { dim: dim(1) }),
    }),
    summary: 'parabolic wells joined by smoothsteps',
  },
  gaussianMixture: {
    keys: ['means', 'widths', 'weights', 'confinement', 'dim'],
    read: (o) => {
      const means = o.required('means', 'K centres (rows of length d)');
      return {
        means: Array.isArray((means.value as unknown[])?.[0]) ? means.rows() : means.numbers(),
        widths: o.required('widths', 'σ > 0: one number or one per well').numberOrNumbers(),
        ...optional(o, { weights: (v) => v.numberOrNumbers(), confinement: positive, dim: dim(1) }),
      };
    },
    summary: '−Σ wₖ exp(−‖x − μₖ‖²/2σₖ²) + (c/2)‖x‖²',
  },
  thesisModel: {
    keys: ['dataSeed', 'points', 'copies', 'noise', 'normalisation'],
    read: (o) => ({
      dataSeed: o.required('dataSeed', 'the seed of the data set (thesisData)').number({ integer: true, min: 0 }),
      ...optional(o, {
        points: dim(2), copies: dim(1), noise: (v) => v.number({ min: 0 }),
        normalisation: (v) => v.oneOf(['half-mean', 'mean', 'sum'] as const),
      }),
    }),
    summary: 'the thesis model loss on its data (d = 2)',
  },
};

export const BUILT_IN_NAMES = Object.keys(BUILT_INS);

/** Calls a library factory, reporting its `INVALID_ARGUMENT` under the config path. */
function build(path: string, make: () => Landscape): Landscape {
  try {
    return make();
  } catch (e) {
    if (e instanceof SgdynError && e.code === 'INVALID_ARGUMENT') throw new ConfigError(`config: ${path}: ${e.message}`);
    throw e;
  }
}

function builtIn(name: string, options: Record<string, unknown>): Landscape {
  if (name === 'thesisModel') {
    const { dataSeed, normalisation, ...data } = options as { dataSeed: number; normalisation?: 'half-mean' | 'mean' | 'sum' };
    const { x, y } = thesisData({ seed: dataSeed, ...data });
    return landscapes.thesisModel({ x, y, ...(normalisation ? { normalisation } : {}) });
  }
  return (landscapes as unknown as Record<string, (o: unknown) => Landscape>)[name]!(options);
}

/** A plain description of the landscape for output files. */
export type LandscapeDescription = { name: string; options: Record<string, unknown> } | { expression: string; variables: string[]; parameters: Record<string, number> };

/** Builds the landscape described at `v` (see the module doc). The caller disposes it. */
export function readLandscape(v: ConfigValue): { landscape: Landscape; description: LandscapeDescription } {
  if (typeof v.value === 'string') {
    const name = v.oneOf(BUILT_IN_NAMES);
    const options = BUILT_INS[name]!.read(new ConfigValue({}, `${v.path}.options`).object(BUILT_INS[name]!.keys));
    return { landscape: build(v.path, () => builtIn(name, options)), description: { name, options } };
  }
  if (typeof v.value === 'object' && v.value !== null && 'expression' in v.value) {
    const o = v.object(['expression', 'variables', 'parameters']);
    const source = o.required('expression', 'a formula such as "(x^2-1)^2"').string();
    const vars = o.get('variables');
    const variables = vars.present ? (vars.value as unknown[]).map((_, i) => vars.at(i).string()) : ['x'];
    if (vars.present && (!Array.isArray(vars.value) || vars.value.length === 0)) throw vars.error('it must be a non-empty array of names, e.g. ["x", "y"]');
    const p = o.get('parameters');
    const parameters: Record<string, number> = {};
    if (p.present) {
      const po = p.object(Object.keys(p.value as object));
      for (const k of Object.keys(p.value as object)) parameters[k] = po.get(k).number();
    }
    const landscape = build(`${v.path}.expression`, () => landscapes.fromExpression(source, { variables, parameters }));
    return { landscape, description: { expression: source, variables, parameters } };
  }
  const o = v.object(['name', 'options']);
  const name = o.required('name', `one of ${BUILT_IN_NAMES.join(', ')} (or give "expression")`).oneOf(BUILT_IN_NAMES);
  const spec = BUILT_INS[name]!;
  const opts = o.get('options');
  // Missing options read as {} so that required keys are still reported under their path.
  const options = spec.read(new ConfigValue(opts.value ?? {}, opts.path).object(spec.keys));
  return { landscape: build(opts.path, () => builtIn(name, options)), description: { name, options } };
}
