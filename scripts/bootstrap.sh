#!/usr/bin/env bash
# Everything the two commands need, installed when missing: Node 22 and yarn 4 (from the
# npm registry), the npm dependencies, and, with --browser, Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/node-toolchain.sh
source scripts/lib/deps.sh

ekyc_ensure_deps

if [[ " $* " == *" --browser "* ]] && ! command -v chromium >/dev/null; then
  ekyc_log "installing Debian's chromium for the browser smoke test"
  if [[ "$(id -u)" -eq 0 ]]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
