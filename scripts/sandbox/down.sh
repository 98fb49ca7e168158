#!/usr/bin/env bash
# `make sandbox-down`: stops the processes that up.sh started and recorded, each
# cluster's newest first; `down.sh <cluster>` stops one cluster only. Only recorded pids
# that still run our binaries are signalled; nothing is killed by name. State
# (certificates, etcd data, logs) stays for the next `up`; EKYC_SANDBOX_RESET=1 removes
# it too (with every cluster's).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/sandbox/lib.sh

clusters=("${SANDBOX_CLUSTERS[@]}")
if [[ $# -gt 0 ]]; then
  is_sandbox_cluster "$1" || sandbox_fail "no sandbox cluster is named $1: one of ${SANDBOX_CLUSTERS[*]}"
  clusters=("$1")
fi

for cluster in "${clusters[@]}"; do
  use_cluster "$cluster"
  for ((i = ${#SANDBOX_COMPONENTS[@]} - 1; i >= 0; i--)); do
    component="${SANDBOX_COMPONENTS[$i]}"
    pid_file="$(pid_file_of "$component")"
    if pid="$(live_pid "$component")"; then
      sandbox_log "$CLUSTER: stopping $component (pid $pid)"
      kill -TERM "$pid"
      for _ in $(seq 1 40); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.25
      done
      if kill -0 "$pid" 2>/dev/null; then
        sandbox_log "$CLUSTER: $component did not stop in 10 s; killing it"
        kill -KILL "$pid" 2>/dev/null || true
      fi
    elif [[ -f "$pid_file" ]]; then
      sandbox_log "$CLUSTER: $component: stale pid file (pid $(cat "$pid_file") not running our binary); removing it"
    fi
    rm -f "$pid_file"
  done
done

if [[ "${EKYC_SANDBOX_RESET:-}" == "1" && $# -eq 0 ]]; then
  sandbox_log "removing the sandbox state in $EKYC_SANDBOX_DIR"
  rm -rf "$EKYC_SANDBOX_DIR"
fi
sandbox_log "sandbox is down${1:+: $1}"
