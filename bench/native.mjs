// Builds and runs the native (x86_64, release) benchmark binary of the same crate.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const manifest = fileURLToPath(new URL('../crate/Cargo.toml', import.meta.url));
const binary = fileURLToPath(new URL('../crate/target/release/sgdyn-bench-native', import.meta.url));

/** Builds the native binary; returns an error message instead of throwing when no host toolchain exists. */
export function buildNative() {
  try {
    execFileSync('cargo', ['build', '--release', '--quiet', '--bin', 'sgdyn-bench-native', '--manifest-path', manifest], { stdio: ['ignore', 'ignore', 'inherit'] });
    return null;
  } catch (e) {
    return `native build failed: ${e.message}`;
  }
}

/** Runs `sgdyn-bench-native <args>` and parses its JSON line. */
export function runNative(args) {
  return JSON.parse(execFileSync(binary, args.map(String), { encoding: 'utf8' }));
}
