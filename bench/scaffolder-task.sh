#!/usr/bin/env bash
# The sovereign-site template through the real scaffolder against the same program's
# up with the Automation API alone, on a sandbox of its own (bench/scaffolderTask.mts).
set -euo pipefail
source "$(dirname "$0")/sandbox.sh"
node bench/scaffolderTask.mts
