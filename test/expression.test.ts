// The expression language (landscapes.fromExpression). Oracles:
// - the hand-written built-in landscapes (exact derivatives written by hand): expression
//   landscapes of the same formula agree to 1e-12 at random points;
// - JavaScript's Math.* for function values, central finite differences for derivatives;
// - a built-in simulation with the same seed for the batched gradient kernel;
// - a seeded fuzz of malformed input: every failure is an SgdynError (never a trap), and
//   the module keeps working afterwards.
import { beforeAll, describe, expect, it } from 'vitest';
import { Landscape, SgdynError, landscapes, runtimeInfo, simulate } from '../ts/index.js';
import { loadSgdyn } from './support/wasm.js';
import { expectError } from './support/expectError.js';
import { prng } from './support/prng.js';

beforeAll(loadSgdyn);

function points(seed: number, m: number, d: number, lo = -2, hi = 2): Float64Array {
  const u = prng(seed);
  return Float64Array.from({ length: m * d }, () => lo + (hi - lo) * u());
}

/** |a − b| ≤ tol · max(1, |a|, |b|): relative for large values, absolute near 0. */
function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, tol: number, what: string): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number, y = b[i] as number;
    const scale = Math.max(1, Math.abs(x), Math.abs(y));
    if (!(Math.abs(x - y) <= tol * scale)) throw new Error(`${what}[${i}]: ${x} vs ${y} (tolerance ${tol} × ${scale})`);
  }
}

/** Value, gradient, Hessian and HVP of `e` equal those of `r` at 150 random points. */
function compareLandscapes(e: Landscape, r: Landscape, seed: number): void {
  const d = r.dim;
  expect(e.dim).toBe(d);
  const m = 150;
  const xs = points(seed, m, d);
  const vs = points(seed + 1, m, d, -1, 1);
  expectClose(e.values(xs), r.values(xs), 1e-12, 'value');
  expectClose(e.gradients(xs), r.gradients(xs), 1e-12, 'gradient');
  expectClose(e.hessians(xs), r.hessians(xs), 1e-12, 'hessian');
  expectClose(e.hessianVectors(xs, vs), r.hessianVectors(xs, vs), 1e-12, 'hessianVector');
}

describe('expression landscapes equal the hand-written built-ins (1e-12, 150 random points)', () => {
  it('double well (x²−1)²', () => {
    using e = landscapes.fromExpression('(x^2-1)^2', { variables: ['x'] });
    using r = landscapes.doubleWell();
    compareLandscapes(e, r, 1);
    expect(e.kind).toBe('expression');
  });

  it('tilted, parameterised double well h((x/a)²−1)² + c·x in 1 and 2 dimensions', () => {
    const h = 0.7, k = 5, c = 0.3, a = Math.sqrt((8 * h) / k);
    using e1 = landscapes.fromExpression('h*((x/a)^2-1)^2 + c*x', { variables: ['x'], parameters: { h, a, c } });
    using r1 = landscapes.tiltedDoubleWell({ barrierHeight: h, wellCurvature: k, tilt: c });
    compareLandscapes(e1, r1, 2);
    using e2 = landscapes.fromExpression('h*((x/a)^2-1)^2 + c*x + h*((y/a)^2-1)^2 + c*y', { variables: ['x', 'y'], parameters: { h, a, c } });
    using r2 = landscapes.tiltedDoubleWell({ dim: 2, barrierHeight: h, wellCurvature: k, tilt: c });
    compareLandscapes(e2, r2, 3);
    expect(e2.parameters).toEqual({ h, a, c });
  });

  it('ring ¼‖x‖⁴ − ½‖x‖² in 3 dimensions', () => {
    using e = landscapes.fromExpression('0.25*(x^2+y^2+z^2)^2 - 0.5*(x^2+y^2+z^2)', { variables: ['x', 'y', 'z'] });
    using r = landscapes.ring({ dim: 3 });
    compareLandscapes(e, r, 4);
  });

  it('quadratic ½(3x² + 2xy + 2y²)', () => {
    using e = landscapes.fromExpression('0.5*(3*x^2 + 2*x*y + 2*y^2)', { variables: ['x', 'y'] });
    using r = landscapes.quadratic({ hessian: [[3, 1], [1, 2]] });
    compareLandscapes(e, r, 5);
  });
});

