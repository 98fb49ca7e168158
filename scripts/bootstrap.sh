#!/usr/bin/env bash
# Everything the two commands need, installed when missing: Node 22 and yarn 4 (from the
# npm registry), the npm dependencies, with --browser Debian's Chromium, and with
# --sandbox Debian's Prometheus, openssl and curl for the local sandbox.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/node-toolchain.sh
source scripts/lib/deps.sh

ekyc_ensure_deps

# Debian packages for the commands that are missing, in one apt transaction.
packages=()
[[ " $* " == *" --browser "* ]] && ! command -v chromium >/dev/null && packages+=(chromium)
if [[ " $* " == *" --sandbox "* ]]; then
  command -v prometheus >/dev/null || packages+=(prometheus)
  command -v openssl >/dev/null || packages+=(openssl)
  command -v curl >/dev/null || packages+=(curl)
fi
if ((${#packages[@]})); then
  ekyc_log "installing Debian packages: ${packages[*]}"
  if [[ "$(id -u)" -eq 0 ]]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  # Packages' own services are not started (no init here); the sandbox runs its own.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi
