#!/usr/bin/env bash
# Two production replicas on the loopback PostgreSQL (e2e/replicas.test.mts) on a sandbox
# of its own: each backend's RSS at ready, and the time from kill -9 of the replica
# running a sovereign site's up to the task completing on the other.
set -euo pipefail
source "$(dirname "$0")/sandbox.sh"
export EKYC_TEST_POSTGRES_URL="${EKYC_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
node --test --test-reporter=spec e2e/replicas.test.mts 2>&1 |
  grep -E 'backend RSS at ready|kill -9 of the replica|^ℹ (pass|fail)'