describe('functions', () => {
  // [source, variables, reference, point range]; ranges stay clear of poles and kinks.
  const cases: Array<[string, string[], (x: number, y: number) => number, number, number]> = [
    ['sin(x)', ['x'], (x) => Math.sin(x), -6, 6],
    ['cos(x)', ['x'], (x) => Math.cos(x), -6, 6],
    ['tan(x)', ['x'], (x) => Math.tan(x), -1.4, 1.4],
    ['exp(x)', ['x'], (x) => Math.exp(x), -20, 20],
    ['log(x)', ['x'], (x) => Math.log(x), 0.01, 50],
    ['sqrt(x)', ['x'], (x) => Math.sqrt(x), 0.01, 50],
    ['tanh(x)', ['x'], (x) => Math.tanh(x), -5, 5],
    ['sigmoid(x)', ['x'], (x) => 1 / (1 + Math.exp(-x)), -30, 30],
    ['abs(x)', ['x'], (x) => Math.abs(x), -5, 5],
    ['min(x, y)', ['x', 'y'], (x, y) => Math.min(x, y), -3, 3],
    ['max(x, y)', ['x', 'y'], (x, y) => Math.max(x, y), -3, 3],
    ['x^y', ['x', 'y'], (x, y) => x ** y, 0.2, 3],
    ['2^x', ['x'], (x) => 2 ** x, -5, 5],
    ['x^-3', ['x'], (x) => x ** -3, 0.5, 3],
  ];

  it.each(cases)('%s: values equal Math.* to 1e-14 relative', (src, vars, ref, lo, hi) => {
    using U = landscapes.fromExpression(src, { variables: vars });
    const d = vars.length;
    const xs = points(11, 200, d, lo, hi);
    const got = U.values(xs);
    for (let i = 0; i < 200; i++) {
      const want = ref(xs[i * d] as number, xs[i * d + d - 1] as number);
      expect(Math.abs((got[i] as number) - want)).toBeLessThanOrEqual(1e-14 * Math.abs(want));
    }
  });

  // Central differences with step h = 1e-5·max(1, |x|): truncation error ~h²|f'''|/6 ≈ 1e-10,
  // rounding ~ε|f|/h ≈ 1e-11, so 1e-6 relative (to max(1, |f'|)) is a safe bound. Each
  // function is composed with an affine map to exercise the chain rule.
  const composite: Array<[string, string[], number, number]> = [
    ['sin(1.3*x - 0.2*y)', ['x', 'y'], -3, 3],
    ['cos(0.7*x*y + 1)', ['x', 'y'], -2, 2],
    ['tan(0.5*x + 0.1*y)', ['x', 'y'], -1.5, 1.5],
    ['exp(0.5*x - y^2)', ['x', 'y'], -2, 2],
    ['log(1 + x^2 + y^2)', ['x', 'y'], -3, 3],
    ['sqrt(2 + x + y)', ['x', 'y'], 0, 3],
    ['tanh(2*x - y)', ['x', 'y'], -2, 2],
    ['sigmoid(3*x + y)', ['x', 'y'], -2, 2],
    ['abs(x - 0.5)*y^2', ['x', 'y'], -2, 2],
    ['min(x^2, y + 3)*y', ['x', 'y'], -1.5, 1.5],
    ['max(x*y, 5)', ['x', 'y'], 1.5, 3],
    ['x^y + (x*y)^1.5', ['x', 'y'], 0.3, 2],
    ['sum(k, 1, 4, sin(k*x)/k) * y', ['x', 'y'], -2, 2],
  ];

  it.each(composite)('%s: gradient and Hessian match central differences', (src, vars, lo, hi) => {
    using U = landscapes.fromExpression(src, { variables: vars });
    const d = vars.length;
    const xs = points(12, 40, d, lo, hi);
    for (let p = 0; p < 40; p++) {
      const x = Array.from(xs.subarray(p * d, (p + 1) * d));
      const g = U.gradient(x);
      const H = U.hessian(x);
      for (let i = 0; i < d; i++) {
        const h = 1e-5 * Math.max(1, Math.abs(x[i] as number));
        const xp = [...x], xm = [...x];
        xp[i]! += h;
        xm[i]! -= h;
        const fd = (U.value(xp) - U.value(xm)) / (2 * h);
        expect(Math.abs((g[i] as number) - fd)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(fd)));
        const gp = U.gradient(xp), gm = U.gradient(xm);
        for (let j = 0; j < d; j++) {
          const fd2 = ((gp[j] as number) - (gm[j] as number)) / (2 * h);
          expect(Math.abs((H[j * d + i] as number) - fd2)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(fd2)));
        }
      }
      for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) expect(H[i * d + j]).toBe(H[j * d + i]);
    }
  });

  it('kinks: abs′(0) = 0, min/max take the average of both sides at a tie', () => {
    using A = landscapes.fromExpression('abs(x)', { variables: ['x'] });
    expect(Array.from(A.gradients([0, -2, 3]))).toEqual([0, -1, 1]);
    using M = landscapes.fromExpression('min(x, y) + 2*max(x, y)', { variables: ['x', 'y'] });
    expect(Array.from(M.gradient([1, 1]))).toEqual([1.5, 1.5]);
    expect(Array.from(M.gradient([0, 1]))).toEqual([1, 2]);
    expect(Array.from(M.hessian([1, 1]))).toEqual([0, 0, 0, 0]);
  });

  it('integer powers and precedence: -x^2 = -(x^2), 2^3^2 = 2^9, x^-1 = 1/x', () => {
    using U = landscapes.fromExpression('-x^2 + 2^3^2 + x^-1 - -x', { variables: ['x'] });
    expect(U.value([3])).toBeCloseTo(-9 + 512 + 1 / 3 + 3, 12);
    using S = landscapes.fromExpression('sum(k, 1, 5, x^k/k)', { variables: ['x'] });
    expect(S.value([0.5])).toBeCloseTo([1, 2, 3, 4, 5].reduce((s, k) => s + 0.5 ** k / k, 0), 14);
  });
});

