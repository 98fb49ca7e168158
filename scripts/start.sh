#!/usr/bin/env bash
# Starts the portal on the embedded default: frontend on :3000, backend on :7007, with the
# local sandbox's cluster when it runs and app-config.local.yaml when it exists.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/node-toolchain.sh
source scripts/sandbox/lib.sh

# A sandbox's first start applies the two example environments, so that the fleet has
# workloads (and the dashboard figures); EKYC_SANDBOX_SEED=0 leaves it empty.
if [[ -f "$EKYC_SANDBOX_DIR/kubeconfig-pulumi" && "${EKYC_SANDBOX_SEED:-1}" == 1 ]]; then
  node scripts/sandbox/seed.mjs
fi

configs=(--config "$PWD/app-config.yaml")
if [[ -f "$EKYC_SANDBOX_DIR/app-config.sandbox.yaml" ]]; then
  configs+=(--config "$EKYC_SANDBOX_DIR/app-config.sandbox.yaml")
fi
if [[ -f app-config.local.yaml ]]; then
  configs+=(--config "$PWD/app-config.local.yaml")
fi
ekyc_log "starting the portal: http://localhost:3000 (backend http://localhost:7007)"
exec yarn start "${configs[@]}"
