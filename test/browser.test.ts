// A real browser (Debian Chromium, headless, via playwright-core) loads the browser entry
// (dist/browser.js: fetch + streaming compile of sgdyn.wasm, module Workers for the pool), runs a
// pooled simulation, a pooled first passage and a JS-callback landscape run, and must reproduce the
// Node numbers bit for bit.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type * as Api from '../ts/index.js';
import { launchChromium } from './support/browser.js';
import { serveStatic, type StaticServer } from './support/staticServer.js';

const sgdyn: typeof Api = await import(new URL('../dist/node.js', import.meta.url).href);

const SPEC = { temperature: 0.3, dt: 2e-3, nTrajectories: 1200, x0: [-1, 1], seed: 31, steps: 400 };
const PASSAGE = { temperature: 0.4, dt: 2e-3, x0: -1, nTrajectories: 300, seed: 8, maxSteps: 1_000_000 };

const PAGE = `<!doctype html><meta charset="utf-8"><title>sgdyn browser test</title><link rel="icon" href="data:,">
<script type="module">
  import * as sgdyn from '/dist/browser.js';
  window.runInBrowser = async (spec, passage) => {
    await sgdyn.init();
    const U = sgdyn.landscapes.doubleWell({ dim: 2 });
    const frame = await sgdyn.simulatePooled({ ...spec, landscape: U, workers: 2, observe: 'positions' });
    const V = sgdyn.landscapes.doubleWell();
    const fp = await sgdyn.firstPassagePooled({ ...passage, landscape: V, workers: 2, target: { halfSpace: { normal: [1], offset: 1 } } });
    U.dispose(); V.dispose();
    const F = sgdyn.landscapes.fromFunction({ dim: 2, gradient: (x, g) => { for (let i = 0; i < x.length; i++) g[i] = 4 * x[i] * (x[i] * x[i] - 1); } });
    const callback = Array.from(sgdyn.simulate({ ...spec, landscape: F }).positions());
    return { positions: Array.from(frame.positions), hitSteps: Array.from(fp.hitSteps), live: sgdyn.liveWorkerCount(), callback };
  };
  window.ready = true;
</script>`;

let server: StaticServer;
let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  await sgdyn.init();
  server = await serveStatic(fileURLToPath(new URL('..', import.meta.url)), { '/__sgdyn_test__.html': PAGE });
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${server.url}/__sgdyn_test__.html`);
  await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('browser entry in Chromium', () => {
  it('a pooled run (2 module Workers) reproduces the Node numbers bit for bit, and frees its workers', async () => {
    const got = await page.evaluate(([spec, passage]) => (window as unknown as { runInBrowser: (a: unknown, b: unknown) => Promise<{ positions: number[]; hitSteps: number[]; live: number; callback: number[] }> }).runInBrowser(spec, passage), [SPEC, PASSAGE] as const);
    const U = sgdyn.landscapes.doubleWell({ dim: 2 });
    using node = sgdyn.simulate({ ...SPEC, landscape: U });
    expect(Float64Array.from(got.positions)).toEqual(node.positions());
    // A JS callback landscape in the page (the module's imports under fetch + streaming compile).
    expect(Float64Array.from(got.callback)).toEqual(node.positions());
    const V = sgdyn.landscapes.doubleWell();
    const fp = sgdyn.firstPassage({ ...PASSAGE, landscape: V, target: { halfSpace: { normal: [1], offset: 1 } } });
    expect(Float64Array.from(got.hitSteps)).toEqual(fp.hitSteps);
    expect(got.live).toBe(0);
    expect(problems).toEqual([]);
    U.dispose();
    V.dispose();
  });
});
