// Builds dist/: node.js (reads sgdyn.wasm with fs), browser.js (fetch + instantiateStreaming),
// inline.js (module bytes embedded by @rollup/plugin-wasm, targetEnv 'auto-inline'), cli.js,
// and copies build/sgdyn.wasm beside them. Types come from `tsc -p tsconfig.build.json`.
import { readFileSync } from 'node:fs';
import typescript from '@rollup/plugin-typescript';
import { wasm } from '@rollup/plugin-wasm';

const copyWasm = {
  name: 'copy-sgdyn-wasm',
  generateBundle() {
    this.emitFile({ type: 'asset', fileName: 'sgdyn.wasm', source: readFileSync('build/sgdyn.wasm') });
  },
};

export default {
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
  external: [/^node:/, /^comlink/],
  plugins: [
    typescript({ tsconfig: './tsconfig.json', include: ['ts/**/*.ts', 'bindings/**/*.ts'], compilerOptions: { declaration: false, noEmit: false, outDir: 'dist', sourceMap: true } }),
    wasm({ targetEnv: 'auto-inline', maxFileSize: Infinity }),
    copyWasm,
  ],
  onwarn(warning, warn) {
    if (warning.code === 'CIRCULAR_DEPENDENCY') throw new Error(warning.message);
    warn(warning);
  },
};
