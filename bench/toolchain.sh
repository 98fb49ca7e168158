#!/usr/bin/env bash
# Warm toolchain check and sandbox start/stop, timed with hyperfine, plus the toolchain's
# disk use. Cold build times are printed by scripts/toolchain/build.sh itself ("built …
# in N s"); copy both into docs/performance.md with the date.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/node-toolchain.sh
source scripts/lib/toolchain-env.sh
command -v hyperfine >/dev/null || { echo "hyperfine is missing: apt-get install hyperfine" >&2; exit 1; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(date -u +%F)"
# A sandbox of its own, so that a running one is left alone.
source scripts/sandbox/isolated-env.sh "$(mktemp -d)/sandbox" 24600
trap 'EKYC_SANDBOX_RESET=1 scripts/sandbox/down.sh >/dev/null 2>&1' EXIT

hyperfine --runs 5 --style basic 'scripts/toolchain/build.sh'
# Cold start: fresh certificates and an empty etcd each time.
hyperfine --runs 3 --style basic \
  --prepare 'EKYC_SANDBOX_RESET=1 scripts/sandbox/down.sh >/dev/null 2>&1' \
  'scripts/sandbox/up.sh 2>/dev/null'
# Warm: everything already running.
hyperfine --runs 5 --style basic 'scripts/sandbox/up.sh 2>/dev/null'
scripts/sandbox/up.sh 2>/dev/null
echo "sandbox RSS by process (MiB):"
total=0
for pid_file in "$EKYC_SANDBOX_DIR"/pids/*.pid; do
  rss=$(( $(ps -o rss= -p "$(cat "$pid_file")") / 1024 ))
  total=$((total + rss))
  printf '  %-40s %6d\n' "$(basename "$pid_file" .pid)" "$rss"
done
echo "  sandbox in all (both clusters)            $total"
echo "toolchain disk use: $(du -sh "$EKYC_TOOLCHAIN_BIN" | cut -f1) binaries, $(du -sh "$(go env GOMODCACHE)" | cut -f1) Go module cache, $(du -sh "$(go env GOCACHE)" | cut -f1) Go build cache"
