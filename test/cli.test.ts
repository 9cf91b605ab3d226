// The command line, run as users run it: `node dist/cli.js <command>` in a child process.
// Oracles: each command's numbers must equal (bit for bit) the library call with the same
// config and seed (dist/node.js, the bundle the CLI is built from), and the stationary density
// must be the Gibbs density e^{−U/T}/Z evaluated independently here; bad configs must exit with
// code 2 and name the key path and what is allowed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as Api from '../ts/index.js';
import { ProgressBar } from '../ts/cli/progress.js';
import { didYouMean } from '../ts/cli/config.js';

const sgdyn: typeof Api = await import(new URL('../dist/node.js', import.meta.url).href);
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs `cli(...)`, expects exit code 2 and every fragment in stderr. */
function expectConfigError(args: string[], ...fragments: string[]): string {
  const r = cli(...args);
  expect(r.status, r.stderr).toBe(2);
  for (const f of fragments) expect(r.stderr).toContain(f);
  expect(r.stdout).toBe('');
  return r.stderr;
}

beforeAll(async () => {
  await sgdyn.init();
});

describe('sgdyn (global)', () => {
  it('--help lists every command; every command has --help and help CMD', () => {
    const r = cli('--help');
    expect(r.status).toBe(0);
    for (const c of ['report', 'simulate', 'mfpt', 'stationary', 'bench']) {
      expect(r.stdout).toContain(c);
      const h = cli(c, '--help');
      expect(h.status, h.stderr).toBe(0);
      expect(h.stdout).toContain(`usage: sgdyn ${c}`);
      expect(cli('help', c).stdout).toBe(h.stdout);
    }
  });

  it('an unknown command or option exits 2 with a did-you-mean', () => {
    expectConfigError(['simulat'], 'unknown command "simulat"', 'did you mean simulate?');
    expectConfigError(['report', '--quik'], 'unknown option --quik', 'did you mean --quick?');
  });

  it('did-you-mean suggests only close names', () => {
    expect(didYouMean('temprature', ['temperature', 'dt'])).toBe('temperature');
    expect(didYouMean('zzz', ['temperature', 'dt'])).toBeUndefined();
  });
});

const BASE = { landscape: { name: 'doubleWell', options: { dim: 2 } }, temperature: 0.3, dt: 2e-3, steps: 300, nTrajectories: 700, x0: [-1, 0.5], seed: 17 };

