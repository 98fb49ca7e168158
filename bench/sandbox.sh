# Sourced by the benchmarks: dependencies and toolchain in place, the machine printed,
# and a sandbox of the bench's own (removed on exit), so that a running one is left alone.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib/node-toolchain.sh
source scripts/lib/deps.sh
ekyc_ensure_deps
source scripts/lib/toolchain-env.sh
scripts/toolchain/build.sh

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(date -u +%F)"
source scripts/sandbox/isolated-env.sh "$(mktemp -d)/sandbox" 24500
trap 'EKYC_SANDBOX_RESET=1 scripts/sandbox/down.sh >/dev/null 2>&1' EXIT
scripts/sandbox/up.sh 2>/dev/null
