#!/usr/bin/env bash
# Refreshes rows of the AWS price table from the AWS Price List API: the regions given,
# or every cloud region a residency rule allows. Needs AWS credentials as the AWS CLI
# finds them (pricing:GetProducts). Review the diff before committing it.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/node-toolchain.sh
node -r @backstage/cli/config/nodeTransform.cjs scripts/maintenance/refreshPrices.ts "$@"