describe('simulation with an expression landscape equals the built-in (same seed)', () => {
  const run = (U: Landscape, x0: number[]) => {
    using ens = simulate({ landscape: U, temperature: 0.25, dt: 1e-3, steps: 1000, nTrajectories: 1000, x0, seed: 7 });
    return ens.positions();
  };

  it.each([
    ['(x^2-1)^2', ['x'], () => landscapes.doubleWell(), [-1]],
    ['(x^2-1)^2 + (y^2-1)^2', ['x', 'y'], () => landscapes.doubleWell({ dim: 2 }), [-1, 0.5]],
    ['0.25*(x^2+y^2+z^2)^2 - 0.5*(x^2+y^2+z^2)', ['x', 'y', 'z'], () => landscapes.ring({ dim: 3 }), [1, 0, 0]],
  ] as Array<[string, string[], () => Landscape, number[]]>)('%s', (src, vars, builtIn, x0) => {
    using e = landscapes.fromExpression(src, { variables: vars });
    using r = builtIn();
    expectClose(run(e, x0), run(r, x0), 1e-12, 'positions');
  });

  it('the tilted double well with parameters', () => {
    const h = 1.3, k = 6, c = -0.2, a = Math.sqrt((8 * h) / k);
    using e = landscapes.fromExpression('h*((x/a)^2-1)^2 + c*x', { variables: ['x'], parameters: { h, a, c } });
    using r = landscapes.tiltedDoubleWell({ barrierHeight: h, wellCurvature: k, tilt: c });
    expectClose(run(e, [-a]), run(r, [-a]), 1e-12, 'positions');
  });

  it('a landscape rebuilt from its recipe (as pool workers do) is the same landscape', () => {
    using e = landscapes.fromExpression('k*(x^2-1)^2 + y^2', { variables: ['x', 'y'], parameters: { k: 2 } });
    const recipe = e.recipe!;
    expect(recipe.factory).toBe('fromExpression');
    const factory = (landscapes as unknown as Record<string, (o: unknown) => Landscape>)[recipe.factory]!;
    using again = factory(structuredClone(recipe.options));
    const xs = points(21, 50, 2);
    expect(Array.from(again.gradients(xs))).toEqual(Array.from(e.gradients(xs)));
  });
});

