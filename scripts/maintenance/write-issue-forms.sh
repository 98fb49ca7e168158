#!/usr/bin/env bash
# Regenerates the GitHub issue forms from the scaffolder templates they request.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/node-toolchain.sh
node -r @backstage/cli/config/nodeTransform.cjs scripts/maintenance/writeIssueForms.ts