describe('sgdyn simulate', () => {
  it('positions (JSON) equal the library simulate() bit for bit, at every frame', () => {
    const r = cli('simulate', JSON.stringify({ ...BASE, observe: 'positions', every: 100, workers: 2 }), '--quiet');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { dim: number; frames: { step: number; positions: number[][] }[] };
    expect(out.dim).toBe(2);
    expect(out.frames.map((f) => f.step)).toEqual([100, 200, 300]);
    const U = sgdyn.landscapes.doubleWell({ dim: 2 });
    using ens = sgdyn.simulate({ ...BASE, landscape: U, steps: 0 });
    for (const f of out.frames) {
      ens.step(100);
      expect(Float64Array.from(f.positions.flat())).toEqual(ens.positions());
    }
    U.dispose();
  });

  it('moments (CSV, inferred from --out) equal simulatePooled bit for bit; an expression landscape works', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sgdyn-cli-'));
    const file = join(dir, 'm.csv');
    const config = { ...BASE, landscape: { expression: '(x^2-1)^2 + (y^2-1)^2', variables: ['x', 'y'] }, every: 150, integrator: 'heun' };
    const r = cli('simulate', JSON.stringify(config), '--out', file);
    expect(r.status, r.stderr).toBe(0);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('step,time,mean_0,mean_1,variance_0,variance_1');
    const U = sgdyn.landscapes.fromExpression('(x^2-1)^2 + (y^2-1)^2', { variables: ['x', 'y'] });
    const frames = [];
    for await (const f of sgdyn.simulateStream({ ...BASE, landscape: U, every: 150, integrator: 'heun', workers: 1 })) frames.push(f);
    expect(lines.length - 1).toBe(frames.length);
    frames.forEach((f, k) => {
      const row = lines[k + 1]!.split(',').map(Number);
      expect(row).toEqual([f.step, f.time, ...f.mean!, ...f.variance!]);
    });
    U.dispose();
  });

  it('bad configs exit 2 naming the key path and the allowed values', () => {
    const run = (config: object) => ['simulate', JSON.stringify(config)];
    expectConfigError(run({ ...BASE, landscape: { name: 'doubleWell', options: { barrierHeight: -1 } } }),
      'landscape.options.barrierHeight = -1', 'a finite number > 0');
    expectConfigError(run({ ...BASE, landscape: { name: 'doubleWell', options: { barrierHight: 1 } } }),
      'unknown key "landscape.options.barrierHight"', 'did you mean "landscape.options.barrierHeight"?', 'dim, barrierHeight, wellCurvature');
    expectConfigError(run({ ...BASE, temprature: 0.3 }), 'unknown key "temprature"', 'did you mean "temperature"?');
    expectConfigError(run({ ...BASE, integrator: 'rk4' }), 'integrator = "rk4"', "'euler-maruyama'".replace(/'/g, '"'), '"milstein"');
    expectConfigError(run({ ...BASE, landscape: { name: 'doubleWel' } }), 'landscape.name = "doubleWel"', 'did you mean "doubleWell"?');
    expectConfigError(run({ ...BASE, landscape: { expression: '(x^2-1', variables: ['x'] } }), 'landscape.expression', 'column 7', "expected ')'");
    expectConfigError(run({ ...BASE, landscape: { name: 'quadratic', options: { hessian: [[1, 2], [2, 1]] } } }), 'landscape.options', 'positive definite');
    expectConfigError(run({ ...BASE, x0: [1, 2, 3] }), 'x0', 'd = 2');
    expectConfigError(run({ ...BASE, steps: 1.5 }), 'steps = 1.5', 'an integer >= 1');
    expectConfigError(run({ ...BASE, dt: undefined }), 'dt = missing', 'it is required');
    expectConfigError(['simulate', '{"landscape": '], 'not valid JSON');
    expectConfigError(['simulate', '/nonexistent/config.json'], 'cannot read the config');
  });
});

describe('sgdyn mfpt', () => {
  it('quadrature, Fokker–Planck and simulation rows equal the library calls; Kramers is Eyring–Kramers', () => {
    const config = { landscape: 'doubleWell', temperature: 0.3, from: -1, to: 1, fokkerPlanck: { cells: 800 }, simulation: { dt: 2e-3, nTrajectories: 200, seed: 5 } };
    const r = cli('mfpt', JSON.stringify(config), '--format', 'json');
    expect(r.status, r.stderr).toBe(0);
    const rows = (JSON.parse(r.stdout) as { rows: { method: string; time: number; standardError?: number }[] }).rows;
    const by = Object.fromEntries(rows.map((row) => [row.method, row]));
    const U = sgdyn.landscapes.doubleWell();
    expect(by.quadrature!.time).toBe(sgdyn.mfpt1d((x) => U.value([x]), 0.3, -1, 1).time);
    expect(by.kramers!.time).toBeCloseTo(sgdyn.kramersTime1D({ landscape: U, minimum: -1, saddle: 0, temperature: 0.3 }).time, 9);
    const fp = sgdyn.firstPassage({ landscape: U, temperature: 0.3, dt: 2e-3, x0: -1, nTrajectories: 200, seed: 5, maxSteps: 10_000_000, target: { halfSpace: { normal: [1], offset: 1 } } });
    expect(by.simulation!.time).toBe(fp.meanTime);
    expect(by.simulation!.standardError).toBe(fp.standardError);
    // Two independent methods agree (backward equation on 800 cells vs quadrature; the
    // cutoff and grid errors are O(h²) ≈ 1e-5 relative here).
    expect(Math.abs(by['fokker-planck']!.time / by.quadrature!.time - 1)).toBeLessThan(1e-3);
    U.dispose();
    // The default output is a table.
    const t = cli('mfpt', JSON.stringify({ ...config, methods: ['quadrature'] }));
    expect(t.stdout).toMatch(/^method\s+mean time/);
    expect(t.stdout).toContain('quadrature');
  });

  it('bad configs exit 2 naming the key path', () => {
    expectConfigError(['mfpt', JSON.stringify({ landscape: 'doubleWell', temperature: 0.3, from: -1, to: -2 })], 'to = -2', '> -1');
    expectConfigError(['mfpt', JSON.stringify({ landscape: 'doubleWell', temperature: 0.3, from: -1, to: 1, methods: ['quadratur'] })], 'methods[0] = "quadratur"', 'did you mean "quadrature"?');
    expectConfigError(['mfpt', JSON.stringify({ landscape: 'doubleWell', temperature: 0.3, from: -1, to: 1, simulation: { nTrajectory: 5 } })], 'unknown key "simulation.nTrajectory"', 'did you mean "simulation.nTrajectories"?');
    expectConfigError(['mfpt', JSON.stringify({ landscape: 'ring', temperature: 0.3, from: [0.5, 0], to: 1 })], 'target = missing', 'd = 2');
  });
});

describe('sgdyn stationary', () => {
  it('1-D: the density is the Gibbs density e^{−U/T}/Z at the centres (independent evaluation)', () => {
    const r = cli('stationary', JSON.stringify({ landscape: { name: 'tiltedDoubleWell', options: { tilt: 0.3 } }, temperature: 0.4, domain: [-2.5, 2.5], cells: 400 }));
    expect(r.status, r.stderr).toBe(0);
    const rows = r.stdout.trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
    expect(rows.length).toBe(400);
    const h = 5 / 400;
    const gibbs = rows.map(([x]) => Math.exp(-(((x! * x! - 1) ** 2) + 0.3 * x!) / 0.4));
    const z = gibbs.reduce((a, b) => a + b, 0) * h;
    rows.forEach(([x, p], i) => {
      expect(x).toBeCloseTo(-2.5 + (i + 0.5) * h, 12);
      expect(Math.abs(p! - gibbs[i]! / z)).toBeLessThan(1e-12 * (1 + gibbs[i]! / z));
    });
  });

  it('2-D anisotropic (JSON + SVG): equals FokkerPlanck2D, carries a current; a non-separable landscape gives a non-zero one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sgdyn-cli-'));
    const svg = join(dir, 'p.svg');
    const landscape = { expression: '(x^2-1)^2 + y^2 + x*y', variables: ['x', 'y'] };
    const config = { landscape, temperature: [0.3, 0.8], domain: [[-2.5, 2.5], [-3, 3]], cells: [40, 48] };
    const r = cli('stationary', JSON.stringify(config), '--format', 'json', '--svg', svg);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { x: number[]; y: number[]; density: number[]; current: { x: number[]; y: number[] } };
    const U = sgdyn.landscapes.fromExpression(landscape.expression, { variables: landscape.variables });
    using fp = sgdyn.FokkerPlanck2D.fromDrift({ drift: (x, y) => U.gradient([x, y]).map((g) => -g), diffusion: [0.3, 0.8], domain: [[-2.5, 2.5], [-3, 3]], cells: [40, 48] });
    const p = fp.stationary();
    expect(Float64Array.from(out.density)).toEqual(p);
    expect(out.x.length).toBe(40);
    expect(out.y.length).toBe(48);
    expect(Math.max(...out.current.x.map(Math.abs))).toBeGreaterThan(1e-4);
    expect(existsSync(svg) && readFileSync(svg, 'utf8').startsWith('<svg')).toBe(true);
    U.dispose();
  });

  it('bad configs exit 2 naming the key path', () => {
    expectConfigError(['stationary', JSON.stringify({ landscape: 'doubleWell', temperature: 0.3, domain: [2, -2], cells: 10 })], 'domain = [2,-2]', 'a < b');
    expectConfigError(['stationary', JSON.stringify({ landscape: 'doubleWell', temperature: 0.3, domain: [-2, 2], cells: 2 })], 'cells = 2', 'integer >= 3');
    expectConfigError(['stationary', JSON.stringify({ landscape: { name: 'doubleWell', options: { dim: 3 } }, temperature: 0.3, domain: [-2, 2], cells: 10 })], 'landscape', 'dimension is 3');
  });
});

