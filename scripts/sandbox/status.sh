#!/usr/bin/env bash
# `make sandbox-status`: each component's process and health, and the GPU fleet as the
# API server reports it. Exits non-zero when anything is down or unhealthy.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/sandbox/lib.sh

healthy=true
report() { # <component> <state> [<detail>]
  printf '%-24s %-10s %s\n' "$1" "$2" "${3:-}"
  [[ "$2" == "healthy" ]] || healthy=false
}

check_health() { # <component>
  case "$1" in
    etcd) curl -fsS --max-time 2 --cacert "$SANDBOX_PKI/ca.crt" \
      --cert "$SANDBOX_PKI/apiserver-etcd-client.crt" \
      --key "$SANDBOX_PKI/apiserver-etcd-client.key" "https://127.0.0.1:$ETCD_CLIENT_PORT/health" ;;
    kube-apiserver) api_curl "$EKYC_SANDBOX_APISERVER_URL/readyz" ;;
    kube-controller-manager) curl -fsSk --max-time 2 "https://127.0.0.1:$CONTROLLER_MANAGER_PORT/healthz" ;;
    kube-scheduler) curl -fsSk --max-time 2 "https://127.0.0.1:$SCHEDULER_PORT/healthz" ;;
    kwok) curl -fsS --max-time 2 "http://127.0.0.1:$KWOK_PORT/healthz" ;;
    prometheus) curl -fsS --max-time 2 "$EKYC_SANDBOX_PROMETHEUS_URL/-/ready" ;;
    fleet-exporter) curl -fsS --max-time 2 "http://127.0.0.1:$FLEET_EXPORTER_PORT/healthz" ;;
  esac
}

for component in "${SANDBOX_COMPONENTS[@]}"; do
  if pid="$(live_pid "$component")"; then
    if check_health "$component" >/dev/null 2>&1; then
      report "$component" healthy "pid $pid, 127.0.0.1:$(port_of "$component")"
    else
      report "$component" unhealthy "pid $pid; see $SANDBOX_LOGS/$component.log"
    fi
  else
    report "$component" stopped
  fi
done

if $healthy; then
  echo
  echo "GPU nodes (KUBECONFIG=$EKYC_SANDBOX_KUBECONFIG):"
  sandbox_kubectl get nodes -l nvidia.com/gpu.present=true \
    -o custom-columns='NAME:.metadata.name,SITE:.metadata.labels.ekyc\.io/site,COUNTRY:.metadata.labels.ekyc\.io/country,PRODUCT:.metadata.labels.nvidia\.com/gpu\.product,GPUS:.status.capacity.nvidia\.com/gpu,READY:.status.conditions[?(@.type=="Ready")].status'
fi
$healthy
