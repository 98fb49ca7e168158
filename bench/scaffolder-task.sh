#!/usr/bin/env bash
# The sovereign-site template through the real scaffolder against the same program's
# up with the Automation API alone, on a sandbox of its own (bench/scaffolderTask.mts).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/node-toolchain.sh
source scripts/lib/deps.sh
ekyc_ensure_deps
source scripts/lib/toolchain-env.sh
scripts/toolchain/build.sh

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(date -u +%F)"
source scripts/sandbox/isolated-env.sh "$(mktemp -d)/sandbox" 24500
trap 'EKYC_SANDBOX_RESET=1 scripts/sandbox/down.sh >/dev/null 2>&1' EXIT
scripts/sandbox/up.sh 2>/dev/null
node bench/scaffolderTask.mts
