#!/usr/bin/env bash
# Source with <state dir> <port base>: points the sandbox scripts at a sandbox of its
# own, in that directory, its first cluster on ports base+1.. and its second on
# base+11.., so that a running one is left alone. Used by the tests and the benchmarks.
# Keep the base below 32700: ports in the kernel's ephemeral range can be taken by any
# outgoing connection (seen: an API server's own connection to etcd on the controller
# manager's port).
export EKYC_SANDBOX_DIR="$1"
export EKYC_SANDBOX_1_PORT_BASE="$2"
export EKYC_SANDBOX_2_PORT_BASE=$(($2 + 10))
