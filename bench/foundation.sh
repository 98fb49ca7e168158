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
bench_config="$(mktemp --suffix .yaml)"
printf 'backend:\n  baseUrl: http://localhost:%s\n  listen: { port: %s }\n' "$port" "$port" > "$bench_config"
start_ns=$(date +%s%N)
(cd packages/backend && exec setsid yarn backstage-cli package start \
  --config ../../app-config.yaml --config "$bench_config" >/dev/null 2>&1) &
backend_pid=$!
until curl -fs "http://localhost:$port/.backstage/health/v1/readiness" >/dev/null 2>&1; do
  kill -0 "$backend_pid" 2>/dev/null || { echo "backend start: FAILED"; exit 1; }
  sleep 0.2
done
ready_ms=$((($(date +%s%N) - start_ns) / 1000000))
# setsid made the backend's launcher a process group leader: measure and stop the group.
rss_kib=$(ps -o rss= -g "$backend_pid" | awk '{ s += $1 } END { print s }')
kill -TERM -- "-$backend_pid"
rm -f "$bench_config"
printf '%-34s %8.1f s %8d MiB RSS at ready\n' "backend start to ready" \
  "$(awk -v ms="$ready_ms" 'BEGIN { print ms / 1000 }')" "$((rss_kib / 1024))"
