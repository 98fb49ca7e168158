#!/usr/bin/env bash
# Shared by up.sh, down.sh and status.sh: where the sandbox keeps its state, its ports,
# and how a recorded process is recognised. Source it.

source "$(dirname "${BASH_SOURCE[0]}")/../lib/toolchain-env.sh"

EKYC_SANDBOX_DIR="${EKYC_SANDBOX_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/ekyc-portal/sandbox}"
export EKYC_SANDBOX_DIR
export EKYC_SANDBOX_KUBECONFIG="$EKYC_SANDBOX_DIR/kubeconfig"
SANDBOX_PKI="$EKYC_SANDBOX_DIR/pki"
SANDBOX_PIDS="$EKYC_SANDBOX_DIR/pids"
SANDBOX_LOGS="$EKYC_SANDBOX_DIR/logs"

# Loopback ports, away from the defaults so that a developer's own cluster or Prometheus
# can run beside the sandbox. Each can be overridden.
ETCD_CLIENT_PORT="${EKYC_SANDBOX_ETCD_PORT:-23790}"
ETCD_PEER_PORT="${EKYC_SANDBOX_ETCD_PEER_PORT:-23800}"
APISERVER_PORT="${EKYC_SANDBOX_APISERVER_PORT:-26443}"
CONTROLLER_MANAGER_PORT="${EKYC_SANDBOX_CONTROLLER_MANAGER_PORT:-20257}"
SCHEDULER_PORT="${EKYC_SANDBOX_SCHEDULER_PORT:-20259}"
KWOK_PORT="${EKYC_SANDBOX_KWOK_PORT:-20247}"
PROMETHEUS_PORT="${EKYC_SANDBOX_PROMETHEUS_PORT:-29090}"
FLEET_EXPORTER_PORT="${EKYC_SANDBOX_FLEET_EXPORTER_PORT:-29100}"
export EKYC_SANDBOX_APISERVER_URL="https://127.0.0.1:$APISERVER_PORT"
export EKYC_SANDBOX_PROMETHEUS_URL="http://127.0.0.1:$PROMETHEUS_PORT"

# Start order; down.sh stops them in reverse.
SANDBOX_COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok fleet-exporter prometheus)

sandbox_log() { printf '\033[1m[sandbox]\033[0m %s\n' "$*" >&2; }
sandbox_fail() { sandbox_log "error: $*"; exit 1; }

port_of() {
  case "$1" in
    etcd) echo "$ETCD_CLIENT_PORT" ;;
    kube-apiserver) echo "$APISERVER_PORT" ;;
    kube-controller-manager) echo "$CONTROLLER_MANAGER_PORT" ;;
    kube-scheduler) echo "$SCHEDULER_PORT" ;;
    kwok) echo "$KWOK_PORT" ;;
    prometheus) echo "$PROMETHEUS_PORT" ;;
    fleet-exporter) echo "$FLEET_EXPORTER_PORT" ;;
  esac
}

port_env_of() {
  case "$1" in
    etcd) echo EKYC_SANDBOX_ETCD_PORT ;;
    kube-apiserver) echo EKYC_SANDBOX_APISERVER_PORT ;;
    kube-controller-manager) echo EKYC_SANDBOX_CONTROLLER_MANAGER_PORT ;;
    kube-scheduler) echo EKYC_SANDBOX_SCHEDULER_PORT ;;
    kwok) echo EKYC_SANDBOX_KWOK_PORT ;;
    prometheus) echo EKYC_SANDBOX_PROMETHEUS_PORT ;;
    fleet-exporter) echo EKYC_SANDBOX_FLEET_EXPORTER_PORT ;;
  esac
}

# The pid recorded for a component when that process is alive and is still the binary
# we started (a recycled pid belongs to someone else); otherwise nothing. The fleet
# exporter is node running its script: a developer's other node processes are not ours.
live_pid() { # <component>
  local file="$SANDBOX_PIDS/$1.pid" pid exe
  [[ -f "$file" ]] || return 1
  pid="$(cat "$file")"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  exe="$(readlink "/proc/$pid/exe" 2>/dev/null || true)"
  exe="$(basename "${exe% (deleted)}")"
  if [[ "$1" == fleet-exporter ]]; then
    [[ "$exe" == node ]] || return 1
    tr '\0' '\n' < "/proc/$pid/cmdline" 2>/dev/null |
      grep -qE '(^|/)scripts/sandbox/fleet-exporter\.mjs$' || return 1
  else
    [[ "$exe" == "$1" ]] || return 1
  fi
  echo "$pid"
}

port_in_use() { # <port>
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# curl against the apiserver with the admin client certificate.
api_curl() {
  curl -fsS --max-time 5 --cacert "$SANDBOX_PKI/ca.crt" \
    --cert "$SANDBOX_PKI/admin.crt" --key "$SANDBOX_PKI/admin.key" "$@"
}

sandbox_kubectl() {
  "$EKYC_TOOLCHAIN_BIN/kubectl" --kubeconfig "$EKYC_SANDBOX_KUBECONFIG" "$@"
}