describe('errors', () => {
  const X = { variables: ['x'] };
  const XY = { variables: ['x', 'y'], parameters: { k: 1 } };

  it('a parse error gives the column and what was expected', () => {
    const e = expectError(() => landscapes.fromExpression('(x^2-1', X), 'INVALID_ARGUMENT');
    expect(e.message).toBe("landscapes.fromExpression: expression: at column 7: expected ')' or an operator, found end of input");
    expectError(() => landscapes.fromExpression('x * * 2', X), 'INVALID_ARGUMENT', "at column 5: expected a number, a name or '(', found '*'");
    expectError(() => landscapes.fromExpression('2x', X), 'INVALID_ARGUMENT', "at column 2: expected an operator or end of input, found name 'x'");
    expectError(() => landscapes.fromExpression('x)', X), 'INVALID_ARGUMENT', 'at column 2', "no matching '('");
    expectError(() => landscapes.fromExpression('sin x', X), 'INVALID_ARGUMENT', "at column 5: expected '(' after the function name 'sin'");
    expectError(() => landscapes.fromExpression('max(x)', X), 'INVALID_ARGUMENT', 'at column 6', 'max takes 2 arguments');
    expectError(() => landscapes.fromExpression('x + ½', X), 'INVALID_ARGUMENT', "at column 5: unexpected character '½'");
    expectError(() => landscapes.fromExpression('1e+', X), 'INVALID_ARGUMENT', 'at column 4', 'exponent');
  });

  it('an unknown name is named, with the known variables, parameters and functions', () => {
    expectError(() => landscapes.fromExpression('x + k*z', XY), 'INVALID_ARGUMENT',
      "at column 7: unknown name 'z'", 'the variables are x, y', 'the parameters are k', 'sin, cos');
    expectError(() => landscapes.fromExpression('foo(x)', XY), 'INVALID_ARGUMENT', "unknown function 'foo'");
  });

  it('bad names, parameters, sizes and nesting are rejected', () => {
    expectError(() => landscapes.fromExpression('x', { variables: ['x', 'x'] }), 'INVALID_ARGUMENT', "'x' appears twice");
    expectError(() => landscapes.fromExpression('sin', { variables: ['sin'] }), 'INVALID_ARGUMENT', 'name of a function');
    expectError(() => landscapes.fromExpression('x', { variables: ['x'], parameters: { x: 1 } }), 'INVALID_ARGUMENT', 'both a variable and a parameter');
    expectError(() => landscapes.fromExpression('x*k', { variables: ['x'], parameters: { k: Number.NaN } }), 'INVALID_ARGUMENT', 'parameters.k = NaN');
    expectError(() => landscapes.fromExpression('x', { variables: ['x,y'] }), 'INVALID_ARGUMENT', 'variables[0] = "x,y"');
    expectError(() => landscapes.fromExpression('x', { variables: [] }), 'INVALID_ARGUMENT', 'variables');
    expectError(() => landscapes.fromExpression(42 as never, X), 'INVALID_ARGUMENT', 'expression = 42');
    expectError(() => landscapes.fromExpression('', X), 'INVALID_ARGUMENT', 'expression is empty');
    expectError(() => landscapes.fromExpression(' \n ', X), 'INVALID_ARGUMENT', 'expression is empty');
    expectError(() => landscapes.fromExpression(`${'('.repeat(5000)}x${')'.repeat(5000)}`, X), 'INVALID_ARGUMENT', 'nested more than 100 levels');
    expectError(() => landscapes.fromExpression('-'.repeat(10_000) + 'x', X), 'INVALID_ARGUMENT', 'nested');
    expectError(() => landscapes.fromExpression('x+'.repeat(40_000) + 'x', X), 'INVALID_ARGUMENT', 'too long');
    expectError(() => landscapes.fromExpression('sum(i, 1, 100000, sin(x*i))', X), 'INVALID_ARGUMENT', 'expression');
    // 100 levels is fine.
    using ok = landscapes.fromExpression(`${'('.repeat(99)}x${')'.repeat(99)}`, X);
    expect(ok.value([2])).toBe(2);
  });
});

