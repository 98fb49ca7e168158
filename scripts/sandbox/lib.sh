#!/usr/bin/env bash
# Shared by up.sh, down.sh and status.sh: where the sandbox keeps its state, its two
# clusters and their ports, and how a recorded process is recognised. Source it; then
# `use_cluster <name>` points the per-cluster variables at one cluster.

source "$(dirname "${BASH_SOURCE[0]}")/../lib/toolchain-env.sh"

EKYC_SANDBOX_DIR="${EKYC_SANDBOX_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/ekyc-portal/sandbox}"
export EKYC_SANDBOX_DIR
SANDBOX_PIDS="$EKYC_SANDBOX_DIR/pids"
SANDBOX_LOGS="$EKYC_SANDBOX_DIR/logs"

# Two places, each a control plane of its own (etcd, API server, controller manager,
# scheduler, kwok), its own certificates, its own Prometheus and simulated load: a
# Singapore region cluster, and an in-country cluster for the Dhaka sovereign site.
SANDBOX_CLUSTERS=(sandbox-singapore sandbox-dhaka)

# Start order within a cluster; down.sh stops them in reverse.
SANDBOX_COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok fleet-exporter prometheus)

# Loopback ports, away from the defaults so that a developer's own cluster or Prometheus
# can run beside the sandbox: a base per cluster (EKYC_SANDBOX_<N>_PORT_BASE, N = 1 for
# the first cluster), each component at an offset from it.
port_base_of() { # <cluster>
  case "$1" in
    sandbox-singapore) echo "${EKYC_SANDBOX_1_PORT_BASE:-23700}" ;;
    sandbox-dhaka) echo "${EKYC_SANDBOX_2_PORT_BASE:-23800}" ;;
    *) return 1 ;;
  esac
}

component_offset() { # <component>
  case "$1" in
    etcd) echo 1 ;;
    etcd-peer) echo 2 ;;
    kube-apiserver) echo 3 ;;
    kube-controller-manager) echo 4 ;;
    kube-scheduler) echo 5 ;;
    kwok) echo 6 ;;
    prometheus) echo 7 ;;
    fleet-exporter) echo 8 ;;
  esac
}

is_sandbox_cluster() { # <name>
  local c
  for c in "${SANDBOX_CLUSTERS[@]}"; do [[ "$c" == "$1" ]] && return 0; done
  return 1
}

# Points the per-cluster variables at one cluster; its state is under clusters/<name>.
use_cluster() { # <cluster>
  is_sandbox_cluster "$1" || {
    echo "no sandbox cluster is named $1: one of ${SANDBOX_CLUSTERS[*]}" >&2
    return 1
  }
  CLUSTER="$1"
  CLUSTER_DIR="$EKYC_SANDBOX_DIR/clusters/$CLUSTER"
  CLUSTER_PKI="$CLUSTER_DIR/pki"
  CLUSTER_KUBECONFIG="$CLUSTER_DIR/kubeconfig"
  local base
  base="$(port_base_of "$CLUSTER")"
  ETCD_CLIENT_PORT=$((base + 1))
  ETCD_PEER_PORT=$((base + 2))
  APISERVER_PORT=$((base + 3))
  CONTROLLER_MANAGER_PORT=$((base + 4))
  SCHEDULER_PORT=$((base + 5))
  KWOK_PORT=$((base + 6))
  PROMETHEUS_PORT=$((base + 7))
  FLEET_EXPORTER_PORT=$((base + 8))
  APISERVER_URL="https://127.0.0.1:$APISERVER_PORT"
  PROMETHEUS_URL="http://127.0.0.1:$PROMETHEUS_PORT"
}

sandbox_log() { printf '\033[1m[sandbox]\033[0m %s\n' "$*" >&2; }
sandbox_fail() { sandbox_log "error: $*"; exit 1; }

port_of() { # <component>, of the current cluster
  echo $(($(port_base_of "$CLUSTER") + $(component_offset "$1")))
}

pid_file_of() { # <component>, of the current cluster
  echo "$SANDBOX_PIDS/$CLUSTER.$1.pid"
}

log_file_of() { # <component>, of the current cluster
  echo "$SANDBOX_LOGS/$CLUSTER.$1.log"
}

# The pid recorded for a component of the current cluster when that process is alive
# and is still the binary we started (a recycled pid belongs to someone else);
# otherwise nothing. The fleet exporter is node running its script: a developer's
# other node processes are not ours.
live_pid() { # <component>
  local file pid exe
  file="$(pid_file_of "$1")"
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

# curl against the current cluster's API server with its admin client certificate.
api_curl() {
  curl -fsS --max-time 5 --cacert "$CLUSTER_PKI/ca.crt" \
    --cert "$CLUSTER_PKI/admin.crt" --key "$CLUSTER_PKI/admin.key" "$@"
}

sandbox_kubectl() { # kubectl as the current cluster's admin
  "$EKYC_TOOLCHAIN_BIN/kubectl" --kubeconfig "$CLUSTER_KUBECONFIG" "$@"
}
