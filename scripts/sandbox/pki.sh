#!/usr/bin/env bash
# Makes the sandbox's certificate authority, server and client certificates, and the
# service-account signing key, once. Source lib.sh first.

make_cert() { # <name> <subject> [<subjectAltName>]
  local name="$1" subject="$2" san="${3:-}"
  [[ -f "$SANDBOX_PKI/$name.crt" ]] && return 0
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
    -keyout "$SANDBOX_PKI/$name.key" -out "$SANDBOX_PKI/$name.csr" 2>/dev/null
  openssl x509 -req -in "$SANDBOX_PKI/$name.csr" -CA "$SANDBOX_PKI/ca.crt" \
    -CAkey "$SANDBOX_PKI/ca.key" -CAcreateserial -days 825 -sha256 \
    -extfile "$ext" -out "$SANDBOX_PKI/$name.crt" 2>/dev/null
  rm -f "$ext" "$SANDBOX_PKI/$name.csr"
}

sandbox_make_pki() {
  mkdir -p "$SANDBOX_PKI"
  chmod 700 "$SANDBOX_PKI"
  if [[ ! -f "$SANDBOX_PKI/ca.crt" ]]; then
    openssl req -x509 -new -newkey rsa:2048 -nodes -days 3650 -sha256 \
      -subj "/CN=ekyc-sandbox-ca" -keyout "$SANDBOX_PKI/ca.key" \
      -out "$SANDBOX_PKI/ca.crt" 2>/dev/null
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
  if [[ ! -f "$SANDBOX_PKI/sa.key" ]]; then
    openssl genrsa -out "$SANDBOX_PKI/sa.key" 2048 2>/dev/null
    openssl rsa -in "$SANDBOX_PKI/sa.key" -pubout -out "$SANDBOX_PKI/sa.pub" 2>/dev/null
  fi
}

# A kubeconfig for the sandbox; the user's credentials are given as `key: value` lines.
write_kubeconfig() { # <file> <user name> <credential line>...
  local file="$1" user="$2"
  shift 2
  {
    cat <<YAML
apiVersion: v1
kind: Config
clusters:
  - name: ekyc-sandbox
    cluster:
      server: $EKYC_SANDBOX_APISERVER_URL
      certificate-authority: $SANDBOX_PKI/ca.crt
contexts:
  - name: ekyc-sandbox
    context: { cluster: ekyc-sandbox, user: $user }
current-context: ekyc-sandbox
users:
  - name: $user
    user:
YAML
    printf '      %s\n' "$@"
  } > "$file"
  chmod 600 "$file"
}

# A kubeconfig that authenticates with one of the sandbox's client certificates.
write_cert_kubeconfig() { # <file> <user name> <cert name>
  write_kubeconfig "$1" "$2" "client-certificate: $SANDBOX_PKI/$3.crt" \
    "client-key: $SANDBOX_PKI/$3.key"
}
