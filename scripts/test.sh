#!/usr/bin/env bash
# Runs every check and test, then prints one closing line `N passed, N failed`.
# Each step still runs when an earlier one fails, so the line counts everything.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/node-toolchain.sh

# The tests get a sandbox of their own, on other ports and in another state directory,
# so that a developer's running sandbox is left alone; it is removed afterwards.
source scripts/sandbox/isolated-env.sh "${XDG_STATE_HOME:-$HOME/.local/state}/ekyc-portal/sandbox-test" 23400
source scripts/sandbox/lib.sh
trap 'EKYC_SANDBOX_RESET=1 scripts/sandbox/down.sh >/dev/null 2>&1' EXIT

results_dir="test-results"
mkdir -p "$results_dir"
passed=0
failed=0
failures=()

# A whole-command check (type-check, lint, build) counts as one test.
check() {
  local name="$1"
  shift
  ekyc_log "check: $name"
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    failures+=("$name")
  fi
}

# Adds a runner's own counts; a runner that dies before reporting counts as one failure.
add_counts() {
  local name="$1" p="$2" f="$3" rc="$4"
  passed=$((passed + p))
  failed=$((failed + f))
  if [[ "$rc" -ne 0 ]]; then
    failures+=("$name")
    if [[ "$f" -eq 0 ]]; then failed=$((failed + 1)); fi
  fi
}

# The stores' tests also run on PostgreSQL where a server answers (each test creates and
# drops a database of its own); EKYC_TEST_POSTGRES_URL points them at another one.
if [[ -z "${EKYC_TEST_POSTGRES_URL:-}" ]]; then
  if (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then
    export EKYC_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:5432/postgres"
  else
    ekyc_log "no PostgreSQL answers on 127.0.0.1:5432: the stores' PostgreSQL tests are skipped (set EKYC_TEST_POSTGRES_URL to run them)"
  fi
fi

check "tsc" yarn tsc
check "lint" yarn backstage-cli repo lint
check "prettier" yarn prettier --check --loglevel warn .

# Started before jest: the runner's tests and the end-to-end tests use it.
EKYC_SANDBOX_RESET=1 scripts/sandbox/down.sh >/dev/null 2>&1
check "sandbox up" scripts/sandbox/up.sh

# The Helm chart: lint, render, and a server-side dry run of what it renders against the
# sandbox's API server (the image itself is not built here: there is no container engine).
chart_checks() {
  local chart=deploy/ekyc-portal rendered kinds
  local helm="$EKYC_TOOLCHAIN_BIN/helm" kubectl="$EKYC_TOOLCHAIN_BIN/kubectl"
  "$helm" lint --strict "$chart" || return 1
  rendered="$("$helm" template ekyc-portal "$chart" --namespace default)" || return 1
  kinds="$(grep -E '^kind: ' <<<"$rendered" | sort | tr '\n' ' ')"
  [[ "$kinds" == "kind: ClusterRole kind: ClusterRoleBinding kind: ConfigMap kind: Deployment kind: Ingress kind: PodDisruptionBudget kind: Service kind: ServiceAccount " ]] ||
    { echo "the chart renders: $kinds" >&2; return 1; }
  use_cluster sandbox-singapore
  "$kubectl" --kubeconfig "$CLUSTER_KUBECONFIG" apply --dry-run=server -f - <<<"$rendered" || return 1
  # One replica needs no disruption budget; a missing database host is named.
  rendered="$("$helm" template ekyc-portal "$chart" --set replicas=1)" || return 1
  [[ "$rendered" != *"kind: PodDisruptionBudget"* ]] || return 1
  if rendered="$("$helm" template ekyc-portal "$chart" --set postgres.host= 2>&1)"; then
    return 1
  fi
  [[ "$rendered" == *"postgres.host: the external PostgreSQL's host"* ]]
}
check "helm chart" chart_checks

ekyc_log "unit and component tests (jest)"
jest_json="$results_dir/jest.json"
rm -f "$jest_json"
CI=true yarn backstage-cli repo test --silent --json --outputFile="$PWD/$jest_json"
jest_rc=$?
if [[ -f "$jest_json" ]]; then
  read -r jp jf < <(node -e 'const r=require(process.argv[1]);console.log(r.numPassedTests, r.numFailedTests)' "$PWD/$jest_json")
else
  jp=0 jf=0
fi
add_counts "jest" "$jp" "$jf" "$jest_rc"

build_log="$results_dir/app-build.log"
check "frontend build" bash -c "yarn workspace app build > '$build_log' 2>&1 || { tail -50 '$build_log'; exit 1; }"

ekyc_log "end-to-end tests: real backend, real browser (node --test)"
e2e_log="$results_dir/e2e.tap"
# The runner's own summary is indented so that the closing line below stays the only one.
node --test --test-reporter=tap --test-reporter-destination="$e2e_log" \
  --test-reporter=spec --test-reporter-destination=stdout e2e/*.test.mts | sed 's/^/  /'
e2e_rc=${PIPESTATUS[0]}
ep="$(grep -E '^# pass ' "$e2e_log" | awk '{print $3}')"
ef="$(grep -E '^# fail ' "$e2e_log" | awk '{print $3}')"
add_counts "e2e" "${ep:-0}" "${ef:-0}" "$e2e_rc"

# `down` must stop every process `up` started, and nothing else.
sandbox_down_leaves_nothing() {
  local pids
  pids="$(cat "$EKYC_SANDBOX_DIR"/pids/*.pid 2>/dev/null)"
  [[ -n "$pids" ]] || return 1
  scripts/sandbox/down.sh || return 1
  for pid in $pids; do
    if kill -0 "$pid" 2>/dev/null; then
      echo "pid $pid still runs after sandbox down" >&2
      return 1
    fi
  done
}
check "sandbox down leaves no process" sandbox_down_leaves_nothing

if ((${#failures[@]})); then
  ekyc_log "failed: ${failures[*]}"
fi
echo "$passed passed, $failed failed"
[[ "$failed" -eq 0 ]]
