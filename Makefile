# The two commands: `make start` and `make test`. Both install what is missing first.
SHELL := /bin/bash
.DEFAULT_GOAL := start

.PHONY: start test bootstrap toolchain toolchain-bin pulumi-plugins sandbox-up sandbox-down sandbox-status

bootstrap:
	@scripts/bootstrap.sh

start: toolchain sandbox-up
	@scripts/start.sh

test:
	@scripts/bootstrap.sh --browser --sandbox
	@scripts/toolchain/build.sh
	@scripts/test.sh

# Pinned Pulumi, Kubernetes, etcd and kwok binaries, built from Go modules once and cached.
toolchain:
	@scripts/bootstrap.sh --sandbox
	@scripts/toolchain/build.sh

# Where the toolchain's binaries and Pulumi's plugin cache are (deploy/Dockerfile takes
# the CLI and the Kubernetes provider from there).
toolchain-bin:
	@source scripts/lib/toolchain-env.sh && echo "$$EKYC_TOOLCHAIN_BIN"

pulumi-plugins:
	@source scripts/lib/toolchain-env.sh && echo "$$PULUMI_HOME/plugins"

sandbox-up: toolchain
	@scripts/sandbox/up.sh

sandbox-down:
	@scripts/sandbox/down.sh

sandbox-status:
	@scripts/sandbox/status.sh
