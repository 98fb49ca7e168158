#!/usr/bin/env bash
# Regenerates the environment templates from the EnvironmentSpec and their forms, then
# the GitHub issue forms from those templates.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/node-toolchain.sh
node -r @backstage/cli/config/nodeTransform.cjs scripts/maintenance/writeForms.ts
