#!/usr/bin/env bash
# Makes the current cluster's certificate authority, server and client certificates,
# and its service-account signing key, once: each cluster trusts only its own CA.
# Source lib.sh first and `use_cluster`.

make_cert() { # <name> <subject> [<subjectAltName>]
  local name="$1" subject="$2" san="${3:-}"
  [[ -f "$CLUSTER_PKI/$name.crt" ]] && return 0
  local ext
  ext="$(mktemp)"
  {
    echo "basicConstraints=CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    if [[ -n "$san" ]]; then
      echo "extendedKeyUsage=serverAuth,clientAuth"
      echo "subjectAltName=$san"
    else
      echo "extendedKeyUsage=clientAuth"
    fi
  } > "$ext"
  openssl req -new -newkey rsa:2048 -nodes -subj "$subject" \
    -keyout "$CLUSTER_PKI/$name.key" -out "$CLUSTER_PKI/$name.csr" 2>/dev/null
  openssl x509 -req -in "$CLUSTER_PKI/$name.csr" -CA "$CLUSTER_PKI/ca.crt" \
    -CAkey "$CLUSTER_PKI/ca.key" -CAcreateserial -days 825 -sha256 \
    -extfile "$ext" -out "$CLUSTER_PKI/$name.crt" 2>/dev/null
  rm -f "$ext" "$CLUSTER_PKI/$name.csr"
}

sandbox_make_pki() {
  mkdir -p "$CLUSTER_PKI"
  chmod 700 "$CLUSTER_PKI"
  if [[ ! -f "$CLUSTER_PKI/ca.crt" ]]; then
    openssl req -x509 -new -newkey rsa:2048 -nodes -days 3650 -sha256 \
      -subj "/CN=$CLUSTER-ca" -keyout "$CLUSTER_PKI/ca.key" \
      -out "$CLUSTER_PKI/ca.crt" 2>/dev/null
  fi
  local loopback="DNS:localhost,IP:127.0.0.1"
  make_cert etcd "/CN=etcd" "$loopback"
  make_cert apiserver "/CN=kube-apiserver" \
    "$loopback,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,IP:10.96.0.1"
  make_cert apiserver-etcd-client "/CN=kube-apiserver-etcd-client"
  make_cert admin "/O=system:masters/CN=ekyc-sandbox-admin"
  make_cert kube-controller-manager "/CN=system:kube-controller-manager"
  make_cert kube-scheduler "/CN=system:kube-scheduler"
  # kwok acts for every simulated kubelet: nodes, leases and pod status.
  make_cert kwok "/O=system:masters/CN=kwok"
  if [[ ! -f "$CLUSTER_PKI/sa.key" ]]; then
    openssl genrsa -out "$CLUSTER_PKI/sa.key" 2048 2>/dev/null
    openssl rsa -in "$CLUSTER_PKI/sa.key" -pubout -out "$CLUSTER_PKI/sa.pub" 2>/dev/null
  fi
}

# A kubeconfig for the current cluster; the user's credentials are `key: value` lines.
write_kubeconfig() { # <file> <user name> <credential line>...
  local file="$1" user="$2"
  shift 2
  {
    cat <<YAML
apiVersion: v1
kind: Config
clusters:
  - name: $CLUSTER
    cluster:
      server: $APISERVER_URL
      certificate-authority: $CLUSTER_PKI/ca.crt
contexts:
  - name: $CLUSTER
    context: { cluster: $CLUSTER, user: $user }
current-context: $CLUSTER
users:
  - name: $user
    user:
YAML
    printf '      %s\n' "$@"
  } > "$file"
  chmod 600 "$file"
}

# A kubeconfig that authenticates with one of the cluster's client certificates.
write_cert_kubeconfig() { # <file> <user name> <cert name>
  write_kubeconfig "$1" "$2" "client-certificate: $CLUSTER_PKI/$3.crt" \
    "client-key: $CLUSTER_PKI/$3.key"
}
