#!/usr/bin/env bash
# Wall time and peak memory of the foundation's heavy steps on this machine: dependency
# install (no-op), type-check, unit tests, frontend build, backend start to ready.
# With --cold, also a clean clone's install with an empty yarn cache (downloads everything).
# Prints one line per step; copy the figures into docs/performance.md with the date.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/node-toolchain.sh

measure() { # <label> <command...>
  local out
  out="$(mktemp)"
  /usr/bin/time -f '%e %M' -o "$out" "${@:2}" >/dev/null 2>&1 || { echo "$1: FAILED"; return 1; }
  read -r seconds kib < "$out"
  printf '%-34s %8.1f s %8d MiB peak\n' "$1" "$seconds" "$((kib / 1024))"
  rm -f "$out"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(date -u +%F)"
if [[ " $* " == *" --cold "* ]]; then
  scratch="$(mktemp -d)"
  git clone -q . "$scratch/repo"
  measure "install, cold (empty yarn cache)" \
    env YARN_GLOBAL_FOLDER="$scratch/yarn-global" bash -c "cd '$scratch/repo' && yarn install --immutable"
  measure "install, warm yarn cache" bash -c "cd '$scratch/repo' && rm -rf node_modules && yarn install --immutable"
  rm -rf "$scratch"
fi
measure "install, nothing changed" yarn install --immutable
measure "tsc" yarn tsc --incremental false
measure "jest (all unit/component tests)" env CI=true yarn backstage-cli repo test --silent
measure "frontend build" yarn workspace app build

# Backend: from launch to /.backstage/health/v1/readiness answering 200.
port=7199
start_ns=$(date +%s%N)
(cd packages/backend && setsid yarn backstage-cli package start --config ../../app-config.yaml \
  --config <(printf 'backend:\n  baseUrl: http://localhost:%s\n  listen: { port: %s }\n' $port $port) \
  >/dev/null 2>&1 & echo $! > /tmp/ekyc-bench-backend.pid)
until curl -fs "http://localhost:$port/.backstage/health/v1/readiness" >/dev/null 2>&1; do sleep 0.2; done
ready_s=$(( ($(date +%s%N) - start_ns) / 1000000 ))
pgid=$(ps -o pgid= "$(cat /tmp/ekyc-bench-backend.pid)" | tr -d ' ')
rss_kib=$(ps -o rss= -g "$pgid" | awk '{s+=$1} END {print s}')
kill -TERM -- "-$pgid"
rm -f /tmp/ekyc-bench-backend.pid
printf '%-34s %8.1f s %8d MiB RSS at ready\n' "backend start to ready" "$(echo "$ready_s / 1000" | bc -l)" "$((rss_kib / 1024))"
