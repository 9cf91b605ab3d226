/**
 * The demo's simulation worker (a module Worker): builds the landscape and an ensemble with the
 * library's browser entry (`dist/browser.js`, loaded beside this bundle), then steps it in
 * batches of about 30 ms and posts the positions after each batch, so the page never blocks.
 */
import type * as Sgdyn from '../ts/index.js';
import type { FromWorker, LandscapeMessage, RunSettings, ToWorker } from './protocol.js';
import { EXPRESSION_BOX, PRESETS } from './presets.js';

type Api = typeof Sgdyn;
type Ensemble = ReturnType<Api['simulate']>;
type Landscape = ReturnType<Api['landscapes']['doubleWell']>;

const post = (m: FromWorker, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);

// The library is imported at run time from the built bundle beside this file (dist/browser.js),
// which fetches dist/sgdyn.wasm relative to itself.
const ready: Promise<Api> = import(/* @vite-ignore */ new URL('../browser.js', import.meta.url).href).then(async (m: Api) => {
  await m.init();
  post({ type: 'ready', version: m.VERSION });
  return m;
});

/** Grid of the heatmap and of the marginal quadrature. */
const GRID = 160;
/** Target wall-clock time of one batch of steps (ms). */
const BATCH_MS = 30;

interface Run {
  landscape: Landscape;
  ensemble: Ensemble;
  view: LandscapeMessage;
  escapeX: number;
  escaped: Uint8Array;
  nEscaped: number;
  step: number;
  stepsPerBatch: number;
}

let run: Run | undefined;
let running = false;
let looping = false;

function build(api: Api, s: RunSettings): { landscape: Landscape; box: [[number, number], [number, number]]; label: string } {
  if ('expression' in s.landscape) {
    const landscape = api.landscapes.fromExpression(s.landscape.expression, { variables: ['x', 'y'] });
    return { landscape, box: EXPRESSION_BOX, label: s.landscape.expression };
  }
  const preset = PRESETS[s.landscape.preset];
  if (!preset) throw new Error(`unknown preset ${s.landscape.preset}`);
  const factory = (api.landscapes as unknown as Record<string, (o: unknown) => Landscape>)[preset.factory]!;
  return { landscape: factory(preset.options), box: preset.box, label: preset.label };
}

/** U on the grid, the Gibbs x-marginal (midpoint rule in y over the box) and the start point. */
function describe(landscape: Landscape, box: [[number, number], [number, number]], label: string, temperature: number): LandscapeMessage {
  const [[x0, x1], [y0, y1]] = box;
  const hx = (x1 - x0) / GRID, hy = (y1 - y0) / GRID;
  const points = new Float64Array(2 * GRID * GRID);
  for (let j = 0; j < GRID; j++) {
    for (let i = 0; i < GRID; i++) {
      points[2 * (j * GRID + i)] = x0 + (i + 0.5) * hx;
      points[2 * (j * GRID + i) + 1] = y0 + (j + 0.5) * hy;
    }
  }
  const values = landscape.values(points);
  let min = Infinity, start: [number, number] = [x0 + hx / 2, y0 + hy / 2];
  for (let j = 0; j < GRID; j++) {
    for (let i = 0; i < GRID / 2; i++) {
      const u = values[j * GRID + i] as number;
      if (u < min) [min, start] = [u, [x0 + (i + 0.5) * hx, y0 + (j + 0.5) * hy]];
    }
  }
  let globalMin = Infinity;
  for (const u of values) if (Number.isFinite(u) && u < globalMin) globalMin = u;
  const marginal = new Float64Array(GRID);
  let total = 0;
  for (let i = 0; i < GRID; i++) {
    let s = 0;
    for (let j = 0; j < GRID; j++) {
      const u = values[j * GRID + i] as number;
      if (Number.isFinite(u)) s += Math.exp(-(u - globalMin) / Math.max(temperature, 1e-9)) * hy;
    }
    marginal[i] = s;
    total += s * hx;
  }
  if (total > 0) for (let i = 0; i < GRID; i++) marginal[i] = (marginal[i] as number) / total;
  return { type: 'landscape', label, box, nx: GRID, ny: GRID, values, marginal, start, escapeX: (x0 + x1) / 2 + 0.05 * (x1 - x0) };
}

async function configure(s: RunSettings): Promise<void> {
  const api = await ready;
  let built;
  try {
    built = build(api, s);
  } catch (e) {
    // A bad formula leaves the current run as it was; the page shows the message under the box.
    post({ type: 'error', field: 'landscape' in s && 'expression' in s.landscape ? 'expression' : 'settings', message: (e as Error).message });
    return;
  }
  let ensemble: Ensemble;
  const view = describe(built.landscape, built.box, built.label, s.temperature);
  try {
    ensemble = api.simulate({
      landscape: built.landscape, temperature: s.temperature, dt: s.dt, nTrajectories: s.nTrajectories,
      x0: view.start, seed: s.seed, integrator: s.integrator as Sgdyn.Integrator,
    });
  } catch (e) {
    built.landscape.dispose();
    post({ type: 'error', field: 'settings', message: (e as Error).message });
    return;
  }
  dispose();
  run = {
    landscape: built.landscape, ensemble, view, escapeX: view.escapeX,
    escaped: new Uint8Array(s.nTrajectories), nEscaped: 0, step: 0,
    stepsPerBatch: Math.max(1, Math.floor(2e5 / s.nTrajectories)),
  };
  post({ ...view, values: view.values.slice(), marginal: view.marginal.slice() });
  postFrame(run, 0);
}

function dispose(): void {
  run?.ensemble.dispose();
  run?.landscape.dispose();
  run = undefined;
}

function postFrame(r: Run, rate: number): void {
  const positions = r.ensemble.positions();
  const n = r.ensemble.nTrajectories;
  let right = 0;
  for (let i = 0; i < n; i++) {
    if ((positions[2 * i] as number) > r.escapeX) {
      right++;
      if (!r.escaped[i]) {
        r.escaped[i] = 1;
        r.nEscaped++;
      }
    }
  }
  post({ type: 'frame', step: r.step, time: r.step * r.ensemble.dt, nTrajectories: n, positions, escaped: r.nEscaped, rightFraction: right / n, rate }, [positions.buffer]);
}

async function loop(): Promise<void> {
  if (looping) return;
  looping = true;
  try {
    while (running && run) {
      const r = run;
      const t0 = performance.now();
      try {
        r.ensemble.step(r.stepsPerBatch);
      } catch (e) {
        running = false;
        post({ type: 'error', field: 'run', message: (e as Error).message });
        break;
      }
      const ms = Math.max(0.1, performance.now() - t0);
      r.step += r.stepsPerBatch;
      postFrame(r, (r.stepsPerBatch * r.ensemble.nTrajectories) / (ms / 1e3));
      // Adapt the batch to about BATCH_MS of work, changing by at most 2× per batch.
      r.stepsPerBatch = Math.max(1, Math.round(r.stepsPerBatch * Math.min(2, Math.max(0.5, BATCH_MS / ms))));
      await new Promise((resolve) => setTimeout(resolve, 0)); // let messages (pause, configure) in
    }
  } finally {
    looping = false;
  }
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const m = event.data;
  if (m.type === 'configure') void configure(m.settings).then(() => { if (running) void loop(); });
  else if (m.type === 'run') {
    running = true;
    void ready.then(() => loop());
  } else if (m.type === 'pause') running = false;
};
