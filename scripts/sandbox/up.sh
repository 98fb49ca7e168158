#!/usr/bin/env bash
# `make sandbox-up`: two real Kubernetes control planes on loopback, each with TLS and
# its own etcd, API server, controller manager, scheduler and kwok (simulating its GPU
# fleet), Prometheus and simulated load: a Singapore region cluster and an in-country
# Dhaka cluster. `up.sh <cluster>` starts one. Running it again starts only what is not
# running.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/sandbox/lib.sh
source scripts/sandbox/pki.sh
source scripts/lib/node-toolchain.sh

for bin in etcd kube-apiserver kube-controller-manager kube-scheduler kubectl kwok; do
  [[ -x "$EKYC_TOOLCHAIN_BIN/$bin" ]] || sandbox_fail "$bin is missing from $EKYC_TOOLCHAIN_BIN: run 'make toolchain' first"
done
command -v prometheus >/dev/null || sandbox_fail "prometheus is missing: run 'make toolchain' (installs Debian's prometheus) or 'apt-get install prometheus'"
command -v openssl >/dev/null || sandbox_fail "openssl is missing: apt-get install openssl"

# Two clusters on one machine within 1.5 GiB: the Go components collect garbage at half
# the default heap growth, trading a little CPU for memory.
export GOGC="${GOGC:-50}"

