#!/usr/bin/env bash
# Make sure a toolchain that can build crate/ for wasm32 (+simd128) is present.
# See docs/toolchain notes: either a rustc whose sysroot already has the
# wasm32-unknown-unknown std (rustup with `rustup target add`), or Debian's
# rustc-web/cargo-web + rust-web-src (std built from source with -Z build-std).
# Runs before every `npm test` / `npm start`: when everything is present it
# exits 0 quickly without calling apt. Idempotent.
set -euo pipefail

log() { echo "[setup-toolchain] $*"; }

DEB_PKGS="rustc-web cargo-web rust-web-src rust-web-llvm lld-22 binaryen wabt"
DEB_VENDOR=/usr/lib/rustlib/src/rust/library/vendor

# Path 1: the rustc on PATH (rustup's default toolchain, or any rustc) already
# ships the wasm32 std.
prebuilt_wasm_std() {
  command -v rustc >/dev/null 2>&1 && command -v cargo >/dev/null 2>&1 || return 1
  local sysroot
  sysroot=$(rustc --print sysroot 2>/dev/null) || return 1
  [ -n "$sysroot" ] && [ -d "$sysroot/lib/rustlib/wasm32-unknown-unknown/lib" ] || return 1
  command -v wasm-opt >/dev/null 2>&1 || return 1
  echo "$sysroot"
}

# Path 2: Debian's toolchain, std for wasm32 built from source.
debian_missing() {
  local m=()
  [ -x /usr/bin/rustc ] || m+=("/usr/bin/rustc")
  [ -x /usr/bin/cargo ] || m+=("/usr/bin/cargo")
  [ -d "$DEB_VENDOR" ] || m+=("$DEB_VENDOR")
  [ -x /usr/bin/rust-lld ] || m+=("/usr/bin/rust-lld (lld-22)")
  command -v wasm-opt >/dev/null 2>&1 || m+=("wasm-opt (binaryen)")
  command -v wasm-objdump >/dev/null 2>&1 || m+=("wasm-objdump (wabt)")
  echo "${m[*]:-}"
}

# Native toolchain for the optional native benchmark build (report only).
report_native() {
  local c r host sysroot pair
  for pair in "cargo rustc" "/usr/bin/cargo /usr/bin/rustc"; do
    c=${pair% *}; r=${pair#* }
    command -v "$c" >/dev/null 2>&1 && command -v "$r" >/dev/null 2>&1 || continue
    host=$("$r" -vV 2>/dev/null | sed -n 's/^host: //p') || continue
    sysroot=$("$r" --print sysroot 2>/dev/null) || continue
    if [ -n "$host" ] && [ -d "$sysroot/lib/rustlib/$host/lib" ]; then
      log "native: $(command -v "$c") + $(command -v "$r") ($host)"
      return 0
    fi
  done
  log "native: no cargo/rustc with a host std found (native bench will be skipped)"
}

check() {
  local sysroot missing
  if sysroot=$(prebuilt_wasm_std); then
    log "wasm32: prebuilt std in $sysroot (plain cargo build), wasm-opt: $(command -v wasm-opt)"
    return 0
  fi
  missing=$(debian_missing)
  if [ -z "$missing" ]; then
    log "wasm32: Debian toolchain (/usr/bin/cargo + -Z build-std, $DEB_VENDOR), wasm-opt: $(command -v wasm-opt)"
    return 0
  fi
  MISSING=$missing
  return 1
}

MISSING=""
if check; then
  report_native
  exit 0
fi

log "missing: $MISSING"
if [ "$(id -u)" = 0 ]; then
  log "installing Debian packages: $DEB_PKGS"
  apt-get update -q >/dev/null
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q $DEB_PKGS >/dev/null
  if check; then
    report_native
    exit 0
  fi
  log "still missing after install: $MISSING"
  exit 1
fi

log "not root; run:"
echo "  sudo apt-get update"
echo "  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y $DEB_PKGS"
echo "  (or, with internet access: rustup target add wasm32-unknown-unknown, plus binaryen for wasm-opt)"
exit 1
