#!/usr/bin/env bash
# `make sandbox-up`: a real Kubernetes control plane (etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler) on loopback with TLS, kwok simulating a GPU
# fleet for two sites, and Prometheus. Running it again starts only what is not running.
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

mkdir -p "$SANDBOX_PIDS" "$SANDBOX_LOGS"
sandbox_make_pki
write_cert_kubeconfig "$EKYC_SANDBOX_KUBECONFIG" ekyc-sandbox-admin admin
for component in kube-controller-manager kube-scheduler kwok; do
  write_cert_kubeconfig "$EKYC_SANDBOX_DIR/$component.kubeconfig" "$component" "$component"
done

# Starts a component unless it already runs; refuses a port that someone else holds.
start() { # <component> <binary> <args...>
  local component="$1" binary="$2"
  shift 2
  local pid_file="$SANDBOX_PIDS/$component.pid"
  if pid="$(live_pid "$component")"; then
    sandbox_log "$component already running (pid $pid)"
    return 0
  fi
  if [[ -f "$pid_file" ]]; then
    sandbox_log "$component: removing stale pid file $pid_file (pid $(cat "$pid_file") is not ours any more)"
    rm -f "$pid_file"
  fi
  local port
  port="$(port_of "$component")"
  if port_in_use "$port"; then
    sandbox_fail "$component: port 127.0.0.1:$port is in use by a process the sandbox did not start; stop it or set $(port_env_of "$component") to a free port"
  fi
  sandbox_log "starting $component on 127.0.0.1:$port (log: $SANDBOX_LOGS/$component.log)"
  # setsid: its own session, so a terminal's Ctrl-C does not reach it.
  setsid "$binary" "$@" >> "$SANDBOX_LOGS/$component.log" 2>&1 < /dev/null &
  echo $! > "$pid_file"
}

wait_for() { # <component> <description> <command...>
  local component="$1" what="$2"
  shift 2
  for _ in $(seq 1 120); do
    "$@" >/dev/null 2>&1 && return 0
    live_pid "$component" >/dev/null || sandbox_fail "$component exited; last lines of $SANDBOX_LOGS/$component.log:$(echo; tail -n 20 "$SANDBOX_LOGS/$component.log")"
    sleep 0.5
  done
  sandbox_fail "$component: $what not reached after 60 s; see $SANDBOX_LOGS/$component.log"
}

start etcd "$EKYC_TOOLCHAIN_BIN/etcd" \
  --name ekyc-sandbox --data-dir "$EKYC_SANDBOX_DIR/etcd" \
  --listen-client-urls "https://127.0.0.1:$ETCD_CLIENT_PORT" \
  --advertise-client-urls "https://127.0.0.1:$ETCD_CLIENT_PORT" \
  --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-cluster "ekyc-sandbox=http://127.0.0.1:$ETCD_PEER_PORT" \
  --cert-file "$SANDBOX_PKI/etcd.crt" --key-file "$SANDBOX_PKI/etcd.key" \
  --client-cert-auth --trusted-ca-file "$SANDBOX_PKI/ca.crt" \
  --quota-backend-bytes 1073741824
wait_for etcd "health" curl -fsS --max-time 2 --cacert "$SANDBOX_PKI/ca.crt" \
  --cert "$SANDBOX_PKI/apiserver-etcd-client.crt" --key "$SANDBOX_PKI/apiserver-etcd-client.key" \
  "https://127.0.0.1:$ETCD_CLIENT_PORT/health"

start kube-apiserver "$EKYC_TOOLCHAIN_BIN/kube-apiserver" \
  --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$APISERVER_PORT" \
  --etcd-servers "https://127.0.0.1:$ETCD_CLIENT_PORT" --etcd-cafile "$SANDBOX_PKI/ca.crt" \
  --etcd-certfile "$SANDBOX_PKI/apiserver-etcd-client.crt" \
  --etcd-keyfile "$SANDBOX_PKI/apiserver-etcd-client.key" \
  --tls-cert-file "$SANDBOX_PKI/apiserver.crt" --tls-private-key-file "$SANDBOX_PKI/apiserver.key" \
  --client-ca-file "$SANDBOX_PKI/ca.crt" \
  --service-account-key-file "$SANDBOX_PKI/sa.pub" \
  --service-account-signing-key-file "$SANDBOX_PKI/sa.key" \
  --service-account-issuer https://kubernetes.default.svc.cluster.local \
  --service-cluster-ip-range 10.96.0.0/16 \
  --authorization-mode Node,RBAC --allow-privileged=true \
  --endpoint-reconciler-type none
