#!/usr/bin/env bash
# Source with <state dir> <port base>: points the sandbox scripts at a sandbox of its
# own, in that directory and on ports base+1.., so that a running one is left alone.
# Used by the tests and the benchmarks. Keep the base below 32768: ports in the kernel's
# ephemeral range can be taken by any outgoing connection (seen: an API server's own
# connection to etcd on the controller manager's port).
export EKYC_SANDBOX_DIR="$1"
export EKYC_SANDBOX_ETCD_PORT=$(($2 + 1))
export EKYC_SANDBOX_ETCD_PEER_PORT=$(($2 + 2))
export EKYC_SANDBOX_APISERVER_PORT=$(($2 + 3))
export EKYC_SANDBOX_CONTROLLER_MANAGER_PORT=$(($2 + 4))
export EKYC_SANDBOX_SCHEDULER_PORT=$(($2 + 5))
export EKYC_SANDBOX_KWOK_PORT=$(($2 + 6))
export EKYC_SANDBOX_PROMETHEUS_PORT=$(($2 + 7))
export EKYC_SANDBOX_FLEET_EXPORTER_PORT=$(($2 + 8))
