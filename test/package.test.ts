// The built package: each dist entry loads its module on its own (fresh process), the
// loader's streaming and buffered paths work, the CLI answers, and metadata agrees.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileResponse } from '../bindings/index.js';
import { VERSION } from '../ts/index.js';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

function runModule(code: string): string {
  return execFileSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' }).trim();
}

const probe = (entry: string) => `
  const m = await import(${JSON.stringify(entry)});
  await m.init(); await m.init();
  const U = m.landscapes.doubleWell();
  const e = m.simulate({ landscape: U, temperature: 0.3, dt: 0.01, steps: 100, nTrajectories: 8, x0: -1, seed: 5 });
  // The same well as a JS callback landscape: the module's callback imports are wired up.
  const F = m.landscapes.fromFunction({ dim: 1, gradient: (x, g) => { for (let i = 0; i < x.length; i++) g[i] = 4 * x[i] * (x[i] * x[i] - 1); } });
  const f = m.simulate({ landscape: F, temperature: 0.3, dt: 0.01, steps: 100, nTrajectories: 8, x0: -1, seed: 5 });
  if (JSON.stringify(Array.from(f.positions())) !== JSON.stringify(Array.from(e.positions()))) throw new Error('fromFunction differs');
  console.log(JSON.stringify(Array.from(e.positions())));`;

describe('package', () => {
  it('declares node/browser/default conditions, the inline entry and the wasm file', () => {
    expect(Object.keys(pkg.exports['.'])).toEqual(expect.arrayContaining(['types', 'node', 'browser', 'default']));
    expect(pkg.exports['./inline']).toBeDefined();
    expect(pkg.exports['./sgdyn.wasm']).toBe('./dist/sgdyn.wasm');
    for (const f of ['dist/node.js', 'dist/browser.js', 'dist/inline.js', 'dist/sgdyn.wasm', 'dist/types/ts/index.d.ts', 'dist/cli.js']) {
      expect(existsSync(f), f).toBe(true);
    }
    expect(VERSION).toBe(pkg.version);
  });

  it('the node entry (fs) and the inline entry (embedded bytes) give identical results', () => {
    const viaNode = runModule(probe(new URL('../dist/node.js', import.meta.url).href));
    const viaInline = runModule(probe(new URL('../dist/inline.js', import.meta.url).href));
    expect(JSON.parse(viaNode)).toHaveLength(8);
    expect(viaInline).toBe(viaNode);
  });

  it('init() accepts a path, a file URL, bytes and a compiled WebAssembly.Module', () => {
    const wasm = new URL('../dist/sgdyn.wasm', import.meta.url);
    const entry = new URL('../dist/node.js', import.meta.url).href;
    const sources = {
      path: JSON.stringify(wasm.pathname),
      url: `new URL(${JSON.stringify(wasm.href)})`,
      bytes: `(await import('node:fs')).readFileSync(new URL(${JSON.stringify(wasm.href)}))`,
      module: `await WebAssembly.compile((await import('node:fs')).readFileSync(new URL(${JSON.stringify(wasm.href)})))`,
    };
    for (const [kind, expr] of Object.entries(sources)) {
      const out = runModule(`const m = await import(${JSON.stringify(entry)}); await m.init(${expr});
        const F = m.landscapes.fromFunction({ dim: 1, gradient: (x, g) => { g[0] = 2 * x[0]; } });
        const callbackOk = F.gradient([3])[0] === 6; F.dispose();
        console.log(m.runtimeInfo().liveObjects === 0 && callbackOk ? 'ok' : 'bad');`);
      expect(out, kind).toBe('ok');
    }
    const bad = spawnSync(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(entry)}); try { await m.init('/nonexistent/sgdyn.wasm'); } catch (e) { console.log(e.code); }`], { encoding: 'utf8' });
    expect(bad.stdout.trim()).toBe('LOAD_FAILED');
  });

  it('the package name resolves through the exports map', () => {
    const out = runModule(`const m = await import('sgdyn'); await m.init(); console.log(m.VERSION);`);
    expect(out).toBe(pkg.version);
  });

  it('compiles a Response by streaming (application/wasm) and by the buffered fallback', async () => {
    const bytes = readFileSync('dist/sgdyn.wasm');
    const streamed = await compileResponse(new Response(bytes, { headers: { 'Content-Type': 'application/wasm' } }));
    const buffered = await compileResponse(new Response(bytes, { headers: { 'Content-Type': 'application/octet-stream' } }));
    expect(WebAssembly.Module.exports(streamed)).toEqual(WebAssembly.Module.exports(buffered));
    await expect(compileResponse(new Response('missing', { status: 404 }))).rejects.toMatchObject({ code: 'LOAD_FAILED' });
  });

  it('the CLI prints help, and refuses unknown commands and options with exit code 2', () => {
    expect(execFileSync(process.execPath, ['dist/cli.js', '--help'], { encoding: 'utf8' })).toContain('report');
    expect(execFileSync(process.execPath, ['dist/cli.js', 'help', 'report'], { encoding: 'utf8' })).toContain('--quick');
    const bad = spawnSync(process.execPath, ['dist/cli.js', 'frobnicate'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('unknown command "frobnicate"');
    const badOpt = spawnSync(process.execPath, ['dist/cli.js', 'report', '--fast'], { encoding: 'utf8' });
    expect(badOpt.status).toBe(2);
    expect(badOpt.stderr).toContain('--quick');
  });
});