wait_for kube-apiserver "readiness" api_curl "$EKYC_SANDBOX_APISERVER_URL/readyz"

start kube-controller-manager "$EKYC_TOOLCHAIN_BIN/kube-controller-manager" \
  --kubeconfig "$EKYC_SANDBOX_DIR/kube-controller-manager.kubeconfig" \
  --authentication-kubeconfig "$EKYC_SANDBOX_DIR/kube-controller-manager.kubeconfig" \
  --authorization-kubeconfig "$EKYC_SANDBOX_DIR/kube-controller-manager.kubeconfig" \
  --bind-address 127.0.0.1 --secure-port "$CONTROLLER_MANAGER_PORT" \
  --service-account-private-key-file "$SANDBOX_PKI/sa.key" \
  --root-ca-file "$SANDBOX_PKI/ca.crt" --use-service-account-credentials \
  --controllers '*,-nodeipam,-service,-route,-cloud-node-lifecycle' \
  --leader-elect=false
wait_for kube-controller-manager "health" curl -fsSk --max-time 2 \
  "https://127.0.0.1:$CONTROLLER_MANAGER_PORT/healthz"

start kube-scheduler "$EKYC_TOOLCHAIN_BIN/kube-scheduler" \
  --kubeconfig "$EKYC_SANDBOX_DIR/kube-scheduler.kubeconfig" \
  --authentication-kubeconfig "$EKYC_SANDBOX_DIR/kube-scheduler.kubeconfig" \
  --authorization-kubeconfig "$EKYC_SANDBOX_DIR/kube-scheduler.kubeconfig" \
  --bind-address 127.0.0.1 --secure-port "$SCHEDULER_PORT" --leader-elect=false
wait_for kube-scheduler "health" curl -fsSk --max-time 2 "https://127.0.0.1:$SCHEDULER_PORT/healthz"

# kwok plays the kubelet only for nodes annotated kwok.x-k8s.io/node=fake, so a real
# node joined to this cluster would be left alone.
start kwok "$EKYC_TOOLCHAIN_BIN/kwok" \
  --kubeconfig "$EKYC_SANDBOX_DIR/kwok.kubeconfig" \
  --config scripts/sandbox/kwok-stages.yaml \
  --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
  --server-address "127.0.0.1:$KWOK_PORT" --node-lease-duration-seconds 40
wait_for kwok "health" curl -fsS --max-time 2 "http://127.0.0.1:$KWOK_PORT/healthz"

sandbox_log "applying the GPU fleet, RBAC and service accounts"
node scripts/sandbox/fleet.mjs > "$EKYC_SANDBOX_DIR/fleet.yaml"
sandbox_kubectl apply -f "$EKYC_SANDBOX_DIR/fleet.yaml" -f scripts/sandbox/access.yaml >/dev/null

# Long-lived tokens from token Secrets, filled in by the controller-manager.
read_token() { # <namespace> <secret>
  sandbox_kubectl -n "$1" get secret "$2" -o 'jsonpath={.data.token}' 2>/dev/null | base64 -d
}
for _ in $(seq 1 60); do
  reader_token="$(read_token ekyc-system portal-reader-token)"
  pulumi_token="$(read_token ekyc-system pulumi-deployer-token)"
  [[ -n "$reader_token" && -n "$pulumi_token" ]] && break
  sleep 0.5
done
[[ -n "$reader_token" && -n "$pulumi_token" ]] || sandbox_fail "service-account tokens were not issued; see $SANDBOX_LOGS/kube-controller-manager.log"
umask 077
echo -n "$reader_token" > "$EKYC_SANDBOX_DIR/portal-reader.token"
umask 022
write_kubeconfig "$EKYC_SANDBOX_DIR/kubeconfig-pulumi" pulumi-deployer "token: $pulumi_token"

# The portal's view of the sandbox: its Kubernetes plugin reads the cluster with the
# read-only token. scripts/start.sh loads this file after app-config.yaml.
# The passphrase of the sandbox's Pulumi stacks, shared by the portal and scripts/ekyc-infra.
if [[ ! -s "$EKYC_SANDBOX_DIR/pulumi-passphrase" ]]; then
  (umask 077 && head -c 24 /dev/urandom | base64 > "$EKYC_SANDBOX_DIR/pulumi-passphrase")
