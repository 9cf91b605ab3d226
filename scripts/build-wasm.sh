#!/usr/bin/env bash
# Build crate/ for wasm32-unknown-unknown with simd128 and write build/sgdyn.wasm.
#
# Toolchain detection (see docs/toolchain notes):
#   - if the rustc on PATH (rustup default toolchain, or any rustc) has the wasm32
#     std in its sysroot: plain `cargo build --release --target wasm32-unknown-unknown`;
#   - else Debian's rustc-web/cargo-web: /usr/bin/cargo with RUSTC=/usr/bin/rustc,
#     RUSTC_BOOTSTRAP=1, -Z build-std=std,panic_abort --offline, std's dependencies
#     taken from /usr/lib/rustlib/src/rust/library/vendor via --config flags
#     (no .cargo/config.toml is written).
# Then wasm-opt -O3, and a check that the output contains SIMD instructions
# (the build fails if it contains none).
#
# Optional environment overrides (used to test this script on another crate):
#   SGDYN_CRATE_DIR  crate directory            (default: <repo>/crate)
#   SGDYN_WASM_OUT   output .wasm path          (default: <repo>/build/sgdyn.wasm)
# The cargo target dir is cargo's default (<crate>/target, or $CARGO_TARGET_DIR).
set -euo pipefail

log() { echo "[build-wasm] $*"; }
die() { echo "[build-wasm] ERROR: $*" >&2; exit 1; }

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CRATE_DIR=$(cd "${SGDYN_CRATE_DIR:-$ROOT/crate}" && pwd)
OUT=${SGDYN_WASM_OUT:-$ROOT/build/sgdyn.wasm}
TARGET=wasm32-unknown-unknown
DEB_VENDOR=/usr/lib/rustlib/src/rust/library/vendor

[ -f "$CRATE_DIR/Cargo.toml" ] || die "no Cargo.toml in $CRATE_DIR"
mkdir -p "$(dirname "$OUT")"
OUT=$(cd "$(dirname "$OUT")" && pwd)/$(basename "$OUT")

# Run from the crate dir so rustup honours a rust-toolchain file there, the same
# way for the sysroot check and for cargo.
cd "$CRATE_DIR"

export RUSTFLAGS="-C target-feature=+simd128"
CARGO_ARGS=(build --release --lib --target "$TARGET" --manifest-path "$CRATE_DIR/Cargo.toml"
            --message-format=json-render-diagnostics)

sysroot=""
if command -v rustc >/dev/null 2>&1 && command -v cargo >/dev/null 2>&1; then
  sysroot=$(rustc --print sysroot 2>/dev/null || true)
fi
if [ -n "$sysroot" ] && [ -d "$sysroot/lib/rustlib/$TARGET/lib" ]; then
  log "toolchain: prebuilt wasm32 std ($sysroot)"
  CARGO=(cargo)
elif [ -x /usr/bin/cargo ] && [ -x /usr/bin/rustc ] && [ -d "$DEB_VENDOR" ]; then
  log "toolchain: Debian /usr/bin/cargo, std built from source (-Z build-std)"
  export RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1
  CARGO=(/usr/bin/cargo)
  CARGO_ARGS+=(-Z build-std=std,panic_abort --offline
               --config 'source.crates-io.replace-with="vendored-std"'
               --config "source.vendored-std.directory=\"$DEB_VENDOR\"")
else
  die "no wasm32 toolchain found; run scripts/setup-toolchain.sh"
fi
command -v wasm-opt >/dev/null 2>&1 || die "wasm-opt (binaryen) not found; run scripts/setup-toolchain.sh"

# cargo prints progress/diagnostics on stderr, JSON messages on stdout; the
# cdylib's compiler-artifact message names the .wasm file (also when fresh).
json=$("${CARGO[@]}" "${CARGO_ARGS[@]}") || die "cargo build failed"
RAW=$(printf '%s\n' "$json" | grep '"reason":"compiler-artifact"' | grep -o '"[^"]*\.wasm"' | tr -d '"' | tail -n 1 || true)
[ -n "$RAW" ] && [ -f "$RAW" ] || die "cargo produced no .wasm (is crate-type cdylib?)"

if [ -f "$OUT" ] && [ "$OUT" -nt "$RAW" ]; then
  log "wasm-opt skipped ($OUT is newer than $RAW)"
else
  # Features Rust 1.8x+ enables by default on wasm32, plus simd128.
  tmp="$OUT.tmp.$$"
  wasm-opt -O3 --enable-simd --enable-bulk-memory --enable-sign-ext \
    --enable-nontrapping-float-to-int --enable-mutable-globals \
    --enable-multivalue --enable-reference-types \
    "$RAW" -o "$tmp" || { rm -f "$tmp"; die "wasm-opt failed"; }
  mv -f "$tmp" "$OUT"
fi

# SIMD check: count SIMD128 instructions in the disassembly.
SIMD_RE='(^|[^[:alnum:]_.])(v128|i8x16|i16x8|i32x4|i64x2|f32x4|f64x2)\.[a-z_0-9]+'
if command -v wasm-objdump >/dev/null 2>&1 && dis=$(wasm-objdump -d "$OUT" 2>/dev/null); then
  tool=wasm-objdump
elif command -v wasm-dis >/dev/null 2>&1 && dis=$(wasm-dis "$OUT" 2>/dev/null); then
  tool=wasm-dis
else
  die "cannot disassemble $OUT (need wasm-objdump from wabt or wasm-dis from binaryen)"
fi
simd=$(printf '%s\n' "$dis" | grep -cE "$SIMD_RE" || true)
size=$(wc -c <"$OUT" | tr -d ' ')
if [ "$simd" -eq 0 ]; then
  rm -f "$OUT"
  die "no SIMD instructions found in the wasm output ($tool); simd128 kernels missing? (output removed)"
fi
log "$OUT: $size bytes, $simd SIMD instructions ($tool)"
