#!/usr/bin/env bash
# Where the toolchain's binaries live: a directory keyed by a hash of every pin (the
# wrapper modules under scripts/toolchain and the build script), so that changing a pin
# builds into a fresh directory and an unchanged one is reused. Source it.

ekyc_repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
EKYC_TOOLCHAIN_PINS_HASH="$(
  cd "$ekyc_repo_root" &&
    find scripts/toolchain -type f \( -name go.mod -o -name go.sum -o -name '*.go' -o -name '*.sh' \) -print0 |
    sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16
)"
export EKYC_TOOLCHAIN_BIN="${XDG_CACHE_HOME:-$HOME/.cache}/ekyc-portal/toolchain/$EKYC_TOOLCHAIN_PINS_HASH/bin"
# Pulumi's plugins and credentials for the portal, apart from a user's own ~/.pulumi.
export PULUMI_HOME="${PULUMI_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/ekyc-portal/pulumi-home}"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true

# Version pins, read from the wrapper modules so that each is written once.
ekyc_go_require() { # <module dir> <module path>
  awk -v m="$2" '$1 == m { print $2; exit } $1 == "require" && $2 == m { print $3; exit }' \
    "$ekyc_repo_root/scripts/toolchain/$1/go.mod"
}
EKYC_PULUMI_VERSION="$(ekyc_go_require pulumi github.com/pulumi/pulumi/pkg/v3)"
EKYC_KUBERNETES_VERSION="$(ekyc_go_require kubernetes k8s.io/kubernetes)"
EKYC_ETCD_VERSION="$(ekyc_go_require etcd go.etcd.io/etcd/server/v3)"
EKYC_KWOK_VERSION="$(ekyc_go_require kwok sigs.k8s.io/kwok)"
EKYC_HELM_VERSION="$(ekyc_go_require helm helm.sh/helm/v4)"
# The provider module is untagged; its release version is stated beside the pseudo-version.
EKYC_PULUMI_KUBERNETES_VERSION="$(sed -n 's/.*release commit (tag v\([0-9.]*\)).*/\1/p' \
  "$ekyc_repo_root/scripts/toolchain/pulumi-kubernetes/go.mod")"
export EKYC_PULUMI_VERSION EKYC_KUBERNETES_VERSION EKYC_ETCD_VERSION EKYC_KWOK_VERSION \
  EKYC_PULUMI_KUBERNETES_VERSION EKYC_HELM_VERSION
