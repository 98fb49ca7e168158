#!/usr/bin/env bash
# p50/p99 latency and requests per second of the ekyc-regions backend's GET /regions at
# 20 regions x 40 countries from fixture sources, cold and warm cache (bench/regionsApi.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/node-toolchain.sh
source scripts/lib/deps.sh
ekyc_ensure_deps
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(date -u +%F)"
node -r @backstage/cli/config/nodeTransform.cjs bench/regionsApi.ts
