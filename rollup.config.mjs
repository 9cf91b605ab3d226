// Builds dist/: node.js (reads sgdyn.wasm with fs), browser.js (fetch + instantiateStreaming),
// inline.js (module bytes embedded by @rollup/plugin-wasm, targetEnv 'auto-inline'), cli.js,
// and copies build/sgdyn.wasm beside them; dist/demo/ is the browser demo. Types come from `tsc -p tsconfig.build.json`.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import typescript from '@rollup/plugin-typescript';
import { wasm } from '@rollup/plugin-wasm';

// comlink is bundled (module workers in browsers cannot resolve a bare 'comlink' import).
const bundleComlink = {
  name: 'bundle-comlink',
  resolveId(id) {
    if (id === 'comlink') return fileURLToPath(new URL('./node_modules/comlink/dist/esm/comlink.mjs', import.meta.url));
    if (id === 'comlink/dist/esm/node-adapter.mjs') return fileURLToPath(new URL('./node_modules/comlink/dist/esm/node-adapter.mjs', import.meta.url));
    return null;
  },
};

const copyWasm = {
  name: 'copy-sgdyn-wasm',
  generateBundle() {
    this.emitFile({ type: 'asset', fileName: 'sgdyn.wasm', source: readFileSync('build/sgdyn.wasm') });
  },
};

const library = {
  input: {
    node: 'ts/entries/node.ts',
    browser: 'ts/entries/browser.ts',
    inline: 'ts/entries/inline.ts',
    cli: 'ts/cli.ts',
    baseline: 'ts/baseline/index.ts',
    worker: 'ts/pool/worker.ts',
  },
  output: {
    dir: 'dist',
    format: 'es',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    sourcemap: true,
  },
  external: [/^node:/],
  plugins: [
    typescript({ tsconfig: './tsconfig.json', include: ['ts/**/*.ts', 'bindings/**/*.ts'], compilerOptions: { declaration: false, noEmit: false, outDir: 'dist', sourceMap: true } }),
    bundleComlink,
    wasm({ targetEnv: 'auto-inline', maxFileSize: Infinity }),
    copyWasm,
  ],
  onwarn(warning, warn) {
    if (warning.code === 'CIRCULAR_DEPENDENCY') throw new Error(warning.message);
    warn(warning);
  },
};

// The browser demo (demo/): page script + simulation worker in dist/demo/, beside index.html.
// The worker loads the library at run time from dist/browser.js (one copy of the library and
// of sgdyn.wasm); only the demo's own code and ts/plot/colormap.ts are bundled here.
const copyDemoPage = {
  name: 'copy-demo-page',
  generateBundle() {
    this.emitFile({ type: 'asset', fileName: 'index.html', source: readFileSync('demo/index.html') });
  },
};

const demo = {
  input: { main: 'demo/main.ts', worker: 'demo/worker.ts' },
  output: { dir: 'dist/demo', format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js', sourcemap: true },
  plugins: [
    typescript({ tsconfig: './tsconfig.json', include: ['demo/**/*.ts', 'ts/plot/**/*.ts'], compilerOptions: { declaration: false, noEmit: false, outDir: 'dist/demo', sourceMap: true } }),
    copyDemoPage,
  ],
  onwarn: library.onwarn,
};

export default [library, demo];
