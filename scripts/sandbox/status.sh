#!/usr/bin/env bash
# `make sandbox-status`: each cluster's processes and their health, its GPU fleet as its
# API server reports it, and the memory the sandbox holds. Exits non-zero when
# anything is down or unhealthy.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/sandbox/lib.sh

healthy=true
report() { # <component> <state> [<detail>]
  printf '  %-24s %-10s %s\n' "$1" "$2" "${3:-}"
  [[ "$2" == "healthy" ]] || healthy=false
}

check_health() { # <component>
  case "$1" in
    etcd) curl -fsS --max-time 2 --cacert "$CLUSTER_PKI/ca.crt" \
      --cert "$CLUSTER_PKI/apiserver-etcd-client.crt" \
      --key "$CLUSTER_PKI/apiserver-etcd-client.key" "https://127.0.0.1:$ETCD_CLIENT_PORT/health" ;;
    kube-apiserver) api_curl "$APISERVER_URL/readyz" ;;
    kube-controller-manager) curl -fsSk --max-time 2 "https://127.0.0.1:$CONTROLLER_MANAGER_PORT/healthz" ;;
    kube-scheduler) curl -fsSk --max-time 2 "https://127.0.0.1:$SCHEDULER_PORT/healthz" ;;
    kwok) curl -fsS --max-time 2 "http://127.0.0.1:$KWOK_PORT/healthz" ;;
    prometheus) curl -fsS --max-time 2 "$PROMETHEUS_URL/-/ready" ;;
    fleet-exporter) curl -fsS --max-time 2 "http://127.0.0.1:$FLEET_EXPORTER_PORT/healthz" ;;
  esac
}

total_kib=0
for cluster in "${SANDBOX_CLUSTERS[@]}"; do
  use_cluster "$cluster"
  cluster_healthy=true
  echo "$CLUSTER (KUBECONFIG=$CLUSTER_KUBECONFIG):"
  for component in "${SANDBOX_COMPONENTS[@]}"; do
    if pid="$(live_pid "$component")"; then
      rss_kib="$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)"
      total_kib=$((total_kib + rss_kib))
      if check_health "$component" >/dev/null 2>&1; then
        report "$component" healthy "pid $pid, 127.0.0.1:$(port_of "$component"), $((rss_kib / 1024)) MiB"
      else
        report "$component" unhealthy "pid $pid; see $(log_file_of "$component")"
        cluster_healthy=false
      fi
    else
      report "$component" stopped
      cluster_healthy=false
    fi
  done
  if $cluster_healthy; then
    sandbox_kubectl get nodes -l nvidia.com/gpu.present=true \
      -o custom-columns='NAME:.metadata.name,SITE:.metadata.labels.ekyc\.io/site,COUNTRY:.metadata.labels.ekyc\.io/country,PRODUCT:.metadata.labels.nvidia\.com/gpu\.product,GPUS:.status.capacity.nvidia\.com/gpu,READY:.status.conditions[?(@.type=="Ready")].status'
  fi
  echo
done
echo "sandbox memory (RSS of every process above): $((total_kib / 1024)) MiB"
$healthy