fi
mkdir -p "$EKYC_SANDBOX_DIR/plans" "$EKYC_SANDBOX_DIR/catalog"
cat > "$EKYC_SANDBOX_DIR/app-config.sandbox.yaml" <<YAML
# Generated by scripts/sandbox/up.sh.
kubernetes:
  clusterLocatorMethods:
    - type: config
      clusters:
        - name: ekyc-sandbox
          title: Local sandbox (simulated GPU fleet)
          url: $EKYC_SANDBOX_APISERVER_URL
          authProvider: serviceAccount
          serviceAccountToken: $reader_token
          caFile: $SANDBOX_PKI/ca.crt
          # The sandbox runs no metrics-server.
          skipMetricsLookup: true
ekyc:
  environments:
    pulumi:
      backendUrl: file://$EKYC_SANDBOX_DIR/pulumi-state
      passphraseFile: $EKYC_SANDBOX_DIR/pulumi-passphrase
      planDir: $EKYC_SANDBOX_DIR/plans
    kubernetes:
      kubeconfigFile: $EKYC_SANDBOX_DIR/kubeconfig-pulumi
      storage: local-volume:/var/lib/ekyc/volumes
      clusterName: ekyc-sandbox
    localCatalogDir: $EKYC_SANDBOX_DIR/catalog
  # The sandbox is yours: its guest may apply environments to it.
  permissions:
    platformUsers: [user:development/guest]
ekycRegions:
  clusters:
    - name: ekyc-sandbox
      prometheusUrl: $EKYC_SANDBOX_PROMETHEUS_URL
YAML
chmod 600 "$EKYC_SANDBOX_DIR/app-config.sandbox.yaml"

# Simulated load: traffic and GPU utilisation for the workers running on the GPU nodes.
start fleet-exporter "$(command -v node)" scripts/sandbox/fleet-exporter.mjs \
  --api-server "$EKYC_SANDBOX_APISERVER_URL" --ca-file "$SANDBOX_PKI/ca.crt" \
  --token-file "$EKYC_SANDBOX_DIR/portal-reader.token" --port "$FLEET_EXPORTER_PORT"
wait_for fleet-exporter "health" curl -fsS --max-time 2 "http://127.0.0.1:$FLEET_EXPORTER_PORT/healthz"

cat > "$EKYC_SANDBOX_DIR/prometheus.yml" <<YAML
# Generated by scripts/sandbox/up.sh.
global:
  scrape_interval: 15s
scrape_configs:
  - job_name: kube-apiserver
    scheme: https
    tls_config: { ca_file: $SANDBOX_PKI/ca.crt }
    authorization: { credentials_file: $EKYC_SANDBOX_DIR/portal-reader.token }
    static_configs: [{ targets: ['127.0.0.1:$APISERVER_PORT'] }]
  - job_name: kwok
    static_configs: [{ targets: ['127.0.0.1:$KWOK_PORT'] }]
  # SIMULATED LOAD: scripts/sandbox/fleet-exporter.mjs.
  - job_name: ekyc-fleet-simulated
    scrape_interval: 5s
    static_configs: [{ targets: ['127.0.0.1:$FLEET_EXPORTER_PORT'] }]
YAML
# A Prometheus already running reads the configuration written above again.
if pid="$(live_pid prometheus)"; then kill -HUP "$pid"; fi
start prometheus "$(command -v prometheus)" \
  --config.file "$EKYC_SANDBOX_DIR/prometheus.yml" \
  --storage.tsdb.path "$EKYC_SANDBOX_DIR/prometheus-data" \
  --web.listen-address "127.0.0.1:$PROMETHEUS_PORT"
wait_for prometheus "readiness" curl -fsS --max-time 2 "$EKYC_SANDBOX_PROMETHEUS_URL/-/ready"

sandbox_kubectl wait --for=condition=Ready node -l ekyc.io/site --timeout=60s >/dev/null
sandbox_log "sandbox is up: KUBECONFIG=$EKYC_SANDBOX_KUBECONFIG, Prometheus $EKYC_SANDBOX_PROMETHEUS_URL"