describe('sgdyn bench', () => {
  it('prints ns per trajectory-step with the machine (no timing assertion: only that it ran)', () => {
    const r = cli('bench', '--n', '2000', '--steps', '20', '--repeat', '1', '--json');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { nsPerTrajectoryStep: number; machine: string; integrator: string };
    expect(Number.isFinite(out.nsPerTrajectoryStep) && out.nsPerTrajectoryStep > 0).toBe(true);
    expect(out.integrator).toBe('euler-maruyama');
    expect(out.machine).toMatch(/cores, .*Node v\d+/);
    expectConfigError(['bench', '--integrator', 'eulr'], '--integrator = "eulr"', '"euler-maruyama"');
    expectConfigError(['bench', '--n', '0'], '--n 0', 'integer >= 1');
  });
});

describe('progress bar', () => {
  const stream = (isTTY: boolean) => {
    const writes: string[] = [];
    return { isTTY, columns: 60, writes, write: (s: string) => writes.push(s) };
  };
  it('draws in place on a terminal and clears its line when done', () => {
    const s = stream(true);
    let t = 0;
    const bar = new ProgressBar('run', s, false, () => t);
    bar.update(1, 4);
    t = 50;
    bar.update(2, 4); // within 100 ms: skipped
    t = 200;
    bar.update(3, 4);
    bar.done();
    expect(s.writes.length).toBe(3);
    expect(s.writes[0]).toMatch(/^\rrun \[#{6}\.{18}\]  25%/);
    expect(s.writes[1]).toContain(' 75%');
    expect(s.writes[2]).toMatch(/^\r\s+\r$/);
  });
  it('is silent when quiet or when stderr is not a terminal', () => {
    for (const [tty, quiet] of [[true, true], [false, false]] as const) {
      const s = stream(tty);
      const bar = new ProgressBar('run', s, quiet, () => 1000);
      bar.update(1, 2);
      bar.done();
      expect(s.writes).toEqual([]);
    }
  });
});