clusters=("${SANDBOX_CLUSTERS[@]}")
if [[ $# -gt 0 ]]; then
  is_sandbox_cluster "$1" || sandbox_fail "no sandbox cluster is named $1: one of ${SANDBOX_CLUSTERS[*]}"
  clusters=("$1")
fi
mkdir -p "$SANDBOX_PIDS" "$SANDBOX_LOGS"

# Starts a component of the current cluster unless it already runs; refuses a port
# that someone else holds.
start() { # <component> <binary> <args...>
  local component="$1" binary="$2"
  shift 2
  local pid_file log_file port pid
  pid_file="$(pid_file_of "$component")"
  log_file="$(log_file_of "$component")"
  if pid="$(live_pid "$component")"; then
    sandbox_log "$CLUSTER: $component already running (pid $pid)"
    return 0
  fi
  if [[ -f "$pid_file" ]]; then
    sandbox_log "$CLUSTER: $component: removing stale pid file $pid_file (pid $(cat "$pid_file") is not ours any more)"
    rm -f "$pid_file"
  fi
  port="$(port_of "$component")"
  if port_in_use "$port"; then
    sandbox_fail "$CLUSTER: $component: port 127.0.0.1:$port is in use by a process the sandbox did not start; stop it or set EKYC_SANDBOX_$(cluster_number)_PORT_BASE to a free range"
  fi
  sandbox_log "$CLUSTER: starting $component on 127.0.0.1:$port (log: $log_file)"
  # setsid: its own session, so a terminal's Ctrl-C does not reach it.
  setsid "$binary" "$@" >> "$log_file" 2>&1 < /dev/null &
  echo $! > "$pid_file"
}

cluster_number() {
  local i
  for i in "${!SANDBOX_CLUSTERS[@]}"; do
    [[ "${SANDBOX_CLUSTERS[$i]}" == "$CLUSTER" ]] && echo $((i + 1))
  done
}

wait_for() { # <component> <description> <command...>
  local component="$1" what="$2"
  shift 2
  for _ in $(seq 1 120); do
    "$@" >/dev/null 2>&1 && return 0
    live_pid "$component" >/dev/null || sandbox_fail "$CLUSTER: $component exited; last lines of $(log_file_of "$component"):$(echo; tail -n 20 "$(log_file_of "$component")")"
    sleep 0.5
  done
  sandbox_fail "$CLUSTER: $component: $what not reached after 60 s; see $(log_file_of "$component")"
}

# Long-lived tokens from token Secrets, filled in by the controller-manager.
read_token() { # <namespace> <secret>
  sandbox_kubectl -n "$1" get secret "$2" -o 'jsonpath={.data.token}' 2>/dev/null | base64 -d
}

up_cluster() {
  mkdir -p "$CLUSTER_DIR"
  sandbox_make_pki
  write_cert_kubeconfig "$CLUSTER_KUBECONFIG" ekyc-sandbox-admin admin
  local component
  for component in kube-controller-manager kube-scheduler kwok; do
    write_cert_kubeconfig "$CLUSTER_DIR/$component.kubeconfig" "$component" "$component"
  done

  start etcd "$EKYC_TOOLCHAIN_BIN/etcd" \
    --name "$CLUSTER" --data-dir "$CLUSTER_DIR/etcd" \
    --listen-client-urls "https://127.0.0.1:$ETCD_CLIENT_PORT" \
    --advertise-client-urls "https://127.0.0.1:$ETCD_CLIENT_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "$CLUSTER=http://127.0.0.1:$ETCD_PEER_PORT" \
    --cert-file "$CLUSTER_PKI/etcd.crt" --key-file "$CLUSTER_PKI/etcd.key" \
    --client-cert-auth --trusted-ca-file "$CLUSTER_PKI/ca.crt" \
    --quota-backend-bytes 1073741824
  wait_for etcd "health" curl -fsS --max-time 2 --cacert "$CLUSTER_PKI/ca.crt" \
    --cert "$CLUSTER_PKI/apiserver-etcd-client.crt" --key "$CLUSTER_PKI/apiserver-etcd-client.key" \
    "https://127.0.0.1:$ETCD_CLIENT_PORT/health"

  start kube-apiserver "$EKYC_TOOLCHAIN_BIN/kube-apiserver" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$APISERVER_PORT" \
    --etcd-servers "https://127.0.0.1:$ETCD_CLIENT_PORT" --etcd-cafile "$CLUSTER_PKI/ca.crt" \
    --etcd-certfile "$CLUSTER_PKI/apiserver-etcd-client.crt" \
    --etcd-keyfile "$CLUSTER_PKI/apiserver-etcd-client.key" \
    --tls-cert-file "$CLUSTER_PKI/apiserver.crt" --tls-private-key-file "$CLUSTER_PKI/apiserver.key" \
    --client-ca-file "$CLUSTER_PKI/ca.crt" \
    --service-account-key-file "$CLUSTER_PKI/sa.pub" \
    --service-account-signing-key-file "$CLUSTER_PKI/sa.key" \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-cluster-ip-range 10.96.0.0/16 \
    --authorization-mode Node,RBAC --allow-privileged=true \
    --endpoint-reconciler-type none
  wait_for kube-apiserver "readiness" api_curl "$APISERVER_URL/readyz"

  start kube-controller-manager "$EKYC_TOOLCHAIN_BIN/kube-controller-manager" \
    --kubeconfig "$CLUSTER_DIR/kube-controller-manager.kubeconfig" \
    --authentication-kubeconfig "$CLUSTER_DIR/kube-controller-manager.kubeconfig" \
    --authorization-kubeconfig "$CLUSTER_DIR/kube-controller-manager.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "$CONTROLLER_MANAGER_PORT" \
    --service-account-private-key-file "$CLUSTER_PKI/sa.key" \
    --root-ca-file "$CLUSTER_PKI/ca.crt" --use-service-account-credentials \
    --controllers '*,-nodeipam,-service,-route,-cloud-node-lifecycle' \
    --leader-elect=false
  wait_for kube-controller-manager "health" curl -fsSk --max-time 2 \
    "https://127.0.0.1:$CONTROLLER_MANAGER_PORT/healthz"

  start kube-scheduler "$EKYC_TOOLCHAIN_BIN/kube-scheduler" \
    --kubeconfig "$CLUSTER_DIR/kube-scheduler.kubeconfig" \
    --authentication-kubeconfig "$CLUSTER_DIR/kube-scheduler.kubeconfig" \
    --authorization-kubeconfig "$CLUSTER_DIR/kube-scheduler.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "$SCHEDULER_PORT" --leader-elect=false
  wait_for kube-scheduler "health" curl -fsSk --max-time 2 "https://127.0.0.1:$SCHEDULER_PORT/healthz"

  # kwok plays the kubelet only for nodes annotated kwok.x-k8s.io/node=fake, so a real
  # node joined to this cluster would be left alone.
  start kwok "$EKYC_TOOLCHAIN_BIN/kwok" \
    --kubeconfig "$CLUSTER_DIR/kwok.kubeconfig" \
    --config scripts/sandbox/kwok-stages.yaml \
    --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
    --server-address "127.0.0.1:$KWOK_PORT" --node-lease-duration-seconds 40
  wait_for kwok "health" curl -fsS --max-time 2 "http://127.0.0.1:$KWOK_PORT/healthz"

  sandbox_log "$CLUSTER: applying its GPU fleet, RBAC and service accounts"
  node scripts/sandbox/fleet.mjs "$CLUSTER" > "$CLUSTER_DIR/fleet.yaml"
  sandbox_kubectl apply -f "$CLUSTER_DIR/fleet.yaml" -f scripts/sandbox/access.yaml >/dev/null

  local reader_token="" pulumi_token=""
  for _ in $(seq 1 60); do
    reader_token="$(read_token ekyc-system portal-reader-token)"
    pulumi_token="$(read_token ekyc-system pulumi-deployer-token)"
    [[ -n "$reader_token" && -n "$pulumi_token" ]] && break
    sleep 0.5
  done
  [[ -n "$reader_token" && -n "$pulumi_token" ]] || sandbox_fail "$CLUSTER: service-account tokens were not issued; see $(log_file_of kube-controller-manager)"
  (umask 077 && echo -n "$reader_token" > "$CLUSTER_DIR/portal-reader.token")
  write_kubeconfig "$CLUSTER_DIR/kubeconfig-pulumi" pulumi-deployer "token: $pulumi_token"

  # Simulated load: traffic and GPU utilisation for the workers running on its GPU nodes.
  start fleet-exporter "$(command -v node)" scripts/sandbox/fleet-exporter.mjs \
    --api-server "$APISERVER_URL" --ca-file "$CLUSTER_PKI/ca.crt" \
    --token-file "$CLUSTER_DIR/portal-reader.token" --port "$FLEET_EXPORTER_PORT"
  wait_for fleet-exporter "health" curl -fsS --max-time 2 "http://127.0.0.1:$FLEET_EXPORTER_PORT/healthz"

  cat > "$CLUSTER_DIR/prometheus.yml" <<YAML
# Generated by scripts/sandbox/up.sh: the $CLUSTER cluster's own Prometheus.
global:
  scrape_interval: 15s
  external_labels: { cluster: $CLUSTER }
# The fleet's figures only: nothing reads the API server's own metrics, which would be
# most of this Prometheus' series.
scrape_configs:
  - job_name: kwok
    static_configs: [{ targets: ['127.0.0.1:$KWOK_PORT'] }]
  # SIMULATED LOAD: scripts/sandbox/fleet-exporter.mjs.
  - job_name: ekyc-fleet-simulated
    scrape_interval: 5s
    static_configs: [{ targets: ['127.0.0.1:$FLEET_EXPORTER_PORT'] }]
YAML
  # A Prometheus already running reads the configuration written above again.
  local pid
  if pid="$(live_pid prometheus)"; then kill -HUP "$pid"; fi
  start prometheus "$(command -v prometheus)" \
    --config.file "$CLUSTER_DIR/prometheus.yml" \
    --storage.tsdb.path "$CLUSTER_DIR/prometheus-data" \
    --web.listen-address "127.0.0.1:$PROMETHEUS_PORT"
  wait_for prometheus "readiness" curl -fsS --max-time 2 "$PROMETHEUS_URL/-/ready"

  sandbox_kubectl wait --for=condition=Ready node -l ekyc.io/site --timeout=60s >/dev/null
  # Where it answers, for write-config.mjs.
  printf '{"apiServerUrl":"%s","prometheusUrl":"%s"}\n' "$APISERVER_URL" "$PROMETHEUS_URL" \
    > "$CLUSTER_DIR/endpoints.json"
  sandbox_log "$CLUSTER is up: KUBECONFIG=$CLUSTER_KUBECONFIG, Prometheus $PROMETHEUS_URL"
}

for cluster in "${clusters[@]}"; do
  use_cluster "$cluster"
  up_cluster
done

# The passphrase of the sandbox's Pulumi stacks, shared by the portal and scripts/ekyc-infra.
if [[ ! -s "$EKYC_SANDBOX_DIR/pulumi-passphrase" ]]; then
  (umask 077 && head -c 24 /dev/urandom | base64 > "$EKYC_SANDBOX_DIR/pulumi-passphrase")
fi
mkdir -p "$EKYC_SANDBOX_DIR/plans" "$EKYC_SANDBOX_DIR/catalog"
node scripts/sandbox/write-config.mjs
