#!/usr/bin/env bash
# Installs the workspace's npm dependencies when package.json or yarn.lock changed since
# the last install; otherwise does nothing (the second run is instant).
# Source after node-toolchain.sh.

ekyc_ensure_deps() {
  local stamp="node_modules/.ekyc-install-stamp"
  local want
  want="$(cat package.json packages/*/package.json plugins/*/package.json \
    infra-automation/package.json yarn.lock 2>/dev/null | sha256sum | cut -d' ' -f1)-$(node --version)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    return 0
  fi
  ekyc_log "installing npm dependencies (yarn install)"
  if [[ "${CI:-}" == "true" ]]; then
    yarn install --immutable
  else
    yarn install
  fi
  # yarn.lock may have been written by the install above; stamp what is there now.
  want="$(cat package.json packages/*/package.json plugins/*/package.json \
    infra-automation/package.json yarn.lock 2>/dev/null | sha256sum | cut -d' ' -f1)-$(node --version)"
  echo "$want" > "$stamp"
}