/** Malformed (and occasionally valid) sources from a seeded generator. */
function fuzzSources(count: number, seed: number): string[] {
  const u = prng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(u() * a.length)] as T;
  const tokens = ['x', 'y', 'k', '1', '2.5', '.5', '1e-3', '1e', '1e+', '.', '+', '-', '*', '/', '^', '(', ')', ',',
    'sin', 'cos', 'tan', 'exp', 'log', 'sqrt', 'tanh', 'sigmoid', 'abs', 'min', 'max', 'sum', 'z', ' ', '\t', '0', '1e308', '1e999'];
  const valid = ['(x^2-1)^2 + 0.5*y^2', 'k*min(x, y)^3 - abs(x)/(1+y^2)', 'sum(i, 1, 3, sin(i*x))*tanh(y)',
    'x^-2 + sqrt(1 + y^2) - log(2 + cos(x*y))', 'sigmoid(x - k*y) * exp(-x^2)', 'max(x, -y)^2.5'];
  const junk = () => {
    const r = u();
    if (r < 0.3) return String.fromCodePoint(0x80 + Math.floor(u() * 0x2000));
    if (r < 0.5) return String.fromCodePoint(0x1f300 + Math.floor(u() * 0x300)); // emoji (astral)
    if (r < 0.6) return String.fromCharCode(0xd800 + Math.floor(u() * 0x800)); // lone surrogate
    if (r < 0.8) return String.fromCharCode(Math.floor(u() * 32)); // control characters, NUL
    return String.fromCharCode(33 + Math.floor(u() * 94)); // any printable ASCII
  };
  const out: string[] = [''];
  while (out.length < count) {
    const base = pick(valid);
    switch (Math.floor(u() * 6)) {
      case 0: out.push(Array.from({ length: Math.floor(u() * 15) }, () => pick(tokens)).join(u() < 0.5 ? '' : ' ')); break;
      case 1: out.push(base.slice(0, Math.floor(u() * (base.length + 1)))); break;
      case 2: { // mutate: replace, insert or delete a few characters
        const c = base.split('');
        for (let m = 1 + Math.floor(u() * 3); m > 0; m--) {
          const at = Math.floor(u() * (c.length + 1));
          const r = u();
          if (r < 0.33) c.splice(at, 1);
          else if (r < 0.66) c.splice(at, 0, pick(tokens));
          else c[at] = junk();
        }
        out.push(c.join(''));
        break;
      }
      case 3: { // unbalanced or deep parentheses
        const open = Math.floor(u() * (u() < 0.2 ? 3000 : 120)), close = Math.floor(u() * (u() < 0.2 ? 3000 : 120));
        out.push('('.repeat(open) + pick(['x', 'sin(x', '-x^', '']) + ')'.repeat(close));
        break;
      }
      case 4: out.push(Array.from({ length: 1 + Math.floor(u() * 8) }, junk).join('')); break;
      default: { // deep chains of unary signs, powers, calls
        const n = Math.floor(u() * 400);
        out.push(pick(['-', '+', 'x^', 'sin(', '-(', 'x^-']).repeat(n) + 'x' + (u() < 0.5 ? ')'.repeat(n) : ''));
      }
    }
  }
  return out;
}

describe('fuzz', () => {
  it('10⁴ malformed sources each give an SgdynError or a working landscape, and the module still works', () => {
    let failed = 0, built = 0;
    for (const src of fuzzSources(10_000, 2024)) {
      let U: Landscape | undefined;
      try {
        U = landscapes.fromExpression(src, { variables: ['x', 'y'], parameters: { k: 2 } });
      } catch (e) {
        if (!(e instanceof SgdynError) || e.code !== 'INVALID_ARGUMENT') throw new Error(`${JSON.stringify(src.slice(0, 80))}: ${String(e)}`);
        failed++;
        continue;
      }
      built++;
      const v = U.values([0.3, -0.4, 1.1, 0.2]);
      expect(v.length).toBe(2);
      U.gradients([0.3, -0.4]);
      U.hessians([0.3, -0.4]);
      U.dispose();
    }
    expect(failed).toBeGreaterThan(5000);
    expect(built).toBeGreaterThan(50);
    using U = landscapes.fromExpression('(x^2-1)^2 + (y^2-1)^2', { variables: ['x', 'y'] });
    using ens = simulate({ landscape: U, temperature: 0.25, dt: 1e-3, steps: 100, nTrajectories: 500, x0: [-1, 1], seed: 3 });
    ens.step(100);
    expect(ens.positions().every(Number.isFinite)).toBe(true);
  });
});

describe('memory', () => {
  it('stays flat over 10³ expression create/evaluate/dispose cycles, failing ones included', () => {
    const cycle = (i: number) => {
      const U = landscapes.fromExpression('k*(x^2-1)^2 + sin(x*y) + sum(j, 1, 3, y^j)', { variables: ['x', 'y'], parameters: { k: 1 + (i % 5) } });
      U.gradients([0.1, 0.2, 0.3, 0.4]);
      U.hessianVectors([0.1, 0.2], [1, 0]);
      using e = simulate({ landscape: U, temperature: 0.1, dt: 0.01, steps: 2, nTrajectories: 70, x0: [0, 0], seed: i });
      e.positions();
      try {
        landscapes.fromExpression('(x^2-1' + (i % 2 ? '))' : ''), { variables: ['x'] });
      } catch (err) {
        if (!(err instanceof SgdynError)) throw err;
      }
      U.dispose();
    };
    for (let i = 0; i < 100; i++) cycle(i); // warm-up
    const before = runtimeInfo();
    for (let i = 0; i < 1000; i++) cycle(i);
    const after = runtimeInfo();
    expect(after.memoryBytes).toBe(before.memoryBytes);
    expect(after.liveObjects).toBe(before.liveObjects);
  });
});
