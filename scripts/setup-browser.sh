#!/usr/bin/env bash
# Makes Debian's Chromium available for the real-browser tests (driven by playwright-core;
# `npx playwright install` cannot download browsers here). Idempotent and fast when present.
set -euo pipefail
log() { echo "[setup-browser] $*"; }

if command -v chromium >/dev/null 2>&1; then
  log "chromium: $(command -v chromium)"
  exit 0
fi
if [ "$(id -u)" = "0" ]; then
  log "installing Debian's chromium (apt)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  command -v chromium >/dev/null 2>&1 && { log "chromium: $(command -v chromium)"; exit 0; }
  log "ERROR: chromium still missing after apt-get install"
  exit 1
fi
log "ERROR: chromium is not installed and this is not root. Run:"
log "  sudo apt-get update && sudo apt-get install -y chromium"
exit 1
