// The browser demo (demo/ → dist/demo/) in real headless Chromium: it loads without console
// errors, a run advances (step counter and particle count), changing the formula re-plots the
// landscape, and a bad formula shows an inline error naming the column and what was expected,
// while the previous run keeps going. A screenshot is saved to test/artifacts/demo.png
// (gitignored; look at it after a run).
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/browser.js';
import { serveStatic, type StaticServer } from './support/staticServer.js';

let server: StaticServer;
let browser: Browser;
let page: Page;
const problems: string[] = [];

const text = (selector: string) => page.locator(selector).innerText();
const stepNow = async () => Number(await text('#step'));

beforeAll(async () => {
  server = await serveStatic(fileURLToPath(new URL('../dist', import.meta.url)));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1100, height: 860 } });
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${server.url}/demo/`);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('browser demo in Chromium', () => {
  it('loads and runs: the step counter advances and every particle is simulated', async () => {
    await page.waitForFunction(() => Number(document.getElementById('step')?.textContent) > 0, undefined, { timeout: 30_000 });
    const first = await stepNow();
    await page.waitForFunction((s) => Number(document.getElementById('step')?.textContent) > s, first, { timeout: 30_000 });
    expect(await stepNow()).toBeGreaterThan(first);
    expect(await text('#particles')).toBe('2000');
    expect(await text('#status')).toBe('running');
    expect(problems).toEqual([]);
  });

  it('a larger ensemble restarts the run with that many particles', async () => {
    await page.selectOption('#n', '10000');
    await page.waitForFunction(() => document.getElementById('particles')?.textContent?.startsWith('10000'), undefined, { timeout: 30_000 });
    const s = await stepNow();
    await page.waitForFunction((v) => Number(document.getElementById('step')?.textContent) > v, s, { timeout: 30_000 });
  });

  it('a new formula re-plots the landscape; a bad one shows the column and what was expected, and the run goes on', async () => {
    const canvas = page.locator('#field');
    const plottedBefore = Number(await canvas.getAttribute('data-plotted'));
    const pixelsBefore = await canvas.evaluate((c: HTMLCanvasElement) => c.toDataURL());
    await page.fill('#expression', '(x^2-1)^2 + 2*(y - 0.5*x)^2');
    await page.press('#expression', 'Enter');
    await page.waitForFunction((n) => Number(document.getElementById('field')?.dataset.plotted) > n, plottedBefore, { timeout: 30_000 });
    expect(await canvas.getAttribute('data-label')).toBe('(x^2-1)^2 + 2*(y - 0.5*x)^2');
    expect(await canvas.evaluate((c: HTMLCanvasElement) => c.toDataURL())).not.toBe(pixelsBefore);
    expect(await page.locator('#expression-error').isHidden()).toBe(true);

    const plotted = Number(await canvas.getAttribute('data-plotted'));
    await page.fill('#expression', '(x^2-1)^2 + (y');
    await page.click('#apply');
    const error = page.locator('#expression-error');
    await error.waitFor({ state: 'visible', timeout: 30_000 });
    const message = await error.innerText();
    expect(message).toContain('column 15');
    expect(message).toContain('expected');
    expect(await page.locator('#expression').getAttribute('aria-invalid')).toBe('true');
    // The previous landscape stays plotted and its run keeps advancing.
    expect(Number(await canvas.getAttribute('data-plotted'))).toBe(plotted);
    const s = await stepNow();
    await page.waitForFunction((v) => Number(document.getElementById('step')?.textContent) > v, s, { timeout: 30_000 });

    // An unknown name is also reported inline.
    await page.fill('#expression', 'x^2 + z^2');
    await page.press('#expression', 'Enter');
    await page.waitForFunction(() => document.getElementById('expression-error')?.textContent?.includes('z'), undefined, { timeout: 30_000 });

    // Back to a preset: the error goes away.
    await page.selectOption('#landscape', 'doubleWell');
    await page.waitForFunction((n) => Number(document.getElementById('field')?.dataset.plotted) > n, plotted, { timeout: 30_000 });
    expect(await error.isHidden()).toBe(true);
    await page.waitForTimeout(1500); // let the histogram fill in for the screenshot
    mkdirSync(fileURLToPath(new URL('./artifacts/', import.meta.url)), { recursive: true });
    await page.screenshot({ path: fileURLToPath(new URL('./artifacts/demo.png', import.meta.url)), fullPage: true });
    expect(problems).toEqual([]);
  });
});
