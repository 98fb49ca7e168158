#!/usr/bin/env bash
# Module load time and heap of the ekyc-regions backend plugin as it is (its sources
# import @internal/ekyc-domain and @internal/infra-automation/runner only), against the
# same plugin plus what its one import of @internal/infra-automation's root used to load
# (runner, programs and components of both targets, cost, policy). Prints the medians of
# RUNS fresh processes each (default 7), alternating, and the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/node-toolchain.sh
source scripts/lib/deps.sh
ekyc_ensure_deps
runs="${1:-7}"
plugin=./plugins/ekyc-regions-backend/src
old_root=(./infra-automation/src/runner ./infra-automation/src/programs
  ./infra-automation/src/cost ./infra-automation/src/policy)

load() { node --expose-gc -r @backstage/cli/config/nodeTransform.cjs bench/dashboardLoad.ts "$@"; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(date -u +%F)"
now="$(mktemp)" before="$(mktemp)"
load "$plugin" >/dev/null # warm the transform's cache for both
load "$plugin" "${old_root[@]}" >/dev/null
for _ in $(seq "$runs"); do
  load "$plugin" >> "$now"
  load "$plugin" "${old_root[@]}" >> "$before"
done
for variant in now before; do
  file="${!variant}"
  field() { node -e 'for (const l of require("fs").readFileSync(process.argv[1],"utf8").trim().split("\n")) console.log(JSON.parse(l)[process.argv[2]])' "$file" "$1"; }
  printf '%-7s load %5s ms  heap %6s MiB  rss %6s MiB  modules %5s  @pulumi/aws loaded: %s\n' \
    "$variant" "$(field loadMs | median)" "$(field heapUsedMiB | median)" \
    "$(field rssMiB | median)" "$(field modules | median)" "$(field pulumiAwsLoaded | sort -u | tr '\n' ' ')"
done
rm -f "$now" "$before"
