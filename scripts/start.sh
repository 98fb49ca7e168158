#!/usr/bin/env bash
# Starts the portal on the embedded default: frontend on :3000, backend on :7007.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/node-toolchain.sh
ekyc_log "starting the portal: http://localhost:3000 (backend http://localhost:7007)"
exec yarn start
