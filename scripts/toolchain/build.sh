#!/usr/bin/env bash
# `make toolchain`: the Pulumi CLI, the Kubernetes provider, etcd, the Kubernetes control
# plane, kubectl, kwok and helm at the pinned versions, in $EKYC_TOOLCHAIN_BIN. A binary already
# on PATH at the pinned version is linked instead of built; a built one is kept in the
# cache, so a second run does nothing. Builds run one at a time (2 cores are enough).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/toolchain-env.sh
ekyc_log() { printf '\033[1m[ekyc]\033[0m %s\n' "$*" >&2; }

if ! command -v go >/dev/null; then
  ekyc_log "Go is needed to build the toolchain from pinned modules: install Go >= 1.24 (GOTOOLCHAIN=auto fetches newer ones through the module proxy), or put pulumi, etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubectl, kwok and helm at the pinned versions on PATH"
  exit 1
fi
mkdir -p "$EKYC_TOOLCHAIN_BIN"
export CGO_ENABLED=0 GOFLAGS="${GOFLAGS:-} -trimpath"

# Prints the version a binary reports, or nothing.
version_of() { # <binary path> <name>
  case "$2" in
    pulumi) "$1" version 2>/dev/null ;;
    etcd) "$1" --version 2>/dev/null | sed -n 's/^etcd Version: /v/p' ;;
    kube-*) "$1" --version 2>/dev/null | awk '{print $2}' ;;
    kubectl) "$1" version --client 2>/dev/null | sed -n 's/^Client Version: //p' ;;
    kwok) "$1" --version 2>/dev/null | awk '{print $3}' ;;
    helm) "$1" version --template '{{.Version}}' 2>/dev/null ;;
  esac
}

# True when the binary is already in the cache, or on PATH at the pinned version.
have() { # <name> <pinned version>
  local name="$1" want="$2" found
  [[ -x "$EKYC_TOOLCHAIN_BIN/$name" ]] && return 0
  found="$(command -v "$name" || true)"
  if [[ -n "$found" && "$(version_of "$found" "$name")" == "$want" ]]; then
    ekyc_log "using $found ($want)"
    ln -sf "$found" "$EKYC_TOOLCHAIN_BIN/$name"
    return 0
  fi
  return 1
}

timed_build() { # <label> <module dir> <go build args...>
  local label="$1" dir="$2"
  shift 2
  ekyc_log "building $label from pinned Go modules (one-time; cached in $EKYC_TOOLCHAIN_BIN)"
  local start=$SECONDS
  (cd "scripts/toolchain/$dir" && go build "$@")
  ekyc_log "built $label in $((SECONDS - start)) s"
}

if ! have pulumi "$EKYC_PULUMI_VERSION"; then
  timed_build "pulumi $EKYC_PULUMI_VERSION" pulumi \
    -tags osusergo,grpcnotrace \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$EKYC_PULUMI_VERSION" \
    -o "$EKYC_TOOLCHAIN_BIN/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
fi

if [[ ! -x "$EKYC_TOOLCHAIN_BIN/pulumi-resource-kubernetes" ]]; then
  # The provider's main embeds generated JSON; generate it in a scratch copy of the
  # wrapper module, never in the repo.
  scratch="$(mktemp -d)"
  trap 'rm -rf "$scratch"' EXIT
  cp scripts/toolchain/pulumi-kubernetes/{go.mod,go.sum,main.go} "$scratch/"
  cp -r scripts/toolchain/pulumi-kubernetes/embedgen "$scratch/"
  # `go list -m` names no directory until the module is downloaded; download prints it.
  provider_dir="$(cd "$scratch" && go mod download -json github.com/pulumi/pulumi-kubernetes/provider/v4 |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [[ -d "$provider_dir" ]] || { ekyc_log "could not download the pulumi-kubernetes provider module"; exit 1; }
  (cd "$scratch" && go run ./embedgen "$provider_dir" "$EKYC_PULUMI_KUBERNETES_VERSION" .)
  ekyc_log "building pulumi-resource-kubernetes $EKYC_PULUMI_KUBERNETES_VERSION (one-time)"
  start=$SECONDS
  (cd "$scratch" && go build -tags osusergo \
    -ldflags "-s -w -X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=$EKYC_PULUMI_KUBERNETES_VERSION" \
    -o "$EKYC_TOOLCHAIN_BIN/pulumi-resource-kubernetes" .)
  ekyc_log "built pulumi-resource-kubernetes in $((SECONDS - start)) s"
fi

if ! have etcd "$EKYC_ETCD_VERSION"; then
  timed_build "etcd $EKYC_ETCD_VERSION" etcd -ldflags "-s -w" \
    -o "$EKYC_TOOLCHAIN_BIN/etcd" go.etcd.io/etcd/server/v3
fi

k8s_missing=()
for name in kube-apiserver kube-controller-manager kube-scheduler kubectl; do
  have "$name" "$EKYC_KUBERNETES_VERSION" || k8s_missing+=("k8s.io/kubernetes/cmd/$name")
done
if ((${#k8s_missing[@]})); then
  # Without these the server reports v0.0.0 and pulumi-kubernetes refuses the cluster.
  minor="${EKYC_KUBERNETES_VERSION#v1.}"
  minor="${minor%%.*}"
  version_flags=""
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    version_flags+=" -X $pkg.gitVersion=$EKYC_KUBERNETES_VERSION -X $pkg.gitMajor=1"
    version_flags+=" -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
  done
  timed_build "Kubernetes $EKYC_KUBERNETES_VERSION (${#k8s_missing[@]} binaries)" kubernetes \
    -ldflags "-s -w$version_flags" -o "$EKYC_TOOLCHAIN_BIN/" "${k8s_missing[@]}"
fi

if ! have kwok "$EKYC_KWOK_VERSION"; then
  timed_build "kwok $EKYC_KWOK_VERSION" kwok -ldflags "-s -w" \
    -o "$EKYC_TOOLCHAIN_BIN/kwok" sigs.k8s.io/kwok/cmd/kwok
fi

if ! have helm "$EKYC_HELM_VERSION"; then
  timed_build "helm $EKYC_HELM_VERSION" helm \
    -ldflags "-s -w -X helm.sh/helm/v4/internal/version.version=$EKYC_HELM_VERSION" \
    -o "$EKYC_TOOLCHAIN_BIN/helm" helm.sh/helm/v4/cmd/helm
fi

# The Automation API finds plugins in Pulumi's plugin cache; automatic downloads are off.
plugin_dir="$PULUMI_HOME/plugins/resource-kubernetes-v$EKYC_PULUMI_KUBERNETES_VERSION"
if [[ ! -x "$plugin_dir/pulumi-resource-kubernetes" ]]; then
  "$EKYC_TOOLCHAIN_BIN/pulumi" plugin install resource kubernetes \
    "$EKYC_PULUMI_KUBERNETES_VERSION" --file "$EKYC_TOOLCHAIN_BIN/pulumi-resource-kubernetes" >&2
fi
