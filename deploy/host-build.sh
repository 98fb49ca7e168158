#!/usr/bin/env bash
# Installs the built backend into a directory of its own, as deploy/Dockerfile does in
# the image: the skeleton, the production dependencies only (no @backstage/cli, no
# development sign-in), then the bundle. For a host without a container engine, and to
# check the image's contents where none can be built.
#
#   yarn install --immutable && yarn tsc && yarn build:backend
#   deploy/host-build.sh <directory>
#   cd <directory> && NODE_ENV=production node packages/backend \
#     --config app-config.yaml --config app-config.production.yaml
set -euo pipefail

target="${1:?usage: deploy/host-build.sh <directory>}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
source "$repo/scripts/lib/node-toolchain.sh"

dist="$repo/packages/backend/dist"
for file in skeleton.tar.gz bundle.tar.gz; do
  [[ -f "$dist/$file" ]] || {
    echo "deploy/host-build.sh: $dist/$file is missing: run yarn build:backend first" >&2
    exit 1
  }
done

mkdir -p "$target"
target="$(cd "$target" && pwd)"
cp "$repo/.yarnrc.yml" "$repo/yarn.lock" "$repo/package.json" "$target/"
tar xzf "$dist/skeleton.tar.gz" -C "$target"
(cd "$target" && NODE_ENV=production yarn workspaces focus --all --production)
tar xzf "$dist/bundle.tar.gz" -C "$target"
cp "$repo/app-config.yaml" "$repo/app-config.production.yaml" "$target/"
ekyc_log "the backend is installed in $target"
