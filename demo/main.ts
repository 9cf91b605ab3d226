/**
 * The sgdyn browser demo: choose a landscape (a preset or a formula in x, y), temperature,
 * integrator and ensemble size; an ensemble runs in a module Worker (demo/worker.ts) and the page
 * draws the particles over the landscape, the running x-histogram against the stationary
 * marginal, and counts escapes to the right half of the box.
 */
import type { FrameMessage, FromWorker, LandscapeMessage, RunSettings, ToWorker } from './protocol.js';
import { PRESETS } from './presets.js';
import { drawHistogram, drawParticles, landscapeImage } from './draw.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const ui = {
  landscape: $<HTMLSelectElement>('landscape'),
  expression: $<HTMLInputElement>('expression'),
  apply: $<HTMLButtonElement>('apply'),
  expressionError: $<HTMLDivElement>('expression-error'),
  temperature: $<HTMLInputElement>('temperature'),
  integrator: $<HTMLSelectElement>('integrator'),
  n: $<HTMLSelectElement>('n'),
  dt: $<HTMLInputElement>('dt'),
  run: $<HTMLButtonElement>('run'),
  reset: $<HTMLButtonElement>('reset'),
  field: $<HTMLCanvasElement>('field'),
  histogram: $<HTMLCanvasElement>('histogram'),
  status: $<HTMLSpanElement>('status'),
  step: $<HTMLSpanElement>('step'),
  time: $<HTMLSpanElement>('time'),
  particles: $<HTMLSpanElement>('particles'),
  escapes: $<HTMLSpanElement>('escapes'),
  right: $<HTMLSpanElement>('right'),
  tv: $<HTMLSpanElement>('tv'),
  rate: $<HTMLSpanElement>('rate'),
  title: $<HTMLSpanElement>('plotted'),
};

/** Particles drawn at most (all are simulated and histogrammed). */
const MAX_SHOWN = 4000;

for (const [key, p] of Object.entries(PRESETS)) ui.landscape.add(new Option(p.label, key));
ui.landscape.add(new Option('formula (type it below)', 'expression'));

const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
const send = (m: ToWorker) => worker.postMessage(m);
let view: LandscapeMessage | undefined;
let image: HTMLCanvasElement | undefined;
let frame: FrameMessage | undefined;
let drawPending = false;
let running = true;
let plotted = 0;

function settings(): RunSettings {
  const choice = ui.landscape.value;
  return {
    landscape: choice === 'expression' ? { expression: ui.expression.value } : { preset: choice },
    temperature: Number(ui.temperature.value),
    integrator: ui.integrator.value,
    nTrajectories: Number(ui.n.value),
    dt: Number(ui.dt.value),
    seed: 1,
  };
}

function configure(): void {
  const s = settings();
  if (!(s.temperature >= 0)) return setStatus('the temperature must be a number ≥ 0', true);
  if (!(s.dt > 0)) return setStatus('Δt must be a number > 0', true);
  send({ type: 'configure', settings: s });
}

function setStatus(text: string, bad = false): void {
  ui.status.textContent = text;
  ui.status.className = bad ? 'bad' : '';
}

/** Shows a formula error under the box, with a caret under the column the parser names. */
function showExpressionError(message: string): void {
  const column = /column (\d+)/.exec(message);
  ui.expressionError.textContent = '';
  const text = document.createElement('div');
  text.textContent = message.replace(/^landscapes\.fromExpression: /, '');
  ui.expressionError.append(text);
  if (column) {
    const pre = document.createElement('pre');
    pre.textContent = `${ui.expression.value}\n${' '.repeat(Number(column[1]) - 1)}^`;
    ui.expressionError.append(pre);
  }
  ui.expressionError.hidden = false;
  ui.expression.setAttribute('aria-invalid', 'true');
}

function clearExpressionError(): void {
  ui.expressionError.hidden = true;
  ui.expressionError.textContent = '';
  ui.expression.removeAttribute('aria-invalid');
}

function draw(): void {
  drawPending = false;
  drawParticles(ui.field, image, view, frame?.positions, MAX_SHOWN);
  const tv = drawHistogram(ui.histogram, view, frame?.positions);
  if (frame) {
    ui.step.textContent = String(frame.step);
    ui.time.textContent = frame.time.toFixed(2);
    ui.particles.textContent = `${frame.nTrajectories}${frame.nTrajectories > MAX_SHOWN ? ` (${MAX_SHOWN} drawn)` : ''}`;
    ui.escapes.textContent = `${frame.escaped} of ${frame.nTrajectories}`;
    ui.right.textContent = `${(100 * frame.rightFraction).toFixed(1)} %`;
    ui.rate.textContent = frame.rate > 0 ? `${(frame.rate / 1e6).toFixed(1)} M trajectory-steps/s` : '—';
  }
  ui.tv.textContent = tv === undefined ? '—' : tv.toFixed(3);
}

function scheduleDraw(): void {
  if (!drawPending) {
    drawPending = true;
    requestAnimationFrame(draw);
  }
}

worker.onmessage = (event: MessageEvent<FromWorker>) => {
  const m = event.data;
  switch (m.type) {
    case 'ready':
      setStatus(`sgdyn ${m.version} ready`);
      break;
    case 'landscape':
      view = m;
      image = landscapeImage(m);
      frame = undefined;
      plotted++;
      ui.field.dataset.plotted = String(plotted);
      ui.field.dataset.label = m.label;
      ui.title.textContent = m.label;
      clearExpressionError();
      setStatus(running ? 'running' : 'paused');
      scheduleDraw();
      break;
    case 'frame':
      frame = m;
      scheduleDraw();
      break;
    case 'error':
      if (m.field === 'expression') showExpressionError(m.message);
      else setStatus(m.message, true);
      if (m.field === 'run') setRunning(false);
      break;
  }
};
worker.onerror = (e) => setStatus(`the simulation worker failed: ${e.message}`, true);

function setRunning(on: boolean): void {
  running = on;
  ui.run.textContent = on ? 'Pause' : 'Run';
  send({ type: on ? 'run' : 'pause' });
  if (view) setStatus(on ? 'running' : 'paused');
}

function presetChanged(): void {
  const p = PRESETS[ui.landscape.value];
  if (p) ui.temperature.value = String(p.temperature);
  ui.integrator.disabled = false;
  configure();
}

ui.landscape.addEventListener('change', presetChanged);
for (const el of [ui.temperature, ui.integrator, ui.n, ui.dt]) el.addEventListener('change', configure);
ui.apply.addEventListener('click', () => {
  ui.landscape.value = 'expression';
  configure();
});
ui.expression.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') {
    ui.landscape.value = 'expression';
    configure();
  }
});
ui.run.addEventListener('click', () => setRunning(!running));
ui.reset.addEventListener('click', configure);

setStatus('loading the WebAssembly module…');
ui.landscape.value = 'doubleWell';
ui.temperature.value = String(PRESETS.doubleWell!.temperature);
configure();
setRunning(true);
