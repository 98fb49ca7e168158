#!/usr/bin/env bash
# Wall time to stamp out 1 and then 8 sovereign sites concurrently on a sandbox of its
# own, and the runner's overhead against the Automation API alone (bench/stampSites.ts).
set -euo pipefail
source "$(dirname "$0")/sandbox.sh"
node -r @backstage/cli/config/nodeTransform.cjs bench/stampSites.ts
