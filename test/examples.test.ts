// Every script in examples/ that has a quick mode runs to completion with SGDYN_QUICK=1 (small
// ensembles), exits 0, prints its results and writes its SVG(s) under examples/out/, so the
// examples cannot rot. Their numbers are not asserted here (each example prints its own oracle
// beside its result; the library's tests hold the assertions). Scripts without a quick mode are
// listed as skipped, so the gap stays visible.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('../examples/', import.meta.url));
const scripts = readdirSync(dir).filter((f) => f.endsWith('.mjs') && f !== 'support.mjs').sort();
/** Reads SGDYN_QUICK itself or through examples/support.mjs. */
const quick = (f: string) => /SGDYN_QUICK|from '\.\/support\.mjs'/.test(readFileSync(`${dir}${f}`, 'utf8'));

describe('examples (SGDYN_QUICK=1)', () => {
  it('there are examples for the report experiments and the book exercises', () => {
    expect(scripts.filter((s) => s.startsWith('report-')).length).toBeGreaterThanOrEqual(4);
    expect(scripts.filter((s) => /^c\d\d-/.test(s)).length).toBeGreaterThanOrEqual(6);
  });

  it.each(scripts.filter(quick))('%s runs, prints its results and writes an SVG', (script) => {
    const started = Date.now();
    const r = spawnSync(process.execPath, [script], { cwd: dir, encoding: 'utf8', env: { ...process.env, SGDYN_QUICK: '1' }, timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n').length).toBeGreaterThan(1);
    // "wrote examples/out/a.svg", also "examples/out/x-{1,2}.svg".
    const written = [...r.stdout.matchAll(/examples\/out\/([\w.{},-]+\.svg)/g)].flatMap((m) => {
      const name = m[1]!;
      const brace = /^(.*)\{(.+)\}(.*)$/.exec(name);
      return brace ? brace[2]!.split(',').map((part) => `${brace[1]}${part}${brace[3]}`) : [name];
    });
    expect(written.length).toBeGreaterThan(0);
    for (const name of written) {
      const file = `${dir}out/${name}`;
      expect(statSync(file).mtimeMs).toBeGreaterThanOrEqual(started - 1000);
      expect(readFileSync(file, 'utf8').startsWith('<svg')).toBe(true);
    }
  });

  it.skip.each(scripts.filter((f) => !quick(f)))('%s (no SGDYN_QUICK mode yet: too slow to run here)', () => {});
});
