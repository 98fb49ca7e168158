#!/usr/bin/env bash
# One site's up and destroy with Pulumi's PostgreSQL backend against the file backend, on
# a sandbox of its own (bench/stateBackends.ts). EKYC_BENCH_POSTGRES_URL names the server
# (default: the loopback one, user postgres).
set -euo pipefail
source "$(dirname "$0")/sandbox.sh"
export EKYC_BENCH_POSTGRES_URL="${EKYC_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
node -r @backstage/cli/config/nodeTransform.cjs bench/stateBackends.ts
